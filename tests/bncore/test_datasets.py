"""Data sets and walkthrough batches: shapes, the fixed digits split, seeding, and the scales the walkthrough needs."""

import numpy as np
import pytest

from bncore import KINDS, load_dataset, make_feature_batch


def test_digits_is_the_uci_set_split_80_20():
    X_train, y_train, X_test, y_test = load_dataset("digits")
    assert X_train.shape == (1438, 64) and X_test.shape == (359, 64)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() == 0 and X_train.max() == 1
    assert set(np.unique(y_test)) == set(range(10))


def test_digits_split_does_not_depend_on_the_seed():
    a, b = load_dataset("digits", seed=0), load_dataset("digits", seed=5)
    np.testing.assert_array_equal(a[3], b[3])


@pytest.mark.parametrize("name, classes", [("spirals", 3), ("blobs", 4)])
def test_generated_sets_are_seeded(name, classes):
    a, b, c = load_dataset(name, 1), load_dataset(name, 1), load_dataset(name, 2)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])
    assert a[0].shape[1] == 2 and len(np.unique(a[1])) == classes
    assert len(a[2]) == pytest.approx(0.2 * (len(a[0]) + len(a[2])), abs=1)


def test_unknown_dataset_is_named():
    with pytest.raises(ValueError, match="dataset"):
        load_dataset("imagenet")


@pytest.mark.parametrize("kind", KINDS)
def test_feature_batch_is_seeded_rounded_and_on_different_scales(kind):
    x = make_feature_batch(m=64, features=4, kind=kind, seed=3)
    assert x.shape == (64, 4)
    np.testing.assert_array_equal(x, make_feature_batch(m=64, features=4, kind=kind, seed=3))
    np.testing.assert_array_equal(x, np.round(x, 2))
    means, stds = x.mean(axis=0), x.std(axis=0)
    assert abs(means[0]) < 2 and 25 < means[3] < 35
    assert stds.max() / stds.min() > 3


def test_default_batch_is_8_by_4():
    assert make_feature_batch().shape == (8, 4)


def test_outliers_put_one_far_value_in_each_feature():
    x = make_feature_batch(m=32, features=3, kind="outliers", seed=0)
    z = np.abs((x - np.median(x, axis=0)) / np.array([2.5, 0.8, 6.0]))
    assert np.all(z.max(axis=0) > 4)


@pytest.mark.parametrize(
    "kwargs, argument", [({"kind": "zipf"}, "kind"), ({"features": 9}, "features"), ({"m": 0}, "m")]
)
def test_bad_arguments(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        make_feature_batch(**kwargs)
