"""Figures of the "Why does it work?" page as data for the charts the page draws itself (ui.why.charts): pure functions
from bncore results to panels of lines, side by side on one y axis or one above the other, each with its own.

The arms keep the colors and dashes of every other chart; the noisy-BN network, which appears only here, is sky blue
and dotted. Layers, where one line per layer is drawn, take the categorical series colors.

Each figure is::

    {"title", "summary": the chart's name for a screen reader, "colors": the kit's --grid/--frame/--tick,
     "sideBySide": whether the panels stand in one row (sharing the first one's y tick labels),
     "yTitle": the row's y title (side by side only), "legend": [{"name", "color", "dash"}],
     "panels": [{"title", "xTitle" ("" where the panel below shares the x axis), "xRange", "xTicks" (None: whole
       numbers the chart picks for its width), "yRange", "yTicks": [[position, label]] (log10 positions on a log
       axis), "lines": [{"color", "dash", "width", "dots": a dot at every point, "x": (points,), "y": (points,)
       placed values or None, "hover": (points,) texts}]}]}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore import History
from bncore.experiments.covariate_shift import InternalCovariateShift, NoisyBatchNorm
from bncore.experiments.regularization import GeneralizationGap, gap_curve
from bncore.experiments.scale_invariance import WeightGrowth, effective_learning_rate
from bncore.experiments.smoothness import MEASURES, LossSmoothness
from bncore.training.comparison import ARMS
from ui.common.chart_axes import linear_axis, log_axis, plotted
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, ARM_DASHES, DRAWN_CHART_COLORS, SERIES_COLORS, SERIES_DASHES, SKY
from ui.why.narrative import MEASURE_NAMES

NOISY_LABEL = "Noisy BN"
COLORS = {**ARM_COLORS, "noisy_bn": SKY}
DASHES = {**ARM_DASHES, "noisy_bn": "dot"}
LABELS = {**ARM_LABELS, "noisy_bn": NOISY_LABEL}
X_PAD = 0.03  # each end of a numeric x axis sits this share of its span beyond the first and last point


@dataclass(frozen=True)
class Line:
    """One line of a panel: ``y`` (points,) against ``x`` (points,), named ``name`` in its hover texts."""

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str
    dash: str
    width: float = 2.0
    dots: bool = True  # a dot at every point; else the points show only under the pointer


@dataclass(frozen=True)
class Panel:
    """One plot of a figure. ``categories`` name the x positions 0, 1, ... (batch sizes); ``include`` are values the
    y axis holds even where no line reaches them (0% and 100% accuracy)."""

    title: str
    lines: list[Line]
    x_title: str
    log: bool = False
    percent: bool = False
    categories: tuple[str, ...] = ()
    include: tuple[float, ...] = ()


def arm_line(arm: str, x, y, name: str = "", **style) -> Line:
    """An arm's line (with BN, without BN, noisy BN) in its color and dash, named ``name`` or the arm's label."""
    return Line(name or LABELS[arm], np.asarray(x), np.asarray(y, dtype=float), COLORS[arm], DASHES[arm], **style)


def _layer_style(layer: int) -> tuple[str, str]:
    """A hidden layer's color and dash (``layer`` from 0): the categorical series'."""
    return SERIES_COLORS[layer % len(SERIES_COLORS)], SERIES_DASHES[layer % len(SERIES_DASHES)]


def layer_line(layer: int, x, y, name: str) -> Line:
    """One hidden layer's line (``layer`` from 0) of the network ``name``, no dots."""
    color, dash = _layer_style(layer)
    return Line(f"{name}, layer {layer + 1}", np.asarray(x), np.asarray(y, dtype=float), color, dash, dots=False)


def arm_legend(arms) -> list[dict]:
    """The legend's entries for ``arms`` (ids of LABELS), in their order."""
    return [{"name": LABELS[arm], "color": COLORS[arm], "dash": DASHES[arm]} for arm in arms]


def layer_legend(depth: int) -> list[dict]:
    """The legend's entries for the hidden layers 1 to ``depth``."""
    return [dict(zip(("name", "color", "dash"), (f"layer {k + 1}", *_layer_style(k)))) for k in range(depth)]


def _y_axis(panels: list[Panel]) -> tuple[list[float], list[list]]:
    values = np.concatenate([line.y for panel in panels for line in panel.lines] + [np.asarray(panels[0].include)])
    if panels[0].log:
        return log_axis(values)
    return linear_axis(values, percent=panels[0].percent)


def _x_axis(panels: list[Panel]) -> tuple[list[float], list[list] | None]:
    """The x range shared by every numeric panel (``panels``), and None for ticks: whole numbers, picked by width."""
    values = np.concatenate([line.x for panel in panels for line in panel.lines]).astype(float)
    low, high = float(values.min()), float(values.max())
    pad = X_PAD * max(high - low, 1.0)
    return [low - pad, high + pad], None


def _category_axis(panel: Panel) -> tuple[list[float], list[list]]:
    """The x axis of a panel whose x positions 0, 1, ... are named by its categories."""
    return [-0.5, len(panel.categories) - 0.5], [[k, name] for k, name in enumerate(panel.categories)]


def _shares_x_axis(upper: Panel, lower: Panel | None) -> bool:
    """Whether ``upper``, stacked on ``lower``, shows the same x axis (numbers of the same name)."""
    return lower is not None and not (upper.categories or lower.categories) and upper.x_title == lower.x_title


def _shown(value: float, panel: Panel) -> str:
    return f"{value:.1%}" if panel.percent else f"{value:.4g}"


def _panel_data(panel: Panel, x_axis, y_axis, x_title: str) -> dict:
    (x_range, x_ticks), (y_range, y_ticks) = x_axis, y_axis
    lines = []
    for line in panel.lines:
        x_names = [panel.categories[int(x)] for x in line.x] if panel.categories else [f"{x:g}" for x in line.x]
        lines.append(
            {
                "color": line.color,
                "dash": line.dash,
                "width": line.width,
                "dots": line.dots,
                "x": [float(x) for x in line.x],
                "y": plotted(line.y, panel.log),
                "hover": [
                    f"{line.name}, {panel.x_title} {x}: {_shown(y, panel)}" for x, y in zip(x_names, line.y.tolist())
                ],
            }
        )
    return {
        "title": panel.title,
        "xTitle": x_title,
        "xRange": [round(float(v), 5) for v in x_range],
        "xTicks": x_ticks,
        "yRange": [round(float(v), 5) for v in y_range],
        "yTicks": [[round(float(p), 5), text] for p, text in y_ticks],
        "lines": lines,
    }


def chart_data(title: str, panels: list[Panel], legend: list[dict], *, side_by_side: bool = False, y_title: str = ""):
    """The figure's data (shape in the module docstring): ``panels`` side by side on one y axis, or one above the
    other, each with its own y axis and all numeric ones on one x range, under ``legend`` ({"name", "color",
    "dash"})."""
    numeric = [panel for panel in panels if not panel.categories]
    shared_x = _x_axis(numeric) if numeric else None
    x_axes = [_category_axis(panel) if panel.categories else shared_x for panel in panels]
    y_axes = [_y_axis(panels)] * len(panels) if side_by_side else [_y_axis([panel]) for panel in panels]
    x_titles = [  # stacked panels on one x axis: its title under the lowest only
        "" if not side_by_side and _shares_x_axis(panel, lower) else panel.x_title
        for panel, lower in zip(panels, panels[1:] + [None])
    ]
    return {
        "title": title,
        "summary": f"{title}: " + "; ".join(panel.title for panel in panels) + ".",
        "colors": DRAWN_CHART_COLORS,
        "sideBySide": side_by_side,
        "yTitle": y_title,
        "legend": legend,
        "panels": [_panel_data(*parts) for parts in zip(panels, x_axes, y_axes, x_titles)],
    }


def _epochs(history: History) -> np.ndarray:
    return np.arange(len(history.test_acc))


def drift_figure(result: InternalCovariateShift, layer: int) -> dict:
    """Ioffe & Szegedy's Figure 1 (b, c) view: the 15th, 50th and 85th percentiles of one hidden layer's input on
    the test set over training, without BN (left) and with BN (right), the same y range."""
    panels = []
    for arm in ("without_bn", "with_bn"):
        history = result.runs[arm].history
        lines = [  # the median thick; the caption names the percentiles
            arm_line(
                arm,
                _epochs(history),
                history.preact_percentiles[:, layer, k],
                f"{LABELS[arm]}, {quantile} percentile",
                width=width,
                dots=False,
            )
            for k, (quantile, width) in enumerate(zip(("15th", "50th", "85th"), (1.0, 2.5, 1.0)))
        ]
        panels.append(Panel(f"{ARM_LABELS[arm]}, layer {layer + 1}", lines, "epoch"))
    legend = arm_legend(("without_bn", "with_bn"))
    return chart_data("Where a layer's input sits, over training", panels, legend, side_by_side=True, y_title="input")


def shift_figure(result: InternalCovariateShift) -> dict:
    """The shift of every hidden layer's input from one epoch to the next, without BN (left) and with BN (right),
    on one shared log axis."""
    panels = []
    for arm in ("without_bn", "with_bn"):
        shift = result.runs[arm].shift  # (E, depth)
        epochs = np.arange(1, len(shift) + 1)
        lines = [layer_line(layer, epochs, shift[:, layer], ARM_LABELS[arm]) for layer in range(shift.shape[1])]
        panels.append(Panel(ARM_LABELS[arm], lines, "epoch", log=True))
    depth = result.runs["with_bn"].shift.shape[1]
    return chart_data(
        "How far each layer's input moved per epoch (in spreads, log scale)",
        panels,
        layer_legend(depth),
        side_by_side=True,
        y_title="shift",
    )


def noisy_figure(result: NoisyBatchNorm) -> dict:
    """(a) test accuracy over training and (b) the layer-input shift per epoch (mean over layers, log scale) of
    plain BN, no BN and noisy BN, one panel above the other on a shared epoch axis."""
    accuracy, shift = [], []
    for name, run in result.runs.items():
        accuracy.append(arm_line(name, _epochs(run.history), run.history.test_acc))
        mean_shift = run.shift.mean(axis=1) if run.shift.size else np.zeros(0)
        shift.append(arm_line(name, np.arange(1, len(mean_shift) + 1), mean_shift))
    panels = [
        Panel("(a) test accuracy", accuracy, "epoch", percent=True, include=(0.0, 1.0)),
        Panel("(b) input shift per epoch", shift, "epoch", log=True),  # mean over the layers, as the caption says
    ]
    return chart_data(f"Noisy BN (n = {result.noise:g}) against BN and no BN", panels, arm_legend(result.runs))


def smoothness_figure(result: LossSmoothness) -> dict:
    """The three smoothness measures over training, both arms, each panel on a log axis, one above the other."""
    panels = []
    for letter, measure in zip("abc", MEASURES):
        lines = [
            arm_line(arm, result.profiles[arm].steps, np.maximum(getattr(result.profiles[arm], measure), 1e-12))
            for arm in ARMS  # a log axis cannot show 0
        ]
        panels.append(Panel(f"({letter}) {MEASURE_NAMES[measure]}", lines, "training step", log=True))
    steps = ", ".join(f"{eta:g}" for eta in result.step_sizes)
    title = f"Along the gradient every {result.every} steps, sizes {steps} (lower: smoother)"
    return chart_data(title, panels, arm_legend(ARMS))


def gap_figure(result: GeneralizationGap) -> dict:
    """(a) train minus test accuracy over training at the reference batch size; (b) the final gap per batch size;
    one panel above the other, each with its own x axis."""
    reference = {arm: result.at_reference(arm) for arm in ARMS}  # the runs at the reference batch size
    over_training = [arm_line(arm, _epochs(reference[arm]), gap_curve(reference[arm])) for arm in ARMS]
    sizes = tuple(str(m) for m in result.batch_sizes)
    by_batch_size = [arm_line(arm, np.arange(len(sizes)), result.final(arm)) for arm in ARMS]
    panels = [
        Panel(f"(a) gap at batch {result.reference_batch}", over_training, "epoch", percent=True),
        Panel("(b) final gap by batch size", by_batch_size, "batch size", percent=True, categories=sizes),
    ]
    return chart_data("The train–test accuracy gap (higher: more overfitting)", panels, arm_legend(ARMS))


def weight_norm_figure(result: WeightGrowth) -> dict:
    """‖W‖ of every hidden layer over training with BN and without BN, and the effective learning rate η/‖W‖² with
    BN, one panel above the other on a shared epoch axis."""
    bn, plain = result.histories["with_bn"], result.histories["without_bn"]
    measured = (
        ("(a) ‖W‖ with BN", "With BN, ‖W‖", bn, bn.weight_norm),
        ("(b) ‖W‖ without BN", "Without BN, ‖W‖", plain, plain.weight_norm),
        ("(c) η/‖W‖² with BN", "With BN, η/‖W‖²", bn, effective_learning_rate(bn)),
    )
    panels = [
        Panel(title, [layer_line(k, _epochs(h), values[:, k], name) for k in range(values.shape[1])], "epoch")
        for title, name, h, values in measured
    ]
    depth = bn.weight_norm.shape[1]
    return chart_data("Weight norms and the effective learning rate", panels, layer_legend(depth))
