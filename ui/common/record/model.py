"""The learner record: everything a learner produces, as one plain-Python value, and how two copies merge.

    Record
      expertise    Setting | None          the expertise level and when it was chosen
      place        Place | None            where they left off: the last page, the walkthrough step, when
      notes        {id: Note}              ui.notes.model
      answers      {id: QuizAnswer}        every graded quiz answer (mastery and the missed list are replayed)
      practice     {loop id: PracticeReveal}  the first reveal of each practice loop, with its prediction
      predictions  {id: LabPrediction}     committed predictions on the lab pages, resolved or not
      exercises    {id: ExerciseAttempt}   write-it-yourself attempts that got a verdict (ui.exercises.model)
      forgotten    "" | timestamp          "Forget me" was pressed then: anything older is gone, in every tab

Merging two copies (two tabs of one browser, an import, a restore) never drops the other copy's new work: every
collection merges by id, and for the same id the rule of its kind decides (``merge``). Timestamps are UTC strings
"2025-01-31T14:05:09Z", so they compare as strings. Plain Python; no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from quizzes.progress import AnswerRecord
from ui.exercises.model import ExerciseAttempt
from ui.notes.model import Note


@dataclass(frozen=True)
class Setting:
    level: str  # one of quizzes.glossary.EXPERTISE_LEVELS
    at: str  # when it was chosen


@dataclass(frozen=True)
class Place:
    page: str  # a page title of ui.common.pages.LEARNING_PATH
    step: int | None  # the walkthrough's step on that page, else None
    at: str


@dataclass(frozen=True)
class QuizAnswer(AnswerRecord):
    """One graded answer (every field of quizzes.progress.AnswerRecord) with an id unique across tabs and sessions."""

    id: str  # "<session tag>-<number>": numbers count up within one session


@dataclass(frozen=True)
class PracticeReveal:
    """The first reveal of a practice loop: the committed prediction and what the experiment showed."""

    loop_id: str
    choice: str
    reasoning: str
    confidence: int  # 1..5
    outcome: str
    held: bool
    hints: int  # hints seen before the reveal, 0..3
    revealed_at: str


@dataclass(frozen=True)
class LabPrediction:
    """A prediction committed on a lab page before its result was shown, and, once known, whether it held."""

    id: str  # one per question and situation, e.g. the Training Lab settings it was asked for
    page: str  # the title of the page it was made on, e.g. "Training Lab"
    question: str  # the question as asked (app-made text)
    guess: str  # the learner's answer as text
    confidence: int  # 1..5
    made: str
    answer: str = ""  # the actual result as text, "" until resolved
    held: bool | None = None  # None until resolved
    resolved: str = ""

    @property
    def is_resolved(self) -> bool:
        return self.held is not None


@dataclass(frozen=True)
class Record:
    expertise: Setting | None = None
    place: Place | None = None
    notes: dict[str, Note] = field(default_factory=dict)
    answers: dict[str, QuizAnswer] = field(default_factory=dict)
    practice: dict[str, PracticeReveal] = field(default_factory=dict)
    predictions: dict[str, LabPrediction] = field(default_factory=dict)
    exercises: dict[str, ExerciseAttempt] = field(default_factory=dict)
    forgotten: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.expertise
            or self.place
            or self.notes
            or self.answers
            or self.practice
            or self.predictions
            or self.exercises
        )

    def answers_in_order(self) -> list[QuizAnswer]:
        """Quiz answers oldest first (ties by id, whose number counts up within a session)."""
        return sorted(self.answers.values(), key=lambda a: (a.answered_at, a.id))

    def attempts_in_order(self) -> list[ExerciseAttempt]:
        """Exercise attempts oldest first (ties by id)."""
        return sorted(self.exercises.values(), key=lambda a: (a.submitted_at, a.id))


def _later(ours, theirs, time: str):
    """The newer of two optional values with a timestamp attribute ``time`` (a tie keeps ours)."""
    if ours is None or (theirs is not None and getattr(theirs, time) > getattr(ours, time)):
        return theirs
    return ours


def _last_edit(ours: Note, theirs: Note) -> Note:
    """The note edited later (a tie is broken by content, so both tabs agree)."""
    return max(ours, theirs, key=lambda n: (n.updated, repr(n)))


def _first_given(ours: QuizAnswer, theirs: QuizAnswer) -> QuizAnswer:
    """An answer never changes once given, so one id has one answer; should two differ, the earlier counts."""
    return min(ours, theirs, key=lambda a: (a.answered_at, repr(a)))


def _first_submitted(ours: ExerciseAttempt, theirs: ExerciseAttempt) -> ExerciseAttempt:
    """An attempt never changes once graded, so one id has one attempt; should two differ, the earlier counts."""
    return min(ours, theirs, key=lambda a: (a.submitted_at, repr(a)))


def _first_reveal(ours: PracticeReveal, theirs: PracticeReveal) -> PracticeReveal:
    """The first reveal counts (a tie is broken by content, so both tabs agree)."""
    return min(ours, theirs, key=lambda r: (r.revealed_at, repr(r)))


def _settled_prediction(ours: LabPrediction, theirs: LabPrediction) -> LabPrediction:
    """A resolved prediction beats an unresolved one; otherwise the one committed first counts."""
    return min(ours, theirs, key=lambda p: (not p.is_resolved, p.made, p.resolved, repr(p)))


def _by_id(ours: dict, theirs: dict, pick) -> dict:
    merged = dict(ours)
    for key, value in theirs.items():
        merged[key] = value if key not in merged else pick(merged[key], value)
    return merged


def forget_before(record: Record, moment: str) -> Record:
    """The record without anything made at or before ``moment`` (what a "Forget me" then removed)."""
    if not moment:
        return record
    kept = replace(
        record,
        expertise=record.expertise if record.expertise and record.expertise.at > moment else None,
        place=record.place if record.place and record.place.at > moment else None,
        notes={k: n for k, n in record.notes.items() if n.updated > moment},
        answers={k: a for k, a in record.answers.items() if a.answered_at > moment},
        practice={k: p for k, p in record.practice.items() if p.revealed_at > moment},
        predictions={k: p for k, p in record.predictions.items() if p.made > moment},
        exercises={k: a for k, a in record.exercises.items() if a.submitted_at > moment},
        forgotten=max(record.forgotten, moment),
    )
    return kept


def merge(ours: Record, theirs: Record) -> Record:
    """Both copies' work: new ids from either side are kept; for one id, notes keep the later edit, practice loops
    the first reveal, lab predictions the resolved (else the first) one, quiz answers and exercise attempts the
    earlier copy (they never change once made); expertise and place the later choice.
    A "Forget me" on either side removes what was made before it from both. Ties are broken by content, so the
    merge is symmetric and merging again changes nothing: two tabs converge on the same record."""
    moment = max(ours.forgotten, theirs.forgotten)
    ours, theirs = forget_before(ours, moment), forget_before(theirs, moment)
    return Record(
        expertise=_later(ours.expertise, theirs.expertise, "at"),
        place=_later(ours.place, theirs.place, "at"),
        notes=_by_id(ours.notes, theirs.notes, _last_edit),
        answers=_by_id(ours.answers, theirs.answers, _first_given),
        practice=_by_id(ours.practice, theirs.practice, _first_reveal),
        predictions=_by_id(ours.predictions, theirs.predictions, _settled_prediction),
        exercises=_by_id(ours.exercises, theirs.exercises, _first_submitted),
        forgotten=moment,
    )


def forgotten_record(moment: str) -> Record:
    """What "Forget me" leaves in the browser: nothing but the moment, so other open tabs forget too."""
    return Record(forgotten=moment)


@dataclass(frozen=True)
class ChoiceQuestion:
    """A question a lab page asks before it shows a result; the learner picks one of ``choices``."""

    id: str  # the LabPrediction id its answer is kept under
    page: str
    text: str
    choices: tuple[str, ...]  # as shown; the chosen text is the prediction's guess, the right one its answer
