"""The bncore reference workload written in PyTorch, for the speed comparison in ``engine_vs_pytorch``.

Same network, data, batch order, optimizer and per-epoch recording as ``bncore.train`` (losses and accuracies on both
splits, per-layer gradient norms, test-set statistics, percentiles and histograms of each nonlinearity's input, BN
parameters and buffers), so the two timings measure the same work. PyTorch is not a dependency of the project; this
module is imported only when it is installed.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from bncore import TrainConfig, load_dataset, num_classes
from bncore.training.history import HIST_BINS, HIST_RANGE, PERCENTILES
from bncore.training.trainer import batch_slices


def build_model(config: TrainConfig, in_features: int, classes: int) -> tuple[nn.Sequential, list[nn.Module]]:
    """Linear -> BatchNorm1d -> ReLU per hidden layer (BN before the activation), then a Linear output layer."""
    layers, nonlinearities = [], []
    fan_in = in_features
    for _ in range(config.depth):
        layers.append(nn.Linear(fan_in, config.width, bias=not config.batch_norm))
        if config.batch_norm:
            layers.append(nn.BatchNorm1d(config.width, momentum=config.bn_momentum))
        relu = nn.ReLU()
        layers.append(relu)
        nonlinearities.append(relu)
        fan_in = config.width
    layers.append(nn.Linear(fan_in, classes))
    return nn.Sequential(*layers), nonlinearities


def train_torch(config: TrainConfig) -> dict[str, list]:
    """Train the reference workload in PyTorch (float32, CPU) with bncore's recording; returns the recorded lists."""
    torch.manual_seed(config.seed)
    X_train, y_train, X_test, y_test = (torch.from_numpy(a) for a in load_dataset(config.dataset, config.seed))
    model, nonlinearities = build_model(config, X_train.shape[1], num_classes(config.dataset))
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    captured: list[torch.Tensor] = []
    for module in nonlinearities:
        module.register_forward_hook(
            lambda _m, inputs, _out: captured.append(inputs[0]) if not model.training else None
        )
    hidden_weights = [m.weight for m in model if isinstance(m, nn.Linear)][:-1]
    norms = [m for m in model if isinstance(m, nn.BatchNorm1d)]
    record: dict[str, list] = {}
    loss_fn = nn.CrossEntropyLoss()
    edges_low, edges_high = -HIST_RANGE, HIST_RANGE

    def record_epoch() -> None:
        model.eval()
        with torch.no_grad():
            train_logits = model(X_train)
            record.setdefault("train_loss", []).append(loss_fn(train_logits, y_train).item())
            record.setdefault("train_acc", []).append((train_logits.argmax(1) == y_train).float().mean().item())
            captured.clear()
            test_logits = model(X_test)
            record.setdefault("test_loss", []).append(loss_fn(test_logits, y_test).item())
            record.setdefault("test_acc", []).append((test_logits.argmax(1) == y_test).float().mean().item())
            q = torch.tensor(PERCENTILES) / 100
            for z in captured:
                values = z.reshape(-1)
                record.setdefault("stats", []).append(
                    (
                        values.double().mean().item(),
                        values.double().var(unbiased=False).item(),
                        torch.quantile(values, q).tolist(),
                        torch.histc(values, HIST_BINS, edges_low, edges_high).tolist(),
                        (values < edges_low).sum().item(),
                        (values > edges_high).sum().item(),
                        (z <= 0).all(dim=0).float().mean().item(),
                        (z <= 0).float().mean().item(),
                    )
                )
            for norm in norms:
                record.setdefault("bn", []).append(
                    [t.detach().clone() for t in (norm.weight, norm.bias, norm.running_mean, norm.running_var)]
                )
        model.train()

    record_epoch()
    shuffle_rng = np.random.default_rng([config.seed, 3])
    batches = batch_slices(len(y_train), config.batch_size)
    for _ in range(config.epochs):
        order = torch.from_numpy(shuffle_rng.permutation(len(y_train)))
        norms_this_epoch = []
        for batch in batches:
            rows = order[batch]
            optimizer.zero_grad()
            loss = loss_fn(model(X_train[rows]), y_train[rows])
            loss.backward()
            record.setdefault("step_loss", []).append(loss.item())
            norms_this_epoch.append(torch.stack([w.grad.norm() for w in hidden_weights]))
            optimizer.step()
        record.setdefault("grad_norm", []).append(torch.stack(norms_this_epoch).mean(0).tolist())
        record_epoch()
    return record
