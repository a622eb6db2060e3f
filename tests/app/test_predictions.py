"""Predict first on every lab page, in AppTest: the walkthrough's guesses (on by default for beginners), the Training
Lab's question before Play resolved from the run, Gradient Flow's and Normalization Family's committed predictions,
and all of them in the calibration summary with the practice loops."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from bncore import TrainConfig
from bncore.experiments.batch_size import BatchSizePlan
from tests.app.lab import TINY, open_lab, play_to_the_end
from tests.conftest import ROOT
from tests.ui.record_samples import prediction
from ui.common.keys import AppKeys, RecordKeys
from ui.common.record.model import LabPrediction
from ui.family import experiment as family_experiment
from ui.family.question import QUESTION as FAMILY_QUESTION
from ui.gradient_flow.question import QUESTION as GRADIENT_QUESTION
from ui.practice.keys import PracticeKeys
from ui.training_lab.question import WITH_BN, question_for
from ui.walkthrough.keys import WalkthroughKeys

WALKTHROUGH = str(ROOT / "pages" / "1_Walkthrough.py")


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def made(at: AppTest) -> dict[str, LabPrediction]:
    try:
        return at.session_state[RecordKeys.PREDICTIONS]
    except KeyError:
        return {}


WORKED_MEAN = r"\mu &= \tfrac{1}{m}"  # the step's worked mean (the exercise's general formula writes 1/N)


def walkthrough_at_step(step: int, **state) -> AppTest:
    at = AppTest.from_file(WALKTHROUGH, default_timeout=30)
    at.session_state[WalkthroughKeys.STEP] = step
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def guess_keys(at: AppTest) -> tuple[str, str, str]:
    value = next(w.key for w in at.number_input if w.key.startswith("walk.guess.value."))
    pid = value.removeprefix("walk.guess.value.")
    return value, f"walk.guess.confidence.{pid}", f"walk.guess.check.{pid}"


def test_a_beginner_guesses_the_mean_before_seeing_it_and_sees_how_close():
    at = walkthrough_at_step(1)
    assert not at.exception and at.toggle(key=WalkthroughKeys.PREDICT_FIRST).value
    assert "Predict first." in texts(at.markdown) and not any(WORKED_MEAN in x.value for x in at.latex)
    value, confidence, check = guess_keys(at)
    assert at.button(key=check).disabled
    at.number_input(key=value).set_value(-1.1)
    at.radio(key=confidence).set_value(3).run()
    at.button(key=check).click().run()
    (guess,) = made(at).values()
    assert guess.page == "Walkthrough" and guess.is_resolved and guess.confidence == 3
    truth = float(guess.answer)
    assert guess.held == (abs(-1.1 - truth) <= max(0.1 * abs(truth), 0.05))
    feedback = (at.success or at.warning)[0].value
    assert feedback.startswith(f"You guessed -1.100; μ = {truth:.3f}.")
    assert any(WORKED_MEAN in x.value for x in at.latex)  # the step's own result is shown now


def test_an_expert_sees_the_steps_without_guessing_and_step_0_never_asks():
    assert not walkthrough_at_step(1, **{AppKeys.EXPERTISE: "Expert"}).toggle(key=WalkthroughKeys.PREDICT_FIRST).value
    assert "Predict first." not in texts(walkthrough_at_step(0).markdown)


def test_the_lab_asks_before_play_and_resolves_from_the_run():
    at = open_lab(TINY)
    question = question_for(TrainConfig(depth=2, width=16, epochs=3))
    assert question.text in texts(at.markdown)
    at.radio(key=f"lab.predict.choice.{question.id}").set_value(WITH_BN)
    at.radio(key=f"lab.predict.confidence.{question.id}").set_value(4).run()
    at.button(key=f"lab.predict.commit.{question.id}").click().run()
    assert "The result will tell." in texts(at.info)
    at = play_to_the_end(at)
    at.run()  # the full rerun after the last tick
    resolved = made(at)[question.id]
    assert resolved.is_resolved and resolved.held == (resolved.answer == WITH_BN)
    assert ("It held" if resolved.held else "It did not hold") in texts([*at.success, *at.warning])


def test_a_run_already_watched_is_not_asked_about():
    at = play_to_the_end(open_lab(TINY))
    at.run()
    assert "press **↺ Reset**" in texts(at.caption) and not made(at)


def test_a_high_learning_rate_asks_whether_the_plain_network_diverges():
    at = open_lab({**TINY, "lr": "1"})
    assert "will the network **without** batch norm diverge" in texts(at.markdown)


def test_gradient_flow_commits_then_the_broken_pass_answers():
    at = AppTest.from_file(str(ROOT / "pages" / "2_Gradient_Flow.py"), default_timeout=30).run()
    assert GRADIENT_QUESTION.text in texts(at.markdown)
    at.radio(key=f"grad.predict.choice.{GRADIENT_QUESTION.id}").set_value("dx, dγ and dβ")
    at.radio(key=f"grad.predict.confidence.{GRADIENT_QUESTION.id}").set_value(2).run()
    at.button(key=f"grad.predict.commit.{GRADIENT_QUESTION.id}").click().run()
    at.radio(key="grad.break").set_value("variance").run()
    assert not made(at)[GRADIENT_QUESTION.id].is_resolved  # another broken pass is not the one asked about
    at.radio(key="grad.break").set_value("mean").run()
    resolved = made(at)[GRADIENT_QUESTION.id]
    assert (resolved.answer, resolved.held) == ("Only dx", False)
    assert "It did not hold: the result is “Only dx”." in texts(at.warning)  # in the run that resolved it


def handed_by_the_page(at: AppTest) -> list[dict]:
    """What the page's own copy of the storage component (storage.save_now, not the sidebar's) was handed."""
    late = [e for e in at.get("bidi_component") if e.proto.id.endswith(RecordKeys.LATE_STORE)]
    return [json.loads(e.proto.json) for e in late]


def test_the_gradient_check_writes_the_record_only_in_the_run_that_changed_it():
    """The gradient check is a fragment, so it writes the record itself; but only when the sidebar, drawn before it,
    did not already hand the browser this record: here the run whose check resolved the prediction."""
    at = AppTest.from_file(str(ROOT / "pages" / "2_Gradient_Flow.py"), default_timeout=30)
    at.session_state[RecordKeys.LOADED] = True  # the browser's copy has been read
    at.run()
    assert handed_by_the_page(at) == []
    at.radio(key=f"grad.predict.choice.{GRADIENT_QUESTION.id}").set_value("Only dx")
    at.radio(key=f"grad.predict.confidence.{GRADIENT_QUESTION.id}").set_value(4).run()
    at.button(key=f"grad.predict.commit.{GRADIENT_QUESTION.id}").click().run()
    assert handed_by_the_page(at) == []  # committed in the click's callback: the sidebar handed it over
    at.radio(key="grad.break").set_value("mean").run()
    [handed] = handed_by_the_page(at)
    [saved] = json.loads(handed["record_json"])["predictions"]
    assert (saved["id"], saved["answer"], saved["held"]) == (GRADIENT_QUESTION.id, "Only dx", True)
    at.run()
    assert handed_by_the_page(at) == []


def test_the_family_page_asks_before_the_experiment_and_its_result_answers(monkeypatch):
    tiny = BatchSizePlan(
        batch_sizes=(2, 16), normalizations=("batch", "layer"), seeds=(0,), base=TrainConfig(depth=1, width=8, epochs=1)
    )
    monkeypatch.setattr(family_experiment, "PLAN", tiny)
    at = AppTest.from_file(str(ROOT / "pages" / "5_Normalization_Family.py"), default_timeout=60).run()
    at.radio(key=f"family.predict.choice.{FAMILY_QUESTION.id}").set_value("BatchNorm")
    at.radio(key=f"family.predict.confidence.{FAMILY_QUESTION.id}").set_value(5).run()
    at.button(key=f"family.predict.commit.{FAMILY_QUESTION.id}").click().run()
    at.button(key="family.run_experiment").click().run()
    assert not at.exception
    resolved = made(at)[FAMILY_QUESTION.id]
    assert resolved.is_resolved and resolved.answer in FAMILY_QUESTION.choices


@pytest.mark.parametrize("lab_held", [True, False])
def test_lab_predictions_count_in_the_calibration_summary_with_the_loops(lab_held):
    at = AppTest.from_file(str(ROOT / "pages" / "6_Practice.py"), default_timeout=60)
    at.session_state[PracticeKeys.CURRENT] = "small_batches"  # a loop not revealed yet
    at.session_state[PracticeKeys.REVEALED] = {
        "batch_size_noise": {"choice": "halves", "confidence": 4, "outcome": "halves", "held": True, "hints": 0}
    }
    at.session_state[RecordKeys.PREDICTIONS] = {
        "lab-1": prediction("lab-1", held=lab_held),
        "lab-2": prediction("lab-2"),  # unresolved: not counted yet
    }
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Loops done"] == "1 of 9"
    assert metrics["Predictions that held"] == f"{1 + lab_held} of 2 ({(1 + lab_held) / 2:.0%})"
    counted = "Counted: 1 practice loop, 0 sections of the Why It Works page and 1 prediction from the lab pages"
    assert counted in texts(at.caption)
