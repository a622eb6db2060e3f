"""Batch norm from scratch, read side by side with PyTorch: the engine's own functions next to what a PyTorch user
writes, with the conventions that differ between textbooks and frameworks stated where they matter.

The engine side is read from bncore at run time (``engine_source``); the PyTorch side is text, shown and never
imported (PyTorch is not a dependency). Plain Python (no Streamlit).
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from bncore import BatchNorm, batch_norm_backward_compact, batch_norm_backward_steps, batch_norm_forward
from bncore.norm.batch_norm import batch_norm_inference, normalize_with_running_stats


@dataclass(frozen=True)
class ReadingPart:
    title: str  # the tab's label
    summary: str  # one sentence: what this part shows (Markdown)
    engine: tuple[Callable, ...]  # bncore functions, shown in this order
    pytorch: str  # the PyTorch equivalent, as text
    conventions: tuple[str, ...]  # where textbooks and frameworks differ, one Markdown sentence or two each


PYTORCH_LAYER = """\
import torch
from torch import nn

# PyTorch's defaults, written out: the same as bncore.BatchNorm(4)
bn = nn.BatchNorm1d(4, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)
# bn.weight is gamma (starts at 1), bn.bias is beta (starts at 0)
# bn.running_mean starts at 0, bn.running_var at 1
"""

PYTORCH_FORWARD = (
    PYTORCH_LAYER
    + """
x = torch.randn(8, 4)  # (N, C): 8 samples, 4 features
bn.train()  # training mode: normalize with this batch's own statistics
y = bn(x)

# The same by hand. correction=0 is the biased variance (divide by N);
# torch.var's default, correction=1, is the unbiased one.
mean = x.mean(dim=0)  # (C,)
var = x.var(dim=0, correction=0)  # (C,)
x_hat = (x - mean) / torch.sqrt(var + bn.eps)
y_by_hand = bn.weight * x_hat + bn.bias  # equals y
"""
)

PYTORCH_BACKWARD = (
    PYTORCH_LAYER
    + """
x = torch.randn(8, 4, requires_grad=True)
bn.train()
y = bn(x)
dy = torch.randn(8, 4)  # the upstream gradient dL/dy
y.backward(dy)  # autograd: no backward pass written by hand

dx = x.grad  # (N, C)
dgamma = bn.weight.grad  # (C,)
dbeta = bn.bias.grad  # (C,)
"""
)

PYTORCH_RUNNING = (
    PYTORCH_LAYER
    + """
x = torch.randn(8, 4)
bn.train()
y = bn(x)  # every training-mode forward also updates the buffers:
# running_mean = (1 - 0.1) * running_mean + 0.1 * x.mean(dim=0)
# running_var  = (1 - 0.1) * running_var  + 0.1 * x.var(dim=0)  # unbiased
bn.num_batches_tracked  # tensor(1)

bn_average = nn.BatchNorm1d(4, momentum=None)  # a cumulative average instead
"""
)

PYTORCH_INFERENCE = (
    PYTORCH_LAYER
    + """
bn.eval()  # inference mode: the running statistics, and no update
with torch.no_grad():
    y = bn(torch.randn(1, 4))  # a batch of one sample is fine now

# The same by hand:
# y = bn.weight * (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps) + bn.bias

# track_running_stats=False keeps no buffers: eval() then uses batch statistics too.
"""
)

PARTS = (
    ReadingPart(
        "Forward",
        "Training-mode batch norm: per-feature mean and variance of the batch, normalize, then scale and shift.",
        (batch_norm_forward,),
        PYTORCH_FORWARD,
        (
            "**Biased variance to normalize.** Training divides by N (NumPy's `np.var` default, `ddof=0`). "
            "PyTorch does the same inside `BatchNorm1d`, but `torch.var` on its own defaults to the *unbiased* "
            "variance (divide by N − 1): a classic slip when you write it by hand.",
            "**ε inside the square root**: √(σ² + ε), as in Ioffe & Szegedy, PyTorch and Keras. Adding ε to σ "
            "instead gives different numbers (and a different gradient) when σ² is small. PyTorch's default ε is "
            "1e-5; Keras' is 1e-3.",
        ),
    ),
    ReadingPart(
        "Backward",
        "The backward pass twice: one forward step at a time (what the Gradient Flow page walks through), and the "
        "closed form the trainer uses.",
        (batch_norm_backward_steps, batch_norm_backward_compact),
        PYTORCH_BACKWARD,
        (
            "**Written by hand vs autograd.** PyTorch derives the backward pass for you; bncore writes it out, so "
            "every intermediate gradient can be shown. Both give the same dx, dγ and dβ (a test checks bncore "
            "against PyTorch's numbers to float64 precision).",
            "**Three paths into dx.** The batch mean and variance depend on every sample, so dx has a direct term, "
            "a term through σ² and a term through μ. Forgetting one of the batch terms is the classic bug; a "
            "gradient check catches it.",
        ),
    ),
    ReadingPart(
        "Running statistics",
        "The layer keeps running estimates of each feature's mean and variance while it trains; `training` is "
        "PyTorch's `model.train()` / `model.eval()` switch.",
        (BatchNorm.forward, BatchNorm._update_running_stats),
        PYTORCH_RUNNING,
        (
            "**Unbiased variance for the running estimate.** Training normalizes with the biased variance, but "
            "`running_var` is updated with the unbiased one (× m / (m − 1)), in PyTorch and in bncore.",
            "**Momentum is the weight of the new batch** in PyTorch: running = (1 − momentum)·running + "
            "momentum·batch, with momentum 0.1. Keras' `momentum` is the weight of the *old* value (default 0.99): "
            "Keras 0.99 is PyTorch 0.01, and PyTorch 0.1 is Keras 0.9. `momentum=None` gives a cumulative average.",
        ),
    ),
    ReadingPart(
        "Inference (eval)",
        "Inference mode: the running statistics replace the batch's, so each sample's output depends on that sample "
        "alone.",
        (batch_norm_inference, normalize_with_running_stats),
        PYTORCH_INFERENCE,
        (
            "**`model.eval()` is what switches.** Forgetting it at test time normalizes with the test batch's own "
            "statistics: the outputs then depend on which samples share the batch, and a batch of one fails.",
            "**The same ε** goes inside the square root next to the running variance.",
        ),
    ),
)


def engine_source(function: Callable) -> str:
    """The function's source as it is in bncore right now, dedented (methods are indented in their class)."""
    return textwrap.dedent(inspect.getsource(function)).rstrip("\n")


def engine_location(function: Callable) -> str:
    """Where the function lives: "bncore/norm/batch_norm.py, line 87"."""
    _, first = inspect.getsourcelines(function)
    return f"{function.__module__.replace('.', '/')}.py, line {first}"
