"""The Practice page in AppTest: commit before reveal, hints in order, reveal with the result, calibration summary."""

import re
from unittest import mock

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui.practice.keys import PracticeKeys

PAGE = str(ROOT / "pages" / "6_Practice.py")
LOOP = "batch_coupling"  # the fastest experiment


def key(name: str, loop_id: str = LOOP) -> str:
    return f"practice.{name}.{loop_id}"


def open_loop(loop_id: str = LOOP) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[PracticeKeys.CURRENT] = loop_id
    return at.run()


def commit(at: AppTest, choice: str, confidence: int, reasoning: str = "") -> AppTest:
    at.radio(key=key("choice")).set_value(choice)
    at.radio(key=key("confidence")).set_value(confidence)
    at.text_area(key=key("reasoning")).set_value(reasoning)
    at.run()
    return at.button(key=key("commit")).click().run()


def test_reveal_is_unavailable_until_a_prediction_and_a_confidence_are_committed():
    at = open_loop()
    assert at.button(key=key("reveal")).disabled and at.button(key=key("commit")).disabled
    assert "Reveal unlocks once you commit a prediction." in [c.value for c in at.caption]
    at.radio(key=key("choice")).set_value("both").run()
    assert at.button(key=key("commit")).disabled  # still no confidence
    assert at.button(key=key("reveal")).disabled
    commit(at, "both", 3)
    assert not at.button(key=key("reveal")).disabled
    assert at.session_state[PracticeKeys.PREDICTIONS][LOOP] == {"choice": "both", "reasoning": "", "confidence": 3}
    assert PracticeKeys.REVEALED not in at.session_state or LOOP not in at.session_state[PracticeKeys.REVEALED]


def test_hints_come_in_order_one_tier_at_a_time():
    at = open_loop()
    for shown, label in enumerate(["Show a nudge", "Show a bigger nudge", "Show almost the answer"]):
        assert at.button(key=key("hint")).label == label
        assert len(at.info) == shown
        at.button(key=key("hint")).click().run()
    tiers = [box.value.split(":**")[0] for box in at.info]
    assert tiers == ["**Hint · a nudge", "**Hint · a bigger nudge", "**Hint · almost the answer"]
    assert not [b for b in at.button if b.key == key("hint")]
    assert "That was the last hint." in [c.value for c in at.caption]


def test_reveal_shows_the_result_and_that_the_prediction_held():
    at = commit(open_loop(), "batch_norm_only", 4, reasoning="BN uses the batch's mean. <b>not bold</b>")
    with mock.patch("streamlit.rerun", side_effect=AssertionError("the click's run draws the reveal itself")):
        at.button(key=key("reveal")).click().run()
    assert not at.exception
    assert not [b for b in at.button if b.key == key("withdraw")]  # the prediction above is drawn as revealed
    revealed = dict(at.session_state[PracticeKeys.REVEALED][LOOP])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", revealed.pop("revealed_at"))
    assert revealed == {
        "choice": "batch_norm_only",
        "confidence": 4,
        "outcome": "batch_norm_only",
        "held": True,
        "hints": 0,
    }
    assert at.success[0].value.startswith("Your prediction held.")
    assert len(at.get("plotly_chart")) == 1
    assert any(m.value.startswith("**Why.** BatchNorm normalizes sample 0") for m in at.markdown)
    assert "BN uses the batch's mean. <b>not bold</b>" in [t.value for t in at.text]  # reasoning shown as text
    assert not [b for b in at.button if b.key == key("reveal")]  # revealed once, the button is gone
    assert at.checkbox(key=key("rubric0")).label.startswith("Concrete:")


def test_a_wrong_prediction_is_told_what_the_experiment_showed():
    at = commit(open_loop(), "neither", 5)
    at.button(key=key("reveal")).click().run()
    assert at.session_state[PracticeKeys.REVEALED][LOOP]["held"] is False
    assert "the experiment shows “… moves under BatchNorm, but not under LayerNorm”" in at.warning[0].value


def test_a_committed_prediction_can_be_changed_before_the_reveal():
    at = commit(open_loop(), "both", 2, reasoning="first thought")
    at.button(key=key("withdraw")).click().run()
    assert LOOP not in at.session_state[PracticeKeys.PREDICTIONS]
    assert at.radio(key=key("choice")).value == "both" and at.text_area(key=key("reasoning")).value == "first thought"


def test_try_another_setting_reruns_with_the_question_setting_and_another_one():
    at = commit(open_loop(), "batch_norm_only", 4)
    at.button(key=key("reveal")).click().run()
    at.button(key=key("vary_run")).click().run()  # the question's own setting, twice on the page
    assert not at.exception and len(at.get("plotly_chart")) == 2
    at.selectbox(key=key("vary")).set_value(64).run()
    at.button(key=key("vary_run")).click().run()
    assert any("samples in the batch = 64" in m.value and "the experiment shows" in m.value for m in at.markdown)
    assert at.session_state[PracticeKeys.REVEALED][LOOP]["outcome"] == "batch_norm_only"  # the record is not changed


def test_rubric_ticks_are_kept_in_session_state():
    at = commit(open_loop(), "batch_norm_only", 4)
    at.button(key=key("reveal")).click().run()
    at.checkbox(key=key("rubric1")).check().run()
    assert at.session_state["practice.rubric"][LOOP] == [False, True, False]


def test_calibration_summary_counts_loops_and_judges_confidence():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[PracticeKeys.CURRENT] = "small_batches"  # a loop not revealed yet
    at.session_state[PracticeKeys.REVEALED] = {
        loop_id: {"choice": choice, "confidence": 5, "outcome": outcome, "held": choice == outcome, "hints": 0}
        for loop_id, choice, outcome in (
            ("batch_size_noise", "halves", "halves"),
            ("batch_coupling", "both", "batch_norm_only"),
            ("weight_scale", "gradient_unchanged", "gradient_divided"),
        )
    }
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Loops done": "3 of 9", "Predictions that held": "1 of 3 (33%)", "Mean confidence": "95%"}
    assert any(m.value.startswith("Overconfident: your confidence averaged 95%") for m in at.markdown)


def test_an_empty_summary_says_what_will_appear():
    at = open_loop()
    assert not at.metric
    assert any(c.value.startswith("Reveal your first loop") for c in at.caption)


def test_the_picked_loop_stays_on_screen_after_its_reveal():
    """Issue 14: the picker's label gained a ✓ at the reveal, which reset it to loop 1 at the next interaction."""
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.selectbox(key=PracticeKeys.PICKER).set_value(LOOP).run()
    labels = list(at.selectbox(key=PracticeKeys.PICKER).options)
    commit(at, "batch_norm_only", 4)
    at.button(key=key("reveal")).click().run()
    assert list(at.selectbox(key=PracticeKeys.PICKER).options) == labels  # the same labels before and after
    at.checkbox(key=key("rubric0")).check().run()
    assert at.session_state[PracticeKeys.CURRENT] == LOOP and at.selectbox(key=PracticeKeys.PICKER).value == LOOP
    at.selectbox(key=key("vary")).set_value(at.selectbox(key=key("vary")).options[0]).run()
    assert at.session_state[PracticeKeys.CURRENT] == LOOP
    assert at.header[0].value == at.selectbox(key=PracticeKeys.PICKER).format_func(LOOP).split(". ", 1)[1]


def test_the_loops_done_are_listed_in_words():
    at = open_loop()
    assert "Done: none of the 9 loops yet." in [c.value for c in at.caption]
    commit(at, "batch_norm_only", 4)
    at.button(key=key("reveal")).click().run()
    assert "Done: 1 of 9 loops (loop 3)." in [c.value for c in at.caption]


def test_every_rubric_tick_gets_an_answer():
    at = commit(open_loop(), "batch_norm_only", 4)
    at.button(key=key("reveal")).click().run()
    captions = lambda: [c.value for c in at.caption]  # noqa: E731
    assert any(c.startswith("Nothing ticked yet") for c in captions())
    at.checkbox(key=key("rubric0")).check().run()
    assert "1 of 3 ticked. Still missing: “Why” and “Connects”; the explanation above has it." in captions()
    at.checkbox(key=key("rubric1")).check().run()
    at.checkbox(key=key("rubric2")).check().run()
    assert "All 3 ticked: a complete answer." in captions()


def test_no_hint_is_offered_after_the_reveal():
    at = commit(open_loop(), "batch_norm_only", 4)
    at.button(key=key("hint")).click().run()
    at.button(key=key("reveal")).click().run()
    assert not [b for b in at.button if b.key == key("hint")]
    assert len([box for box in at.info if box.value.startswith("**Hint")]) == 1  # the hint seen stays
    assert "The answer is revealed below, so no more hints are needed." in [c.value for c in at.caption]
