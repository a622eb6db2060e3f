"""Time of the Training Lab's sweeps and paper view at the default settings (each trained, none cached), and of the
Normalization Family's batch-size experiment. Target (issue 18): each at most 6 s on this 2-core machine.

Wall time, one BLAS thread, judged against the target: what a learner waits for the computation (the browser
benchmark, bench/browser.py, measures the whole wait). The CPU time of this process is printed too: the sweeps train
their two arms in two threads, so theirs is above their wall time on an idle machine; where a wall time is above the
CPU time, the run waited for a core that other work on the machine held.

    OPENBLAS_NUM_THREADS=1 python -m bench.sweeps
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bncore import TrainConfig, train
from bncore.experiments.batch_size import FAMILY_PLAN, run_batch_sizes
from bncore.experiments.paper import paper_config
from bncore.experiments.sweeps import (
    SWEEP_INIT_SCALES,
    SWEEP_LEARNING_RATES,
    SWEEP_THREADS,
    SweepPoint,
    run_sweep,
    sweep_config,
    sweep_points,
)
from bncore.training.comparison import ARMS
from ui.training_lab.settings import BOTH_TRAIN

TARGET = 6.0  # seconds per sweep or experiment


def seconds(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall time of ``work()``, in seconds (CPU: of every thread of this process)."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def lab_points(configs: tuple[TrainConfig, ...]) -> tuple[SweepPoint, ...]:
    """A sweep's points trained as the Training Lab trains them (both arms' stacks at once), without its cache."""
    return sweep_points(configs, threads=SWEEP_THREADS)


def main() -> None:
    yours = sweep_config(TrainConfig())
    both_train = sweep_config(BOTH_TRAIN)
    experiments: dict[str, Callable[[], object]] = {
        f"learning-rate sweep, 'Both train' (16 runs, {both_train.epochs} epochs)": lambda: run_sweep(
            both_train, "lr", SWEEP_LEARNING_RATES, lab_points
        ),
        f"learning-rate sweep, your settings (16 runs, {yours.epochs} epochs)": lambda: run_sweep(
            yours, "lr", SWEEP_LEARNING_RATES, lab_points
        ),
        f"initialization sweep (18 runs, {yours.epochs} epochs)": lambda: run_sweep(
            yours.replace(init="gaussian"), "init_scale", SWEEP_INIT_SCALES, lab_points
        ),
        "paper view (2 runs)": lambda: [train(paper_config(arm)) for arm in ARMS],
        "Normalization Family batch-size experiment (36 runs)": lambda: run_batch_sizes(FAMILY_PLAN),
    }
    print(f"Training Lab and Normalization Family experiments at the defaults (one run each; target {TARGET:g} s):")
    print(f"  {'experiment':62s} {'CPU':>7s} {'wall':>7s}")
    for name, work in experiments.items():
        cpu, wall = seconds(work)
        print(f"  {name:62s} {cpu:6.1f}s {wall:6.1f}s {'ok' if wall <= TARGET else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
