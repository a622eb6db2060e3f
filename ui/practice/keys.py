"""The session-state keys of the practice page: every key starts with ``practice.``."""


class PracticeKeys:
    """Keys under ``practice.``; widget keys and non-widget (kept) state alike."""

    CURRENT = "practice.current"
    HINTS = "practice.hints"
    PICKER = "practice.picker"
    PREDICTIONS = "practice.predictions"
    REVEALED = "practice.revealed"
    RUBRIC = "practice.rubric"
    TRIED = "practice.tried"

    @staticmethod
    def widget(name: str, loop_id: str) -> str:
        """A widget of one loop, e.g. its prediction ("choice"), "confidence" or "vary" control."""
        return f"practice.{name}.{loop_id}"
