"""What a practice loop shows after Reveal: one figure, a one-line caption and a few measured numbers per experiment.

Every builder is a pure function of an experiment's result (bncore.experiments) to a Plotly figure, so it is tested
without a running app. ``reveal_view(result)`` picks the right builder by the result's type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from bncore.experiments.batch_composition import NonIidBatches, TrainInferenceMismatch
from bncore.experiments.batch_size import SmallBatchTraining
from bncore.experiments.layer_properties import UndoNormalization, WeightScaleInvariance
from bncore.experiments.statistics import COMPARED_SIZES, BatchCoupling, BatchStatisticsNoise, RunningStatistics
from bncore.experiments.sweeps import LearningRateTolerance
from ui.common.labels import ARM_LABELS, NORMALIZATION_NAMES
from ui.common.palette import (
    ARM_COLORS,
    ARM_DASHES,
    INPUT,
    NEUTRAL,
    NORM_COLORS,
    NORMALIZED,
    OUTPUT,
    SERIES_COLORS,
    SERIES_DASHES,
    SKY,
    WITH_BN,
)
from ui.common.plot_style import log_x_label, styled, vertical_line

SERIES = SERIES_COLORS[1:]  # distinct series (batch sizes, momenta, features): the palette's, after black
DASHES = SERIES_DASHES
MODE_LABELS = {
    "running": "Inference mode (running statistics)",
    "mixed_64": "Training mode, mixed batches of 64",
    "mixed_16": "Training mode, mixed batches of 16",
    "mixed_2": "Training mode, mixed batches of 2",
    "one_class": "Training mode, one digit per batch",
}


def log_range(values) -> list[float]:
    """A log axis's range (in powers of ten, as Plotly wants it) around ``values``, with a little margin."""
    return [float(np.log10(np.min(values))) - 0.15, float(np.log10(np.max(values))) + 0.15]


@dataclass(frozen=True)
class RevealView:
    figure: go.Figure
    caption: str  # one line: what to look for
    measurements: tuple[tuple[str, str], ...]  # (what, measured value) rows


def _noise(r: BatchStatisticsNoise) -> RevealView:
    fig = go.Figure()
    fig.add_scatter(
        x=r.sizes, y=r.mean_spread, name="spread of μ<sub>B</sub>", mode="lines+markers", line={"color": WITH_BN}
    )
    fig.add_scatter(
        x=r.sizes,
        y=r.var_spread,
        name="spread of σ²<sub>B</sub>",
        mode="lines+markers",
        line={"color": INPUT, "dash": "dot"},
        marker={"symbol": "square"},
    )
    fig.add_scatter(
        x=r.sizes,
        y=r.mean_spread_theory,
        name="σ/√m (theory for μ<sub>B</sub>)",
        mode="lines",
        line={"color": NEUTRAL, "dash": "dash"},
    )
    styled(
        fig,
        title="Batch statistics get less noisy as 1/√m",
        x_title="batch size m (log scale)",
        y_title="spread over the batches (log scale)",
    )
    fig.update_xaxes(type="log", tickvals=list(r.sizes))
    fig.update_yaxes(type="log", tickvals=[0.1, 0.2, 0.5, 1, 2, 5, 10])
    small, large = COMPARED_SIZES
    rows = [(f"spread of μ_B at m = {m}", f"{s:.3f}") for m, s in zip(r.sizes, r.mean_spread) if m in COMPARED_SIZES]
    rows.append((f"ratio m = {small} / m = {large}", f"{r.ratio:.2f}"))
    return RevealView(
        fig,
        f"Every step right doubles m; compare the spread of $\\mu_B$ at m = {small} and m = {large} "
        "with the dashed σ/√m line.",
        tuple(rows),
    )


def _small_batches(r: SmallBatchTraining) -> RevealView:
    fig = go.Figure()
    for i, size in enumerate(r.batch_sizes):
        fig.add_scatter(
            x=np.arange(r.test_acc.shape[1]),
            y=r.test_acc[i],
            name=f"batch {size}",
            mode="lines+markers",
            line={"color": SERIES[i], "dash": DASHES[i]},
        )
    styled(fig, title="Test accuracy (inference mode) by batch size", x_title="epoch", y_title="test accuracy")
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    fig.update_xaxes(dtick=1)
    rows = [
        (
            f"batch {size}: final test accuracy · loss spread in the last epoch",
            f"{r.test_acc[i, -1]:.1%} · {r.loss_noise[i]:.3f}",
        )
        for i, size in enumerate(r.batch_sizes)
    ]
    return RevealView(fig, "Look for the batch size whose accuracy stays far below the others.", tuple(rows))


def _coupling(r: BatchCoupling) -> RevealView:
    features = [f"F{j}" for j in range(len(r.batch_norm_before))]
    fig = go.Figure()
    for name, values, color, pattern in (
        ("BatchNorm, before", r.batch_norm_before, NORM_COLORS["batch"], ""),
        ("BatchNorm, after", r.batch_norm_after, NORM_COLORS["batch"], "/"),
        ("LayerNorm, before", r.layer_norm_before, NORM_COLORS["layer"], ""),
        ("LayerNorm, after", r.layer_norm_after, NORM_COLORS["layer"], "/"),
    ):
        fig.add_bar(x=features, y=values, name=name, marker={"color": color, "pattern": {"shape": pattern}})
    styled(
        fig,
        title="Sample 0's outputs before and after another sample changed",
        x_title="feature",
        y_title="output for sample 0",
    )
    fig.update_layout(barmode="group")
    rows = (
        ("largest change of sample 0's BatchNorm output", f"{r.batch_norm_shift:.4f}"),
        ("largest change of sample 0's LayerNorm output", f"{r.layer_norm_shift:.4f}"),
    )
    return RevealView(
        fig,
        "Compare each pair of bars: a plain and a hatched bar of different height means sample 0's output moved.",
        rows,
    )


def _mismatch(r: TrainInferenceMismatch) -> RevealView:
    labels = [MODE_LABELS[mode] for mode in r.modes]
    colors = [WITH_BN if mode == "running" else INPUT if mode == r.test_batches else NEUTRAL for mode in r.modes]
    fig = go.Figure(
        go.Bar(
            x=r.accuracy,
            y=labels,
            orientation="h",
            marker={"color": colors},
            text=[f"{a:.0%}" for a in r.accuracy],
            textposition="outside",
            showlegend=False,
        )
    )
    fig.add_vline(
        x=0.1,
        line={"color": NEUTRAL, "dash": "dot"},
        annotation_text="chance (10%)",
        annotation_position="bottom right",
    )
    styled(
        fig,
        title="The same trained network, predicting in different modes",
        x_title="test accuracy",
        y_title="how the test set was predicted",
    )
    fig.update_xaxes(range=[0, 1.1], tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    rows = tuple((MODE_LABELS[mode], f"{a:.1%}") for mode, a in zip(r.modes, r.accuracy))
    rows += (("Training mode, a single sample", r.single_sample_error or "works"),)
    return RevealView(fig, "Compare the highlighted bar (the mode asked about) with the top bar, inference mode.", rows)


def _learning_rates(r: LearningRateTolerance) -> RevealView:
    fig = go.Figure()
    for arm, accs, diverged in (
        ("with_bn", r.with_bn_acc, r.with_bn_diverged),
        ("without_bn", r.without_bn_acc, r.without_bn_diverged),
    ):
        fig.add_scatter(
            x=r.learning_rates,
            y=accs,
            name=ARM_LABELS[arm],
            mode="lines+markers",
            line={"color": ARM_COLORS[arm], "dash": ARM_DASHES[arm]},
        )
        if diverged.any():
            fig.add_scatter(
                x=r.learning_rates[diverged],
                y=accs[diverged],
                name=f"{ARM_LABELS[arm]}: diverged",
                mode="markers",
                marker={"symbol": "x", "size": 13, "color": ARM_COLORS[arm]},
            )
    fig.add_hline(y=r.threshold, line={"color": NEUTRAL, "dash": "dot"}, annotation_text=f"trains ({r.threshold:.0%})")
    fig.add_shape(vertical_line(r.probe_lr, color=NEUTRAL, dash="dash"))
    fig.add_annotation(log_x_label(r.probe_lr, f"lr = {r.probe_lr:g}"))
    styled(
        fig,
        title="Final test accuracy across learning rates",
        x_title="learning rate (log scale)",
        y_title="test accuracy after 3 epochs",
    )
    fig.update_xaxes(type="log", tickvals=list(r.learning_rates), range=log_range(r.learning_rates))
    fig.update_yaxes(range=[-0.03, 1.03], tickformat=".0%")
    rows = []
    for arm, accs, diverged in (
        ("with BN", r.with_bn_acc, r.with_bn_diverged),
        ("without BN", r.without_bn_acc, r.without_bn_diverged),
    ):
        training = r.learning_rates[(accs >= r.threshold) & ~diverged]
        rows.append((f"largest rate that trains, {arm}", f"{training.max():g}" if training.size else "none"))
    probe = int(np.flatnonzero(r.learning_rates == r.probe_lr)[0])
    rows.append(
        (
            f"accuracy at lr = {r.probe_lr:g}, with / without BN",
            f"{r.with_bn_acc[probe]:.1%} / {r.without_bn_acc[probe]:.1%}",
        )
    )
    return RevealView(
        fig,
        f"Follow the dashed line at the asked learning rate: which arm is still above {r.threshold:.0%}?",
        tuple(rows),
    )


def _undo(r: UndoNormalization) -> RevealView:
    steps = np.arange(len(r.gamma))
    fig = make_subplots(rows=1, cols=2, subplot_titles=("γ heads for σ<sub>B</sub>", "β heads for μ<sub>B</sub>"))
    for j in range(r.gamma.shape[1]):
        color = SERIES[1 + j % 3]
        panels = ((1, r.gamma[:, j], r.batch_std[j], "γ"), (2, r.beta[:, j], r.batch_mean[j], "β"))
        for col, values, target, symbol in panels:
            fig.add_scatter(
                x=steps, y=values, name=f"{symbol}, F{j}", line={"color": color}, row=1, col=col, legendgroup=f"F{j}"
            )
            fig.add_scatter(
                x=[0, steps[-1]],
                y=[target, target],
                mode="lines",
                showlegend=False,
                row=1,
                col=col,
                line={"color": color, "dash": "dot", "width": 1},
                hoverinfo="skip",
            )
    styled(
        fig,
        title="Learning γ and β to reproduce the input (dotted: σ<sub>B</sub> and μ<sub>B</sub>)",
        x_title="gradient step",
        y_title="value",
    )
    rows = tuple(
        (
            f"F{j}: γ / σ_B · β / μ_B",
            f"{r.gamma[-1, j]:.3f} / {r.batch_std[j]:.3f} · {r.beta[-1, j]:.3f} / {r.batch_mean[j]:.3f}",
        )
        for j in range(r.gamma.shape[1])
    )
    rows += (("largest |y − x| in units of σ_B, at the end", f"{r.error[-1]:.2g}"),)
    return RevealView(fig, "Each solid line should meet its dotted target of the same color.", rows)


def _non_iid(r: NonIidBatches) -> RevealView:
    fig = go.Figure()
    epochs = np.arange(len(r.shuffled_acc))
    fig.add_scatter(
        x=epochs, y=r.shuffled_acc, name="shuffled batches", mode="lines+markers", line={"color": NORMALIZED}
    )
    fig.add_scatter(
        x=epochs,
        y=r.by_class_acc,
        name="one digit per batch",
        mode="lines+markers",
        line={"color": INPUT, "dash": "dash"},
        marker={"symbol": "square"},
    )
    styled(
        fig,
        title=f"Test accuracy with i.i.d. and one-digit batches ({NORMALIZATION_NAMES[r.normalization]})",
        x_title="epoch",
        y_title="test accuracy",
    )
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    fig.update_xaxes(dtick=1)
    rows = (
        ("final test accuracy, shuffled batches", f"{r.shuffled_acc[-1]:.1%}"),
        ("final test accuracy, one digit per batch", f"{r.by_class_acc[-1]:.1%}"),
    )
    return RevealView(fig, "Compare where the two lines end: the gap is what non-i.i.d. batches cost.", rows)


def _weight_scale(r: WeightScaleInvariance) -> RevealView:
    one = int(np.flatnonzero(r.scales == 1.0)[0])
    fig = go.Figure()
    fig.add_scatter(x=r.scales, y=r.weight_grad_norm, name="‖∂L/∂W‖", mode="lines+markers", line={"color": WITH_BN})
    fig.add_scatter(
        x=r.scales,
        y=r.weight_grad_norm[one] / r.scales,
        name="‖∂L/∂W‖ at a = 1, divided by a",
        mode="lines",
        line={"color": NEUTRAL, "dash": "dash"},
    )
    fig.add_scatter(
        x=r.scales,
        y=r.input_grad_norm,
        name="‖∂L/∂u‖",
        mode="lines+markers",
        line={"color": OUTPUT, "dash": "dot"},
        marker={"symbol": "square"},
    )
    fig.add_shape(vertical_line(r.scale, color=SKY, dash="dash"))
    fig.add_annotation(log_x_label(r.scale, f"a = {r.scale:g}"))
    styled(
        fig,
        title="Gradients when the weights are scaled by a",
        x_title="weight scale a (log scale)",
        y_title="gradient norm (log scale)",
    )
    fig.update_xaxes(type="log", range=log_range(r.scales))
    fig.update_yaxes(type="log")
    at = int(np.flatnonzero(r.scales == r.scale)[0])
    weight_ratio = r.weight_grad_norm[at] / r.weight_grad_norm[one]
    input_ratio = r.input_grad_norm[at] / r.input_grad_norm[one]
    rows = (
        (f"largest output change at a = {r.scale:g}", f"{r.output_change[at]:.2g}"),
        (f"‖∂L/∂W‖ at a = {r.scale:g} over a = 1", f"{weight_ratio:.4g}"),
        (f"‖∂L/∂u‖ at a = {r.scale:g} over a = 1", f"{input_ratio:.4g}"),
    )
    return RevealView(
        fig,
        "The solid blue line follows the dashed 1/a line wherever BN's output is unchanged; ε "
        "breaks it at the smallest scales.",
        rows,
    )


def _running(r: RunningStatistics) -> RevealView:
    fig = go.Figure()
    steps = np.arange(r.running_mean.shape[1])
    for i, momentum in enumerate(r.momenta):
        name = "momentum None (cumulative)" if momentum is None else f"momentum {momentum:g}"
        fig.add_scatter(
            x=steps,
            y=r.running_mean[i],
            name=name,
            mode="lines",
            line={"color": SERIES[i], "dash": DASHES[i], "width": 1.5},
        )
    fig.add_scatter(
        x=[0, steps[-1]],
        y=[r.population_mean] * 2,
        name="population mean",
        mode="lines",
        line={"color": NEUTRAL, "dash": "dot"},
        hoverinfo="skip",
    )
    styled(
        fig,
        title="running_mean step by step, for four momenta",
        x_title="training step (one batch each)",
        y_title="running_mean",
    )
    rows = tuple(
        (
            f"momentum {momentum if momentum is None else f'{momentum:g}'}: steps to within 10% · wobble (std) "
            "at the end",
            f"{r.lag[i]} · {r.noise[i]:.3f}",
        )
        for i, momentum in enumerate(r.momenta)
    )
    return RevealView(
        fig, "Compare how soon each line reaches the dotted population mean, and how much it wobbles afterwards.", rows
    )


BUILDERS: dict[type, Callable] = {
    BatchStatisticsNoise: _noise,
    SmallBatchTraining: _small_batches,
    BatchCoupling: _coupling,
    TrainInferenceMismatch: _mismatch,
    LearningRateTolerance: _learning_rates,
    UndoNormalization: _undo,
    NonIidBatches: _non_iid,
    WeightScaleInvariance: _weight_scale,
    RunningStatistics: _running,
}


def reveal_view(result) -> RevealView:
    """The figure, caption and measurements for any practice experiment's result."""
    return BUILDERS[type(result)](result)
