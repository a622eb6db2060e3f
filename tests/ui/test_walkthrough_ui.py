"""The walkthrough's pure pieces: numbers from bncore, formulas with substituted numbers, figures, insights."""

import json

import numpy as np
import pytest

from bncore import BatchNorm, batch_norm_forward, make_feature_batch
from ui.common.latex import elide, number, power_of_ten, signed_sum
from ui.common.palette import STAGE_COLORS
from ui.walkthrough.compute import RunningStats, compute, constant_feature, training_step
from ui.walkthrough.figures import bin_count, distribution_chart_data, epsilon_chart_data
from ui.walkthrough.insights import key_insights
from ui.walkthrough.latex import LAST_STEP, step_latex, step_sentence

X = make_feature_batch()


def numbers(x=X, momentum=0.1, eps=1e-5):
    d = x.shape[1]
    return compute(x, np.ones(d), np.zeros(d), eps, momentum, RunningStats.fresh(d))


def test_compute_agrees_with_bncore():
    n = numbers()
    y, cache = batch_norm_forward(X)
    np.testing.assert_array_equal(n.y_train, y)
    np.testing.assert_array_equal(n.mean, cache.mean)
    np.testing.assert_allclose(n.unbiased_var, X.var(axis=0, ddof=1))
    layer = BatchNorm(4)
    layer.forward(X, training=True)
    np.testing.assert_array_equal(n.next_running.mean, layer.running_mean)
    assert n.next_running.batches_tracked == 1 and n.running.batches_tracked == 0


def test_training_step_does_not_touch_its_input():
    running = RunningStats.fresh(4)
    after = training_step(X, running, 0.1, 1e-5)
    assert running.batches_tracked == 0 and np.all(running.mean == 0)
    assert after.batches_tracked == 1


def test_constant_feature_normalizes_to_zero():
    n = constant_feature(1e-5)
    assert n.var[0] == 0 and n.x_hat[0, 0] == 0 and n.y_train[0, 0] == 0


@pytest.mark.parametrize(
    "value, text",
    [
        (0.755, "0.76"),
        (-1.5, "-1.50"),
        (0.0, "0.00"),
        (0.0004, r"4.00 \times 10^{-4}"),
        (1e308, r"1.00 \times 10^{308}"),
        (5e-324, r"4.94 \times 10^{-324}"),
        (-12345.0, r"-1.23 \times 10^{4}"),
    ],
)
def test_number(value, text):
    assert number(value) == text


def test_power_of_ten():
    assert power_of_ten(1e-5) == "10^{-5}" and power_of_ten(3e-4) == r"3 \times 10^{-4}"


def test_sums_fold_signs_break_lines_and_elide_long_batches():
    assert signed_sum([-0.96, -1.71, 2.09]) == "-0.96 - 1.71 + 2.09"
    assert signed_sum([1, 2, 3, 4, 5], per_line=4) == r"1.00 + 2.00 + 3.00 + 4.00 \\ &\qquad + 5.00"
    assert elide(list("abcdefgh")) == list("abcdefgh")
    assert elide(list("abcdefghi")) == ["a", "b", r"\dots", "i"]


def test_every_step_has_a_title_sentence_and_formula():
    n = numbers()
    for step in range(LAST_STEP + 1):
        assert step_sentence(step, n, 0)
        assert step_latex(step, n, 0)
    assert step_latex(1, n, 0).endswith(f"&= {n.mean[0]:.2f}\\end{{aligned}}")
    assert f"{n.x[0, 0]:.2f}" in step_latex(3, n, 0)


def test_the_distribution_chart_has_three_stages_with_shared_bin_rule():
    n = numbers()
    chart = distribution_chart_data(n.x[:, 0], n.x_hat[:, 0], n.y_train[:, 0], "F0")
    panels = chart["panels"]
    assert [p["name"] for p in panels] == ["Input", "Normalized", "Output"]
    assert [p["color"] for p in panels] == list(STAGE_COLORS.values())
    assert [len(p["counts"]) for p in panels] == [bin_count(8)] * 3 and chart["samples"] == 8
    assert [sum(p["counts"]) for p in panels] == [8, 8, 8]  # every sample in a bar
    assert chart["title"] == "F0 before and after batch norm" and chart["yTitle"] == "count"
    assert panels[1]["title"][1] == "μ = 0.00" and panels[0]["mean"] == n.x[:, 0].mean()
    assert max(len(line) for p in panels for line in p["title"]) <= 14  # short: on a phone a long line ran into the
    # next panel's (issue 14)
    json.dumps(chart, allow_nan=False)


def test_the_distribution_chart_copes_with_a_constant_column():
    chart = distribution_chart_data(np.full(4, 3.0), np.zeros(4), np.zeros(4), "F1")
    assert [p["counts"] for p in chart["panels"]] == [[4]] * 3
    assert chart["panels"][0]["edges"] == [2.5, 3.5]


def test_the_epsilon_chart_has_one_line_per_feature_and_marks_eps():
    n = numbers()
    chart = epsilon_chart_data(n.var, 1e-3)
    assert [line["name"] for line in chart["lines"]] == [f"F{j} (σ² = {v:.3g})" for j, v in enumerate(n.var)]
    assert chart["marker"] == {"at": -3.0, "label": "ε = 1e-03"}
    assert chart["logEps"][0] == -8 and chart["logEps"][-1] == 1 and len(chart["logEps"]) == 73
    for line, var in zip(chart["lines"], n.var, strict=True):  # σ² / (σ² + ε): near 1 while ε ≪ σ², then down
        np.testing.assert_allclose(line["y"], var / (var + np.logspace(-8, 1, 73)), atol=1e-5)
    assert f"it is {n.var[0] / (n.var[0] + 1e-3):.3f} for F0" in chart["summary"]


def test_the_epsilon_chart_data_is_json_the_browser_reads_even_for_an_infinite_variance():
    chart = epsilon_chart_data(np.array([np.inf, 0.0]), 1e-5)
    json.dumps(chart, allow_nan=False)  # JSON.parse refuses NaN and Infinity
    assert chart["lines"][0]["y"] == [None] * 73 and chart["lines"][1]["y"] == [0.0] * 73
    assert "undefined for F0, 0.000 for F1" in chart["summary"]


def test_insights_are_checkable_numbers():
    n = numbers()
    texts = key_insights(n, 1)
    assert 5 <= len(texts) <= 7
    assert any(f"μ = {n.mean[1]:.2f}" in t for t in texts)
    assert any("22 steps" in t for t in texts)  # 0.9 ** 22 < 0.1


@pytest.mark.parametrize("momentum, words", [(1.0, "jumps straight"), (0.0, "never moves"), (1e-300, "never moves")])
def test_insights_handle_extreme_momentum(momentum, words):
    assert any(words in t for t in key_insights(numbers(momentum=momentum), 0))
