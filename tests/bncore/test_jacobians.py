"""Jacobians of BatchNorm across the batch and LayerNorm across features: closed form against finite differences."""

import numpy as np
import pytest

from bncore import batch_norm_forward, layer_norm_forward
from bncore.norm.jacobians import batch_norm_jacobian, layer_norm_jacobian, numerical_jacobian


@pytest.mark.parametrize("m", [2, 3, 8, 16])
def test_batch_norm_jacobian_matches_finite_differences(rng, m):
    column = rng.normal(3.0, 2.0, m)
    jacobian = batch_norm_jacobian(column, gamma=1.7)
    numeric = numerical_jacobian(lambda v: batch_norm_forward(v.reshape(-1, 1), np.array([1.7]))[0], column)
    assert jacobian.shape == (m, m)
    np.testing.assert_allclose(jacobian, numeric, atol=1e-8)


@pytest.mark.parametrize("d", [1, 2, 4])
def test_layer_norm_jacobian_matches_finite_differences(rng, d):
    row, gamma = rng.normal(10.0, 5.0, d), rng.uniform(0.5, 2.0, d)
    jacobian = layer_norm_jacobian(row, gamma)
    numeric = numerical_jacobian(lambda v: layer_norm_forward(v.reshape(1, -1), gamma)[0], row)
    np.testing.assert_allclose(jacobian, numeric, atol=1e-8)


def test_every_input_moves_every_output_and_rows_sum_to_zero(rng):
    jacobian = batch_norm_jacobian(rng.normal(size=6))
    off_diagonal = jacobian[~np.eye(6, dtype=bool)]
    assert np.all(np.abs(off_diagonal) > 1e-6)  # coupling across the batch
    np.testing.assert_allclose(jacobian.sum(axis=1), 0, atol=1e-12)  # shifting every x_i alike changes nothing


def test_one_feature_layer_norm_has_a_zero_jacobian():
    np.testing.assert_array_equal(layer_norm_jacobian(np.array([4.2])), [[0.0]])
