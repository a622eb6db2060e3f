"""The session-state keys of the walkthrough: every key starts with ``walk.``."""

from ui.common.keys import EditorKeys


class WalkthroughKeys:
    """Keys under ``walk.``; widget keys and non-widget (kept) state alike."""

    TABLE = EditorKeys.of("walk.table")  # the input batch; restarted when the batch settings change
    AFFINE = EditorKeys.of("walk.affine")  # the γ / β rows; restarted when the number of features changes
    CODE_PART = "walk.code_part"  # the open tab of "Read the code"
    DIST_CHART = "walk.dist_chart"
    DIST_FEATURE = "walk.dist_feature"
    EPS = "walk.eps"
    EPS_CHART = "walk.eps_chart"
    FEATURE = "walk.feature"
    FEATURE_WIDGET = "walk.feature_widget"
    FEATURES = "walk.features"
    HIDDEN_FROM = "walk.hidden_from"  # non-widget: the first step whose number the page was drawn hiding (or None)
    KIND = "walk.kind"
    M = "walk.m"
    MODE = "walk.mode"
    MOMENTUM = "walk.momentum"
    NEW_BATCH = "walk.new_batch"
    NEXT = "walk.next"
    PREDICT_FIRST = "walk.predict_first"  # the predict-first toggle (on by default for Beginner)
    PREV = "walk.prev"
    READING = "walk.reading"  # the "Read the code" expander is open
    RESET_RUNNING = "walk.reset_running"
    RUNNING = "walk.running"
    SEED = "walk.seed"
    SKIPPED = "walk.skipped"  # non-widget: ids of the guesses the learner skipped (shown without a guess)
    STEP = "walk.step"
    STEP_CODE = "walk.step_code"  # the step's "Show the code" expander is open
    TRAIN_STEP = "walk.train_step"

    @staticmethod
    def shown_table(name: str) -> str:
        """The container of one read-only table ("x", "x_hat", "y", "statistics", "running", "worked", ...): the
        scope of its CSS (ui.walkthrough.tables)."""
        return f"walk.shown_table.{name}"

    @staticmethod
    def guess(name: str, guess_id: str) -> str:
        """A widget of one predict-first question ("value", "confidence", "check", "skip")."""
        return f"walk.guess.{name}.{guess_id}"
