"""Histogram and percentiles of a layer's values, both read from one sort of them.

NumPy sorts floats with vectorized (SIMD) code: for one layer's values (a few times 10^4) a sort costs less than
``np.histogram`` with an array of edges, and far less than ``np.percentile``, which partitions the values around each
of its ranks again. From the sorted values a histogram is one binary search per edge and a percentile two look-ups.
"""

from __future__ import annotations

import numpy as np


class SortedValues:
    """``values`` (n,) sorted once, counted in the bins between ``edges`` (bins + 1,) increasing (each bin closed on
    the left, the last also on the right, as in ``np.histogram``), plus the counts below and above the edges."""

    def __init__(self, values: np.ndarray, edges: np.ndarray):
        self.sorted = np.sort(values)
        before = np.searchsorted(self.sorted, edges, side="left")  # (bins + 1,) values below each edge
        up_to_last = int(np.searchsorted(self.sorted, edges[-1], side="right"))
        self.below = int(before[0])
        self.above = len(values) - up_to_last
        counts = np.diff(before)
        counts[-1] += up_to_last - before[-1]  # the values equal to the last edge
        self.histogram = counts  # (bins,) equal to np.histogram(values, edges)[0]

    def percentiles(self, q: tuple[float, ...]) -> np.ndarray:
        """(len(q),) percentiles with NumPy's default "linear" method: ``np.percentile(values, q)`` to rounding."""
        n = len(self.sorted)
        quantiles = np.asarray(q, dtype=np.float64) / 100.0
        position = n * quantiles + (1.0 - quantiles) - 1.0  # (n - 1) q, computed as NumPy computes it
        lower = np.floor(position).astype(np.intp)
        upper = np.minimum(lower + 1, n - 1)
        low = self.sorted[lower].astype(np.float64)  # float64, as np.percentile interpolates
        high = self.sorted[upper].astype(np.float64)
        t = position - lower
        diff = high - low
        return np.where(t < 0.5, low + diff * t, high - diff * (1 - t))  # NumPy's lerp, exact at both ends
