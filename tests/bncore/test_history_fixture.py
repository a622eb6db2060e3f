"""A full run's History is what it was when tests/fixtures/history_reference.npz was recorded: changes to how a run
is measured (histograms, percentiles, in-place inference) are free to make it faster, not to change what it says."""

import numpy as np
import pytest

from bncore import train
from scripts.make_history_fixture import CASES, OUT, recorded_arrays

STORED = np.load(OUT)


@pytest.mark.parametrize("case", list(CASES))
def test_history_matches_the_stored_fixture(case):
    arrays = recorded_arrays(train(CASES[case]))
    stored_names = sorted(key.split("/", 1)[1] for key in STORED.files if key.startswith(f"{case}/"))
    assert sorted(arrays) == stored_names
    for name, array in arrays.items():
        expected = STORED[f"{case}/{name}"]
        assert array.shape == expected.shape, name
        if np.issubdtype(expected.dtype, np.integer):
            np.testing.assert_array_equal(array, expected, err_msg=name)
        else:
            np.testing.assert_allclose(array, expected, rtol=1e-5, atol=1e-6, err_msg=name)
