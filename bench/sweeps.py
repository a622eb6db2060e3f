"""Time of the Training Lab's sweeps and paper view at the default settings (each trained, none cached), and of the
Normalization Family's batch-size experiment. Target (issue 18): each at most 6 s on this 2-core machine.

Wall time, one BLAS thread, judged against the target: what a learner waits for the computation (the browser
benchmark, bench/browser.py, measures the whole wait). The CPU time is printed too, this process's and its worker
processes': the sweeps and the family experiment train in two workers, so theirs is above their wall time on an idle
machine; where a wall time is above the CPU time, the run waited for a core that other work on the machine held.

    python -m bench.sweeps
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable

from bncore import TrainConfig, train
from bncore.experiments.batch_size import FAMILY_PLAN, BatchSizeRun, batch_size_runs, run_batch_sizes
from bncore.experiments.paper import paper_config
from bncore.experiments.sweeps import (
    SWEEP_INIT_SCALES,
    SWEEP_LEARNING_RATES,
    SweepPoint,
    run_sweep,
    sweep_config,
    sweep_points,
)
from bncore.training.comparison import ARMS
from bncore.training.worker_processes import WORKER_PROCESSES
from ui.training_lab.settings import BOTH_TRAIN

TARGET = 6.0  # seconds per sweep or experiment


def cpu_seconds() -> float:
    """CPU time so far of every thread of this process and of its ended worker processes."""
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + workers.ru_utime + workers.ru_stime


def seconds(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall time of ``work()``, in seconds."""
    cpu, wall = cpu_seconds(), time.perf_counter()
    work()
    return cpu_seconds() - cpu, time.perf_counter() - wall


def lab_points(configs: tuple[TrainConfig, ...]) -> tuple[SweepPoint, ...]:
    """A sweep's points trained as the Training Lab trains them (in worker processes), without its cache."""
    return sweep_points(configs, processes=WORKER_PROCESSES)


def family_runs(configs: tuple[TrainConfig, ...]) -> tuple[BatchSizeRun, ...]:
    """The family experiment's runs trained as its page trains them (in worker processes), without its cache."""
    return batch_size_runs(configs, processes=WORKER_PROCESSES)


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
        "Normalization Family batch-size experiment (36 runs)": lambda: run_batch_sizes(FAMILY_PLAN, family_runs),
    }
    print(f"Training Lab and Normalization Family experiments at the defaults (one run each; target {TARGET:g} s):")
    print(f"  {'experiment':62s} {'CPU':>7s} {'wall':>7s}")
    for name, work in experiments.items():
        cpu, wall = seconds(work)
        print(f"  {name:62s} {cpu:6.1f}s {wall:6.1f}s {'ok' if wall <= TARGET else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
