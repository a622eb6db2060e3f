"""The code views read bncore's own source: every step's comment and assignments must still be there (these tests
fail as soon as the engine changes under a page), the values shown beside a step are named as in those lines and are
the engine's numbers, and the HTML of the code block shows the source as text."""

import numpy as np
import pytest

from bncore import batch_norm_backward_steps, batch_norm_forward, make_feature_batch
from ui.common.code_panel import code_html
from ui.common.source import SourceError, SourceView, StepCode, mentions, step_source
from ui.gradient_flow import code_steps as backward_code
from ui.gradient_flow.compute import backward_numbers
from ui.walkthrough import code_steps as forward_code
from ui.walkthrough.compute import RunningStats, compute
from ui.walkthrough.latex import STEP_TITLES

X = make_feature_batch(6, 3, seed=4)
GAMMA, BETA = np.array([1.5, 0.5, 2.0]), np.array([0.1, -1.0, 0.0])


def walkthrough_numbers():
    running = RunningStats(np.array([0.5, -0.2, 1.0]), np.array([2.0, 0.5, 1.0]), 3)
    return compute(X, GAMMA, BETA, 1e-5, 0.1, running)


def a_function_with_steps(x):
    """Docstring lines are left out of the view."""
    scale = 2.0
    # 1. first step
    doubled = x * scale
    # 2. second step
    total, count = doubled.sum(), len(doubled)
    return total / count


def test_a_step_is_its_comment_and_the_assignments_named():
    view = step_source(StepCode(a_function_with_steps, "2.", ("count",)))
    assert view.qualname == "a_function_with_steps" and view.path == "tests/ui/test_code_source.py"
    assert "Docstring" not in "\n".join(view.lines)
    assert view.marked_text.splitlines() == ["    # 2. second step", "    total, count = doubled.sum(), len(doubled)"]
    assert view.lines[0].startswith("def a_function_with_steps")
    before = step_source(StepCode(a_function_with_steps, None, ("scale",)))
    assert before.marked_text == "    scale = 2.0"  # no comment before the first numbered one


@pytest.mark.parametrize(
    "step, problem",
    [
        (StepCode(a_function_with_steps, "3.", ("doubled",)), "no comment '# 3.'"),
        (StepCode(a_function_with_steps, "1.", ("total",)), "no longer assigns total after '# 1.'"),  # it is in 2.
        (StepCode(a_function_with_steps, None, ("doubled",)), "before the first numbered comment"),
    ],
)
def test_a_missing_comment_or_assignment_is_named(step, problem):
    with pytest.raises(SourceError, match=problem):
        step_source(step)


@pytest.mark.parametrize("step", range(len(STEP_TITLES)))
def test_every_walkthrough_step_finds_its_lines_and_names_its_values_as_they_are_written(step):
    view = step_source(forward_code.STEP_CODE[step])
    assert view.marked and view.marked <= set(view.numbers)
    values = forward_code.step_values(step, walkthrough_numbers(), feature=1)
    assert values.names(), "a step shows at least one value"
    missing = [name for name in values.names() if not mentions(view.marked_text, name)]
    assert not missing, f"step {step} shows {missing}, which its highlighted lines do not mention"


@pytest.mark.parametrize("step", range(6))
def test_every_backward_step_finds_its_lines_and_names_its_values_as_they_are_written(step):
    view = step_source(backward_code.STEP_CODE[step])
    numbers = backward_numbers(X, 1.5, 0.2, "random", seed=3, sample=0, feature=2)
    values = backward_code.step_values(step, numbers, feature=2)
    missing = [name for name in values.names() if not mentions(view.marked_text, name)]
    assert not missing, f"backward step {step} shows {missing}, which its highlighted lines do not mention"


def test_the_numbered_forward_steps_are_the_engines_comments_in_order():
    views = [step_source(code) for code in forward_code.STEP_CODE[1:5]]
    firsts = [view.marked_text.splitlines()[0].strip() for view in views]
    assert [text[:3] for text in firsts] == ["# 1", "# 2", "# 3", "# 4"]
    assert "var = np.square(x_centered).sum(axis=axes) / count" in views[1].marked_text  # the biased variance
    assert "np.sqrt(var + eps)" in views[2].marked_text  # eps inside the square root
    running = step_source(forward_code.STEP_CODE[5])
    assert running.qualname == "BatchNorm._update_running_stats"
    assert "cache.count / (cache.count - 1)" in running.marked_text  # the unbiased variance goes into running_var


def test_walkthrough_values_are_bncores_numbers_for_the_followed_feature():
    numbers, j = walkthrough_numbers(), 1
    y, cache = batch_norm_forward(X, GAMMA, BETA, 1e-5)
    values = {step: forward_code.step_values(step, numbers, j) for step in range(6)}
    assert dict(values[1].scalars)["mean"] == pytest.approx(cache.mean[j])
    np.testing.assert_allclose(dict(values[2].columns)["x_centered"], cache.x_centered[:, j])
    assert dict(values[3].scalars)["inv_std"] == pytest.approx(cache.inv_std[0, j])
    np.testing.assert_allclose(dict(values[4].columns)["y"], y[:, j])
    after = dict(values[5].scalars)
    assert after["self.running_mean (after)"] == pytest.approx(0.9 * -0.2 + 0.1 * cache.mean[j])
    assert after["self.running_var (after)"] == pytest.approx(0.9 * 0.5 + 0.1 * cache.var[j] * 6 / 5)


def test_backward_values_are_bncores_gradients():
    numbers, j = backward_numbers(X, 1.5, 0.2, "random", seed=3, sample=0, feature=2), 2
    grads = batch_norm_backward_steps(numbers.dy, numbers.cache)
    shown = [dict(backward_code.step_values(step, numbers, j).scalars) for step in range(6)]
    assert shown[0]["dbeta"] == pytest.approx(grads.dbeta[j]) and shown[1]["dgamma"] == pytest.approx(grads.dgamma[j])
    assert shown[3]["dvar"] == pytest.approx(grads.dvar[j]) and shown[4]["dmean"] == pytest.approx(grads.dmean[j])
    np.testing.assert_allclose(dict(backward_code.step_values(5, numbers, j).columns)["dx"], grads.dx[:, j])


def test_mentions_matches_whole_names_only():
    assert mentions("dx = dx_hat * c.inv_std", "dx") and mentions("y = c.x_hat", "c.x_hat")
    assert not mentions("dx_hat = dy", "dx") and not mentions("y = c.x_hat", "x_hat")
    assert mentions("self.running_mean = 1", "self.running_mean")


def test_the_code_block_shows_source_as_text_and_marks_the_steps_lines():
    lines = ("def f():", '    s = "<script>alert(1)</script>"', "    return s")
    view = SourceView("m.py", "f", (10, 11, 12), lines, frozenset({11}))
    block = code_html(view)
    assert "<script>" not in block and "&lt;script&gt;alert(1)&lt;/script&gt;" in block
    assert block.count('data-marked="true"') == 1 and block.count('data-marked="false"') == 2
    assert ">11</span>" in block
