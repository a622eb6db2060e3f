"""The session-state keys of the write-it-yourself exercises. They start with ``quiz.``: exercise attempts are part of
the learner's quiz progress (a solved exercise counts toward its topic's mastery), whichever page shows them."""


class ExerciseKeys:
    """Keys under ``quiz.exercise``; widget keys and non-widget (kept) state alike."""

    ATTEMPTS = "quiz.exercise.attempts"  # non-widget: list[ui.exercises.model.ExerciseAttempt], oldest first
    SUBMITTED_AT = "quiz.exercise.submitted_at"  # non-widget: time.time() of recent submissions, for the rate limit
    RESULTS = "quiz.exercise.results"  # non-widget: exercise id -> the last ExerciseResult, shown until the next one

    @staticmethod
    def editor(exercise_id: str) -> str:
        """The code editor of one exercise (drawn with ui.common.state.keep, so a draft survives page switches)."""
        return f"quiz.exercise.{exercise_id}.editor"

    @staticmethod
    def card(exercise_id: str) -> str:
        """The exercise's bordered container (Streamlit gives it the class st-key-<key>)."""
        return f"quiz.exercise.{exercise_id}.card"

    @staticmethod
    def form(exercise_id: str) -> str:
        return f"quiz.exercise.{exercise_id}.form"

    @staticmethod
    def submit(exercise_id: str) -> str:
        return f"quiz.exercise.{exercise_id}.submit"

    @staticmethod
    def reset(exercise_id: str) -> str:
        return f"quiz.exercise.{exercise_id}.reset"

    @staticmethod
    def note(attempt_index: int) -> str:
        """The button that writes a note about the attempt at this index of ``ATTEMPTS``."""
        return f"quiz.exercise.note.{attempt_index}"

    @staticmethod
    def choice(place: str) -> str:
        """Which exercise is open on a page (``place``: "walkthrough", "gradient_flow", "family", "quiz")."""
        return f"quiz.exercise.choice.{place}"
