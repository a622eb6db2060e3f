"""The practice loops (quizzes/practice.toml): schema, content, and every loop's answer shown by its experiment."""

import pytest

from bncore.experiments.registry import EXPERIMENTS
from quizzes.glossary import load_glossary
from quizzes.practice import HINT_TIERS, parse_practice
from tests.practice_results import default_result, loops, varied_result

LOOP_IDS = list(loops())
TERMS = set(load_glossary())

VALID = """
[[loop]]
id = "coupling"
title = "Coupling"
experiment = "batch_coupling"
prompt = "What moves?"
choices = [{ id = "both", text = "both" }, { id = "batch_norm_only", text = "BN" },
           { id = "layer_norm_only", text = "LN" }, { id = "neither", text = "neither" }]
correct = "batch_norm_only"
hints = ["one", "two", "three"]
explanation = "Because."
rubric = ["a", "b", "c"]
terms = ["layer_norm"]
[loop.defaults]
m = 8
[loop.vary]
parameter = "m"
label = "Samples"
values = [4, 8]
"""


def test_nine_loops_in_the_issue_order():
    assert LOOP_IDS == [
        "batch_size_noise",
        "small_batches",
        "batch_coupling",
        "eval_mode",
        "learning_rates",
        "undo_normalization",
        "non_iid",
        "weight_scale",
        "running_statistics",
    ]


@pytest.mark.parametrize("loop_id", LOOP_IDS)
def test_every_loop_is_complete(loop_id):
    loop = loops()[loop_id]
    assert len(loop.hints) == len(HINT_TIERS) == 3 and len(loop.rubric) == 3
    assert [c.id for c in loop.choices] != [] and {c.id for c in loop.choices} == set(
        EXPERIMENTS[loop.experiment].outcomes
    )
    assert loop.default_value() in loop.vary.values
    assert len(loop.vary.labels) == len(loop.vary.values)
    assert set(loop.terms) <= TERMS


@pytest.mark.parametrize("loop_id", LOOP_IDS)
def test_the_experiment_shows_the_answer_and_no_distractor(loop_id):
    loop = loops()[loop_id]
    outcome = default_result(loop_id).outcome
    assert outcome == loop.correct
    assert all(choice.id != outcome for choice in loop.choices if choice.id != loop.correct)


@pytest.mark.parametrize(
    ("loop_id", "value"),
    [
        (loop_id, value)
        for loop_id in LOOP_IDS
        for value in loops()[loop_id].vary.values
        if value != loops()[loop_id].default_value()
    ],
)
def test_every_other_setting_runs_and_reports_one_of_the_choices(loop_id, value):
    loop = loops()[loop_id]
    assert varied_result(loop_id, value).outcome in {choice.id for choice in loop.choices}


def test_parameters_apply_an_override_to_the_defaults():
    loop = loops()["batch_coupling"]
    assert loop.parameters() == {"m": 8, "features": 4, "seed": 0}
    assert loop.parameters(m=64)["m"] == 64 and loop.vary.label_of(64) == "64"
    assert loops()["batch_size_noise"].vary.label_of("skewed") == "Skewed (exponential)"


def test_a_valid_loop_parses():
    loop = parse_practice(VALID, TERMS)["coupling"]
    assert loop.choice_text("neither") == "neither" and loop.vary.values == (4, 8)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "Coupling"\n', "", "missing fields"),
        ('title = "Coupling"\n', 'title = "Coupling"\ncolour = "red"\n', "unknown fields"),
        ('hints = ["one", "two", "three"]', 'hints = ["one", "two"]', "exactly 3"),
        ('rubric = ["a", "b", "c"]', 'rubric = ["a", "b", ""]', "non-empty strings"),
        ('experiment = "batch_coupling"', 'experiment = "magic"', "unknown experiment"),
        ('{ id = "neither", text = "neither" }', '{ id = "maybe", text = "maybe" }', "exactly the outcomes"),
        ('correct = "batch_norm_only"', 'correct = "sometimes"', "not a choice id"),
        ('terms = ["layer_norm"]', 'terms = ["flux_capacitor"]', "unknown glossary terms"),
        ("m = 8\n", "m = 8\nbatch = 3\n", "parameters of batch_coupling"),
        ('parameter = "m"', 'parameter = "width"', "not a parameter"),
        ("values = [4, 8]", "values = [4, 16]", "must be one of the 'vary' values"),
        ("values = [4, 8]", 'values = [4, 8]\nlabels = ["four"]', "exactly 2"),
        ('id = "coupling"', 'id = "Coupling Loop"', "lowercase identifier"),
    ],
)
def test_a_broken_loop_is_refused_with_a_clear_message(old, new, message):
    assert old in VALID
    with pytest.raises(ValueError, match=message):
        parse_practice(VALID.replace(old, new, 1), TERMS)


def test_duplicate_loop_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        parse_practice(VALID + VALID, TERMS)
