"""Readers of one entry of the learner record (see ui.common.record.codec for the document): each takes the parsed
JSON value and returns the model's value, or raises RecordFileError with one sentence naming the entry and field.

Plain Python. Besides types and lengths, each reader checks what the rest of the app relies on: quiz topics, kinds
and modes that exist, a practice reveal whose 'held' agrees with its choice and outcome, a lab prediction that is
either unresolved (no answer, no time) or resolved (both), an exercise attempt at an exercise this app has, under its
topic, right exactly when it names no mistake.
"""

from __future__ import annotations

import re

from quizzes.exercises import EXERCISES
from quizzes.glossary import EXPERTISE_LEVELS
from quizzes.model import DIFFICULTIES, KINDS, TOPICS
from quizzes.practice_calibration import CONFIDENCE
from ui.common.record import fields as check
from ui.common.record.fields import RecordFileError
from ui.common.record.model import LabPrediction, Place, PracticeReveal, QuizAnswer, Setting
from ui.exercises.model import MAX_CODE, MAX_MESSAGE, NOT_RECORDED, ExerciseAttempt
from ui.notes.model import ID_PATTERN, PAGE_PATTERN
from ui.walkthrough.latex import LAST_STEP

QUESTION_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")  # authored "mean-1" or generated "gen.mean.42"
CHOICE_PATTERN = re.compile(r"^[a-z0-9_]{1,64}$")  # a practice loop's id and its choices' ids
MISTAKE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # an exercise's mistake id: "unbiased_variance", "nan"
QUIZ_MODES = ("practice", "exam", "review")
QUESTION_SOURCES = ("authored", "generated")
MAX_ANSWER_TEXT = 500
MAX_REASONING = 2_000
MAX_QUESTION = 300
MAX_GUESS = 200
ID_RULE = "1 to 64 letters, digits, '-' or '_'"


def _confidence(value, where: str) -> int:
    return check.integer(value, where, "confidence", min(CONFIDENCE), max(CONFIDENCE))


def setting(value) -> Setting:
    where = "The expertise level"
    fields = check.fields(value, {"level", "at"}, where)
    return Setting(
        check.one_of(fields["level"], EXPERTISE_LEVELS, where, "level"), check.timestamp(fields["at"], where, "at")
    )


def place(value) -> Place:
    where = "Where you left off"
    fields = check.fields(value, {"page", "step", "at"}, where)
    page = check.matching(check.string(fields["page"], where, "page", 60), PAGE_PATTERN, where, "page", "a page title")
    step = None if fields["step"] is None else check.integer(fields["step"], where, "step", 0, LAST_STEP)
    return Place(page, step, check.timestamp(fields["at"], where, "at"))


def quiz_answer(value, number: int) -> QuizAnswer:
    where = f"Answer {number}"
    fields = check.fields(value, set(QuizAnswer.__dataclass_fields__), where)
    question_id = check.string(fields["question_id"], where, "question_id", 80)
    return QuizAnswer(
        id=check.matching(check.string(fields["id"], where, "id", 64), ID_PATTERN, where, "id", ID_RULE),
        attempt=check.integer(fields["attempt"], where, "attempt", 1, 10**9),
        mode=check.one_of(fields["mode"], QUIZ_MODES, where, "mode"),
        question_id=check.matching(question_id, QUESTION_ID_PATTERN, where, "question_id", "a question id"),
        topic=check.one_of(fields["topic"], tuple(TOPICS), where, "topic"),
        kind=check.one_of(fields["kind"], KINDS, where, "kind"),
        source=check.one_of(fields["source"], QUESTION_SOURCES, where, "source"),
        difficulty=check.integer(fields["difficulty"], where, "difficulty", min(DIFFICULTIES), max(DIFFICULTIES)),
        your_answer=check.string(fields["your_answer"], where, "your_answer", MAX_ANSWER_TEXT),
        right_answer=check.string(fields["right_answer"], where, "right_answer", MAX_ANSWER_TEXT),
        correct=check.boolean(fields["correct"], where, "correct"),
        answered_at=check.timestamp(fields["answered_at"], where, "answered_at"),
    )


def practice_reveal(value, number: int) -> PracticeReveal:
    where = f"Practice loop {number}"
    fields = check.fields(value, set(PracticeReveal.__dataclass_fields__), where)

    def choice(name: str) -> str:
        return check.matching(check.string(fields[name], where, name, 64), CHOICE_PATTERN, where, name, "an id")

    reveal = PracticeReveal(
        loop_id=choice("loop_id"),
        choice=choice("choice"),
        reasoning=check.string(fields["reasoning"], where, "reasoning", MAX_REASONING),
        confidence=_confidence(fields["confidence"], where),
        outcome=choice("outcome"),
        held=check.boolean(fields["held"], where, "held"),
        hints=check.integer(fields["hints"], where, "hints", 0, 3),
        revealed_at=check.timestamp(fields["revealed_at"], where, "revealed_at"),
    )
    if reveal.held != (reveal.choice == reveal.outcome):
        raise RecordFileError(f"{where}: 'held' does not agree with 'choice' and 'outcome'.")
    return reveal


def lab_prediction(value, number: int) -> LabPrediction:
    where = f"Prediction {number}"
    fields = check.fields(value, set(LabPrediction.__dataclass_fields__), where)
    held = fields["held"]
    prediction = LabPrediction(
        id=check.matching(check.string(fields["id"], where, "id", 64), ID_PATTERN, where, "id", ID_RULE),
        page=check.matching(
            check.string(fields["page"], where, "page", 60), PAGE_PATTERN, where, "page", "a page title"
        ),
        question=check.string(fields["question"], where, "question", MAX_QUESTION, empty_ok=False),
        guess=check.string(fields["guess"], where, "guess", MAX_GUESS, empty_ok=False),
        confidence=_confidence(fields["confidence"], where),
        made=check.timestamp(fields["made"], where, "made"),
        answer=check.string(fields["answer"], where, "answer", MAX_GUESS),
        held=None if held is None else check.boolean(held, where, "held"),
        resolved=check.timestamp(fields["resolved"], where, "resolved", empty_ok=True),
    )
    if (prediction.held is None) != (prediction.resolved == "") or (prediction.held is None) != (
        prediction.answer == ""
    ):
        raise RecordFileError(f"{where}: 'held', 'answer' and 'resolved' must be all set or all empty.")
    if prediction.resolved and prediction.resolved < prediction.made:
        raise RecordFileError(f"{where}: 'resolved' ({prediction.resolved}) is earlier than 'made'.")
    return prediction


def exercise_attempt(value, number: int) -> ExerciseAttempt:
    where = f"Exercise attempt {number}"
    fields = check.fields(value, set(ExerciseAttempt.__dataclass_fields__), where)
    exercise_id = check.one_of(fields["exercise_id"], tuple(EXERCISES), where, "exercise_id")
    topic = check.string(fields["topic"], where, "topic", 40)
    if topic != EXERCISES[exercise_id].topic:
        raise RecordFileError(f"{where}: 'topic' must be {EXERCISES[exercise_id].topic!r}, the topic of {exercise_id}.")
    mistake = fields["mistake"]
    if mistake is not None:
        mistake = check.string(mistake, where, "mistake", 40)
        check.matching(mistake, MISTAKE_PATTERN, where, "mistake", "an id")
        if mistake in NOT_RECORDED:
            raise RecordFileError(f"{where}: 'mistake' {mistake!r} is never recorded (the code got no verdict).")
    attempt = ExerciseAttempt(
        id=check.matching(check.string(fields["id"], where, "id", 64), ID_PATTERN, where, "id", ID_RULE),
        exercise_id=exercise_id,
        topic=topic,
        code=check.string(fields["code"], where, "code", MAX_CODE),
        correct=check.boolean(fields["correct"], where, "correct"),
        mistake=mistake,
        message=check.string(fields["message"], where, "message", MAX_MESSAGE),
        submitted_at=check.timestamp(fields["submitted_at"], where, "submitted_at"),
    )
    if attempt.correct != (attempt.mistake is None):
        raise RecordFileError(f"{where}: a right attempt names no 'mistake', and a wrong one names one.")
    return attempt
