"""Calibration of confidence (1-5) against how often predictions held."""

import pytest

from quizzes.practice_calibration import CONFIDENCE, Prediction, calibrate, check_confidence, describe


def attempts(*pairs):
    return [Prediction(confidence, held) for confidence, held in pairs]


def test_nothing_revealed_means_no_calibration():
    assert calibrate([]) is None


def test_certain_and_always_wrong_is_overconfident():
    result = calibrate(attempts((5, False), (5, False), (4, True)))
    assert result.verdict == "overconfident"
    assert result.stated == pytest.approx((0.95 + 0.95 + 0.80) / 3)
    assert result.hit_rate == pytest.approx(1 / 3) and result.held == 1
    assert result.brier == pytest.approx((0.95**2 + 0.95**2 + 0.2**2) / 3)
    assert "Overconfident" in describe(result) and "1 of 3" in describe(result)


def test_guessing_and_always_right_is_underconfident():
    result = calibrate(attempts((1, True), (2, True), (1, True)))
    assert result.verdict == "underconfident" and result.gap < 0
    assert "Underconfident" in describe(result)


def test_matching_confidence_and_results_is_calibrated():
    result = calibrate(attempts((4, True), (4, True), (4, True), (4, True), (4, False)))
    assert result.verdict == "calibrated" and result.gap == pytest.approx(0.0)
    assert [(row.level, row.predictions, row.held) for row in result.levels] == [(4, 5, 4)]


def test_two_loops_are_too_few_for_a_verdict():
    result = calibrate(attempts((5, False), (5, False)))
    assert result.verdict == "too_few" and "after 3 loops" in describe(result)


def test_levels_are_listed_in_order_with_their_counts():
    result = calibrate(attempts((3, True), (1, False), (3, False)))
    assert [(row.level, row.label, row.predictions, row.held) for row in result.levels] == [
        (1, "guessing", 1, 0),
        (3, "fairly sure", 2, 1),
    ]


@pytest.mark.parametrize("level", [0, 6, 2.5, "3", True, None])
def test_confidence_must_be_one_to_five(level):
    with pytest.raises(ValueError, match="1 to 5"):
        check_confidence(level)


def test_stated_probabilities_rise_with_the_level():
    probabilities = [CONFIDENCE[level][1] for level in sorted(CONFIDENCE)]
    assert probabilities == sorted(probabilities) and probabilities[0] == 0.25
