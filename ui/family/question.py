"""The Normalization Family page's committed prediction: which normalization's test accuracy falls most when the
batch shrinks, answered by the batch-size experiment's own result. Plain Python."""

from __future__ import annotations

import numpy as np

from bncore.experiments.batch_size import FAMILY_PLAN, BatchSizeResult
from ui.common.labels import NORMALIZATION_NAMES
from ui.common.record.model import ChoiceQuestion

QUESTION = ChoiceQuestion(
    "family-smallest-batch",
    "Normalization Family",
    f"Before you run it: whose test accuracy will **fall most** when the batch shrinks from "
    f"{max(FAMILY_PLAN.batch_sizes)} to {min(FAMILY_PLAN.batch_sizes)}?",
    tuple(NORMALIZATION_NAMES[n] for n in FAMILY_PLAN.normalizations),
)


def answer(result: BatchSizeResult) -> str:
    """The normalization whose mean accuracy drops most from the largest to the smallest batch size."""
    sizes = list(result.plan.batch_sizes)
    largest, smallest = sizes.index(max(sizes)), sizes.index(min(sizes))
    drops = result.mean[:, largest] - result.mean[:, smallest]  # (normalizations,)
    return NORMALIZATION_NAMES[result.plan.normalizations[int(np.argmax(drops))]]
