"""The learner record in AppTest: restore from the browser's copy (and old saved notes), another tab's copy merged,
storage unavailable, a bad saved copy, download then import into a fresh session, bad imports, Forget me."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_notes_page import downloads  # noqa: F401 (a fixture)
from tests.app.test_quiz_page import answer_current, start
from tests.conftest import ROOT
from tests.ui.record_samples import T3, answer, full_record, note
from ui.common.keys import AppKeys, RecordKeys
from ui.common.record.codec import record_document, record_json
from ui.common.record.model import Record
from ui.exercises.keys import ExerciseKeys
from ui.notes.io import export_json
from ui.notes.keys import NotesKeys
from ui.practice.keys import PracticeKeys
from ui.quiz.keys import QuizKeys
from ui.walkthrough.keys import WalkthroughKeys

HOME = str(ROOT / "app.py")
RECORD = record_json(full_record())


HARNESS = """
import runpy

import streamlit as st

from ui.common.record import storage

trigger, payload = st.session_state.pop("test.trigger", (None, None))
if trigger:
    {"loaded": storage.receive_saved, "changed": storage.receive_changed}[trigger](payload)
runpy.run_path(HOME_PATH)
"""


@pytest.fixture
def home_after(tmp_path):
    """``home_after(trigger, payload, **state)``: the home page run right after the storage component fired
    ``trigger`` ("loaded" or "changed") with ``payload``. The harness is an app.py next to a link to pages/, so the
    page links resolve as on a server."""
    (tmp_path / "pages").symlink_to(ROOT / "pages")
    (tmp_path / "app.py").write_text(HARNESS.replace("HOME_PATH", repr(HOME)))

    def run(trigger: str, payload, **state) -> AppTest:
        at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60)
        at.session_state["test.trigger"] = (trigger, payload)
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()

    return run


def trigger(at: AppTest, name: str, payload) -> AppTest:
    """The component fires again in the same session (e.g. another tab wrote the record)."""
    at.session_state["test.trigger"] = (name, payload)
    return at.run()


LOADED = {"text": RECORD, "legacy": None, "problem": None}


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def test_a_new_session_gets_its_notes_progress_and_place_back_from_the_browser(home_after):
    at = home_after("loaded", LOADED)
    assert not at.exception
    state = at.session_state
    assert state[NotesKeys.ITEMS] == full_record().notes
    assert [a.question_id for a in state[QuizKeys.PROGRESS].history] == ["gen.batch_mean.7"] * 2
    assert state[QuizKeys.PROGRESS].missed == ["gen.batch_mean.7"]
    assert state[PracticeKeys.REVEALED]["batch_size_noise"]["choice"] == "quarters"
    assert state[PracticeKeys.PREDICTIONS]["batch_size_noise"]["reasoning"] == "because"
    assert state[AppKeys.EXPERTISE] == "Intermediate" and state[WalkthroughKeys.STEP] == 3
    progress = texts(at.markdown)
    assert "**Quiz**: 1 of 2 answers right" in progress and "**Practice**: 1 of" in progress
    assert "🔮 **Lab predictions**: 1 resolved, 1 held, 1 waiting for their result." in progress
    assert at.caption and "Your notes and progress are saved in this browser." in texts(at.caption)
    link = at.main.get("page_link")[0].proto
    assert link.label == "Continue where you left off: Walkthrough, step 3 of 5 (Normalize)"


def test_a_new_session_that_opened_the_walkthrough_first_gets_its_step_back(home_after):
    """A reload or a move to another replica on the Walkthrough: the page's first run comes before the browser's saved
    copy (its own place, step 0, is newer than the saved one), and the step saved comes back all the same."""
    at = home_after(None, None).switch_page("pages/1_Walkthrough.py").run()
    assert at.session_state[RecordKeys.PLACE].step == 0
    at = trigger(at.switch_page("app.py"), "loaded", LOADED)
    assert at.session_state[WalkthroughKeys.STEP] == 3
    at = at.switch_page("pages/1_Walkthrough.py").run()
    assert any(m.value.startswith("**Step 3 of 5**") for m in at.markdown)


def test_the_session_record_collected_again_equals_the_restored_one(home_after):
    at = home_after("loaded", LOADED)
    at = trigger(at, "changed", RECORD)  # the same copy once more changes nothing
    assert at.session_state[NotesKeys.ITEMS] == full_record().notes
    assert len(at.session_state[QuizKeys.PROGRESS].history) == 2
    assert at.session_state[RecordKeys.ANSWER_IDS] == ["s1-00000", "s1-00001"]


def test_old_saved_notes_move_into_the_record_and_the_old_key_is_dropped(home_after):
    old_notes = {"old": note("old", text="from the notes key")}
    at = home_after("loaded", {"text": None, "legacy": export_json(old_notes), "problem": None})
    assert at.session_state[NotesKeys.ITEMS] == old_notes and at.session_state[RecordKeys.DROP_LEGACY]


def test_another_tabs_answers_are_merged_not_overwritten(home_after):
    at = home_after("loaded", {"text": None, "legacy": None, "problem": None})
    at = start(at.switch_page("pages/7_Quiz.py").run(), topics=["gamma_beta"], source="authored")
    at = answer_current(at, correct=True)
    other_tab = Record(answers={"other-00000": answer("other-00000", at=T3)}, notes={"n9": note("n9")})
    at = trigger(at.switch_page("app.py"), "changed", record_json(other_tab))
    history = at.session_state[QuizKeys.PROGRESS].history
    assert len(history) == 2 and {h.question_id for h in history} >= {"gen.batch_mean.7"}
    assert "n9" in at.session_state[NotesKeys.ITEMS]


def test_storage_unavailable_the_app_works_says_so_and_offers_the_download(home_after):
    at = home_after("loaded", {"text": None, "legacy": None, "problem": "SecurityError"})
    assert not at.exception
    warnings = texts(at.sidebar.warning)
    assert "does not let the app keep your progress (SecurityError)" in warnings
    assert "Download your record" in warnings
    assert [b.label for b in at.sidebar.get("download_button")] == ["Download your record (JSON)"]
    assert "last only as long as this tab" in texts(at.main.warning)


def test_a_corrupted_saved_copy_is_reported_kept_for_download_and_changes_nothing(home_after):
    at = home_after("loaded", {"text": RECORD[:-30], "legacy": None, "problem": None}, **{NotesKeys.ITEMS: {}})
    assert not at.exception
    assert "could not be read (The file is not valid JSON" in texts(at.warning)
    assert at.session_state[RecordKeys.UNREADABLE] == RECORD[:-30]
    assert at.session_state[NotesKeys.ITEMS] == {}


def test_a_saved_copy_with_bad_entries_keeps_the_rest_and_says_what_it_left_out(home_after):
    document = record_document(full_record())
    document["notes"].append({"id": "x", "text": "<script>"})
    document["quiz_answers"][0]["question_id"] = "no-such-question"
    at = home_after("loaded", {"text": json.dumps(document), "legacy": None, "problem": None})
    warning = texts(at.warning)
    assert "Left out of 'notes': Note 2 has a field this app does not know" not in warning  # missing fields first
    assert "Left out of 'notes': Note 2" in warning
    assert "1 quiz answer(s) to questions this version of the app does not have" in warning
    assert at.session_state[NotesKeys.ITEMS] == full_record().notes
    assert len(at.session_state[QuizKeys.PROGRESS].history) == 1


def test_download_then_import_into_a_fresh_session_gives_the_same_record(downloads, home_after):  # noqa: F811
    at = home_after("loaded", LOADED)
    exported = downloads["batch-norm-lab-record.json"].encode("utf-8")
    fresh = AppTest.from_file(HOME, default_timeout=60).run()
    fresh.file_uploader(key=RecordKeys.IMPORT_FILE).set_value(("r.json", exported, "application/json")).run()
    assert not fresh.exception
    assert fresh.success[0].value == (
        "Imported 1 note: 1 added, 0 replaced by a newer copy, 0 already up to date. Also 2 new quiz answers, "
        "1 new practice loop, 2 new predictions, 2 new exercise attempts."
    )
    for key in (
        NotesKeys.ITEMS,
        PracticeKeys.REVEALED,
        RecordKeys.PREDICTIONS,
        RecordKeys.ANSWER_IDS,
        ExerciseKeys.ATTEMPTS,
    ):
        assert fresh.session_state[key] == at.session_state[key]


BAD_IMPORTS = [
    (json.dumps({**record_document(full_record()), "version": 4}).encode(), "this app reads versions 1, 2 and 3"),
    (RECORD[:100].encode(), "not valid JSON"),
    (b"[" * 10_000 + b"]" * 10_000, "nested far too deeply"),
    (json.dumps({**record_document(full_record()), "notes": {"n": 1}}).encode(), "'notes' must be a list"),
    (
        json.dumps({**record_document(full_record()), "place": {"page": "<b>x</b>", "step": 1, "at": T3}}).encode(),
        "'page' must be a page title",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_IMPORTS, ids=[m for _, m in BAD_IMPORTS])
def test_a_bad_import_changes_nothing_and_says_what_is_wrong(data, message, home_after):
    at = home_after("loaded", LOADED)
    before = {k: at.session_state[k] for k in (NotesKeys.ITEMS, PracticeKeys.REVEALED, RecordKeys.PREDICTIONS)}
    at.file_uploader(key=RecordKeys.IMPORT_FILE).set_value(("r.json", data, "application/json")).run()
    assert at.error[0].value.startswith("Nothing was imported. ") and message in at.error[0].value
    assert {k: at.session_state[k] for k in before} == before


def test_forget_me_asks_first_then_empties_the_session_and_cancel_keeps_everything(home_after):
    at = home_after("loaded", LOADED)
    at.button(key=RecordKeys.FORGET).click().run()
    assert "Forget everything?" in texts(at.warning)
    at.button(key=RecordKeys.FORGET_CANCEL).click().run()
    assert at.session_state[NotesKeys.ITEMS] == full_record().notes
    at.button(key=RecordKeys.FORGET).click().run()
    at.button(key=RecordKeys.FORGET_CONFIRM).click().run()
    assert not at.exception
    assert at.session_state[NotesKeys.ITEMS] == {} and at.session_state[PracticeKeys.REVEALED] == {}
    assert at.session_state[QuizKeys.PROGRESS].history == [] and at.session_state[RecordKeys.PREDICTIONS] == {}
    assert at.session_state[RecordKeys.FORGOTTEN] and "Forgotten:" in at.success[0].value
    assert not at.main.get("page_link")[0].proto.label.startswith("Continue")


def test_a_quiz_answer_in_this_session_is_in_the_record_with_an_id_of_this_session(home_after):
    at = home_after("loaded", {"text": None, "legacy": None, "problem": None})
    at = answer_current(start(at.switch_page("pages/7_Quiz.py").run(), topics=["gamma_beta"], source="authored"), True)
    (answer_id,) = at.session_state[RecordKeys.ANSWER_IDS]
    assert answer_id == f"{at.session_state[RecordKeys.TOKEN]}-00000"
