"""SortedValues counts exactly as np.histogram does and ranks as np.percentile does (to rounding in the last digits
of the interpolation), on any float32 or float64 values."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bncore.training.sorted_values import SortedValues

EDGES = np.linspace(-6.0, 6.0, 49)
QUARTILES = (15.0, 50.0, 85.0)

finite = st.floats(-40, 40, allow_nan=False, width=32)
on_edges = st.integers(-30, 30).map(lambda k: k * 0.25)  # exactly on bin edges, and the range's ends


@settings(deadline=None)
@given(
    arrays(np.float32, st.integers(1, 400), elements=st.one_of(finite, on_edges)),
    st.sampled_from([np.float32, np.float64]),
)
def test_counts_and_percentiles_equal_numpys(values, dtype):
    values = values.astype(dtype)
    binned = SortedValues(values, EDGES)
    wide = values.astype(np.float64)
    np.testing.assert_array_equal(binned.histogram, np.histogram(wide, EDGES)[0])
    assert binned.below == np.count_nonzero(wide < -6) and binned.above == np.count_nonzero(wide > 6)
    assert binned.histogram.sum() + binned.below + binned.above == len(values)
    np.testing.assert_allclose(binned.percentiles(QUARTILES), np.percentile(wide, QUARTILES), rtol=1e-12, atol=1e-12)


def test_every_value_in_one_crowded_bin():
    values = np.full(1000, 1e-6, np.float32)
    values[::2] = -1e-6
    binned = SortedValues(values, EDGES)
    assert binned.histogram[23] == 500 and binned.histogram[24] == 500
    np.testing.assert_array_equal(binned.percentiles(QUARTILES), np.percentile(values.astype(np.float64), QUARTILES))
