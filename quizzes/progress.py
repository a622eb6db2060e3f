"""A learner's quiz progress: every graded answer, mastery per topic, the questions last answered wrongly, and the
CSV and JSON exports of it all. Plain Python; the page keeps one ``Progress`` in session state."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

from quizzes.generators.question import same_question
from quizzes.mastery import MASTERY_LEVELS, RULE, TopicMastery, update
from quizzes.model import TOPICS, Question, Result

EXPORT_FIELDS = (
    "attempt",
    "mode",
    "question_id",
    "topic",
    "kind",
    "source",
    "difficulty",
    "your_answer",
    "right_answer",
    "correct",
    "answered_at",
)


@dataclass(frozen=True)
class AnswerRecord:
    attempt: int  # the attempt's number in this session, from 1
    mode: str  # "practice" | "exam" | "review"
    question_id: str
    topic: str
    kind: str
    source: str
    difficulty: int
    your_answer: str
    right_answer: str
    correct: bool
    answered_at: str  # ISO 8601, UTC


@dataclass
class Progress:
    history: list[AnswerRecord] = field(default_factory=list)
    mastery: dict[str, TopicMastery] = field(default_factory=dict)  # topic id -> mastery; absent = not started
    missed: list[str] = field(default_factory=list)  # ids last answered wrongly, oldest first (one per generator)

    def record(self, question: Question, result: Result, *, attempt: int, mode: str, answered_at: str) -> None:
        """Add one graded answer: history, the topic's mastery, and the missed list (a right answer clears it)."""
        if not result.valid:
            raise ValueError("only graded answers are recorded")
        self.add(
            AnswerRecord(
                attempt,
                mode,
                question.id,
                question.topic,
                question.kind,
                question.source,
                question.difficulty,
                result.given,
                result.expected,
                result.correct,
                answered_at,
            )
        )

    def add(self, answer: AnswerRecord) -> None:
        """Add one answer record (a new one, or one replayed from a saved record, oldest first).

        A generated question counts as its generator: a review asks it with fresh numbers, and a right answer to any
        seed of it takes the missed one off the list.
        """
        self.history.append(answer)
        self.mastery[answer.topic] = update(self.topic(answer.topic), answer.correct)
        same = [question_id for question_id in self.missed if same_question(question_id, answer.question_id)]
        if answer.correct:
            self.missed[:] = [question_id for question_id in self.missed if question_id not in same]
        elif not same:
            self.missed.append(answer.question_id)

    def add_solve(self, topic: str) -> None:
        """A write-it-yourself exercise solved for the first time: one right answer toward the topic's mastery (it
        is not a quiz answer, so the history and the missed list stay as they are)."""
        self.mastery[topic] = update(self.topic(topic), True)

    def topic(self, topic: str) -> TopicMastery:
        return self.mastery.get(topic, TopicMastery())

    @property
    def right(self) -> int:
        return sum(record.correct for record in self.history)


def results_csv(progress: Progress) -> str:
    """One row per graded answer, columns ``EXPORT_FIELDS``. Every cell is app-made text (option texts, numbers
    re-formatted after parsing), never raw learner input."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in progress.history:
        writer.writerow(asdict(record))
    return out.getvalue()


def results_json(progress: Progress, exported_at: str) -> str:
    """Answers, mastery per topic (with the rule that produced it) and the missed questions, as indented JSON."""
    mastery = {
        topic: {
            "title": title,
            "level": progress.topic(topic).name,
            "answered": progress.topic(topic).answered,
            "right": progress.topic(topic).right,
        }
        for topic, title in TOPICS.items()
    }
    document = {
        "exported_at": exported_at,
        "answered": len(progress.history),
        "right": progress.right,
        "mastery_levels": list(MASTERY_LEVELS),
        "mastery_rule": RULE.replace("**", ""),
        "mastery": mastery,
        "missed": list(progress.missed),
        "answers": [asdict(record) for record in progress.history],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
