"""The shared figure helpers: panel grids stay inside the figure for every shape a page asks for; titles, legends and
log-axis labels stay readable from a phone to a wide screen."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.common.plot_style import (
    MARGIN,
    MAX_LOG_TICKS,
    STACKED_GAP,
    STACKED_PANEL_HEIGHT,
    TITLE_LINE_CHARACTERS,
    TITLE_LINE_HEIGHT,
    TOOLBAR_BAND,
    axis_grid,
    figure,
    log_ticks,
    stacked_panels,
    title_lines,
)


@pytest.mark.parametrize("rows", range(1, 7))
@pytest.mark.parametrize("cols", range(1, 13))
def test_every_panel_domain_lies_within_the_figure(rows, cols):
    layout, suffixes = axis_grid(rows, cols, h_gap=0.2 / cols, v_gap=0.5 / rows)
    assert len(suffixes) == rows * cols
    for axis in layout.values():
        low, high = axis["domain"]
        assert 0.0 <= low < high <= 1.0  # Plotly raises on -2.8e-17 (issue 14: depth 9-12)


SUPERSCRIPT_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def label_value(text: str) -> float:
    """What a tick label says: '0.05', '10⁻⁴' or '2×10⁻⁵'."""
    if "10" in text and any(ch in text for ch in "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"):
        mantissa, _, power = text.rpartition("10")
        return float(mantissa.rstrip("×") or 1) * 10.0 ** int(power.translate(SUPERSCRIPT_DIGITS))
    return float(text)


def test_a_loss_axis_is_labelled_in_whole_numbers_not_bare_digits():
    """Issue 14: Plotly's own labels read '2, 1, 5, 2, 0.1, 5' on the loss chart."""
    ticks = log_ticks([2.31, 1.2, 0.4, 0.05, 0.02])
    assert ticks["ticktext"] == ["0.01", "0.03", "0.1", "0.3", "1", "3"]
    assert log_ticks([0.55, 2.3])["ticktext"] == ["0.5", "1", "2"]
    assert log_ticks([1e-5, 2e-2])["ticktext"] == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"]
    assert log_ticks([np.nan, np.inf, -1.0]) == {} and log_ticks([2.0, 2.0]) == {"tickformat": ".3~g"}


@given(st.floats(-15, 8), st.floats(0, 20))
def test_log_ticks_say_their_values_and_cover_the_data(low, span):
    values = [10.0**low, 10.0 ** (low + span)]
    ticks = log_ticks(values)
    if "tickvals" not in ticks:
        assert span < math.log10(2) and ticks == {"tickformat": ".3~g"}
        return
    assert 2 <= len(ticks["tickvals"]) <= MAX_LOG_TICKS
    assert ticks["tickvals"] == sorted(ticks["tickvals"])
    for value, text in zip(ticks["tickvals"], ticks["ticktext"]):
        assert label_value(text) == pytest.approx(value, rel=1e-9), text
    start, stop = ticks["range"]
    assert start <= low + 1e-9 and stop >= low + span - 1e-9
    assert all(start - 1e-9 <= math.log10(v) <= stop + 1e-9 for v in ticks["tickvals"])


def test_titles_break_into_phone_width_lines_and_start_below_the_toolbar():
    long = "Weight-gradient norm per layer (mean over each epoch's steps, log scale)"
    assert all(len(line) <= TITLE_LINE_CHARACTERS for line in title_lines(long)) and len(title_lines(long)) == 2
    fig = figure([{"type": "scatter", "x": [0], "y": [0]}], title=long, x_title="x", y_title="y", height=300)
    assert fig.layout.title.text == "<br>".join(title_lines(long))
    assert fig.layout.title.yref == "container" and fig.layout.title.pad.t == TOOLBAR_BAND
    assert fig.layout.margin.t >= TOOLBAR_BAND + 2 * TITLE_LINE_HEIGHT


def test_the_legend_sits_under_the_plot_and_the_figure_grows_to_hold_it():
    lines = [{"type": "scatter", "x": [0, 1], "y": [0, 1], "name": name} for name in ("a", "b")]
    with_legend = figure(lines, title="t", x_title="x", y_title="y", height=300)
    without = figure(lines[:1], title="t", x_title="x", y_title="y", height=300)
    assert with_legend.layout.legend.yref == "container" and with_legend.layout.legend.y == 0
    assert with_legend.layout.legend.yanchor == "bottom"
    assert with_legend.layout.height - without.layout.height == with_legend.layout.margin.b - without.layout.margin.b
    assert with_legend.layout.margin.b > without.layout.margin.b


def test_side_by_side_panels_on_a_shared_axis_are_labelled_once_per_row():
    layout, suffixes = axis_grid(2, 3, shared_y=True)
    labelled = [layout[f"yaxis{s}"].get("showticklabels", True) for s in suffixes]
    assert labelled == [True, False, False, True, False, False]
    assert all(layout[f"yaxis{s}"]["matches"] == "y" for s in suffixes[1:])


@pytest.mark.parametrize("rows, gap", [(2, STACKED_GAP), (3, STACKED_GAP), (2, 2 * STACKED_GAP)])
def test_stacked_panels_are_full_width_one_above_the_other(rows, gap):
    layout, suffixes, height = stacked_panels(rows, gap)
    plot_height = height - MARGIN["t"] - MARGIN["b"]
    assert all(layout[f"xaxis{s}"]["domain"] == [0.0, 1.0] for s in suffixes)
    domains = [layout[f"yaxis{s}"]["domain"] for s in suffixes]
    for upper, lower in itertools.pairwise(domains):
        assert (upper[0] - lower[1]) * plot_height == pytest.approx(gap)
    assert all((high - low) * plot_height == pytest.approx(STACKED_PANEL_HEIGHT) for low, high in domains)
