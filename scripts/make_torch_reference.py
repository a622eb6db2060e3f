"""Record PyTorch's outputs for bncore's normalization layers into tests/fixtures/torch_reference.npz (run by hand).

The test suite compares bncore against this file, so CI checks agreement with PyTorch to float64 precision without
installing PyTorch. Regenerate after changing a case (PyTorch 2.13.0, CPU, float64):

    .venv/bin/pip install torch==2.13.0
    .venv/bin/python scripts/make_torch_reference.py

Inputs are drawn with NumPy from fixed seeds and stored beside the outputs, so the tests feed bncore exactly what
PyTorch saw. Keys are "<case>/<name>".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "torch_reference.npz"
torch.set_default_dtype(torch.float64)


def tensor(a: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


def forward_backward(module_fn, x: np.ndarray, dy: np.ndarray, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """y and the gradients of sum(y * dy) with respect to x and each named parameter."""
    xt = tensor(x, grad=True)
    pt = {name: tensor(value, grad=True) for name, value in params.items()}
    y = module_fn(xt, pt)
    (y * tensor(dy)).sum().backward()
    out = {"y": y.detach().numpy(), "dx": xt.grad.numpy()}
    out.update({f"d{name}": t.grad.numpy() for name, t in pt.items()})
    return out


def main() -> None:
    rng = np.random.default_rng(2015)
    record: dict[str, np.ndarray] = {}

    def save(case: str, values: dict[str, np.ndarray]) -> None:
        record.update({f"{case}/{k}": np.asarray(v) for k, v in values.items()})

    # Batch norm, training mode, functional (N, C) and (N, C, H, W).
    for case, shape in (("bn_2d", (8, 4)), ("bn_4d", (4, 3, 5, 5))):
        c = shape[1]
        x = rng.normal(3.0, 2.0, shape)
        dy = rng.normal(size=shape)
        gamma, beta = rng.uniform(0.5, 2.0, c), rng.normal(size=c)
        save(case, {"x": x, "dy": dy, "gamma": gamma, "beta": beta})
        save(
            case,
            forward_backward(
                lambda xt, p: nn.functional.batch_norm(xt, None, None, p["gamma"], p["beta"], training=True, eps=1e-5),
                x,
                dy,
                {"gamma": gamma, "beta": beta},
            ),
        )

    # BatchNorm1d / BatchNorm2d modules: running statistics over three training batches, then an eval forward.
    for case, kwargs in (
        ("bn_layer_momentum", {"momentum": 0.1}),
        ("bn_layer_cumulative", {"momentum": None}),
        ("bn_layer_no_affine", {"affine": False}),
        ("bn_layer_untracked", {"track_running_stats": False}),
    ):
        layer = nn.BatchNorm1d(4, **kwargs)
        batches = [rng.normal(loc=[0, 5, -3, 20], scale=[1, 2, 0.5, 4], size=(6, 4)) for _ in range(3)]
        means, variances, outputs = [], [], []
        layer.train()
        for b in batches:
            outputs.append(layer(tensor(b)).detach().numpy())
            if layer.track_running_stats:
                means.append(layer.running_mean.numpy().copy())
                variances.append(layer.running_var.numpy().copy())
        layer.eval()
        x_eval = rng.normal(loc=[0, 5, -3, 20], scale=[1, 2, 0.5, 4], size=(5, 4))
        save(
            case,
            {
                "batches": np.stack(batches),
                "train_outputs": np.stack(outputs),
                "x_eval": x_eval,
                "eval_output": layer(tensor(x_eval)).detach().numpy(),
            },
        )
        if means:
            save(
                case,
                {
                    "running_means": np.stack(means),
                    "running_vars": np.stack(variances),
                    "num_batches_tracked": np.array(int(layer.num_batches_tracked)),
                },
            )

    layer = nn.BatchNorm2d(3)
    x4 = rng.normal(2.0, 3.0, (2, 3, 4, 4))
    layer.train()
    y4 = layer(tensor(x4)).detach().numpy()
    save(
        "bn2d_layer",
        {"x": x4, "y": y4, "running_mean": layer.running_mean.numpy(), "running_var": layer.running_var.numpy()},
    )

    # Layer norm over all axes but the first.
    for case, shape in (("ln_2d", (8, 4)), ("ln_4d", (4, 3, 5, 5))):
        x, dy = rng.normal(1.0, 3.0, shape), rng.normal(size=shape)
        gamma, beta = rng.uniform(0.5, 2.0, shape[1:]), rng.normal(size=shape[1:])
        save(case, {"x": x, "dy": dy, "gamma": gamma, "beta": beta})
        save(
            case,
            forward_backward(
                lambda xt, p: nn.functional.layer_norm(xt, xt.shape[1:], p["gamma"], p["beta"], eps=1e-5),
                x,
                dy,
                {"gamma": gamma, "beta": beta},
            ),
        )

    # Group norm and instance norm.
    for case, shape, groups in (("gn_4d", (4, 6, 5, 5), 3), ("gn_2d", (8, 4), 2), ("in_4d", (4, 3, 5, 5), 3)):
        x, dy = rng.normal(-1.0, 2.0, shape), rng.normal(size=shape)
        gamma, beta = rng.uniform(0.5, 2.0, shape[1]), rng.normal(size=shape[1])
        save(case, {"x": x, "dy": dy, "gamma": gamma, "beta": beta, "groups": np.array(groups)})
        if case.startswith("in"):
            fn = lambda xt, p: nn.functional.instance_norm(xt, weight=p["gamma"], bias=p["beta"], eps=1e-5)  # noqa: E731
        else:
            fn = lambda xt, p, g=groups: nn.functional.group_norm(xt, g, p["gamma"], p["beta"], eps=1e-5)  # noqa: E731
        save(case, forward_backward(fn, x, dy, {"gamma": gamma, "beta": beta}))

    # RMS norm over the last axis.
    for case, shape in (("rms_2d", (8, 4)), ("rms_3d", (4, 3, 6))):
        x, dy = rng.normal(0.5, 2.0, shape), rng.normal(size=shape)
        gamma = rng.uniform(0.5, 2.0, shape[-1])
        save(case, {"x": x, "dy": dy, "gamma": gamma})
        save(
            case,
            forward_backward(
                lambda xt, p: nn.functional.rms_norm(xt, (xt.shape[-1],), p["gamma"], eps=1e-6), x, dy, {"gamma": gamma}
            ),
        )

    # A whole network step: bncore's MLP weights copied into torch, both placements.
    from bncore import TrainConfig
    from bncore.training.loss import softmax_cross_entropy  # noqa: F401  (bncore computes its side in the test)
    from bncore.training.mlp import MLP

    for case, placement in (("mlp_before", "before_activation"), ("mlp_after", "after_activation")):
        config = TrainConfig(depth=2, width=5, activation="tanh", batch_norm=True, bn_placement=placement, seed=7)
        model = MLP(config, in_features=4, classes=3, dtype=np.float64)
        x, labels = rng.normal(size=(6, 4)), rng.integers(0, 3, 6)
        layers: list[nn.Module] = []
        for i in range(config.depth):
            linear = nn.Linear(4 if i == 0 else 5, 5, bias=model.biases[i] is not None)
            linear.weight.data = tensor(model.weights[i].T.copy())
            if model.biases[i] is not None:
                linear.bias.data = tensor(model.biases[i].copy())
            bn = nn.BatchNorm1d(5)
            layers += [linear, bn, nn.Tanh()] if placement == "before_activation" else [linear, nn.Tanh(), bn]
        out = nn.Linear(5, 3)
        out.weight.data, out.bias.data = tensor(model.weights[-1].T.copy()), tensor(model.biases[-1].copy())
        net = nn.Sequential(*layers, out).train()
        logits = net(tensor(x))
        loss = nn.functional.cross_entropy(logits, torch.tensor(labels))
        loss.backward()
        linears = [m for m in net if isinstance(m, nn.Linear)]
        norms = [m for m in net if isinstance(m, nn.BatchNorm1d)]
        save(case, {"x": x, "labels": labels, "logits": logits.detach().numpy(), "loss": np.array(loss.item())})
        save(case, {f"dW{i}": m.weight.grad.numpy().T for i, m in enumerate(linears)})
        save(case, {f"db{i}": m.bias.grad.numpy() for i, m in enumerate(linears) if m.bias is not None})
        save(case, {f"dgamma{i}": m.weight.grad.numpy() for i, m in enumerate(norms)})
        save(case, {f"dbeta{i}": m.bias.grad.numpy() for i, m in enumerate(norms)})
        save(case, {f"running_var{i}": m.running_var.numpy() for i, m in enumerate(norms)})

    np.savez_compressed(OUT, **record)
    print(f"wrote {OUT}: {len(record)} arrays (torch {torch.__version__})")


if __name__ == "__main__":
    main()
