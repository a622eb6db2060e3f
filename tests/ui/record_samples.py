"""Sample learner records for the record tests: one of every kind of entry, with fixed times."""

from quizzes.exercises import EXERCISES
from ui.common.record.model import LabPrediction, Place, PracticeReveal, QuizAnswer, Record, Setting
from ui.exercises.model import ExerciseAttempt
from ui.notes.model import Attachment, Note

T0, T1, T2, T3 = "2025-01-01T10:00:00Z", "2025-01-02T10:00:00Z", "2025-01-03T10:00:00Z", "2025-01-04T10:00:00Z"
PAGE = Attachment("page", "Practice", "Practice")


def note(note_id: str = "n1", text: str = "a note", updated: str = T0) -> Note:
    return Note(note_id, PAGE, "Practice", text, "", T0, updated)


def answer(answer_id: str = "s1-00000", correct: bool = True, at: str = T1, question_id: str = "gen.batch_mean.7"):
    return QuizAnswer(
        1,
        "practice",
        question_id,
        "batch_statistics",
        "numeric",
        "generated",
        1,
        "1.5",
        "1.5",
        correct,
        at,
        id=answer_id,
    )


def reveal(
    loop_id: str = "batch_size_noise", at: str = T1, choice: str = "quarters", outcome: str = "quarters"
) -> PracticeReveal:
    return PracticeReveal(loop_id, choice, "because", 4, outcome, choice == outcome, 1, at)


def prediction(prediction_id: str = "lab-1", made: str = T1, held: bool | None = None) -> LabPrediction:
    resolved = {} if held is None else {"answer": "with BN", "held": held, "resolved": T2}
    return LabPrediction(prediction_id, "Training Lab", "Which arm reaches 90 % first?", "with BN", 3, made, **resolved)


def attempt(
    attempt_id: str = "a1", at: str = T1, correct: bool = False, exercise_id: str = "bn_forward", code: str = ""
) -> ExerciseAttempt:
    """A graded attempt: wrong (the unbiased variance) unless ``correct``; the exercise's solution unless ``code``."""
    return ExerciseAttempt(
        attempt_id,
        exercise_id,
        EXERCISES[exercise_id].topic,
        code or EXERCISES[exercise_id].solution,
        correct,
        None if correct else "unbiased_variance",
        "Right: y matches bncore." if correct else "Not yet: you divided by m - 1.",
        at,
    )


def full_record() -> Record:
    return Record(
        expertise=Setting("Intermediate", T1),
        place=Place("Walkthrough", 3, T2),
        notes={"n1": note()},
        answers={"s1-00000": answer(), "s1-00001": answer("s1-00001", correct=False, at=T2)},
        practice={"batch_size_noise": reveal()},
        predictions={"lab-1": prediction(held=True), "lab-2": prediction("lab-2")},
        exercises={"a1": attempt(), "a2": attempt("a2", at=T2, correct=True)},
    )
