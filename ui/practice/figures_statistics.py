"""Reveal views of the experiments on batch statistics themselves: the 1/√m noise law, batch coupling and the
running statistics. Pure functions of an experiment's result (see ui.practice.figures)."""

from __future__ import annotations

import numpy as np

from bncore.experiments.statistics import COMPARED_SIZES, BatchCoupling, BatchStatisticsNoise, RunningStatistics
from ui.common.palette import INPUT, NEUTRAL, NORM_COLORS, WITH_BN
from ui.common.plot_style import figure
from ui.practice.findings import coupling_finding, noise_finding, running_finding
from ui.practice.reveal import DASHES, SERIES, RevealView


def noise_view(r: BatchStatisticsNoise) -> RevealView:
    traces = [
        {
            "type": "scatter",
            "x": r.sizes,
            "y": r.mean_spread,
            "name": "spread of μ<sub>B</sub>",
            "mode": "lines+markers",
            "line": {"color": WITH_BN},
        },
        {
            "type": "scatter",
            "x": r.sizes,
            "y": r.var_spread,
            "name": "spread of σ²<sub>B</sub>",
            "mode": "lines+markers",
            "line": {"color": INPUT, "dash": "dot"},
            "marker": {"symbol": "square"},
        },
        {
            "type": "scatter",
            "x": r.sizes,
            "y": r.mean_spread_theory,
            "name": "σ/√m (theory for μ<sub>B</sub>)",
            "mode": "lines",
            "line": {"color": NEUTRAL, "dash": "dash"},
        },
    ]
    layout = {
        "xaxis": {"type": "log", "tickvals": list(r.sizes)},
        "yaxis": {"type": "log", "tickvals": [0.1, 0.2, 0.5, 1, 2, 5, 10]},
    }
    fig = figure(
        traces,
        layout,
        title="Batch statistics get less noisy as 1/√m",
        x_title="batch size m (log scale)",
        y_title="spread over the batches (log scale)",
    )
    small, large = COMPARED_SIZES
    rows = [(f"spread of μ_B at m = {m}", f"{s:.3f}") for m, s in zip(r.sizes, r.mean_spread) if m in COMPARED_SIZES]
    rows.append((f"ratio m = {small} / m = {large}", f"{r.ratio:.2f}"))
    return RevealView(
        fig,
        f"Every step right doubles m; compare the spread of $\\mu_B$ at m = {small} and m = {large} "
        "with the dashed σ/√m line.",
        tuple(rows),
        noise_finding(r),
    )


def coupling_view(r: BatchCoupling) -> RevealView:
    features = [f"F{j}" for j in range(len(r.batch_norm_before))]
    traces = [
        {
            "type": "bar",
            "x": features,
            "y": values,
            "name": name,
            "marker": {"color": color, "pattern": {"shape": pattern}},
        }
        for name, values, color, pattern in (
            ("BatchNorm, before", r.batch_norm_before, NORM_COLORS["batch"], ""),
            ("BatchNorm, after", r.batch_norm_after, NORM_COLORS["batch"], "/"),
            ("LayerNorm, before", r.layer_norm_before, NORM_COLORS["layer"], ""),
            ("LayerNorm, after", r.layer_norm_after, NORM_COLORS["layer"], "/"),
        )
    ]
    fig = figure(
        traces,
        {"barmode": "group"},
        title="Sample 0's outputs before and after another sample changed",
        x_title="feature",
        y_title="output for sample 0",
    )
    rows = (
        ("largest change of sample 0's BatchNorm output", f"{r.batch_norm_shift:.4f}"),
        ("largest change of sample 0's LayerNorm output", f"{r.layer_norm_shift:.4f}"),
    )
    return RevealView(
        fig,
        "Compare each pair of bars: a plain and a hatched bar of different height means sample 0's output moved.",
        rows,
        coupling_finding(r),
    )


def running_view(r: RunningStatistics) -> RevealView:
    steps = np.arange(r.running_mean.shape[1])
    traces = [
        {
            "type": "scatter",
            "x": steps,
            "y": r.running_mean[i],
            "name": "momentum None (cumulative)" if momentum is None else f"momentum {momentum:g}",
            "mode": "lines",
            "line": {"color": SERIES[i], "dash": DASHES[i], "width": 1.5},
        }
        for i, momentum in enumerate(r.momenta)
    ]
    traces.append(
        {
            "type": "scatter",
            "x": [0, steps[-1]],
            "y": [r.population_mean] * 2,
            "name": "population mean",
            "mode": "lines",
            "line": {"color": NEUTRAL, "dash": "dot"},
            "hoverinfo": "skip",
        }
    )
    fig = figure(
        traces,
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
        fig,
        "Compare how soon each line reaches the dotted population mean, and how much it wobbles afterwards.",
        rows,
        running_finding(r),
    )
