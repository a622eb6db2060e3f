"""The session-state keys of the "Why does it work?" page: every key starts with ``why.``.

The prediction records have the same names and shapes as the practice page's (``PracticeKeys``), so the practice
loop's mechanics (ui.practice.state, ui.practice.loop) run on them and the calibration summary counts them.
"""


class WhyKeys:
    """Keys under ``why.``; widget keys and non-widget (kept) state alike."""

    PREDICTIONS = "why.predictions"  # {section id: {"choice", "reasoning", "confidence"}}
    HINTS = "why.hints"  # {section id: hints shown}
    REVEALED = "why.revealed"  # {section id: {"choice", "confidence", "outcome", "held", "hints"}}

    SEED = "why.seed"  # widgets (kept with ui.common.state.keep)
    NOISE = "why.noise"
    EVERY = "why.every"
    STEP_SIZES = "why.step_sizes"
    FACTOR = "why.factor"
    LAYER = "why.layer"
    DRIFT_LAYER = "why.drift_layer"

    SETTINGS = "why.settings"  # non-widget: the last settings that passed the checks, a WhySettings

    @staticmethod
    def widget(name: str, loop_id: str) -> str:
        """A widget of one section's prediction (``loop_id`` is the section id, named as in PracticeKeys.widget),
        e.g. its "choice", "confidence" or "reveal" button."""
        return f"why.{name}.{loop_id}"

    @staticmethod
    def chart(section: str, name: str) -> str:
        """The key of one of a section's charts or tables."""
        return f"why.chart.{section}.{name}"
