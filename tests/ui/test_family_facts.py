"""The family page's comparison table agrees with the sets bncore computes, and its words come from the numbers."""

import numpy as np
import pytest

from bncore.norm.family import NORMALIZATIONS, shared_set, shared_statistic
from ui.family import statistic
from ui.family.facts import FACTS

SHAPE = (3, 4, 2, 2)
ELEMENT = (1, 2, 0, 1)


def test_the_table_covers_every_normalization_once():
    assert [f.normalization for f in FACTS] == list(NORMALIZATIONS)
    assert list(statistic.facts_table()["normalization"]) == [
        "BatchNorm",
        "LayerNorm",
        "InstanceNorm",
        "GroupNorm",
        "RMSNorm",
    ]


@pytest.mark.parametrize("facts", FACTS, ids=[f.normalization for f in FACTS])
def test_properties_table_agrees_with_the_sets(facts):
    """Depends on the batch exactly when its set spans more than one sample; only BatchNorm keeps running stats."""
    mask = shared_set(SHAPE, facts.normalization, ELEMENT, groups=2)
    spans_samples = mask.any(axis=(1, 2, 3)).sum() > 1
    assert facts.depends_on_batch == spans_samples
    assert facts.running_statistics == facts.train_differs_from_inference == spans_samples


def test_the_formula_substitutes_the_sets_own_numbers(rng):
    x = rng.normal(5.0, 3.0, SHAPE)
    stat = shared_statistic(x, "layer", ELEMENT)
    latex = statistic.statistic_latex(stat, "layer")
    assert (
        f"{stat.value:.2f}" in latex
        and f"{stat.variance:.4f}" in latex
        and latex.endswith(f"{stat.by_formula:.4f}\\end{{aligned}}")
    )
    rms = statistic.statistic_latex(shared_statistic(x, "rms", ELEMENT), "rms")
    assert r"\overline{x^2}" in rms and r"\mu" not in rms


def test_batch_norm_on_one_value_per_channel_is_explained():
    x = np.arange(4.0).reshape(1, 4, 1, 1)
    with pytest.raises(ValueError) as error:
        shared_statistic(x, "batch", (0, 0, 0, 0))
    message = statistic.unusable_set_message(error.value, "batch")
    assert "one value per channel" in message and str(error.value) in message
    assert statistic.unusable_set_message(ValueError("other"), "group") == "other"


def test_the_title_names_the_layer_and_its_groups():
    assert statistic.title("group", 2, 12) == "GroupNorm (G = 2): the 12 cells sharing a statistic"
    assert statistic.title("batch", 2, 12) == "BatchNorm: the 12 cells sharing a statistic"
