"""The session-state keys of the gradient-flow page: every key starts with ``grad.``."""

from ui.common.keys import EditorKeys


class GradientFlowKeys:
    """Keys under ``grad.``; widget keys and non-widget (kept) state alike."""

    TABLE = EditorKeys.of("grad.table")  # the batch; restarted when m, d or the seed change
    BETA = "grad.beta"
    BN_JACOBIAN = "grad.bn_jacobian"
    BREAK = "grad.break"
    CAUGHT = "grad.caught"  # non-widget: the broken backward passes ("variance", "mean") the check has caught
    D = "grad.d"
    DTYPE = "grad.dtype"
    DY_KIND = "grad.dy_kind"
    ERROR_CHART = "grad.error_chart"
    FEATURE = "grad.feature"
    FLOAT32_SEEN = "grad.float32_seen"  # non-widget: the learner ran the check in float32
    GAMMA = "grad.gamma"
    LN_JACOBIAN = "grad.ln_jacobian"
    M = "grad.m"
    SAMPLE = "grad.sample"
    SEED = "grad.seed"
    STEP = "grad.step"

    @staticmethod
    def step_code(step: int) -> str:
        """The "Show the code" expander of backward step ``step`` (0-5) is open."""
        return f"grad.step_code.{step}"

    @staticmethod
    def prediction(name: str, question_id: str) -> str:
        """A widget of the prediction asked before breaking the backward pass ("choice", "confidence", "commit")."""
        return f"grad.predict.{name}.{question_id}"
