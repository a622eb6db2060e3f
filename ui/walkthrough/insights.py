"""Key insights of the walkthrough, written from the current numbers so a learner can check each against the page."""

from __future__ import annotations

import numpy as np

from ui.walkthrough.compute import WalkthroughNumbers


def key_insights(n: WalkthroughNumbers, feature: int) -> list[str]:
    """Six statements about batch norm, each with this batch's numbers for the followed feature."""
    j, name = feature, f"F{feature}"
    x_hat = n.x_hat[:, j]
    if n.momentum >= 1:
        lag = f"with momentum {n.momentum:g} the running value jumps straight to the last batch"
    elif n.momentum * 1e6 < 1:
        lag = f"with momentum {n.momentum:g} the running value (almost) never moves"
    else:
        steps_to_90 = int(np.ceil(np.log(0.1) / np.log1p(-n.momentum)))
        lag = f"with momentum {n.momentum:g} it takes {steps_to_90:,} steps to cover 90% of the way to a new value"
    return [
        f"**Every column of x̂ is centred and scaled the same way.** {name}'s x̂ has mean {x_hat.mean():.2f} and "
        f"variance {x_hat.var():.4f} (exactly σ²/(σ²+ε) = {n.var[j] / (n.var[j] + n.eps):.4f}), whatever the "
        f"input's scale: μ was {n.mean[j]:.2f} and σ² {n.var[j]:.2f}.",
        "**Normalizing does not change a distribution's shape**, only where it sits and how wide it is: compare the "
        "three histograms.",
        f"**γ and β can undo the normalization.** Set {name}'s γ to σ = {np.sqrt(n.var[j] + n.eps):.2f} and β to "
        f"μ = {n.mean[j]:.2f} and the output equals the input: the layer loses nothing it needs.",
        f"**The statistics belong to the batch.** Change one value of {name} and every x̂ in that column moves, "
        "because μ and σ² move: in training mode each example's output depends on the others.",
        f"**Running statistics lag behind.** Each training step moves them a fraction {n.momentum:g} of the way "
        f"(PyTorch convention), so {lag}.",
        f"**Training and inference disagree until the running statistics settle**: on this batch the largest "
        f"difference is {n.mode_gap:.2f} after {n.running.batches_tracked} steps.",
        "**ε keeps a constant feature finite**: its x̂ is 0 and its output is β, instead of 0 / 0.",
    ]
