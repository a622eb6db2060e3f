"""The gradient-flow page's pure builders: LaTeX steps with substituted numbers, tables and messages (its charts'
data: test_gradflow_charts.py)."""

import re

import numpy as np
import pytest

from bncore import batch_norm_backward_steps, batch_norm_forward, make_feature_batch
from bncore.experiments.gradient_flow import check_gradients, dx_paths, projection_check
from ui.common.latex import aligned, number, number_text, product_sum, signed_sum, vector
from ui.gradient_flow import state as gradflow_state
from ui.gradient_flow.keys import GradientFlowKeys
from ui.gradient_flow.latex import backward_steps
from ui.gradient_flow.tables import check_entries, check_summary, feature_frame, path_frame, projection_frame
from ui.gradient_flow.verdicts import check_message


def batch(m=8, d=3, seed=0):
    x = make_feature_batch(m, d, seed=seed)
    dy = np.round(np.random.default_rng(seed).standard_normal((m, d)), 2)
    gamma, beta = np.ones(d), np.zeros(d)
    y, cache = batch_norm_forward(x, gamma, beta)
    return x, gamma, beta, dy, y, cache, batch_norm_backward_steps(dy, cache)


@pytest.mark.parametrize(
    "value, text",
    [
        (0.5, "0.50"),
        (-1.234, "-1.23"),
        (0.0, "0.00"),
        (-0.001, r"-1.00 \times 10^{-3}"),
        (12345.6, r"1.23 \times 10^{4}"),
        (0.009996, r"1.00 \times 10^{-2}"),
        (4.4e-16, r"4.40 \times 10^{-16}"),
    ],
)
def test_number_formats(value, text):
    assert number(value) == text


def test_sums_fold_signs_and_elide_the_middle_above_eight_terms():
    assert signed_sum(np.array([-0.96, -1.71, 0.5])) == "-0.96 - 1.71 + 0.50"
    nine = np.array([-0.96, -1.71, 1, 1, 1, 1, 1, 1, 2.09])
    assert signed_sum(nine) == r"-0.96 - 1.71 + \dots + 2.09"
    assert r"\dots" not in signed_sum(nine[:8])


def test_products_and_vectors_elide_above_four_terms():
    assert product_sum(np.array([1.0, -2.0]), np.array([-0.5, 3.0])) == r"1.00 \cdot (-0.50) + (-2.00) \cdot 3.00"
    assert product_sum(np.ones(5), np.ones(5)).count(r"\cdot") == 3 and r"\dots" in product_sum(np.ones(5), np.ones(5))
    assert vector(np.arange(4.0)) == r"(0.00,\ 1.00,\ 2.00,\ 3.00)"
    assert vector(np.arange(5.0)) == r"(0.00,\ 1.00,\ \dots,\ 4.00)"


def test_products_break_into_lines_for_an_aligned_block():
    four = product_sum(np.ones(4), -np.ones(4), per_line=2)
    assert four == r"1.00 \cdot (-1.00) + 1.00 \cdot (-1.00) \\ &\qquad + 1.00 \cdot (-1.00) + 1.00 \cdot (-1.00)"
    assert product_sum(np.ones(4), -np.ones(4)) == four.replace(r" \\ &\qquad +", " +")


def lines(chain: str) -> list[str]:
    """The lines of an aligned block."""
    return chain.removeprefix(r"\begin{aligned}").removesuffix(r"\end{aligned}").split(r"\\")


@pytest.mark.parametrize("m", [2, 8, 64])
def test_every_substituted_line_is_short_enough_for_a_phone(m):
    """Issue 14 (390 px): one long line per step was cut off at the screen's edge, before its result."""
    _, _, _, dy, _, cache, grads = batch(m=m)
    for step in backward_steps(grads, cache, dy, feature=0, sample=m - 1):
        for line in lines(step.substituted):
            flat = re.sub(r"\\frac\{[^{}]*\}\{[^{}]*\}", "F", line)  # a fraction stacks its numbers: one place wide
            assert flat.count(r"\cdot") <= 2 and len(re.findall(r"\d+\.\d\d", flat)) <= 4, line


def test_backward_steps_substitute_the_selected_feature_and_sample():
    _, _, _, dy, _, cache, grads = batch()
    steps = backward_steps(grads, cache, dy, feature=1, sample=2)
    assert [s.title.split(" ·")[0] for s in steps] == [f"Step {k}" for k in range(1, 7)]
    assert steps[0].substituted == aligned(
        rf"d\beta &= \bigl({signed_sum(dy[:, 1], 4)}\bigr)", rf"&= {number(grads.dbeta[1])}"
    )
    assert lines(steps[1].substituted)[-1] == f"&= {number(grads.dgamma[1])}"
    assert lines(steps[3].substituted)[-1] == f"&= {number(grads.dvar[1])}"
    assert number(cache.var[1]) in steps[3].substituted
    assert lines(steps[4].substituted)[-1] == f"&= {number(grads.dmean[1])}"
    assert "shown for sample 3" in steps[5].title
    assert lines(steps[5].substituted)[0].startswith("dx_{3}")
    assert lines(steps[5].substituted)[-1] == f"&= {number(grads.dx[2, 1])}"


def test_tables():
    x, gamma, beta, dy, y, cache, grads = batch(m=5, d=2)
    frame = feature_frame(x, cache.x_hat, y, dy, 1)
    assert list(frame.index) == [1, 2, 3, 4, 5] and np.allclose(frame["dyᵢ"], dy[:, 1])
    paths = path_frame(dx_paths(grads, cache), grads.dx, 0)
    np.testing.assert_allclose(paths.iloc[:, :3].sum(axis=1), paths["dxᵢ (sum)"], atol=1e-12)
    check = check_gradients(x, gamma, beta, dy, drop="mean")
    summary = check_summary(check)
    assert list(summary["gradient"]) == ["dx", "dγ (gamma)", "dβ (beta)"]
    assert list(summary["verdict"]) == ["❌ fail", "✅ pass", "✅ pass"]
    entries = check_entries(check, ["F0", "F1"])
    assert len(entries) == 5 * 2 + 2 + 2 and entries["gradient"].iloc[0] == "dx[1, F0]"
    assert entries["gradient"].iloc[-1] == "dβ[F1] (beta)"
    projection = projection_frame(projection_check(grads, cache), ["F0", "F1"])
    np.testing.assert_allclose(projection["Σᵢ dxᵢ·x̂ᵢ"], projection["γ·dγ·ε / (σ²+ε)^(3/2)"], atol=1e-12)


def messages(drop="none", dtype="float64", step=1e-5, dy_kind="random"):
    x, gamma, beta, dy, *_ = batch()
    if dy_kind == "centered":
        dy = dy - dy.mean(axis=0)
    check = check_gradients(x, gamma, beta, dy, dtype=dtype, step=step, drop=drop)
    return check_message(check, check_gradients(x, gamma, beta, dy, dtype=dtype, step=step))


@pytest.mark.parametrize(
    "case, kind, words",
    [
        ({}, "success", "Pass: every relative error"),
        ({"drop": "variance"}, "error", "variance path (dσ²) is missing"),
        ({"drop": "mean"}, "error", "mean path (dμ) is missing"),
        ({"drop": "mean", "dy_kind": "centered"}, "warning", "The bug went unnoticed"),
        ({"dtype": "float32"}, "warning", "even though this backward pass is correct"),
        ({"dtype": "float32", "drop": "variance"}, "warning", "cannot tell a bug from rounding"),
        ({"step": 0.1}, "warning", "Inconclusive"),
    ],
)
def test_check_messages(case, kind, words):
    got_kind, text = messages(**case)
    assert got_kind == kind and words in text


def test_progress_line(monkeypatch):
    monkeypatch.setattr(gradflow_state.st, "session_state", {})
    assert gradflow_state.progress_line() is None
    monkeypatch.setattr(
        gradflow_state.st, "session_state", {GradientFlowKeys.CAUGHT: ["mean"], GradientFlowKeys.FLOAT32_SEEN: True}
    )
    line = gradflow_state.progress_line()
    assert "caught 1 of 2 broken backward passes" in line and "float64" in line


@pytest.mark.parametrize(
    "value, text",
    [(0.25, "0.25"), (6.25e-4, "6.25 × 10⁻⁴"), (-3e12, "-3.00 × 10¹²"), (1e308, "1.00 × 10³⁰⁸"), (0.0, "0.00")],
)
def test_number_text_is_the_latex_number_without_markup(value, text):
    assert number_text(value) == text
