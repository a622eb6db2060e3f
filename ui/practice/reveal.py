"""What a practice loop shows after Reveal: one figure, a one-line caption, the measured numbers, and one sentence
saying what they show (ui.practice.findings). Shared by the figure modules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui.common.palette import SERIES_COLORS, SERIES_DASHES

SERIES = SERIES_COLORS[1:]  # distinct series (batch sizes, momenta, features): the palette's, after black
DASHES = SERIES_DASHES


@dataclass(frozen=True)
class RevealView:
    figure: go.Figure
    caption: str  # one line: what to look for
    measurements: tuple[tuple[str, str], ...]  # (what, measured value) rows
    finding: str  # one sentence: what the numbers show, computed from them


def log_range(values) -> list[float]:
    """A log axis's range (in powers of ten, as Plotly wants it) around ``values``, with a little margin."""
    return [float(np.log10(np.min(values))) - 0.15, float(np.log10(np.max(values))) + 0.15]
