"""The authored question bank: TOML files ``quizzes/questions_*.toml``, one per topic, loaded and validated strictly.

Every problem raises ``BankError`` (a ValueError) whose message names the file, the question id and the field, e.g.
``questions_gamma_beta.toml: question 'gb-identity': field 'option[2].feedback': must be a non-empty string``.

File format (the loader accepts nothing else):

    [[question]]
    id = "stats-biased"            # unique over the whole bank: lowercase words joined by '-'
    topic = "batch_statistics"     # a key of quizzes.model.TOPICS
    kind = "single"                # single | multiple | true_false | numeric
    difficulty = 1                 # 1, 2 or 3
    prompt = "..."                 # Markdown; $...$ for LaTeX
    explanation = "..."
    page = "pages/1_Walkthrough.py"   # optional: where the idea can be seen

    [[question.option]]            # single (exactly one correct) and multiple (at least one correct, one wrong)
    text = "..."
    correct = true
    feedback = "..."               # why this option is right or wrong

    # true_false instead has: answer = true|false, feedback_true = "...", feedback_false = "..."
    # numeric instead has: answer = 1.5, tolerance = 0.01, feedback_correct = "...", feedback_wrong = "...",
    #   and optionally [[question.mistake]] value = ..., feedback = "..." for wrong answers a known slip produces.
    #   When the answer or a mistake needs rounding, the prompt states quizzes.precision.PRECISION_NOTE and the
    #   tolerance is 0.01 (the precision rule, checked here).
"""

from __future__ import annotations

import math
import re
import tomllib
from importlib import resources

from quizzes.model import DIFFICULTIES, KINDS, TOPICS, Mistake, Option, Question
from quizzes.precision import PRECISION_NOTE, precision_problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAGE_PATTERN = re.compile(r"^pages/[0-9]+_[A-Za-z_]+\.py$")
COMMON_FIELDS = {"id", "topic", "kind", "difficulty", "prompt", "explanation"}
KIND_FIELDS = {
    "single": ({"option"}, set()),  # (required, optional) beyond the common fields and "page"
    "multiple": ({"option"}, set()),
    "true_false": ({"answer", "feedback_true", "feedback_false"}, set()),
    "numeric": ({"answer", "tolerance", "feedback_correct", "feedback_wrong"}, {"mistake"}),
}
OPTION_FIELDS = {"text", "correct", "feedback"}
MISTAKE_FIELDS = {"value", "feedback"}
MAX_OPTIONS = 8


class BankError(ValueError):
    """A question file that does not follow the format; the message names file, question and field."""


class _Where:
    """Builds error messages that name the file, the question and the field."""

    def __init__(self, source: str, question_id: str):
        self.source, self.question_id = source, question_id

    def error(self, field: str, problem: str) -> BankError:
        return BankError(f"{self.source}: question {self.question_id!r}: field {field!r}: {problem}")


def _text(entry: dict, field: str, where: _Where, label: str | None = None) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise where.error(label or field, "must be a non-empty string")
    return value.strip()


def _number(entry: dict, field: str, where: _Where, label: str | None = None) -> float:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise where.error(label or field, f"must be a finite number, got {value!r}")
    return float(value)


def _check_fields(entry: dict, required: set[str], optional: set[str], where: _Where, prefix: str = "") -> None:
    missing = sorted(required - entry.keys())
    if missing:
        raise where.error(prefix + missing[0], "is missing")
    unknown = sorted(entry.keys() - required - optional)
    if unknown:
        raise where.error(prefix + unknown[0], "is not a known field")


def _options(entry: dict, kind: str, where: _Where) -> tuple[Option, ...]:
    raw = entry["option"]
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
        raise where.error("option", f"must list 2 to {MAX_OPTIONS} options")
    options = []
    for position, item in enumerate(raw):
        prefix = f"option[{position}]."
        if not isinstance(item, dict):
            raise where.error(f"option[{position}]", "must be a table with text, correct and feedback")
        _check_fields(item, OPTION_FIELDS, set(), where, prefix)
        if not isinstance(item["correct"], bool):
            raise where.error(prefix + "correct", "must be true or false")
        options.append(
            Option(
                id=chr(ord("a") + position),
                text=_text(item, "text", where, prefix + "text"),
                correct=item["correct"],
                feedback=_text(item, "feedback", where, prefix + "feedback"),
            )
        )
    if len({option.text for option in options}) != len(options):
        raise where.error("option", "two options have the same text")
    right = sum(option.correct for option in options)
    if kind == "single" and right != 1:
        raise where.error("option", f"a single-choice question needs exactly one correct option, found {right}")
    if kind == "multiple" and not 1 <= right < len(options):
        raise where.error(
            "option",
            f"a multiple-select question needs at least one correct and one wrong option, "
            f"found {right} correct of {len(options)}",
        )
    return tuple(options)


def true_false_options(answer: bool, feedback_true: str, feedback_false: str) -> tuple[Option, ...]:
    """The two options of a true/false question, "true" first."""
    return (Option("true", "True", answer, feedback_true), Option("false", "False", not answer, feedback_false))


def _mistakes(entry: dict, answer: float, tolerance: float, where: _Where) -> tuple[Mistake, ...]:
    raw = entry.get("mistake", [])
    if not isinstance(raw, list):
        raise where.error("mistake", "must be a list of tables with value and feedback")
    mistakes: list[Mistake] = []
    for position, item in enumerate(raw):
        prefix = f"mistake[{position}]."
        if not isinstance(item, dict):
            raise where.error(f"mistake[{position}]", "must be a table with value and feedback")
        _check_fields(item, MISTAKE_FIELDS, set(), where, prefix)
        value = _number(item, "value", where, prefix + "value")
        if abs(value - answer) <= tolerance:
            raise where.error(prefix + "value", "is within the tolerance of the right answer, so it would grade right")
        if any(abs(value - other.value) <= tolerance for other in mistakes):
            raise where.error(prefix + "value", "is within the tolerance of another mistake")
        mistakes.append(Mistake(value, _text(item, "feedback", where, prefix + "feedback")))
    return tuple(mistakes)


def parse_question(entry: dict, source: str, position: int) -> Question:
    """One [[question]] table -> Question, or BankError naming the file, the id and the field."""
    raw_id = entry.get("id") if isinstance(entry, dict) else None
    where = _Where(source, raw_id if isinstance(raw_id, str) else f"#{position + 1}")
    if not isinstance(entry, dict):
        raise where.error("question", "must be a table")
    if not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
        raise where.error("id", "must be lowercase letters and digits in words joined by '-'")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise where.error("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    required, optional = KIND_FIELDS[kind]
    _check_fields(entry, COMMON_FIELDS | required, optional | {"page"}, where)
    if entry["topic"] not in TOPICS:
        raise where.error("topic", f"must be one of {', '.join(TOPICS)}, got {entry['topic']!r}")
    difficulty = entry["difficulty"]
    if isinstance(difficulty, bool) or difficulty not in DIFFICULTIES:
        raise where.error("difficulty", f"must be 1, 2 or 3, got {difficulty!r}")
    page = entry.get("page")
    if page is not None and (not isinstance(page, str) or not PAGE_PATTERN.match(page)):
        raise where.error("page", f"must look like 'pages/1_Walkthrough.py', got {page!r}")
    common = {
        "id": raw_id,
        "topic": entry["topic"],
        "kind": kind,
        "difficulty": difficulty,
        "prompt": _text(entry, "prompt", where),
        "explanation": _text(entry, "explanation", where),
        "page": page,
    }
    if kind in ("single", "multiple"):
        return Question(**common, options=_options(entry, kind, where))
    if kind == "true_false":
        if not isinstance(entry["answer"], bool):
            raise where.error("answer", "must be true or false")
        options = true_false_options(
            entry["answer"], _text(entry, "feedback_true", where), _text(entry, "feedback_false", where)
        )
        return Question(**common, options=options)
    answer = _number(entry, "answer", where)
    tolerance = _number(entry, "tolerance", where)
    if tolerance < 0:
        raise where.error("tolerance", f"must be zero or positive, got {tolerance!r}")
    mistakes = _mistakes(entry, answer, tolerance, where)
    problem = precision_problem(common["prompt"], answer, tolerance, [mistake.value for mistake in mistakes])
    if problem:
        raise where.error("tolerance" if PRECISION_NOTE in common["prompt"] else "prompt", problem)
    return Question(
        **common,
        answer=answer,
        tolerance=tolerance,
        feedback_correct=_text(entry, "feedback_correct", where),
        feedback_wrong=_text(entry, "feedback_wrong", where),
        mistakes=mistakes,
    )


def parse_bank(text: str, source: str) -> list[Question]:
    """Every question of one TOML file's text; BankError on the first problem."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BankError(f"{source}: not valid TOML: {error}") from error
    unknown = sorted(document.keys() - {"question"})
    if unknown:
        raise BankError(f"{source}: unknown top-level key {unknown[0]!r} (only [[question]] tables are allowed)")
    entries = document.get("question", [])
    if not isinstance(entries, list) or not entries:
        raise BankError(f"{source}: no [[question]] tables")
    return [parse_question(entry, source, position) for position, entry in enumerate(entries)]


def load_bank() -> list[Question]:
    """Every authored question, file by file in name order, validated; BankError names file, id and field."""
    folder = resources.files("quizzes")
    files = sorted(
        (item for item in folder.iterdir() if item.name.startswith("questions_") and item.name.endswith(".toml")),
        key=lambda item: item.name,
    )
    questions: list[Question] = []
    first_source: dict[str, str] = {}
    for item in files:
        for question in parse_bank(item.read_text(encoding="utf-8"), item.name):
            if question.id in first_source:
                raise BankError(
                    f"{item.name}: question {question.id!r}: field 'id': duplicate, first used in "
                    f"{first_source[question.id]}"
                )
            first_source[question.id] = item.name
            questions.append(question)
    return questions
