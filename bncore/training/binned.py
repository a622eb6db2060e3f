"""Histogram and percentiles of a layer's values over fixed, equal-width bins, without sorting them.

``np.histogram`` with an array of edges sorts the values and ``np.percentile`` partitions all of them again; per epoch
and layer that was a third of a training run's time. Here the bin width is a power of two and the range a whole
number of bins, so each value's bin is ``floor(value / width)`` exactly, in the values' own dtype: the counts equal
``np.histogram``'s. A percentile then partitions only the values of the bin that holds it.
"""

from __future__ import annotations

import math

import numpy as np


class BinnedValues:
    """``values`` (n,) counted in ``bins`` equal bins over [low, high] (the last closed on the right, as in
    ``np.histogram``), plus the counts below low and above high.

    The bin width (high - low) / bins must be a power of two and low a multiple of it (the engine's histograms:
    48 bins of 0.25 over [-6, 6]), which makes the binning exact.
    """

    def __init__(self, values: np.ndarray, low: float, high: float, bins: int):
        width = (high - low) / bins
        if math.frexp(width)[0] != 0.5 or low / width != int(low / width):
            raise ValueError(f"bins of width {width} starting at {low} cannot be computed exactly")
        self.values, self.low, self.high, self.width, self.bins = values, low, high, width, bins
        self.below = int(np.count_nonzero(values < low))
        self.above = int(np.count_nonzero(values > high))
        first = int(low / width)
        slot = np.floor(values * (1.0 / width)).astype(values.dtype)  # exact: scaling by a power of two
        np.clip(slot, first, first + bins - 1, out=slot)  # outside values land in the end bins, taken out below
        counts = np.bincount(slot.astype(np.intp) - first, minlength=bins)
        counts[0] -= self.below
        counts[-1] -= self.above
        self.histogram = counts  # (bins,) equal to np.histogram(values, np.linspace(low, high, bins + 1))[0]

    def percentiles(self, q: tuple[float, ...]) -> np.ndarray:
        """(len(q),) percentiles with NumPy's default "linear" method: ``np.percentile(values, q)`` to rounding."""
        n = len(self.values)
        quantiles = np.asarray(q, dtype=np.float64) / 100.0
        position = n * quantiles + (1.0 - quantiles) - 1.0  # (n - 1) q, computed as NumPy computes it
        lower = np.floor(position).astype(np.intp)
        upper = np.minimum(lower + 1, n - 1)
        ranked = self._order_statistics(np.concatenate([lower, upper]))
        low, high = ranked[: len(q)], ranked[len(q) :]
        t = position - lower
        diff = high - low
        return np.where(t < 0.5, low + diff * t, high - diff * (1 - t))  # NumPy's lerp, exact at both ends

    def _order_statistics(self, ranks: np.ndarray) -> np.ndarray:
        """The values of the given 0-based ranks: per bin that holds one, partition only that bin's values."""
        cumulative = np.cumsum([self.below, *self.histogram, self.above])  # values up to and including each slot
        slots = np.searchsorted(cumulative, ranks, side="right")  # 0 below, 1..bins inside, bins + 1 above
        found = np.empty(len(ranks))  # float64, as np.percentile interpolates
        for slot in np.unique(slots):
            chosen = slots == slot
            offsets = ranks[chosen] - (cumulative[slot - 1] if slot > 0 else 0)
            found[chosen] = np.partition(self._members(int(slot)), offsets)[offsets]
        return found

    def _members(self, slot: int) -> np.ndarray:
        """The values in one slot (0: below low, 1..bins: the histogram's bins, bins + 1: above high)."""
        v = self.values
        if slot == 0:
            return v[v < self.low]
        if slot == self.bins + 1:
            return v[v > self.high]
        left = self.low + (slot - 1) * self.width
        right = left + self.width
        return v[(v >= left) & ((v < right) if slot < self.bins else (v <= right))]
