"""'Write it yourself': exercises where the learner writes a batch-norm function, and their grading. No Streamlit.

- ``EXERCISES``: id -> ``Exercise``, the content of exercises.toml (prompt, starter code, tiered hints, solution),
  validated strictly when this module loads.
- ``grade(exercise_id, code) -> ExerciseResult``: runs the learner's function confined (``quizzes.sandbox.function``)
  on the seeded inputs of ``quizzes.exercise_specs``, compares every output with bncore's to rtol 1e-6 / atol 1e-8,
  and, when it is wrong, names the mistake: a wrong shape, a known slip (unbiased variance, ε outside the square root,
  a missing gradient path, Keras-style momentum, ...), NaN, or which output differs on which input. For the backward
  exercise dx is also compared with central differences of bncore's forward pass.

``grade`` never raises for any learner code; an unknown exercise id is a programming error (ValueError).
Messages are plain text and may quote the learner's own error message: show them as text, not as HTML.
"""

from __future__ import annotations

import ast
import logging
import re
import time
import tomllib
from dataclasses import dataclass, replace
from importlib import resources

import numpy as np

from bncore import batch_norm_forward, numerical_gradient, relative_error
from quizzes.bank import BankError
from quizzes.exercise_specs import SPECS, Case, Spec
from quizzes.model import TOPICS
from quizzes.practice import HINT_TIERS
from quizzes.sandbox.check import Rejection, check_code
from quizzes.sandbox.function import FunctionRun, run_learner_function

RTOL, ATOL = 1e-6, 1e-8
GRADIENT_TOLERANCE = 1e-7  # relative error of dx against central differences (DESIGN.md); a right dx gives ~1e-10
FIELDS = {"id", "title", "topic", "function", "signature", "prompt", "starter", "hints", "solution"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    topic: str  # a key of quizzes.model.TOPICS: the page it is shown on, and the mastery it counts toward
    function: str  # the name the learner's code must define
    signature: str  # "def batchnorm_forward(x, gamma, beta, eps=1e-5)"
    outputs: tuple[str, ...]  # what the function returns, in order: ("y",) or ("dx", "dgamma", "dbeta")
    prompt: str  # Markdown with $...$ LaTeX (trusted content)
    starter: str  # code the editor starts with
    hints: tuple[str, str, str]  # in the order of quizzes.practice.HINT_TIERS
    solution: str  # a right answer (tests grade it; a page may reveal it)


@dataclass(frozen=True)
class CaseCheck:
    """One test input and whether every output was right on it."""

    label: str
    passed: bool


@dataclass(frozen=True)
class ExerciseResult:
    exercise_id: str
    correct: bool
    message: str  # plain text, one to three sentences, in a learner's words
    # what went wrong: a KnownMistake id of the exercise's spec; "wrong_shape", "nan", "wrong_values" or
    # "gradient_check"; a run problem of quizzes.sandbox.function.PROBLEMS ("rejected", "timeout", "memory", ...);
    # or "internal" (the checker's own failure). None when correct.
    mistake: str | None = None
    checks: tuple[CaseCheck, ...] = ()  # empty when the function never ran to completion
    gradient_error: float | None = None  # backward only: worst relative error of dx against central differences
    printed: str = ""  # what the learner's print() calls wrote, capped
    seconds: float = 0.0  # wall time of the grading


def load_exercises() -> dict[str, Exercise]:
    """Read and validate exercises.toml; any problem raises BankError naming the exercise and the field."""
    data = tomllib.loads(resources.files("quizzes").joinpath("exercises.toml").read_text(encoding="utf-8"))
    exercises = {}
    for raw in data.get("exercise", []):
        exercise = _parse(raw)
        if exercise.id in exercises:
            raise BankError(f"exercises.toml: exercise {exercise.id!r}: duplicate id")
        exercises[exercise.id] = exercise
    if set(exercises) != set(SPECS):
        raise BankError(f"exercises.toml: ids {sorted(exercises)} do not match the grading specs {sorted(SPECS)}")
    return exercises


def _parse(raw: dict) -> Exercise:
    name = raw.get("id", "?")

    def fail(field: str, problem: str) -> BankError:
        return BankError(f"exercises.toml: exercise {name!r}: field {field!r}: {problem}")

    if set(raw) != FIELDS:
        raise fail(", ".join(sorted(set(raw) ^ FIELDS)), "missing or unknown")
    for field in FIELDS - {"hints"}:
        if not isinstance(raw[field], str) or not raw[field].strip():
            raise fail(field, "must be a non-empty string")
    if not ID_PATTERN.match(raw["id"]) or raw["id"] not in SPECS:
        raise fail("id", "must be lowercase words joined by '_', with a grading spec in quizzes/exercise_specs.py")
    if raw["topic"] not in TOPICS:
        raise fail("topic", f"must be one of {sorted(TOPICS)}")
    hints = raw["hints"]
    if not isinstance(hints, list) or len(hints) != len(HINT_TIERS) or not all(isinstance(h, str) and h for h in hints):
        raise fail("hints", f"must be {len(HINT_TIERS)} non-empty strings, one per tier {HINT_TIERS}")
    if not raw["signature"].startswith(f"def {raw['function']}("):
        raise fail("signature", f"must start with 'def {raw['function']}('")
    for field in ("starter", "solution"):
        checked = check_code(raw[field])
        if isinstance(checked, Rejection):
            raise fail(field, f"refused by the sandbox check: {checked.message}")
        if _signatures(raw["signature"] + ": pass") - _signatures(raw[field]):
            raise fail(field, f"must define {raw['signature']}")
    return Exercise(
        raw["id"],
        raw["title"],
        raw["topic"],
        raw["function"],
        raw["signature"],
        SPECS[raw["id"]].outputs,
        raw["prompt"].strip(),
        raw["starter"].lstrip("\n"),
        tuple(hints),
        raw["solution"].lstrip("\n"),
    )


def _signatures(source: str) -> set[str]:
    functions = (node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef))
    return {f"def {node.name}({ast.unparse(node.args)})" for node in functions}


EXERCISES: dict[str, Exercise] = load_exercises()


def grade(exercise_id: str, code: str) -> ExerciseResult:
    """Grade the learner's ``code`` for the exercise. Raises ValueError only for an unknown ``exercise_id``."""
    if exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise_id!r}; known: {sorted(EXERCISES)}")
    start = time.perf_counter()
    try:
        result = _grade(EXERCISES[exercise_id], SPECS[exercise_id], code)
    except Exception:  # a bug of ours must not become a learner's traceback
        logging.getLogger(__name__).exception("grading %s failed", exercise_id)
        result = ExerciseResult(
            exercise_id, False, "The checker failed on this attempt; that is our bug, not yours.", "internal"
        )
    return replace(result, seconds=time.perf_counter() - start)


def _grade(exercise: Exercise, spec: Spec, code: str) -> ExerciseResult:
    cases = spec.cases()
    run = run_learner_function(code, exercise.function, [case.call for case in cases], spec.outputs)
    if not run.ok:
        where = f" (test input: {cases[run.call].label})" if run.call is not None else ""
        return ExerciseResult(exercise.id, False, run.message + where, run.problem, printed=run.printed)
    with np.errstate(all="ignore"):  # learner outputs may hold inf or 1e308: comparing them must not warn
        return _judge(exercise, spec, cases, run)


def _judge(exercise: Exercise, spec: Spec, cases: tuple[Case, ...], run: FunctionRun) -> ExerciseResult:
    """The verdict on outputs the learner's function returned for every input."""
    expected = [spec.reference(*case.call.args, **case.call.kwargs) for case in cases]
    verdict = _diagnose(spec, cases, run.outputs, expected)
    checks = tuple(
        CaseCheck(case.label, _all_close(got, want)) for case, got, want in zip(cases, run.outputs, expected)
    )
    gradient_error = _gradient_error(spec, cases, run.outputs)
    correct = verdict is None and (gradient_error is None or gradient_error < GRADIENT_TOLERANCE)
    if correct:
        verb = "matches" if len(spec.outputs) == 1 else "match"
        message = f"Right: {_listing(spec.outputs)} {verb} bncore on all {len(cases)} test inputs, including "
        message += f"{cases[1].label} and {cases[2].label}."
        mistake = None
    else:
        mistake, message = verdict or ("gradient_check", "Your dx disagrees with central differences.")
    if gradient_error is not None:
        message += (
            f" Gradient check: your dx differs from central differences by a relative error of {gradient_error:.1e}"
            f" ({'under' if gradient_error < GRADIENT_TOLERANCE else 'a right dx stays under'} 1e-7)."
        )
    return ExerciseResult(exercise.id, correct, message, mistake, checks, gradient_error, run.printed)


def _diagnose(spec: Spec, cases, outputs, expected) -> tuple[str, str] | None:
    """None when every output is right on every input; otherwise (mistake id, message)."""
    for case, got, want in zip(cases, outputs, expected):
        for name, shape_words, g, w in zip(spec.outputs, spec.shapes, got, want):
            if g.shape != w.shape:
                return "wrong_shape", (
                    f"`{name}` has shape {g.shape} for {case.label}; it should have shape {w.shape} ({shape_words})."
                )
    if all(_all_close(got, want) for got, want in zip(outputs, expected)):
        return None
    for mistake in spec.mistakes:
        variants = [mistake.variant(*case.call.args, **case.call.kwargs) for case in cases]
        if all(_all_close(got, wrong, equal_nan=True) for got, wrong in zip(outputs, variants)):
            return mistake.id, mistake.message
    for case, got, want in zip(cases, outputs, expected):
        for name, g, w in zip(spec.outputs, got, want):
            if not np.isfinite(g).all() and np.isfinite(w).all():
                return "nan", f"Your `{name}` contains NaN or infinity for {case.label}. {spec.nan_hint}"
    return "wrong_values", _mismatch(spec, cases, outputs, expected)


def _mismatch(spec: Spec, cases: tuple[Case, ...], outputs, expected) -> str:
    """Which outputs are wrong on the first input where any is, by how much, and which are right."""
    for case, got, want in zip(cases, outputs, expected):
        wrong = [name for name, g, w in zip(spec.outputs, got, want) if not _close(g, w)]
        if wrong:
            worst = max(float(np.max(np.abs(g - w))) for g, w in zip(got, want) if not _close(g, w))
            right = [name for name in spec.outputs if name not in wrong]
            message = f"Not yet: {_listing(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong for {case.label}"
            message += f" (largest difference {worst:.3g})"
            if right:
                message += f", while {_listing(right)} {'is' if len(right) == 1 else 'are'} right"
            passed = sum(_all_close(g, w) for g, w in zip(outputs, expected))
            return message + f". {passed} of {len(cases)} test inputs pass; the hints may help."
    return "Not yet."


def _close(got: np.ndarray, want: np.ndarray, equal_nan: bool = False) -> bool:
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=equal_nan))


def _all_close(got, want, equal_nan: bool = False) -> bool:
    return all(_close(g, w, equal_nan) for g, w in zip(got, want))


def _listing(names) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _gradient_error(spec: Spec, cases: tuple[Case, ...], outputs) -> float | None:
    """Worst relative error between the learner's dx and central differences of bncore's forward pass."""
    errors = []
    for index in spec.gradient_cases:
        dx = outputs[index][0]
        dy, x, gamma = cases[index].call.args
        eps = cases[index].call.kwargs.get("eps", 1e-5)
        if dx.shape != x.shape:
            return None
        numeric = numerical_gradient(lambda v, g=gamma, e=eps: batch_norm_forward(v, g, None, e)[0], x.copy(), dy)
        error = relative_error(dx, numeric)
        errors.append(error if np.isfinite(error) else float("inf"))  # NaN or overflow in dx: as far off as can be
    return max(errors) if errors else None
