"""Wall time of the Training Lab's sweeps and paper view at the default settings (each point trained, none cached),
and of the Normalization Family's batch-size experiment. Target (issue: training lab): each sweep under 30 s."""

from __future__ import annotations

import time

from bncore import TrainConfig, train
from bncore.experiments.batch_size import SensitivityPlan, run_sensitivity
from bncore.experiments.sweeps import INIT_SCALES, LEARNING_RATES, paper_config, sweep_config, sweep_point


def timed_sweep(base: TrainConfig, field: str, values) -> float:
    start = time.perf_counter()
    for batch_norm in (True, False):
        for value in values:
            sweep_point(base.replace(batch_norm=batch_norm, **{field: value}))
    return time.perf_counter() - start


def main() -> None:
    base = sweep_config(TrainConfig())
    print("Training Lab experiments at the default settings (wall time, one run each):")
    print(f"  learning-rate sweep (16 runs, {base.epochs} epochs) {timed_sweep(base, 'lr', LEARNING_RATES):6.1f} s")
    init_base = base.replace(init="gaussian")
    print(f"  initialization sweep (18 runs)          {timed_sweep(init_base, 'init_scale', INIT_SCALES):6.1f} s")
    start = time.perf_counter()
    train(paper_config(True)), train(paper_config(False))
    print(f"  paper view (2 runs)                     {time.perf_counter() - start:6.1f} s")
    start = time.perf_counter()
    run_sensitivity(SensitivityPlan())
    print(f"Normalization Family batch-size experiment  {time.perf_counter() - start:6.1f} s")


if __name__ == "__main__":
    main()
