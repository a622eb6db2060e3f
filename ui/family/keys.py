"""The session-state keys of the normalization-family page: every key starts with ``family.``."""

from ui.common.keys import EditorKeys


class FamilyKeys:
    """Keys under ``family.``; widget keys and non-widget (kept) state alike."""

    TABLE = EditorKeys.of("family.table")  # the tensor as a table; last_valid and base hold (N, C, H, W) arrays
    BATCH_CHART = "family.batch_chart"
    BLOCK = "family.block"
    CHANNEL = "family.channel"
    CHANNELS = "family.channels"
    EXPERIMENT = "family.experiment"  # non-widget: the last BatchSizeResult
    GROUPS = "family.groups"
    LAST_GROUPS = "family.last_groups"  # non-widget: the last group count that divided the channels
    NORMALIZATION = "family.normalization"
    POSITION = "family.position"
    RUN_EXPERIMENT = "family.run_experiment"
    SAMPLE = "family.sample"
    SAMPLES = "family.samples"
    SEED = "family.seed"
    SEEN = "family.seen"  # non-widget: the normalizations the learner has looked at
    SIZE = "family.size"

    @staticmethod
    def prediction(name: str, question_id: str) -> str:
        """A widget of the prediction asked before the batch-size experiment ("choice", "confidence", "commit")."""
        return f"family.predict.{name}.{question_id}"
