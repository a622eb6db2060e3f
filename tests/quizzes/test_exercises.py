"""Write-it-yourself exercises: the content is valid, every solution passes, every known mistake is recognised by its
own message, and the other ways of being wrong (shape, type, NaN, an exception, a mix of slips) get clear messages."""

import ast
import itertools
import subprocess
import sys

import numpy as np
import pytest

from quizzes.exercise_specs import SPECS
from quizzes.exercises import EXERCISES, GRADIENT_TOLERANCE, grade
from quizzes.model import TOPICS
from quizzes.practice import HINT_TIERS
from quizzes.sandbox.check import CheckedCode, check_code
from tests.conftest import ROOT
from tests.quizzes.mistaken_solutions import MISTAKEN, backward, forward, layer_norm, running

REQUIRED = {"bn_forward", "bn_backward", "running_stats", "layer_norm_forward"}


def test_the_issue_s_exercises_exist_with_their_signatures():
    assert set(EXERCISES) >= REQUIRED
    assert EXERCISES["bn_forward"].signature == "def batchnorm_forward(x, gamma, beta, eps=1e-5)"
    assert EXERCISES["bn_backward"].signature == "def batchnorm_backward(dy, x, gamma, eps=1e-5)"
    assert EXERCISES["bn_backward"].outputs == ("dx", "dgamma", "dbeta")
    assert EXERCISES["running_stats"].signature == "def update_running(running_mean, running_var, x, momentum=0.1)"
    assert EXERCISES["layer_norm_forward"].signature == "def layernorm_forward(x, gamma, beta, eps=1e-5)"


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_every_exercise_has_a_topic_three_hints_and_code_the_sandbox_accepts(exercise):
    assert exercise.topic in TOPICS
    assert len(exercise.hints) == len(HINT_TIERS) and all(exercise.hints)
    assert isinstance(check_code(exercise.starter), CheckedCode)
    assert isinstance(check_code(exercise.solution), CheckedCode)
    assert exercise.signature in exercise.starter and exercise.signature in exercise.solution


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_every_solution_passes_on_every_input(exercise_id):
    result = grade(exercise_id, EXERCISES[exercise_id].solution)
    assert result.correct, result.message
    assert result.mistake is None and result.message.startswith("Right")
    assert len(result.checks) >= 4 and all(check.passed for check in result.checks)
    labels = " ".join(check.label for check in result.checks)
    assert "N = 2" in labels or "batch of one" in labels


def test_the_backward_solution_also_passes_the_numerical_gradient_check():
    result = grade("bn_backward", EXERCISES["bn_backward"].solution)
    assert result.gradient_error is not None and result.gradient_error < GRADIENT_TOLERANCE
    assert "central differences" in result.message


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_the_unchanged_starter_is_wrong_and_says_it_is_still_the_placeholder(exercise_id):
    result = grade(exercise_id, EXERCISES[exercise_id].starter)
    assert not result.correct and result.mistake == "wrong_type"
    assert "placeholder" in result.message


@pytest.mark.parametrize(("exercise_id", "mistake_id"), list(MISTAKEN), ids=[f"{e}-{m}" for e, m in MISTAKEN])
def test_each_known_mistake_is_recognised_by_its_own_message(exercise_id, mistake_id):
    result = grade(exercise_id, MISTAKEN[exercise_id, mistake_id])
    expected = next(m for m in SPECS[exercise_id].mistakes if m.id == mistake_id)
    assert not result.correct
    assert result.mistake == mistake_id, result.message
    assert result.message.startswith(expected.message)
    assert not all(check.passed for check in result.checks)


def test_every_known_mistake_has_a_mistaken_solution_here_and_its_own_message():
    for exercise_id, spec in SPECS.items():
        ids = {mistake.id for mistake in spec.mistakes}
        assert ids == {m for e, m in MISTAKEN if e == exercise_id}
        messages = [mistake.message for mistake in spec.mistakes]
        assert len(set(messages)) == len(messages)


def test_the_issue_s_mistakes_are_all_among_the_known_ones():
    known = {(e, m.id) for e, spec in SPECS.items() for m in spec.mistakes}
    assert {
        ("bn_forward", "unbiased_variance"),
        ("bn_forward", "eps_outside_sqrt"),
        ("bn_backward", "missing_mean_path"),
        ("bn_backward", "missing_variance_path"),
        ("running_stats", "keras_momentum"),
    } <= known


@pytest.mark.parametrize("exercise_id", list(SPECS))
def test_every_variant_differs_from_the_right_answer_and_from_every_other_variant(exercise_id):
    """Otherwise a right answer could be diagnosed as a mistake, or one slip named as another."""
    spec = SPECS[exercise_id]
    cases = spec.cases()

    def outputs(function):
        with np.errstate(all="ignore"):
            return [function(*case.call.args, **case.call.kwargs) for case in cases]

    def same(a, b):
        return all(
            np.allclose(x, y, rtol=1e-6, atol=1e-8, equal_nan=True)
            for left, right in zip(a, b)
            for x, y in zip(left, right)
        )

    results = {"right": outputs(spec.reference)} | {m.id: outputs(m.variant) for m in spec.mistakes}
    for (a, out_a), (b, out_b) in itertools.combinations(results.items(), 2):
        assert not same(out_a, out_b), f"{a} and {b} agree on every input"


def test_the_inputs_are_the_same_on_every_grading():
    first, second = SPECS["bn_forward"].cases(), SPECS["bn_forward"].cases()
    assert all(np.array_equal(a.call.args[0], b.call.args[0]) for a, b in zip(first, second))


def test_a_wrong_shape_names_the_output_and_the_right_shape():
    result = grade("bn_backward", backward(dgamma="dy * x_hat"))
    assert result.mistake == "wrong_shape"
    assert "`dgamma` has shape (8, 3)" in result.message and "(3,)" in result.message
    assert "sum over the batch axis" in result.message


def test_a_missing_keepdims_in_layer_norm_is_a_clear_broadcasting_error():
    result = grade("layer_norm_forward", layer_norm(mean="x.mean(axis=1)", var="x.var(axis=1)"))
    assert result.mistake == "exception"
    assert result.message.startswith("Line 5: ValueError: operands could not be broadcast")
    assert "(test input: 4 samples × 5 features)" in result.message


def test_nan_output_is_named_with_the_input_that_produced_it():
    code = "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    return x * np.nan\n"
    result = grade("bn_forward", code)
    assert not result.correct and result.mistake == "nan"
    assert "NaN" in result.message and "8 samples × 3 features" in result.message


@pytest.mark.parametrize(
    ("returned", "words"),
    [
        ("x.tolist() and 'y'", "a value of type str"),
        ("(x, x)", "a tuple of 2 values; it should return `y`, one NumPy array"),
        ("None", "None (is a `return` missing?)"),
    ],
)
def test_output_of_the_wrong_type_is_named(returned, words):
    result = grade("bn_forward", f"def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    return {returned}\n")
    assert not result.correct and result.mistake == "wrong_type"
    assert words in result.message


def test_a_tuple_of_the_wrong_length_says_what_to_return():
    result = grade("bn_backward", backward(returned="dx, dgamma"))
    assert result.mistake == "wrong_type"
    assert "a tuple of 3 arrays (dx, dgamma, dbeta)" in result.message


def test_two_slips_at_once_say_which_outputs_are_wrong_and_which_are_right():
    code = backward(dx="dx_hat * inv_std + dvar * x_centered / n + dmean / n")  # the factor 2 forgotten
    result = grade("bn_backward", code)
    assert result.mistake == "wrong_values"
    assert "`dx` is wrong" in result.message and "`dgamma` and `dbeta` are right" in result.message
    assert result.gradient_error is not None and result.gradient_error > GRADIENT_TOLERANCE
    assert "central differences" in result.message


def test_momentum_hard_coded_instead_of_the_argument_fails_on_the_inputs_that_pass_one():
    result = grade("running_stats", running(new_mean="0.9 * running_mean + 0.1 * batch_mean"))
    assert result.mistake == "wrong_values"
    assert "`running_mean` is wrong" in result.message and "momentum = 0.2" in result.message
    assert [check.passed for check in result.checks] == [True, False, False, False]


def test_an_exception_in_the_learner_s_code_names_their_line_and_the_input():
    code = forward(var="x.var(axis=0) + undefined_name")
    result = grade("bn_forward", code)
    assert result.mistake == "exception"
    assert result.message.startswith("Line 4: NameError: name 'undefined_name' is not defined")


def test_a_missing_function_is_named():
    result = grade("bn_forward", "def batch_norm(x, gamma, beta, eps=1e-5):\n    return x\n")
    assert result.mistake == "missing_function" and "`batchnorm_forward`" in result.message


def test_what_the_learner_prints_comes_back_with_the_result():
    code = EXERCISES["bn_forward"].solution.replace("    return", "    print('shape', x.shape)\n    return")
    result = grade("bn_forward", code)
    assert result.correct
    assert result.printed.startswith("shape (8, 3)\n")


def test_an_unknown_exercise_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown exercise"):
        grade("no_such_exercise", "")


def test_the_exercises_and_their_sandbox_import_no_streamlit():
    code = "import sys; import quizzes.exercises; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    top_level = {name.split(".")[0] for name in out.split()}
    third_party = {name for name in top_level if name not in sys.stdlib_module_names and not name.startswith("_")}
    assert third_party <= {"quizzes", "bncore", "numpy"}


@pytest.mark.parametrize("child", ["launch.py", "function_child.py"])
def test_the_programs_the_child_runs_import_only_the_standard_library_and_numpy(child):
    """They run in the confined process, where the app's packages are neither loaded nor wanted."""
    nodes = list(ast.walk(ast.parse((ROOT / "quizzes" / "sandbox" / child).read_text())))
    imported = {alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in nodes if isinstance(node, ast.ImportFrom)}
    assert imported and {name.split(".")[0] for name in imported} <= set(sys.stdlib_module_names) | {"numpy"}


def test_huge_finite_outputs_are_compared_without_warnings():
    """pytest turns RuntimeWarnings into errors here, so an overflow while comparing would fail this test."""
    result = grade("bn_backward", backward(dx="dx_hat * 1e307", dgamma="(dy * x_hat).sum(axis=0) * 1e307"))
    assert result.mistake == "wrong_values" and "`dx` and `dgamma` are wrong" in result.message
    assert result.gradient_error is not None and result.gradient_error > GRADIENT_TOLERANCE
