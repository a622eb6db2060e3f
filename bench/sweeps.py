"""Time of the Training Lab's sweeps and paper view at the default settings (each point trained, none cached), and
of the Normalization Family's batch-size experiment. Target (issue 18): each at most 6 s on this 2-core machine.

CPU time of this process, one BLAS thread: on an idle machine that is the wall time a learner waits for the
computation (the browser benchmark, bench/browser.py, measures the whole wait)."""

from __future__ import annotations

import time
from collections.abc import Callable

from bncore import TrainConfig, train
from bncore.experiments.batch_size import FAMILY_PLAN, run_batch_sizes
from bncore.experiments.paper import paper_config
from bncore.experiments.sweeps import SWEEP_INIT_SCALES, SWEEP_LEARNING_RATES, run_sweep, sweep_config
from bncore.training.comparison import ARMS


def seconds(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> None:
    base = sweep_config(TrainConfig())
    init_base = base.replace(init="gaussian")
    lr_sweep = seconds(lambda: run_sweep(base, "lr", SWEEP_LEARNING_RATES))
    init_sweep = seconds(lambda: run_sweep(init_base, "init_scale", SWEEP_INIT_SCALES))
    paper = seconds(lambda: [train(paper_config(arm)) for arm in ARMS])
    family = seconds(lambda: run_batch_sizes(FAMILY_PLAN))
    print("Training Lab experiments at the default settings (CPU time, one run each):")
    print(f"  learning-rate sweep (16 runs, {base.epochs} epochs) {lr_sweep:6.1f} s")
    print(f"  initialization sweep (18 runs)          {init_sweep:6.1f} s")
    print(f"  paper view (2 runs)                     {paper:6.1f} s")
    print(f"Normalization Family batch-size experiment  {family:6.1f} s")


if __name__ == "__main__":
    main()
