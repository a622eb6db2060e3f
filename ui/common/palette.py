"""The one palette of Batch Norm Lab: Okabe & Ito's color-blind-safe colors (Okabe & Ito, 2008).

The arms with and without BN have the same two colors on every chart; input, normalized and output data have the same
three. Charts never rely on color alone: lines also differ in dash or marker, and legends name every series.
"""

WITH_BN = "#0072B2"  # blue
WITHOUT_BN = "#D55E00"  # vermillion
ARM_COLORS = {"with_bn": WITH_BN, "without_bn": WITHOUT_BN}  # keyed by bncore.training.comparison.ARMS
ARM_DASHES = {"with_bn": "solid", "without_bn": "dash"}

INPUT = "#E69F00"  # orange
NORMALIZED = "#009E73"  # bluish green
OUTPUT = "#CC79A7"  # reddish purple
STAGE_COLORS = {"Input": INPUT, "Normalized": NORMALIZED, "Output": OUTPUT}

NEUTRAL = "#7F7F7F"  # reference lines, zero lines, out-of-range markers
AXIS_LINE = "#BBBBBB"  # axis lines
GRID_LINE = "#E8E8E8"  # grid lines inside a plot drawn by the page itself (the Training Lab's epoch view)
PAPER = "#FFFFFF"  # the zero of a diverging color scale
INK = "#222222"  # outlines that must read against any fill
HIGHLIGHT = "#F0E442"  # background highlight of the selected column (yellow)
SKY = "#56B4E9"  # a sixth Okabe-Ito color for a fourth series where one is needed

NORM_COLORS = {  # the normalization family, one color each, keyed by bncore.norm.family.NORMALIZATIONS
    "batch": WITH_BN,
    "layer": NORMALIZED,
    "group": INPUT,
    "instance": SKY,
    "rms": OUTPUT,
}

# What the CSS of every element the page draws itself (ui/common/svg_chart.css) calls --grid, --frame and --tick.
DRAWN_CHART_COLORS = {"grid": GRID_LINE, "frame": AXIS_LINE, "tick": NEUTRAL}

DIVERGING = ((0.0, WITHOUT_BN), (0.5, PAPER), (1.0, WITH_BN))  # negative, zero, positive

# Categorical colors for series that carry no fixed meaning (features, layers), Okabe-Ito order.
SERIES_COLORS = ("#000000", SKY, INPUT, NORMALIZED, WITH_BN, WITHOUT_BN, OUTPUT, NEUTRAL)
SERIES_DASHES = ("solid", "dash", "dot", "dashdot")


def rgb(color: str) -> tuple[int, int, int]:
    """A palette color "#RRGGBB" as its red, green and blue (0-255)."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def translucent(color: str, alpha: float, *, light: float = 1.0) -> str:
    """A palette color as an rgba() string with opacity ``alpha`` (bands, filled areas), darkened to ``light`` (1 keeps
    it; the shaded faces of the Normalization Family's cells)."""
    red, green, blue = (round(channel * light) for channel in rgb(color))
    return f"rgba({red},{green},{blue},{alpha})"
