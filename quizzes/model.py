"""What a quiz question is: its kinds, topics and parts, and the result of grading an answer. Plain data, frozen.

Four kinds share one shape. Single choice, multiple select and true/false questions have options, each with its own
feedback (true/false has exactly the options "true" and "false"); numeric questions have an answer, a tolerance and
feedback for a right answer, for a recognised mistake and for any other wrong answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

KINDS = ("single", "multiple", "true_false", "numeric")
KIND_LABELS = {
    "single": "Single choice",
    "multiple": "Multiple select",
    "true_false": "True or false",
    "numeric": "Numeric",
}
DIFFICULTIES = (1, 2, 3)
DIFFICULTY_LABELS = {1: "Basic", 2: "Intermediate", 3: "Advanced"}

# Topic id -> title, in learning order. Every question belongs to exactly one topic.
TOPICS = {
    "why_normalize": "Why normalize: internal covariate shift and its critique",
    "batch_statistics": "Batch statistics",
    "normalization_eps": "Normalizing and ε",
    "gamma_beta": "γ and β",
    "train_vs_inference": "Training vs inference: running statistics",
    "backward": "Backward pass and gradient flow",
    "placement": "Placement and the redundant bias",
    "limitations": "Limitations",
    "alternatives": "Alternatives: Layer, Group, Instance and RMS norm",
    "framework": "Framework parameters",
}
TOPIC_SHORT = {  # for filters and compact labels
    "why_normalize": "Why normalize",
    "batch_statistics": "Batch statistics",
    "normalization_eps": "Normalizing and ε",
    "gamma_beta": "γ and β",
    "train_vs_inference": "Training vs inference",
    "backward": "Backward pass",
    "placement": "Placement",
    "limitations": "Limitations",
    "alternatives": "Alternatives",
    "framework": "Framework parameters",
}


@dataclass(frozen=True)
class Option:
    """One answer option: its stable id within the question, its text (Markdown) and why it is right or wrong."""

    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Mistake:
    """A wrong numeric answer that a known slip produces (e.g. the unbiased variance), with feedback naming the slip."""

    value: float
    feedback: str


@dataclass(frozen=True)
class DataTable:
    """Numbers a generated question gives, shown as a small table: rows of values under column names."""

    columns: tuple[str, ...]
    index: tuple[str, ...]  # one label per row
    rows: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Question:
    id: str
    topic: str  # a key of TOPICS
    kind: str  # one of KINDS
    difficulty: int  # 1, 2 or 3
    prompt: str  # Markdown, may hold $LaTeX$
    explanation: str  # shown after answering, right or wrong
    options: tuple[Option, ...] = ()  # choice kinds only
    answer: float | None = None  # numeric only
    tolerance: float | None = None  # numeric only: |given - answer| <= tolerance counts as right
    feedback_correct: str = ""  # numeric only
    feedback_wrong: str = ""  # numeric only: for a wrong answer that matches no mistake
    mistakes: tuple[Mistake, ...] = ()  # numeric only
    page: str | None = None  # "pages/N_Title.py" where the idea can be seen
    source: str = "authored"  # "authored" (TOML bank) | "generated" (quizzes.generators)
    table: DataTable | None = None  # numbers a generated question gives

    @property
    def correct_option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options if option.correct)

    def option(self, option_id: str) -> Option:
        """The option with this id; KeyError if there is none."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)


Status = Literal["correct", "wrong", "invalid"]


@dataclass(frozen=True)
class Result:
    """The grade of one answer.

    ``status`` is "invalid" when the answer could not be graded (empty, not a number, an unknown option); then
    ``message`` says in one sentence what is wrong and the answer should not count. ``feedback`` holds Markdown lines:
    the chosen option's feedback (every chosen or missed option for multiple select), or the numeric feedback.
    """

    status: Status
    feedback: tuple[str, ...] = ()
    given: str = ""  # the answer as a learner reads it
    expected: str = ""  # the right answer as a learner reads it
    message: str = ""  # why an invalid answer could not be graded
    chosen: tuple[str, ...] = ()  # choice kinds: the option ids chosen, in the question's order

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def valid(self) -> bool:
        return self.status != "invalid"
