"""bncore vs PyTorch on the reference workload, and the wall time of the Training Lab's default comparison.

Reference workload (issue: foundation): digits; MLP 64 -> 8 hidden x 100 -> 10; ReLU; BN before the activation;
default init; SGD lr 0.1; batch 64; 20 epochs with bncore's per-epoch recording; float32; one thread.
Each figure is the best of ``REPEATS`` runs in CPU time of this process (one thread, so on an idle machine it is the
wall time), which the rest of the machine disturbs least.
"""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from unittest import mock

from bncore import TrainConfig, train
from bncore.training.history import HistoryRecorder

REFERENCE = TrainConfig(
    dataset="digits",
    depth=8,
    width=100,
    activation="relu",
    batch_norm=True,
    bn_placement="before_activation",
    init="default",
    lr=0.1,
    optimizer="sgd",
    batch_size=64,
    epochs=20,
    seed=0,
)
REPEATS = 3


def best_time(run, repeats: int = REPEATS) -> tuple[float, object]:
    """The shortest CPU time of ``repeats`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result


@contextmanager
def timed_recorder():
    """Yields a dict that accumulates the CPU seconds spent in the HistoryRecorder's methods while the block runs:
    "steps" (loss and gradient norms after every step), "evaluation" (the per-epoch forward passes over the training
    and test sets, losses, accuracies, BN state) and "statistics" (the test-set activation statistics: moments,
    percentiles, histograms, dead and saturated fractions), the last being part of an epoch's recording."""
    spent: dict[str, float] = defaultdict(float)

    def timing(method, name):
        def timed(*args):
            start = time.process_time()
            method(*args)
            spent[name] += time.process_time() - start

        return timed

    with (
        mock.patch.object(HistoryRecorder, "record_step", timing(HistoryRecorder.record_step, "steps")),
        mock.patch.object(HistoryRecorder, "record_epoch", timing(HistoryRecorder.record_epoch, "epochs")),
        mock.patch.object(
            HistoryRecorder, "_record_activations", timing(HistoryRecorder._record_activations, "statistics")
        ),
    ):
        yield spent
    spent["evaluation"] = spent.pop("epochs", 0.0) - spent["statistics"]


def recording_shares(config: TrainConfig) -> dict[str, float]:
    """The share of one run's CPU time spent recording, by part (see ``timed_recorder``), best of ``REPEATS``."""
    best: dict[str, float] = {}
    for _ in range(REPEATS):
        with timed_recorder() as spent:
            start = time.process_time()
            train(config)
            total = time.process_time() - start
        if not best or total < best["total"]:
            best = {**spent, "total": total}
    return {name: seconds / best["total"] for name, seconds in best.items() if name != "total"}


def main() -> None:
    try:
        import torch

        from bench.torch_reference import train_torch

        torch.set_num_threads(1)
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing bncore only (pip install torch==2.13.0 for the comparison).")
    print(f"Reference workload, one thread, best of {REPEATS}:")
    print(f"  {'arm':<11}{'bncore':>9}{'PyTorch':>9}{'ratio':>7}{'bncore test acc':>17}")
    for batch_norm in (True, False):
        config = REFERENCE.replace(batch_norm=batch_norm)
        ours, history = best_time(lambda config=config: train(config))
        label = "with BN" if batch_norm else "without BN"
        if torch is None:
            print(f"  {label:<11}{ours:>8.2f}s{'-':>9}{'-':>7}{history.test_acc[-1]:>16.1%}")
            continue
        train_torch(config.replace(epochs=1))  # warm-up
        theirs, _ = best_time(lambda config=config: train_torch(config))
        print(f"  {label:<11}{ours:>8.2f}s{theirs:>8.2f}s{ours / theirs:>7.2f}{history.test_acc[-1]:>16.1%}")
    print("Share of a reference run spent recording (CPU time):")
    for batch_norm in (True, False):
        shares = recording_shares(REFERENCE.replace(batch_norm=batch_norm))
        label = "with BN" if batch_norm else "without BN"
        parts = ", ".join(f"{name} {share:.0%}" for name, share in sorted(shares.items()))
        print(f"  {label:<11}{sum(shares.values()):>5.0%} ({parts})")
    lab_default = TrainConfig()
    both, _ = best_time(lambda: (train(lab_default), train(lab_default.replace(batch_norm=False))))
    print(f"Training Lab default comparison (both arms, {lab_default.epochs} epochs): {both:.2f}s")


if __name__ == "__main__":
    main()
