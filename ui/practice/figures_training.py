"""Reveal views of the experiments that train a network: small batches, the train/inference mismatch, learning-rate
tolerance and non-i.i.d. batches. Pure functions of an experiment's result (see ui.practice.figures)."""

from __future__ import annotations

import numpy as np

from bncore.experiments.batch_composition import NonIidBatches, TrainInferenceMismatch
from bncore.experiments.batch_size import SmallBatchTraining
from bncore.experiments.sweeps import LearningRateTolerance
from ui.common.labels import ARM_LABELS, NORMALIZATION_NAMES
from ui.common.palette import ARM_COLORS, ARM_DASHES, INPUT, NEUTRAL, NORMALIZED, WITH_BN
from ui.common.plot_style import figure, horizontal_line, log_x_label, vertical_line
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

ACCURACY_AXIS = {"range": [0, 1.02], "tickformat": ".0%"}  # an accuracy axis from 0 to 100 %


def small_batches_view(r: SmallBatchTraining) -> RevealView:
    traces = [
        {
            "type": "scatter",
            "x": np.arange(r.test_acc.shape[1]),
            "y": r.test_acc[i],
            "name": f"batch {size}",
            "mode": "lines+markers",
            "line": {"color": SERIES[i], "dash": DASHES[i]},
        }
        for i, size in enumerate(r.batch_sizes)
    ]
    layout = {"xaxis": {"dtick": 1}, "yaxis": ACCURACY_AXIS}
    fig = figure(
        traces, layout, title="Test accuracy (inference mode) by batch size", x_title="epoch", y_title="test accuracy"
    )
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
    bars = {
        "type": "bar",
        "x": r.accuracy,
        "y": labels,
        "orientation": "h",
        "marker": {"color": colors},
        "text": [f"{a:.0%}" for a in r.accuracy],
        "textposition": "outside",
        "showlegend": False,
    }
    chance_label = {
        "text": f"chance ({CHANCE:.0%})",
        "x": CHANCE,
        "xref": "x",
        "xanchor": "left",
        "y": 0,
        "yref": "y domain",
        "yanchor": "bottom",
        "showarrow": False,
    }
    layout = {
        "shapes": [vertical_line(CHANCE, color=NEUTRAL, dash="dot")],
        "annotations": [chance_label],
        "xaxis": {"range": [0, 1.1], "tickformat": ".0%"},
        "yaxis": {"autorange": "reversed"},
    }
    fig = figure(
        [bars],
        layout,
        title="The same trained network, predicting in different modes",
        x_title="test accuracy",
        y_title="how the test set was predicted",
    )
    rows = tuple((MODE_LABELS[mode], f"{a:.1%}") for mode, a in zip(r.modes, r.accuracy))
    rows += (("Training mode, a single sample", r.single_sample_error or "works"),)
    return RevealView(
        fig,
        "Compare the highlighted bar (the mode asked about) with the top bar, inference mode.",
        rows,
        mismatch_finding(r),
    )


def learning_rates_view(r: LearningRateTolerance) -> RevealView:
    traces = []
    for arm, accs, diverged in (
        ("with_bn", r.with_bn_acc, r.with_bn_diverged),
        ("without_bn", r.without_bn_acc, r.without_bn_diverged),
    ):
        traces.append(
            {
                "type": "scatter",
                "x": r.learning_rates,
                "y": accs,
                "name": ARM_LABELS[arm],
                "mode": "lines+markers",
                "line": {"color": ARM_COLORS[arm], "dash": ARM_DASHES[arm]},
            }
        )
        if diverged.any():
            traces.append(
                {
                    "type": "scatter",
                    "x": r.learning_rates[diverged],
                    "y": accs[diverged],
                    "name": f"{ARM_LABELS[arm]}: diverged",
                    "mode": "markers",
                    "marker": {"symbol": "x", "size": 13, "color": ARM_COLORS[arm]},
                }
            )
    threshold_label = {
        "text": f"trains ({r.threshold:.0%})",
        "x": 1,
        "xref": "x domain",
        "xanchor": "right",
        "y": r.threshold,
        "yref": "y",
        "yanchor": "bottom",
        "showarrow": False,
    }
    layout = {
        "shapes": [
            horizontal_line(r.threshold, color=NEUTRAL, dash="dot"),
            vertical_line(r.probe_lr, color=NEUTRAL, dash="dash"),
        ],
        "annotations": [threshold_label, log_x_label(r.probe_lr, f"lr = {r.probe_lr:g}")],
        "xaxis": {"type": "log", "tickvals": list(r.learning_rates), "range": log_range(r.learning_rates)},
        "yaxis": {"range": [-0.03, 1.03], "tickformat": ".0%"},
    }
    fig = figure(
        traces,
        layout,
        title="Final test accuracy across learning rates",
        x_title="learning rate (log scale)",
        y_title="test accuracy after 3 epochs",
    )
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
    epochs = np.arange(len(r.shuffled_acc))
    traces = [
        {
            "type": "scatter",
            "x": epochs,
            "y": r.shuffled_acc,
            "name": "shuffled batches",
            "mode": "lines+markers",
            "line": {"color": NORMALIZED},
        },
        {
            "type": "scatter",
            "x": epochs,
            "y": r.by_class_acc,
            "name": "one digit per batch",
            "mode": "lines+markers",
            "line": {"color": INPUT, "dash": "dash"},
            "marker": {"symbol": "square"},
        },
    ]
    fig = figure(
        traces,
        {"xaxis": {"dtick": 1}, "yaxis": ACCURACY_AXIS},
        title=f"Test accuracy with i.i.d. and one-digit batches ({NORMALIZATION_NAMES[r.normalization]})",
        x_title="epoch",
        y_title="test accuracy",
    )
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
