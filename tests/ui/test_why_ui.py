"""The "Why does it work?" page's plain parts: settings checks, predictions that match their experiments' outcomes,
sentences that agree with the measured numbers (at the defaults and two other seeds), and sources (the figures:
test_why_figures.py)."""

import re

import numpy as np
import pytest

from bncore.data.datasets import load_dataset
from bncore.experiments import covariate_shift, regularization, scale_invariance, smoothness
from bncore.experiments.common import WHY_CONFIG
from bncore.experiments.smoothness import MEASURES, SMOOTHER_FACTOR
from bncore.training.comparison import arm_config
from bncore.training.mlp import MLP
from quizzes import load_bank
from tests.why_results import SEEDS, results
from ui.common.glossary import glossary, page_link
from ui.common.pages import LEARNING_PATH, ROOT
from ui.practice.state import summary_line
from ui.why import narrative
from ui.why.predictions import PREDICTIONS
from ui.why.settings import (
    WhySettings,
    format_step_sizes,
    parse_every,
    parse_noise,
    parse_step_sizes,
)
from ui.why.sources import CLAIMS, SOURCES, STANCES

WHY_PAGE = "pages/4_Why_It_Works.py"

# Settings ---------------------------------------------------------------------------------------------------------


def test_good_settings_are_read():
    assert parse_noise(" 2.5 ") == 2.5
    assert parse_every("20") == 20 and parse_every("20.0") == 20
    assert parse_step_sizes("0.6, 0.15,0.3, 0.3") == (0.15, 0.3, 0.6)
    assert parse_step_sizes(format_step_sizes(WhySettings().step_sizes)) == WhySettings().step_sizes


@pytest.mark.parametrize(
    "parse, text, message",
    [
        (parse_noise, "", "Noise magnitude: type a number."),
        (parse_noise, "lots", "Noise magnitude: 'lots' is not a number."),
        (parse_noise, "nan", "is not a finite number"),
        (parse_noise, "inf", "is not a finite number"),
        (parse_noise, "0", "Noise magnitude: 0 is out of range; use a number from 0.1 to 5."),
        (parse_noise, "7", "out of range"),
        (parse_every, "ten", "Measure every: 'ten' is not a number."),
        (parse_every, "12.5", "Measure every: 12.5 is not a whole number of steps."),
        (parse_every, "1", "Measure every: 1 is out of range; use a whole number from 5 to 100."),
        (parse_every, "1e9", "out of range"),
        (parse_step_sizes, " , ", "Step sizes: type one or more numbers separated by commas"),
        (parse_step_sizes, "0.1, x", "Step sizes: 'x' is not a number."),
        (parse_step_sizes, "0.1, -0.2", "Step sizes: -0.2 is out of range"),
        (parse_step_sizes, "0.1, 9", "Step sizes: 9 is out of range; use numbers from 0.01 to 5."),
        (parse_step_sizes, "0.1,0.2,0.3,0.4,0.5,0.6,0.7", "Step sizes: 7 values; use at most 6."),
    ],
)
def test_bad_settings_get_one_clear_sentence(parse, text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse(text)


# Predictions ------------------------------------------------------------------------------------------------------


OUTCOMES = {
    "ics": covariate_shift.ICS_OUTCOMES,
    "noisy": covariate_shift.NOISY_OUTCOMES,
    "smoothness": smoothness.SMOOTHNESS_OUTCOMES,
    "regularization": regularization.GAP_OUTCOMES,
    "scale": scale_invariance.GROWTH_OUTCOMES,
}


def test_every_prediction_offers_exactly_its_experiments_outcomes():
    assert set(PREDICTIONS) == set(OUTCOMES)
    for section, question in PREDICTIONS.items():
        assert question.id == section
        assert sorted(choice.id for choice in question.choices) == sorted(OUTCOMES[section])
        assert len(question.hints) == 3 and all(hint.strip() for hint in question.hints)


# Sentences agree with the numbers ---------------------------------------------------------------------------------


def ratio_word(first: float, second: float) -> str:
    """The direction an independent reading of two numbers gives (the same factor as the page's)."""
    return "first" if first > 1.5 * second else "second" if second > 1.5 * first else "same"


@pytest.mark.parametrize("seed", SEEDS)
def test_the_covariate_shift_sentence_agrees_with_the_numbers(seed):
    result = results(seed)["ics"]
    bn, plain = result.runs["with_bn"].shift.mean(), result.runs["without_bn"].shift.mean()
    text = narrative.ics_finding(result)
    assert f"{plain:.2f} of their own spread" in text and f"with BN {bn:.3f}" in text
    assert f"({result.runs['without_bn'].shift[0].mean():.2f} in the first epoch)" in text
    expected = {"first": "Without BN they moved", "second": "moved more with BN", "same": "About the same"}
    assert expected[ratio_word(plain, bn)] in text


@pytest.mark.parametrize("seed", SEEDS)
def test_the_drift_caption_is_right_that_bns_early_change_is_its_running_statistics_settling(seed):
    """The caption under the drift chart: at epoch 0 BN's running statistics are mean 0, variance 1, so on the test
    set its input is the linear layer's output unscaled; its test-set spread then changes a lot in the first epochs
    while the training-mode shift (the chart below) stays small."""
    run = results(seed)["ics"].runs["with_bn"]
    history = run.history
    np.testing.assert_array_equal(history.running_mean[:, 0], 0.0)
    np.testing.assert_array_equal(history.running_var[:, 0], 1.0)
    config = arm_config(WHY_CONFIG.replace(seed=seed), "with_bn")
    X_test = load_dataset(config.dataset, seed=seed)[2]
    unscaled = X_test @ MLP(config, X_test.shape[1], 10).weights[0] / np.sqrt(1 + 1e-5)  # (N, width)
    np.testing.assert_allclose(
        history.preact_percentiles[0, 0], np.percentile(unscaled, [15, 50, 85]), rtol=1e-5, atol=1e-6
    )
    spread = history.preact_percentiles[:, :, 2] - history.preact_percentiles[:, :, 0]  # (E+1, depth)
    assert np.all(spread[2] > 1.5 * spread[0])
    assert np.all(run.shift[0] < 0.1)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_noisy_bn_sentence_agrees_with_the_numbers(seed):
    result = results(seed)["noisy"]
    shift = {arm: run.shift.mean() for arm, run in result.runs.items()}
    speed = {arm: run.history.test_acc[1:].mean() for arm, run in result.runs.items()}
    text = narrative.noisy_finding(result)
    assert f"moved {shift['noisy_bn']:.2f} of their spread" in text
    assert f"plain BN's ({shift['with_bn']:.3f})" in text and f"without BN ({shift['without_bn']:.2f})" in text
    assert ("more than without BN" if shift["noisy_bn"] > shift["without_bn"] else "less than without BN") in text
    assert f"mean test accuracy {speed['noisy_bn']:.1%}, against {speed['with_bn']:.1%}" in text
    if speed["noisy_bn"] >= speed["with_bn"] - 0.03:
        assert "about as well as plain BN" in text
    elif speed["noisy_bn"] <= speed["without_bn"] + 0.03:
        assert "no better than without BN" in text
    else:
        assert "worse than plain BN but better than without BN" in text


@pytest.mark.parametrize("seed", SEEDS)
def test_the_smoothness_sentence_agrees_with_the_numbers(seed):
    result = results(seed)["smoothness"]
    text = narrative.smoothness_finding(result)
    for measure in MEASURES:
        bn, plain = (np.median(getattr(result.profiles[arm], measure)) for arm in ("with_bn", "without_bn"))
        name = narrative.MEASURE_NAMES[measure]
        assert f"{name} {bn:.3g} with BN vs {plain:.3g} without" in text
        direction = ratio_word(plain, bn)
        clause = text.split(f"{name} {bn:.3g} with BN vs {plain:.3g} without (")[1].split(")")[0]
        expected = {
            "first": "larger without BN, as in the paper",
            "second": "larger with BN, the opposite",
            "same": f"within {SMOOTHER_FACTOR:g} times",
        }
        assert expected[direction] in clause
    assert ("All three say the landscape is smoother with BN." in text) == all(
        result.rougher(m) == "without_bn" for m in MEASURES
    )
    last_sentence = text.rstrip(".").rsplit(". ", 1)[-1]
    for measure in MEASURES:  # the last sentence names every measure that does not reproduce the paper, no other
        named = narrative.MEASURE_NAMES[measure] in last_sentence
        assert named == (result.rougher(measure) != "without_bn"), last_sentence


@pytest.mark.parametrize("seed", SEEDS)
def test_the_gap_sentence_agrees_with_the_numbers(seed):
    result = results(seed)["regularization"]
    bn = result.histories["with_bn"][1].train_acc[-3:] - result.histories["with_bn"][1].test_acc[-3:]
    plain = result.histories["without_bn"][1].train_acc[-3:] - result.histories["without_bn"][1].test_acc[-3:]
    text = narrative.gap_finding(result)
    assert f"final gap is {bn.mean():.1%} with BN and {plain.mean():.1%} without" in text
    difference = bn.mean() - plain.mean()
    verdict = (
        "larger with BN" if difference > 0.015 else "larger without BN" if difference < -0.015 else "about the same"
    )
    assert f"without: {verdict}." in text
    by_size = {
        arm: [float((h.train_acc[-3:] - h.test_acc[-3:]).mean()) for h in result.histories[arm]]
        for arm in ("with_bn", "without_bn")
    }
    assert "Across batch sizes 32, 64, 128: with BN " + ", ".join(f"{g:.1%}" for g in by_size["with_bn"]) in text
    assert "without BN " + ", ".join(f"{g:.1%}" for g in by_size["without_bn"]) in text
    smallest_minus_largest = by_size["with_bn"][0] - by_size["with_bn"][-1]
    trend = (
        "the smallest batches gave the smallest gap"
        if smallest_minus_largest < -0.015
        else "the smallest batches gave the largest gap"
        if smallest_minus_largest > 0.015
        else "the gap shows no trend with batch size"
    )
    assert trend in text


@pytest.mark.parametrize("seed", SEEDS)
def test_the_weight_norm_sentence_agrees_with_the_numbers(seed):
    result = results(seed)["scale"]
    norms = result.histories["with_bn"].weight_norm
    growth = norms[-1] / norms[0]
    text = narrative.growth_finding(result)
    assert f"by a factor of {growth.mean():.2f} on average" in text
    assert ("grew" if growth.mean() > 1.05 else "shrank" if growth.mean() < 0.95 else "stayed about") in text
    assert f"ended at {np.mean(norms[0] ** 2 / norms[-1] ** 2):.0%} of its start" in text


def test_the_scale_check_sentence_quotes_the_ratio_and_one_over_a():
    checks = scale_invariance.scale_check(100.0, layer=2)
    text = narrative.scale_finding(checks, 2)
    assert "Hidden layer 3 scaled by a = 100" in text
    assert f"{checks['with_bn'].grad_ratio:.4g} (1/a = 0.01)" in text


# Sources and the calibration line ---------------------------------------------------------------------------------


def test_every_claim_cites_known_sources_and_every_stance_has_claims():
    for claim in CLAIMS:
        assert claim.stance in STANCES and claim.cites
        assert all(source in SOURCES and where for source, where in claim.cites)
        assert claim.on_this_page in ("", "1", "2", "3", "4")
    assert {claim.stance for claim in CLAIMS} == set(STANCES)


def test_predictions_of_other_pages_count_in_the_home_line():
    practice = {"a": {"confidence": 5, "held": True}}
    why = {"ics": {"confidence": 1, "held": False}, "noisy": {"confidence": 1, "held": True}}
    line = summary_line(practice, 9, (why,))
    assert line.startswith("**Practice**: 1 of 9 loops done and 2 predictions on other pages, 2 predictions held")
    assert summary_line({}, 9, (why,)).startswith("**Practice**: 0 of 9 loops done and 2 predictions")
    assert summary_line({}, 9, ({},)) is None


def test_the_glossary_term_and_the_quizs_why_questions_link_to_this_page():
    """Internal covariate shift, in the glossary and in every "why" question on the 2015 or 2018 story, points here."""
    term = glossary()["internal_covariate_shift"]
    assert term.page == WHY_PAGE and page_link(term) == " See it on the [Why It Works](Why_It_Works) page."
    story = [
        question
        for question in load_bank()
        if question.topic == "why_normalize" and re.search(r"covariate shift|Santurkar", question.prompt)
    ]
    assert len(story) >= 5 and all(question.page == WHY_PAGE for question in story)


def test_the_page_comes_after_the_training_lab_and_before_the_normalization_family():
    """In the learning map (home page and sidebar) and in Streamlit's file order."""
    titles = [page.title for page in LEARNING_PATH]
    assert titles.index("Training Lab") + 1 == titles.index("Why It Works") == titles.index("Normalization Family") - 1
    assert [page.path for page in LEARNING_PATH][titles.index("Why It Works")] == WHY_PAGE
    assert sorted(path.name for path in (ROOT / "pages").glob("[345]_*.py")) == [
        "3_Training_Lab.py",
        "4_Why_It_Works.py",
        "5_Normalization_Family.py",
    ]
