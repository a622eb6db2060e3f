"""The axes of the charts the page draws itself (ui.common.drawn_by_the_page), computed on the server: where a value is
placed, and an axis' range and labelled ticks as [position, label] pairs, log axes in log10 units. No Streamlit."""

from __future__ import annotations

import math

import numpy as np

from ui.common.plot_style import log_ticks

UNKNOWN_LOG_RANGE = [-1.0, 1.0]  # log10: no positive finite value to place a log axis by
UNKNOWN_RANGE = [0.0, 1.0]
LINEAR_TICKS = 5  # about this many ticks on a linear axis
LINEAR_PAD = 0.05  # each end of a linear axis sits this share of the data's span beyond it
MINUS = "\u2212"


def plotted(values: np.ndarray, log: bool) -> list[float | None]:
    """Values as the chart places them (log10 on a log axis), None where there is nothing to draw (not finite, or not
    positive on a log axis)."""
    with np.errstate(all="ignore"):
        placed = np.log10(values) if log else np.asarray(values, dtype=float)
    return [round(float(v), 5) if np.isfinite(v) else None for v in placed]


def log_axis(values: np.ndarray) -> tuple[list[float], list[list]]:
    """The log axis for ``values`` (any shape): its range in log10 units and its ticks [log10 value, label], the
    house's 1-2-5 ticks (ui.common.plot_style.log_ticks) or, where those give none (every value about one value that
    is itself such a tick, as 1 or 0.5), three ticks around it."""
    values = np.asarray(values, dtype=float)
    ticks = log_ticks(values)
    if "tickvals" in ticks:
        return ticks["range"], [[math.log10(v), text] for v, text in zip(ticks["tickvals"], ticks["ticktext"])]
    finite = values[np.isfinite(values) & (values > 0)]
    if finite.size == 0:
        return UNKNOWN_LOG_RANGE, [[e, f"{10.0**e:g}"] for e in (-1, 0, 1)]
    low, high = math.log10(finite.min()), math.log10(finite.max())
    middle, half = (low + high) / 2, max((high - low) / 2, 0.05) * 1.2
    return [middle - half, middle + half], [
        [p, f"{10.0**p:.3g}"] for p in np.linspace(middle - half, middle + half, 5)[1:4]
    ]


def linear_axis(values: np.ndarray, *, percent: bool = False) -> tuple[list[float], list[list]]:
    """The linear axis for ``values`` (any shape; non-finite ones ignored): its range, a little beyond the data, and
    about five ticks [value, label] at a step of 1, 2 or 5 times a power of ten, each label with no more decimals
    than the step needs (as percentages if ``percent``: 0.025 is "2.5%") and a true minus sign."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else UNKNOWN_RANGE
    if high - low < 1e-12:  # one value: an axis around it
        half = max(abs(low) * 0.1, 1e-3 if percent else 0.5)
        low, high = low - half, high + half
    pad = LINEAR_PAD * (high - low)
    low, high = low - pad, high + pad
    rough = (high - low) / LINEAR_TICKS
    power = 10.0 ** math.floor(math.log10(rough))
    step = min((m * power for m in (1, 2, 5, 10)), key=lambda candidate: abs(math.log(candidate / rough)))
    scale = 100.0 if percent else 1.0
    decimals = max(0, -math.floor(math.log10(step * scale) + 1e-9))
    suffix = "%" if percent else ""
    ticks = []
    for k in range(math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9) + 1):
        text = f"{k * step * scale:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{k * step * scale:.0f}"
        text = "0" if float(text) == 0 else text.replace("-", MINUS)
        ticks.append([round(k * step, 12), text + suffix])
    return [low, high], ticks
