"""Reveal views of the experiments that train a network: small batches, the train/inference mismatch, learning-rate
tolerance and non-i.i.d. batches. Pure functions of an experiment's result (see ui.practice.figures)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore.experiments.batch_composition import NonIidBatches, TrainInferenceMismatch
from bncore.experiments.batch_size import SmallBatchTraining
from bncore.experiments.sweeps import LearningRateTolerance
from ui.common.labels import ARM_LABELS, NORMALIZATION_NAMES
from ui.common.palette import ARM_COLORS, ARM_DASHES, INPUT, NEUTRAL, NORMALIZED, WITH_BN
from ui.common.plot_style import log_x_label, styled, vertical_line
from ui.practice.findings import (
    CHANCE,
    MODE_LABELS,
    learning_rates_finding,
    mismatch_finding,
    non_iid_finding,
    small_batches_caption,
    small_batches_finding,
)
from ui.practice.reveal import DASHES, SERIES, RevealView, log_range


def small_batches_view(r: SmallBatchTraining) -> RevealView:
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
    return RevealView(fig, small_batches_caption(r), tuple(rows), small_batches_finding(r))


def mismatch_view(r: TrainInferenceMismatch) -> RevealView:
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
        x=CHANCE,
        line={"color": NEUTRAL, "dash": "dot"},
        annotation_text=f"chance ({CHANCE:.0%})",
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
    return RevealView(
        fig,
        "Compare the highlighted bar (the mode asked about) with the top bar, inference mode.",
        rows,
        mismatch_finding(r),
    )


def learning_rates_view(r: LearningRateTolerance) -> RevealView:
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
        learning_rates_finding(r),
    )


def non_iid_view(r: NonIidBatches) -> RevealView:
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
    return RevealView(
        fig,
        "Compare where the two lines end: the gap is what non-i.i.d. batches cost.",
        rows,
        non_iid_finding(r),
    )
