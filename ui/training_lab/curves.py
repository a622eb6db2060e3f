"""The Training Lab's live curves as data: training loss and test accuracy against epoch for both arms, every epoch
revealed so far, for the chart the page draws itself (ui.training_lab.charts). They change with every tick of a
playing run, and Streamlit replaces a changed Plotly figure by a new chart, which cost each tick 0.1-0.2 s."""

from __future__ import annotations

import numpy as np

from bncore import History
from ui.common.chart_axes import log_axis, plotted
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, ARM_DASHES, DRAWN_CHART_COLORS

CURVE_TITLES = {  # each curve's title and y title
    "train_loss": ("Training loss", "cross-entropy (log scale)"),
    "test_acc": ("Test accuracy", "accuracy"),
}
ACCURACY_TICKS = [[k / 5, f"{20 * k}%"] for k in range(6)]
ACCURACY_RANGE = [0.0, 1.02]


def curves_chart_data(histories: dict[str, History], metric: str) -> dict:
    """Training loss ("train_loss") or test accuracy ("test_acc") against epoch for both arms of ``histories``.

    Returns:
        {"title", "xTitle", "yTitle", "xMax": the run's epochs, "yRange", "yTicks": [[position, label]] (log10
        positions for the loss),
        "lines": [{"name", "color", "dash", "y": (epochs so far + 1,) placed values or None, "hover"}],
        "diverged": [{"color", "x": the fractional epoch of the last step, "y" (None: off the axis), "text"}],
        "summary", "colors"}

    No mark of the epoch the slider picks: a changed chart is drawn again, so these stay the same while the learner
    scrubs (only the epoch view follows the slider).
    """
    title, y_title = CURVE_TITLES[metric]
    log = metric == "train_loss"
    if log:
        y_range, y_ticks = log_axis(np.concatenate([h.train_loss for h in histories.values()]))
    else:
        y_range, y_ticks = ACCURACY_RANGE, ACCURACY_TICKS
    show = (lambda v: f"{v:.4g}") if log else (lambda v: f"{v:.1%}")
    lines, diverged, now = [], [], []
    for name, h in histories.items():
        values = np.asarray(getattr(h, metric), dtype=float)
        lines.append(
            {
                "name": ARM_LABELS[name],
                "color": ARM_COLORS[name],
                "dash": ARM_DASHES[name],
                "y": plotted(values, log),
                "hover": [f"{ARM_LABELS[name]}, epoch {epoch}: {show(v)}" for epoch, v in enumerate(values)],
            }
        )
        now.append(f"{ARM_LABELS[name]} {show(values[-1])}")
        if h.diverged_at is not None:
            diverged.append(
                {
                    "color": ARM_COLORS[name],
                    "x": (h.diverged_at - 1) / h.steps_per_epoch,
                    "y": plotted(values[-1:], log)[0],
                    "text": f"diverged at step {h.diverged_at}",
                }
            )
    epochs = max(h.config.epochs for h in histories.values())
    shown = max(len(line["y"]) for line in lines) - 1
    return {
        "title": f"{title} vs epoch",
        "xTitle": "epoch",
        "yTitle": y_title,
        "xMax": epochs,
        "yRange": [round(float(v), 5) for v in y_range],
        "yTicks": [[round(float(p), 5), text] for p, text in y_ticks],
        "lines": lines,
        "diverged": diverged,
        "summary": f"{title} at epoch {shown} of {epochs}: " + ", ".join(now) + ".",
        "colors": DRAWN_CHART_COLORS,
    }
