"""Figures of the "Why does it work?" page: pure functions from bncore results to Plotly figures.

The arms keep the colors and dashes of every other chart; the noisy-BN network, which appears only here, is sky blue
and dotted. Layers, where one line per layer is drawn, take the categorical series colors.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore import History
from bncore.experiments.covariate_shift import InternalCovariateShift, NoisyBatchNorm
from bncore.experiments.regularization import GeneralizationGap, gap_curve
from bncore.experiments.scale_invariance import WeightGrowth, effective_learning_rate
from bncore.experiments.smoothness import MEASURES, LossSmoothness
from bncore.training.comparison import ARMS
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, ARM_DASHES, SERIES_COLORS, SERIES_DASHES, SKY
from ui.common.plot_style import TITLED_STACKED_GAP, axis_grid, figure, panel_title, stacked_panels
from ui.why.narrative import MEASURE_NAMES

NOISY_LABEL = "Noisy BN"
COLORS = {**ARM_COLORS, "noisy_bn": SKY}
DASHES = {**ARM_DASHES, "noisy_bn": "dot"}
LABELS = {**ARM_LABELS, "noisy_bn": NOISY_LABEL}


def _line(name: str, x, y, suffix: str = "", legend: bool = True, **extra) -> dict:
    """One arm's line on panel ``suffix``, in its color and dash, grouped in the legend by arm."""
    return {
        "type": "scatter",
        "x": list(x),
        "y": list(y),
        "mode": "lines+markers",
        "marker": {"size": 5},
        "name": LABELS[name],
        "legendgroup": name,
        "showlegend": legend,
        "line": {"color": COLORS[name], "dash": DASHES[name], "width": 2},
        "xaxis": f"x{suffix}",
        "yaxis": f"y{suffix}",
        **extra,
    }


def _layer_line(layer: int, x, y, suffix: str, legend: bool) -> dict:
    return {
        "type": "scatter",
        "x": list(x),
        "y": list(y),
        "mode": "lines",
        "name": f"layer {layer + 1}",
        "legendgroup": f"layer{layer}",
        "showlegend": legend,
        "line": {"color": SERIES_COLORS[layer % len(SERIES_COLORS)], "dash": SERIES_DASHES[layer % 4], "width": 2},
        "xaxis": f"x{suffix}",
        "yaxis": f"y{suffix}",
    }


def _finish(fig: go.Figure) -> go.Figure:
    """Log axes labelled once per decade (the legend is under the panels, in the house style)."""
    fig.update_yaxes(dtick=1, selector={"type": "log"})
    return fig


def _share_epochs(layout: dict, suffixes: list[str], title: str) -> None:
    """Stacked panels on one x axis: every panel follows the top one's range, the bottom one carries the title."""
    for suffix in suffixes[1:]:
        layout[f"xaxis{suffix}"]["matches"] = "x"
    layout[f"xaxis{suffixes[-1]}"]["title"] = {"text": title}


def _epochs(history: History) -> np.ndarray:
    return np.arange(len(history.test_acc))


def drift_figure(result: InternalCovariateShift, layer: int) -> go.Figure:
    """Ioffe & Szegedy's Figure 1 (b, c) view: the 15th, 50th and 85th percentiles of one hidden layer's input on
    the test set over training, without BN (left) and with BN (right), the same y range."""
    layout, suffixes = axis_grid(1, 2, h_gap=0.08, shared_y=True)
    traces = []
    for suffix, arm in zip(suffixes, ("without_bn", "with_bn")):
        history = result.runs[arm].history
        for k, (quantile, width) in enumerate(zip(("15th", "50th", "85th"), (1, 2.5, 1))):
            traces.append(
                _line(arm, _epochs(history), history.preact_percentiles[:, layer, k], suffix, legend=k == 1)
                | {
                    "mode": "lines",
                    "line": {"color": ARM_COLORS[arm], "dash": ARM_DASHES[arm], "width": width},
                    "hovertemplate": f"{ARM_LABELS[arm]}, {quantile} percentile<br>"
                    "epoch %{x}: %{y:.2f}<extra></extra>",
                }
            )
    layout[f"xaxis{suffixes[1]}"]["title"] = {"text": "epoch"}
    titles = (f"without BN, layer {layer + 1}", f"with BN, layer {layer + 1}")  # the caption names the percentiles
    layout["annotations"] = [panel_title(t, s) for t, s in zip(titles, suffixes)]
    return _finish(
        figure(traces, layout, title="Where a layer's input sits, over training", x_title="epoch", y_title="input")
    )


def shift_figure(result: InternalCovariateShift) -> go.Figure:
    """The shift of every hidden layer's input from one epoch to the next, without BN (left) and with BN (right),
    on one shared log axis."""
    layout, suffixes = axis_grid(1, 2, h_gap=0.08, shared_y=True)
    traces = []
    for p, (suffix, arm) in enumerate(zip(suffixes, ("without_bn", "with_bn"))):
        shift = result.runs[arm].shift  # (E, depth)
        for layer in range(shift.shape[1]):
            traces.append(_layer_line(layer, np.arange(1, len(shift) + 1), shift[:, layer], suffix, legend=p == 0))
    for suffix in suffixes:
        layout[f"yaxis{suffix}"]["type"] = "log"
    layout[f"xaxis{suffixes[1]}"]["title"] = {"text": "epoch"}
    layout["annotations"] = [
        panel_title(f"{ARM_LABELS[arm]}", s) for arm, s in zip(("without_bn", "with_bn"), suffixes)
    ]
    return _finish(
        figure(
            traces,
            layout,
            title="How far each layer's input moved per epoch (in spreads, log scale)",
            x_title="epoch",
            y_title="shift",
        )
    )


def noisy_figure(result: NoisyBatchNorm) -> go.Figure:
    """(a) test accuracy over training and (b) the layer-input shift per epoch (mean over layers, log scale) of
    plain BN, no BN and noisy BN, one panel above the other on a shared epoch axis."""
    layout, suffixes, height = stacked_panels(2)
    traces = []
    for name, run in result.runs.items():
        history = run.history
        traces.append(_line(name, _epochs(history), history.test_acc, suffixes[0]))
        shift = run.shift.mean(axis=1) if run.shift.size else np.zeros(0)
        traces.append(_line(name, np.arange(1, len(shift) + 1), shift, suffixes[1], legend=False))
    layout["yaxis"].update(range=[0, 1.02], tickformat=".0%")
    layout[f"yaxis{suffixes[1]}"]["type"] = "log"
    _share_epochs(layout, suffixes, "epoch")
    titles = ("(a) test accuracy", "(b) input shift per epoch")  # mean over the layers, as the caption says
    layout["annotations"] = [panel_title(t, s) for t, s in zip(titles, suffixes)]
    return _finish(
        figure(
            traces,
            layout,
            title=f"Noisy BN (n = {result.noise:g}) against BN and no BN",
            x_title="",
            y_title="",
            height=height,
        )
    )


def smoothness_figure(result: LossSmoothness) -> go.Figure:
    """The three smoothness measures over training, both arms, each panel on a log axis, one above the other."""
    layout, suffixes, height = stacked_panels(3)
    traces = []
    for p, (suffix, measure) in enumerate(zip(suffixes, MEASURES)):
        for arm in ARMS:
            profile = result.profiles[arm]
            values = np.maximum(getattr(profile, measure), 1e-12)  # a log axis cannot show 0
            traces.append(_line(arm, profile.steps, values, suffix, legend=p == 0))
        layout[f"yaxis{suffix}"]["type"] = "log"
    _share_epochs(layout, suffixes, "training step")
    titles = [f"({letter}) {MEASURE_NAMES[m]}" for letter, m in zip("abc", MEASURES)]
    layout["annotations"] = [panel_title(t, s) for t, s in zip(titles, suffixes)]
    steps = ", ".join(f"{eta:g}" for eta in result.step_sizes)
    return _finish(
        figure(
            traces,
            layout,
            title=f"Along the gradient every {result.every} steps, sizes {steps} (lower: smoother)",
            x_title="",
            y_title="",
            height=height,
        )
    )


def gap_figure(result: GeneralizationGap) -> go.Figure:
    """(a) train minus test accuracy over training at the reference batch size; (b) the final gap per batch size;
    one panel above the other, each with its own x axis."""
    layout, suffixes, height = stacked_panels(2, gap=TITLED_STACKED_GAP)
    traces = []
    for arm in ARMS:
        history = result.at_reference(arm)
        traces.append(_line(arm, _epochs(history), gap_curve(history), suffixes[0]))
        traces.append(_line(arm, [str(m) for m in result.batch_sizes], result.final(arm), suffixes[1], legend=False))
    for suffix in suffixes:
        layout[f"yaxis{suffix}"]["tickformat"] = ".1%"
    layout[f"xaxis{suffixes[1]}"].update(title={"text": "batch size"}, type="category")
    titles = (f"(a) gap at batch {result.reference_batch}", "(b) final gap by batch size")
    layout["annotations"] = [panel_title(t, s) for t, s in zip(titles, suffixes)]
    return _finish(
        figure(
            traces,
            layout,
            title="The train–test accuracy gap (higher: more overfitting)",
            x_title="epoch",
            y_title="gap",
            height=height,
        )
    )


def weight_norm_figure(result: WeightGrowth) -> go.Figure:
    """‖W‖ of every hidden layer over training with BN and without BN, and the effective learning rate η/‖W‖² with
    BN, one panel above the other on a shared epoch axis."""
    layout, suffixes, height = stacked_panels(3)
    traces = []
    bn, plain = result.histories["with_bn"], result.histories["without_bn"]
    panels = (
        (bn.weight_norm, suffixes[0]),
        (plain.weight_norm, suffixes[1]),
        (effective_learning_rate(bn), suffixes[2]),
    )
    for p, (values, suffix) in enumerate(panels):
        for layer in range(values.shape[1]):
            traces.append(_layer_line(layer, _epochs(bn if p != 1 else plain), values[:, layer], suffix, legend=p == 0))
    _share_epochs(layout, suffixes, "epoch")
    titles = ("(a) ‖W‖ with BN", "(b) ‖W‖ without BN", "(c) η/‖W‖² with BN")
    layout["annotations"] = [panel_title(t, s) for t, s in zip(titles, suffixes)]
    return _finish(
        figure(
            traces, layout, title="Weight norms and the effective learning rate", x_title="", y_title="", height=height
        )
    )
