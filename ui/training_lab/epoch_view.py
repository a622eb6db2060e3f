"""What the Training Lab's epoch view shows, for every epoch the learner can scrub to, as data for the browser.

The epoch view (ui.training_lab.views.epoch_view, drawn by epoch_view.js) holds the epoch slider, "What's
happening?", the activation histograms and the layer-statistics table. While a run is paused, every revealed epoch
is sent at once, so moving the slider redraws in the browser without asking the server; while it plays, only the
newest epoch is sent on each tick. No Streamlit here.
"""

from __future__ import annotations

import html
import re

from bncore import History
from ui.common.labels import ARM_LABELS
from ui.training_lab.activation_grid import activation_grid, axis
from ui.training_lab.narrative import narrative

BOLD = re.compile(r"\*\*(.+?)\*\*")

GRID_CAPTION = {
    True: "Each panel is one layer's input to its nonlinearity on the test set, all on the axis [-6, 6]. With BN "
    "before the activation they stay centred with a steady spread (γ and β move them slowly); without BN watch them "
    "drift, widen or collapse.",
    False: "Each panel is one layer's input to its nonlinearity on the test set, all on the axis [-6, 6]. With BN "
    "after the activation, BN normalizes the activations instead, so these inputs are not held in place directly: "
    "compare how far each arm's layers drift.",
}  # keyed by "BN sits before the activation"
TABLE_CAPTION = (
    "The test set goes through the network in inference mode, so With BN divides by the running statistics, not by "
    "the test batch's own. In the first epochs they have moved only part of the way from their start (mean 0, "
    "variance 1) to the true ones, so With BN's σ² can read well away from 1 (0.3, 0.1) and only settles near γ² as "
    "training goes on."
)
SLIDER_HINT = (
    "Drag the slider (or use the arrow keys) to look at any epoch of the run so far: the text, the histograms and "
    "the table below follow."
)
PLAYING_HINT = "The view follows the run while it plays; pause to look back at any epoch."
UNTRAINED = "Epoch 0: the untrained networks, before any training step."


def sentence_html(sentence: str) -> str:
    """A narrative sentence (Markdown with **bold** only) as HTML, everything else escaped."""
    return BOLD.sub(r"<strong>\1</strong>", html.escape(sentence, quote=False))


def layer_statistics(histories: dict[str, History], epoch: int) -> dict:
    """μ and σ² of each layer's pre-activations at the epoch, both arms side by side, as table text.

    Returns:
        {"arms": [label per arm], "rows": [[layer, μ, σ² of the first arm, μ, σ² of the second, ...] per layer]}
    """
    columns = []
    for h in histories.values():
        i = min(epoch, h.epochs_completed)
        columns += [h.preact_mean[i], h.preact_var[i]]
    depth = len(columns[0])
    return {
        "arms": [ARM_LABELS[name] for name in histories],
        "rows": [[str(layer + 1), *(f"{column[layer]:.3g}" for column in columns)] for layer in range(depth)],
    }


def frame(histories: dict[str, History], epoch: int, *, with_table: bool) -> dict:
    """Everything the view shows at one epoch: the narrative (HTML sentences), the grid and, if asked, the table."""
    return {
        "epoch": epoch,
        "narrative": [sentence_html(s) for s in narrative(histories, epoch)],
        "grid": activation_grid(histories, epoch),
        "table": layer_statistics(histories, epoch) if with_table else None,
    }


def epoch_view_data(histories: dict[str, History], shown: int, *, playing: bool, started: bool) -> dict:
    """The view's data: the epoch ``shown``, the slider's range, and the frames the browser can show.

    Args:
        histories: arm id -> its History as far as the learner has watched it (epoch 0 only before Play).
        shown: the epoch on screen (the slider's value).
        playing: the run is playing: only the newest epoch is sent and the slider follows it.
        started: the learner has pressed Play or Step (the table appears once a started run pauses).
    """
    available = max(h.epochs_completed for h in histories.values())
    epochs = [shown] if playing else range(available + 1)
    with_table = started and not playing
    first = next(iter(histories.values()))  # every arm has the same histogram axis
    return {
        "shown": shown,
        "available": available,
        "playing": playing,
        "hint": UNTRAINED if available == 0 else PLAYING_HINT if playing else SLIDER_HINT,
        "axis": axis(first),
        "gridCaption": GRID_CAPTION[histories["with_bn"].config.bn_placement == "before_activation"],
        "tableCaption": TABLE_CAPTION,
        "frames": {str(epoch): frame(histories, epoch, with_table=with_table) for epoch in epochs},
    }
