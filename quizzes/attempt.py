"""Attempts: which questions a practice run, an exam or a review asks, in which order, and what was answered.

Everything random is drawn from ``np.random.default_rng(seed)`` of the attempt: the question order, the option order
of every choice question, and the seeds of the generated questions. The same bank, filters and seed give the same
attempt.

Question references are ids: authored ids from the TOML bank, or ``gen.<name>.<seed>`` for generated ones, which
``question_by_id`` rebuilds on demand. A review asks a missed generated question again with a fresh seed (new
numbers, same task). For a beginner (``ordered_by_level``) a run goes from Basic to Advanced, shuffled within a level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from quizzes.generators import GENERATOR_INFO, PREFIX, generated_question
from quizzes.generators.question import generator_of
from quizzes.grading import expected_text, grade
from quizzes.model import DIFFICULTIES, TOPICS, Question, Result

SOURCE_CHOICES = ("both", "authored", "generated")
GENERATED_PER_GENERATOR = 3  # instances of each matching generator in a pool, each with its own seed
MAX_GENERATED_SEED = 1_000_000


@dataclass(frozen=True)
class Filters:
    topics: tuple[str, ...] = tuple(TOPICS)
    difficulties: tuple[int, ...] = DIFFICULTIES
    source: str = "both"  # one of SOURCE_CHOICES

    def problem(self) -> str | None:
        """One sentence saying why these filters cannot start a quiz, or None if they can."""
        if not self.topics:
            return "Choose at least one topic to start a quiz."
        if not self.difficulties:
            return "Choose at least one difficulty to start a quiz."
        if self.source not in SOURCE_CHOICES:
            return f"Choose questions from one of: {', '.join(SOURCE_CHOICES)}."
        unknown = [topic for topic in self.topics if topic not in TOPICS]
        if unknown:
            return f"'{unknown[0]}' is not a topic of this quiz."
        return None

    def admits(self, topic: str, difficulty: int) -> bool:
        return topic in self.topics and difficulty in self.difficulties


def pool(bank: list[Question], filters: Filters) -> list[str]:
    """What the filters let in: authored ids, and each matching generator's name GENERATED_PER_GENERATOR times."""
    refs = []
    if filters.source in ("both", "authored"):
        refs += [q.id for q in bank if filters.admits(q.topic, q.difficulty)]
    if filters.source in ("both", "generated"):
        for name, (topic, difficulty, _) in GENERATOR_INFO.items():
            if filters.admits(topic, difficulty):
                refs += [name] * GENERATED_PER_GENERATOR
    return refs


def question_by_id(question_id: str, authored: dict[str, Question]) -> Question:
    """The question an id names: from the authored bank, or rebuilt by its generator; KeyError if neither."""
    if question_id.startswith(PREFIX):
        return generated_question(question_id)
    return authored[question_id]


@dataclass
class Attempt:
    number: int  # 1, 2, ... within the learner's session
    mode: str  # "practice" | "exam" | "review"
    seed: int
    question_ids: tuple[str, ...]
    option_orders: dict[str, tuple[str, ...]]  # question id -> option ids in display order (empty for numeric)
    results: dict[str, Result] = field(default_factory=dict)  # graded answers, by question id
    position: int = 0  # practice and review: index of the question on screen
    submitted: bool = False  # exam: answers locked, score shown

    @property
    def finished(self) -> bool:
        return self.submitted if self.mode == "exam" else self.position >= len(self.question_ids)

    @property
    def current_id(self) -> str | None:
        """Practice and review: the question on screen, or None when the run is done."""
        return None if self.finished else self.question_ids[self.position]

    @property
    def right(self) -> int:
        return sum(result.correct for result in self.results.values())

    def advance(self) -> None:
        """Practice and review: move on once the current question is answered."""
        if self.current_id is not None and self.current_id in self.results:
            self.position += 1


def _option_order(question: Question, rng: np.random.Generator) -> tuple[str, ...]:
    ids = tuple(option.id for option in question.options)
    if question.kind in ("single", "multiple"):
        return tuple(ids[i] for i in rng.permutation(len(ids)))
    return ids  # true/false keeps True before False; numeric has none


def _build(number: int, mode: str, seed: int, refs: list[str], authored: dict[str, Question]) -> Attempt:
    rng = np.random.default_rng(seed)
    ids: list[str] = []
    for ref in (refs[i] for i in rng.permutation(len(refs))):
        if ref in GENERATOR_INFO:
            ref = f"{PREFIX}{ref}.{int(rng.integers(MAX_GENERATED_SEED))}"
        if ref not in ids:
            ids.append(ref)
    orders = {qid: _option_order(question_by_id(qid, authored), rng) for qid in ids}
    return Attempt(number, mode, seed, tuple(ids), orders)


def _by_level(attempt: Attempt, authored: dict[str, Question]) -> Attempt:
    """The attempt with its questions ordered Basic -> Intermediate -> Advanced, keeping the shuffle within a level."""
    attempt.question_ids = tuple(
        sorted(attempt.question_ids, key=lambda question_id: question_by_id(question_id, authored).difficulty)
    )
    return attempt


def start_attempt(
    bank: list[Question],
    filters: Filters,
    mode: str,
    *,
    size: int,
    number: int,
    seed: int,
    ordered_by_level: bool = False,
) -> Attempt:
    """A practice run (every question the filters admit) or an exam (``size`` of them), shuffled by ``seed``;
    with ``ordered_by_level`` the chosen questions go from Basic to Advanced (what an exam asks stays the same).

    ValueError with a one-sentence message when the filters are unusable or admit no question.
    """
    problem = filters.problem()
    if problem:
        raise ValueError(problem)
    refs = pool(bank, filters)
    if not refs:
        raise ValueError("No question matches these filters: add a topic or a difficulty, or allow both sources.")
    authored = {q.id: q for q in bank}
    attempt = _build(number, mode, seed, refs, authored)
    if mode == "exam":
        attempt.question_ids = attempt.question_ids[:size]
        attempt.option_orders = {qid: attempt.option_orders[qid] for qid in attempt.question_ids}
    return _by_level(attempt, authored) if ordered_by_level else attempt


def review_attempt(missed: list[str], bank: list[Question], *, number: int, seed: int) -> Attempt:
    """A review run that asks again the questions last answered wrongly: authored ones as they were, generated ones
    by the same generator with a fresh seed (so the learner redoes the method, not recalls a number)."""
    if not missed:
        raise ValueError("Nothing to review: no question is waiting to be answered again.")
    refs = list(dict.fromkeys(generator_of(question_id) or question_id for question_id in missed))
    return _build(number, "review", seed, refs, {q.id: q for q in bank})


def grade_exam_answer(question: Question, answer: object) -> Result:
    """An exam answer's grade; an answer that cannot be graded (blank, not a number) counts as wrong."""
    result = grade(question, answer)
    if result.valid:
        return result
    return Result("wrong", (f"Not graded: {result.message}",), "(no valid answer)", expected_text(question))
