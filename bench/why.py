"""Time of every experiment of the "Why does it work?" page at its default settings, each run from scratch (nothing
cached). Target (issue 15): each at most 5 s on one core. The CPU time of this process (one BLAS thread) is that
cost; the wall time also counts waiting for a core the machine's other work holds, so on a busy machine it is
larger."""

from __future__ import annotations

import time
from collections.abc import Callable

from bncore.experiments import covariate_shift, regularization, scale_invariance, smoothness

TARGET = 5.0  # seconds per experiment
EXPERIMENTS: dict[str, Callable[[], object]] = {
    "1  internal covariate shift (2 runs)": covariate_shift.internal_covariate_shift,
    "2a noisy BN (3 runs)": covariate_shift.noisy_batch_norm,
    "2b loss smoothness (2 profiles)": smoothness.loss_smoothness,
    "3  generalization gap (6 runs)": regularization.generalization_gap,
    "4  weight-norm growth (2 runs)": scale_invariance.weight_norm_growth,
    "4  live scale check": lambda: scale_invariance.scale_check(10.0),
}


def best_of(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """The smallest CPU time and the smallest wall time of ``repeats`` runs, in seconds."""
    cpu, wall = [], []
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return min(cpu), min(wall)


def main(repeats: int = 3) -> None:
    print(f"Why It Works experiments at their defaults (best of {repeats}, nothing cached; target {TARGET:g} s each):")
    print(f"  {'experiment':40s} {'CPU':>7s} {'wall':>7s}")
    for name, experiment in EXPERIMENTS.items():
        cpu, wall = best_of(experiment, repeats)
        print(f"  {name:40s} {cpu:6.2f}s {wall:6.2f}s {'ok' if cpu <= TARGET else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
