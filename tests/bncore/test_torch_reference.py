"""bncore against PyTorch's own outputs, recorded by scripts/make_torch_reference.py (PyTorch 2.13.0, float64).

The fixture stores the inputs PyTorch saw and what it returned; float64 agreement to ~1e-12 means the same formula,
not a near miss.
"""

import numpy as np
import pytest

from bncore import (
    BatchNorm,
    TrainConfig,
    batch_norm_backward,
    batch_norm_forward,
    group_norm_backward,
    group_norm_forward,
    instance_norm_forward,
    layer_norm_backward,
    layer_norm_forward,
    rms_norm_backward,
    rms_norm_forward,
)
from bncore.training.loss import softmax_cross_entropy
from bncore.training.mlp import MLP
from tests.conftest import ROOT

REF = dict(np.load(ROOT / "tests" / "fixtures" / "torch_reference.npz"))
TOL = {"rtol": 1e-10, "atol": 1e-12}


def case(name: str) -> dict[str, np.ndarray]:
    prefix = name + "/"
    return {k[len(prefix) :]: v for k, v in REF.items() if k.startswith(prefix)}


@pytest.mark.parametrize("name", ["bn_2d", "bn_4d"])
def test_batch_norm_function(name):
    c = case(name)
    y, cache = batch_norm_forward(c["x"], c["gamma"], c["beta"])
    dx, dgamma, dbeta = batch_norm_backward(c["dy"], cache)
    for ours, theirs in ((y, "y"), (dx, "dx"), (dgamma, "dgamma"), (dbeta, "dbeta")):
        np.testing.assert_allclose(ours, c[theirs], **TOL, err_msg=theirs)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("bn_layer_momentum", {"momentum": 0.1}),
        ("bn_layer_cumulative", {"momentum": None}),
        ("bn_layer_no_affine", {"affine": False}),
        ("bn_layer_untracked", {"track_running_stats": False}),
    ],
)
def test_batch_norm_layer_sequence(name, kwargs):
    c = case(name)
    layer = BatchNorm(4, **kwargs)
    for k, batch in enumerate(c["batches"]):
        np.testing.assert_allclose(layer.forward(batch, training=True), c["train_outputs"][k], **TOL)
        if "running_means" in c:
            np.testing.assert_allclose(layer.running_mean, c["running_means"][k], **TOL)
            np.testing.assert_allclose(layer.running_var, c["running_vars"][k], **TOL)
    np.testing.assert_allclose(layer.forward(c["x_eval"], training=False), c["eval_output"], **TOL)
    if "num_batches_tracked" in c:
        assert layer.num_batches_tracked == int(c["num_batches_tracked"])


def test_batch_norm_2d_layer():
    c = case("bn2d_layer")
    layer = BatchNorm(3)
    np.testing.assert_allclose(layer.forward(c["x"], training=True), c["y"], **TOL)
    np.testing.assert_allclose(layer.running_mean, c["running_mean"], **TOL)
    np.testing.assert_allclose(layer.running_var, c["running_var"], **TOL)


@pytest.mark.parametrize("name", ["ln_2d", "ln_4d"])
def test_layer_norm(name):
    c = case(name)
    y, cache = layer_norm_forward(c["x"], c["gamma"], c["beta"])
    dx, dgamma, dbeta = layer_norm_backward(c["dy"], cache)
    for ours, theirs in ((y, "y"), (dx, "dx"), (dgamma, "dgamma"), (dbeta, "dbeta")):
        np.testing.assert_allclose(ours, c[theirs], **TOL, err_msg=theirs)


@pytest.mark.parametrize("name", ["gn_4d", "gn_2d", "in_4d"])
def test_group_and_instance_norm(name):
    c = case(name)
    if name.startswith("in"):
        y, cache = instance_norm_forward(c["x"], c["gamma"], c["beta"])
    else:
        y, cache = group_norm_forward(c["x"], int(c["groups"]), c["gamma"], c["beta"])
    dx, dgamma, dbeta = group_norm_backward(c["dy"], cache)
    for ours, theirs in ((y, "y"), (dx, "dx"), (dgamma, "dgamma"), (dbeta, "dbeta")):
        np.testing.assert_allclose(ours, c[theirs], **TOL, err_msg=theirs)


@pytest.mark.parametrize("name", ["rms_2d", "rms_3d"])
def test_rms_norm(name):
    c = case(name)
    y, cache = rms_norm_forward(c["x"], c["gamma"])
    dx, dgamma = rms_norm_backward(c["dy"], cache)
    for ours, theirs in ((y, "y"), (dx, "dx"), (dgamma, "dgamma")):
        np.testing.assert_allclose(ours, c[theirs], **TOL, err_msg=theirs)


@pytest.mark.parametrize("name, placement", [("mlp_before", "before_activation"), ("mlp_after", "after_activation")])
def test_whole_network_step(name, placement):
    c = case(name)
    config = TrainConfig(depth=2, width=5, activation="tanh", batch_norm=True, bn_placement=placement, seed=7)
    model = MLP(config, in_features=4, classes=3, dtype=np.float64)
    logits = model.forward(c["x"], training=True)
    loss, dlogits = softmax_cross_entropy(logits, c["labels"])
    model.backward(dlogits)
    np.testing.assert_allclose(logits, c["logits"], **TOL)
    assert loss == pytest.approx(float(c["loss"]), rel=1e-12)
    grads = iter(model.grads())  # weights, then the biases that exist, then gamma and beta per BN layer
    for i in range(len(model.weights)):
        np.testing.assert_allclose(next(grads), c[f"dW{i}"], **TOL, err_msg=f"dW{i}")
    for i, bias in enumerate(model.biases):
        if bias is not None:
            np.testing.assert_allclose(next(grads), c[f"db{i}"], **TOL, err_msg=f"db{i}")
    for i, norm in enumerate(model.norms):
        np.testing.assert_allclose(next(grads), c[f"dgamma{i}"], **TOL)
        np.testing.assert_allclose(next(grads), c[f"dbeta{i}"], **TOL)
        np.testing.assert_allclose(norm.running_var, c[f"running_var{i}"], **TOL)
    assert next(grads, None) is None
