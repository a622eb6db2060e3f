"""Property-based tests (hypothesis): whatever a learner types into a table, and whatever a shared link carries,
the computations behind the walkthrough, the gradient-flow page and the Training Lab give a result or a message,
never an exception, and never a floating-point warning (pytest turns RuntimeWarning into an error here)."""

import json

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bncore import TrainConfig, batch_norm_backward_steps, batch_norm_forward
from bncore.experiments.gradient_flow import (
    BROKEN_PATHS,
    DY_KINDS,
    check_gradients,
    dx_paths,
    projection_check,
    upstream_gradient,
)
from bncore.norm.jacobians import batch_norm_jacobian, layer_norm_jacobian
from ui.common.tables import check_table
from ui.gradient_flow.latex import backward_steps
from ui.training_lab.settings import SHARED_FIELDS, from_query, to_query
from ui.walkthrough.compute import RunningStats, compute
from ui.walkthrough.figures import distribution_chart_data, epsilon_chart_data
from ui.walkthrough.insights import key_insights
from ui.walkthrough.latex import LAST_STEP, step_latex, step_sentence

CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),  # NaN, inf, huge (1e308) and tiny (5e-324) included
    st.floats(min_value=-1e3, max_value=1e3),
    st.sampled_from([0.0, 1e-300, -1e-300, 1e308, 1e9, -1e9]),
    st.text(max_size=12),
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
)


@st.composite
def tables(draw, max_rows: int = 9, max_features: int = 4):
    """A table as the data editor could hand it over: 0..9 rows of 1..4 arbitrary cells, sometimes constant."""
    features = draw(st.integers(1, max_features))
    rows = draw(st.lists(st.lists(CELLS, min_size=features, max_size=features), max_size=max_rows))
    if rows and draw(st.booleans()):
        rows = [rows[0]] * len(rows)  # constant columns
    return pd.DataFrame(rows, columns=[f"F{j}" for j in range(features)], dtype=object)


def settled(check) -> bool:
    """A check either says what is wrong, or hands over finite values with at least two rows."""
    if check.values is None:
        return bool(check.problem)
    return check.values.shape[0] >= 2 and np.all(np.isfinite(check.values))


def table(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=[f"F{j}" for j in range(len(rows[0]))] if rows else ["F0"], dtype=object)


NAMED_CASES = [  # the list, so these run every time whatever hypothesis draws
    table([1.0, 2.0], [None, 3.0], [4.0, 5.0], [6.0, 1.0]),  # empty cell
    table([1.0], ["abc"], [2.0], [5.0]),  # text
    table([np.nan], [1.0], [2.0]),  # NaN
    table([np.inf], [1.0], [2.0]),  # inf
    table([1e308], [1.0], [2.0]),  # overflow
    table([1e9, 1e-300], [-1e9, -1e-300]),  # huge and tiny
    table([3.0, 2.0]),  # one row
    table([7.0, 1.0], [7.0, 2.0], [7.0, 3.0]),  # constant column
    table([0.0, 0.0], [0.0, 0.0]),  # all zero
    table(),  # no rows
]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(NAMED_CASES[0], 1e-5, 0.1)
@example(NAMED_CASES[1], 1e-5, 0.1)
@example(NAMED_CASES[2], 1e-5, 0.1)
@example(NAMED_CASES[3], 1e-5, 0.1)
@example(NAMED_CASES[4], 1e-5, 0.1)
@example(NAMED_CASES[5], 1e-5, 0.1)
@example(NAMED_CASES[6], 1e-5, 0.1)
@example(NAMED_CASES[7], 1e-5, 0.1)
@example(NAMED_CASES[8], 1e-5, 0.1)
@example(NAMED_CASES[9], 1e-5, 0.1)
@given(tables(), st.sampled_from([1e-8, 1e-5, 1e-1]), st.floats(0.0, 1.0))
def test_walkthrough_gives_a_result_or_a_message(table, eps, momentum):
    check = check_table(table)
    assert settled(check)
    if check.values is None:
        return
    x = check.values
    d = x.shape[1]
    n = compute(x, np.ones(d), np.zeros(d), eps, momentum, RunningStats.fresh(d))
    assert np.all(np.isfinite(n.y_train)) and np.all(np.isfinite(n.y_inference))
    assert np.all(np.isfinite(n.next_running.mean)) and np.all(np.isfinite(n.next_running.var))
    for feature in range(d):
        for step in range(LAST_STEP + 1):
            assert step_sentence(step, n, feature) and step_latex(step, n, feature)
        assert key_insights(n, feature)
        chart = distribution_chart_data(n.x[:, feature], n.x_hat[:, feature], n.y_train[:, feature], f"F{feature}")
        json.dumps(chart, allow_nan=False)
    json.dumps(epsilon_chart_data(n.var, eps), allow_nan=False)  # what the browser's chart reads


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(NAMED_CASES[0], "random", "none", "float32")
@example(NAMED_CASES[1], "random", "none", "float32")
@example(NAMED_CASES[2], "random", "none", "float32")
@example(NAMED_CASES[3], "random", "none", "float32")
@example(NAMED_CASES[4], "random", "none", "float32")
@example(NAMED_CASES[5], "random", "none", "float32")
@example(NAMED_CASES[6], "random", "none", "float32")
@example(NAMED_CASES[7], "random", "none", "float32")
@example(NAMED_CASES[8], "random", "none", "float32")
@example(NAMED_CASES[9], "random", "none", "float32")
@given(
    tables(max_rows=6, max_features=3),
    st.sampled_from(DY_KINDS),
    st.sampled_from(BROKEN_PATHS),
    st.sampled_from(["float64", "float32"]),
)
def test_gradient_flow_gives_a_result_or_a_message(table, dy_kind, drop, dtype):
    check = check_table(table)
    assert settled(check)
    if check.values is None:
        return
    x = check.values
    m, d = x.shape
    gamma, beta = np.full(d, 1.5), np.full(d, -0.5)
    y, cache = batch_norm_forward(x, gamma, beta)
    dy = upstream_gradient(dy_kind, y, seed=0, position=(m - 1, d - 1))
    grads = batch_norm_backward_steps(dy, cache)
    assert np.all(np.isfinite(grads.dx))
    dx_paths(grads, cache)
    projection_check(grads, cache)
    for feature in range(d):
        assert list(backward_steps(grads, cache, dy, feature, 0))
        assert np.all(np.isfinite(batch_norm_jacobian(x[:, feature], 1.5)))
    assert np.all(np.isfinite(layer_norm_jacobian(x[0])))
    result = check_gradients(x, gamma, beta, dy, dtype=dtype, step=1e-5, drop=drop)
    assert all(p.error >= 0 for p in result.parameters)


QUERY_VALUES = st.one_of(
    st.text(max_size=80),
    st.integers(-(10**9), 10**9).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "1e999", "-0", "0x10", "<script>alert(1)</script>", "[a](javascript:x)", "é" * 100]),
)


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(SHARED_FIELDS + ("utm_source", "batch_norm", "")), QUERY_VALUES))
def test_any_link_gives_valid_settings_and_safe_notices(params):
    config, notices = from_query(params)
    assert isinstance(config, TrainConfig)  # validated by TrainConfig itself
    assert from_query(to_query(config)) == (config, [])
    for notice in notices:
        assert notice.count("`") == 2 and len(notice) < 300  # the quoted value is code, cut short
