"""The Why It Works page in AppTest: predict before reveal, every control, bad input keeps the last good settings,
and the page's predictions count in the practice calibration."""

from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.drawn_charts import sent_charts
from tests.conftest import ROOT
from ui.why.charts import COMPONENT
from ui.why.keys import WhyKeys
from ui.why.settings import WhySettings

PAGE = str(ROOT / "pages" / "4_Why_It_Works.py")
PRACTICE = str(ROOT / "pages" / "6_Practice.py")
SECTIONS = ("ics", "noisy", "smoothness", "regularization", "scale")


def open_page(revealed: tuple[str, ...] = ()) -> AppTest:
    """The page, with the given sections already predicted ("about_same"/"like_bn"/"grow") and revealed."""
    at = AppTest.from_file(PAGE, default_timeout=120)
    choice = {"noisy": "like_bn", "scale": "grow"}
    if revealed:
        at.session_state[WhyKeys.PREDICTIONS] = {
            s: {"choice": choice.get(s, "about_same"), "reasoning": "", "confidence": 2} for s in revealed
        }
        at.session_state[WhyKeys.REVEALED] = {
            s: {
                "choice": choice.get(s, "about_same"),
                "confidence": 2,
                "outcome": choice.get(s, "about_same"),
                "held": True,
                "hints": 0,
            }
            for s in revealed
        }
    return at.run()


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_every_reveal_waits_for_a_committed_prediction():
    at = open_page()
    assert not at.exception
    for section in SECTIONS:
        assert at.button(key=WhyKeys.widget("reveal", section)).disabled
        assert at.button(key=WhyKeys.widget("commit", section)).disabled
    assert sent_charts(at, COMPONENT) == []  # nothing measured before a prediction


def test_commit_reveal_records_the_measured_outcome_and_shows_the_measurement():
    at = open_page()
    at.radio(key=WhyKeys.widget("choice", "ics")).set_value("without_bn")
    at.radio(key=WhyKeys.widget("confidence", "ics")).set_value(4)
    at.run()
    at.button(key=WhyKeys.widget("commit", "ics")).click().run()
    assert at.session_state[WhyKeys.PREDICTIONS]["ics"] == {"choice": "without_bn", "reasoning": "", "confidence": 4}
    assert not at.button(key=WhyKeys.widget("reveal", "ics")).disabled
    with mock.patch("streamlit.rerun", side_effect=AssertionError("the click's run draws the reveal itself")):
        at.button(key=WhyKeys.widget("reveal", "ics")).click().run()
    assert not at.exception
    assert not [b for b in at.button if b.key == WhyKeys.widget("withdraw", "ics")]  # drawn as revealed
    record = dict(at.session_state[WhyKeys.REVEALED]["ics"])
    assert record.pop("revealed_at")  # when, for the learner record
    assert record == {"choice": "without_bn", "confidence": 4, "outcome": "without_bn", "held": True, "hints": 0}
    assert any(t.startswith("Your prediction held.") for t in texts(at.success))
    assert [chart["title"] for chart in sent_charts(at, COMPONENT)] == [
        "Where a layer's input sits, over training",
        "How far each layer's input moved per epoch (in spreads, log scale)",
    ]
    assert any(t.startswith("**What it shows.** Without BN the layer inputs moved") for t in texts(at.markdown))


def test_hints_and_changing_a_prediction_use_the_pages_own_records():
    at = open_page()
    at.button(key=WhyKeys.widget("hint", "noisy")).click().run()
    assert at.session_state[WhyKeys.HINTS] == {"noisy": 1}
    at.radio(key=WhyKeys.widget("choice", "noisy")).set_value("in_between")
    at.radio(key=WhyKeys.widget("confidence", "noisy")).set_value(2)
    at.run()
    at.button(key=WhyKeys.widget("commit", "noisy")).click().run()
    at.button(key=WhyKeys.widget("withdraw", "noisy")).click().run()
    assert "noisy" not in at.session_state[WhyKeys.PREDICTIONS]
    assert at.radio(key=WhyKeys.widget("choice", "noisy")).value == "in_between"


def test_every_section_draws_its_measurement_once_revealed():
    at = open_page(SECTIONS)
    assert not at.exception
    assert len(sent_charts(at, COMPONENT)) == 2 + 1 + 1 + 1 + 1
    shows = [t for t in texts(at.markdown) if t.startswith("**What it shows.**")]
    does_not = [t for t in texts(at.markdown) if t.startswith("**What it does not show.**")]
    assert len(shows) == len(does_not) == 5
    assert "5 of 5 sections revealed" in " ".join(texts(at.markdown))


def test_bad_typed_settings_say_what_is_wrong_and_keep_the_last_good_ones():
    at = open_page(("noisy", "smoothness"))
    at.text_input(key=WhyKeys.NOISE).set_value("3").run()
    assert at.session_state[WhyKeys.SETTINGS].noise == 3.0
    for key, bad, message in (
        (WhyKeys.NOISE, "loud", "Noise magnitude: 'loud' is not a number. Still using 3."),
        (WhyKeys.NOISE, "9", "Noise magnitude: 9 is out of range; use a number from 0.1 to 5. Still using 3."),
        (WhyKeys.EVERY, "2", "Measure every: 2 is out of range; use a whole number from 5 to 100. Still using 10."),
        (WhyKeys.EVERY, "x", "Measure every: 'x' is not a number. Still using 10."),
        (WhyKeys.STEP_SIZES, "0.1, -1", "Step sizes: -1 is out of range; use numbers from 0.01 to 5."),
        (WhyKeys.STEP_SIZES, "", "Step sizes: type one or more numbers separated by commas"),
    ):
        at.text_input(key=key).set_value(bad).run()
        assert not at.exception
        assert any(message in t for t in texts(at.error)), (bad, texts(at.error))
        assert at.session_state[WhyKeys.SETTINGS] == WhySettings(noise=3.0)
        at.text_input(key=key).set_value({WhyKeys.NOISE: "3", WhyKeys.EVERY: "10"}.get(key, "0.15, 0.3, 0.6, 1.2"))
        at.run()
    assert not at.error


def test_good_typed_settings_change_what_is_measured():
    at = open_page(("noisy", "smoothness"))

    def finding(start: str) -> str:
        return next(t for t in texts(at.markdown) if t.startswith(f"**What it shows.** {start}"))

    noisy, smooth = finding("With noise of magnitude 2,"), finding("Medians over training")
    at.text_input(key=WhyKeys.NOISE).set_value("3.5").run()
    assert finding("With noise of magnitude 3.5,") != noisy
    at.text_input(key=WhyKeys.EVERY).set_value("20").run()
    every_20 = finding("Medians over training")
    assert every_20 != smooth
    at.text_input(key=WhyKeys.STEP_SIZES).set_value("0.6, 0.3").run()
    assert finding("Medians over training") not in (smooth, every_20)
    assert at.session_state[WhyKeys.SETTINGS] == WhySettings(noise=3.5, every=20, step_sizes=(0.3, 0.6))
    assert not at.exception and not at.error


def test_the_seed_and_the_scale_controls_change_what_is_measured():
    at = open_page(("ics", "scale"))
    before = [t for t in texts(at.markdown) if t.startswith("Hidden layer")]
    at.select_slider(key=WhyKeys.FACTOR).set_value(100.0).run()
    at.selectbox(key=WhyKeys.LAYER).set_value(3).run()
    after = [t for t in texts(at.markdown) if t.startswith("Hidden layer")]
    assert after != before and after[0].startswith("Hidden layer 4 scaled by a = 100.")
    at.selectbox(key=WhyKeys.DRIFT_LAYER).set_value(0).run()
    assert not at.exception
    shows = [t for t in texts(at.markdown) if t.startswith("**What it shows.** Without BN")]
    at.number_input(key=WhyKeys.SEED).set_value(1).run()
    assert at.session_state[WhyKeys.SETTINGS].seed == 1
    assert [t for t in texts(at.markdown) if t.startswith("**What it shows.** Without BN")] != shows


@pytest.mark.parametrize("entered", [100, -1])
def test_an_out_of_range_seed_is_rejected_with_a_message(entered):
    """Issue 14, bug 7: a bounded number box left an out-of-range entry in place, red, with "Press Enter to apply",
    and said nothing."""
    at = open_page()
    at.number_input(key=WhyKeys.SEED).set_value(7).run()
    at.number_input(key=WhyKeys.SEED).set_value(entered).run()
    assert f"Seed: {entered} is outside 0 to 99, so it was not applied; it stays 7." in texts(at.warning)
    assert at.number_input(key=WhyKeys.SEED).value == 7 and at.session_state[WhyKeys.SETTINGS].seed == 7
    at.number_input(key=WhyKeys.SEED).set_value(8).run()
    assert not at.warning and at.session_state[WhyKeys.SETTINGS].seed == 8


def test_predictions_revealed_here_count_in_the_practice_calibration():
    at = AppTest.from_file(PRACTICE, default_timeout=60)
    at.session_state[WhyKeys.REVEALED] = {
        "ics": {"choice": "without_bn", "confidence": 4, "outcome": "without_bn", "held": True, "hints": 0},
        "noisy": {"choice": "like_no_bn", "confidence": 5, "outcome": "like_bn", "held": False, "hints": 1},
    }
    at.run()
    assert not at.exception
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Loops done"] == "0 of 9"
    assert metrics["Predictions that held"] == "1 of 2 (50%)"
    assert any("2 sections of the Why It Works page" in t for t in texts(at.caption))
