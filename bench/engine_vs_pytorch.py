"""bncore vs PyTorch on the reference workload, and the wall time of the Training Lab's default comparison.

Reference workload (issue: foundation): digits; MLP 64 -> 8 hidden x 100 -> 10; ReLU; BN before the activation;
default init; SGD lr 0.1; batch 64; 20 epochs with bncore's per-epoch recording; float32; one thread.
Each figure is the best of ``REPEATS`` runs, which is the least disturbed by the rest of the machine.
"""

from __future__ import annotations

import time

from bncore import TrainConfig, train

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
    """The shortest wall time of ``repeats`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


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
    lab_default = TrainConfig()
    both, _ = best_time(lambda: (train(lab_default), train(lab_default.replace(batch_norm=False))))
    print(f"Training Lab default comparison (both arms, {lab_default.epochs} epochs): {both:.2f}s")
