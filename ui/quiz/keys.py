"""The session-state keys of the quiz: every key starts with ``quiz.``."""


class QuizKeys:
    """Keys under ``quiz.``; widget keys and non-widget (kept) state alike."""

    ATTEMPT = "quiz.attempt"
    ATTEMPTS = "quiz.attempts"
    CHECK = "quiz.check"
    EXPORT_CSV = "quiz.export_csv"
    EXPORT_JSON = "quiz.export_json"
    FILTERS = "quiz.filters"
    NEXT = "quiz.next"
    PROGRESS = "quiz.progress"
    REVIEW = "quiz.review"
    SEED = "quiz.seed"
    START = "quiz.start"
    SUBMIT = "quiz.submit"
    W_DIFFICULTY = "quiz.w.difficulty"
    W_MODE = "quiz.w.mode"
    W_SIZE = "quiz.w.size"
    W_SOURCE = "quiz.w.source"
    W_TOPICS = "quiz.w.topics"

    @staticmethod
    def answer(attempt_number: int, item: int | str) -> str:
        """The answer widget of one question of an attempt (a position in practice, a question id in an exam)."""
        return f"quiz.w.{attempt_number}.{item}"

    @staticmethod
    def cite(question_id: str, claim_id: str) -> str:
        """The "Write a note citing this claim" button of a claim card under a checked question."""
        return f"quiz.cite.{question_id}.{claim_id}"

    @staticmethod
    def exam_form(attempt_number: int) -> str:
        return f"quiz.exam.{attempt_number}"
