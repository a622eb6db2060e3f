"""The one way every page bins values for a histogram: in NumPy, so each sample lands in exactly one bar.

Plotly's own binning (a ``histogram`` trace with ``xbins``) decides in the browser, and a value on the last edge can
fall outside every bin: with 8 samples the bars added up to 7. Here the counts are computed with ``np.histogram``,
whose last bin includes its right edge, and the page draws them as bars (the Walkthrough's distribution chart), so the
bars always add up to the number of samples.
"""

from __future__ import annotations

import numpy as np


def equal_width_bins(values: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts of ``values`` in ``bins`` equal-width bins over their own range.

    Args:
        values: (m,) finite numbers.
        bins: the number of bins (a constant column gets one bin of width 1 centred on its value).

    Returns:
        edges (bins + 1,) and counts (bins,), with counts.sum() == m.
    """
    low, high = float(np.min(values)), float(np.max(values))
    if high <= low:
        return np.array([low - 0.5, low + 0.5]), np.array([len(values)])
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    return edges, counts
