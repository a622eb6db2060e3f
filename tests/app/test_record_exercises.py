"""Exercise attempts in the learner record, in AppTest: a new session gets them back (with the mastery a first solve
earned, and its code shown inert on its exercise), another tab's attempts are merged, an attempt made here is saved in
a form the record reads back, an import brings them in (once), a bad one changes nothing and says why, Forget me
forgets them."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_exercises_flow import UNBIASED, submit
from tests.app.test_notes_page import downloads  # noqa: F401 (a fixture)
from tests.app.test_record import HOME, LOADED, home_after, texts, trigger  # noqa: F401 (home_after: a fixture)
from tests.ui.record_samples import T2, T3, attempt, full_record
from ui.common.keys import RecordKeys
from ui.common.record.codec import read_record, record_document, record_json
from ui.common.record.model import Record
from ui.exercises.keys import ExerciseKeys
from ui.exercises.model import MAX_CODE
from ui.quiz.keys import QuizKeys

HOSTILE = "<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n[x](javascript:alert(3)) **not bold**"
EMPTY = {"text": None, "legacy": None, "problem": None}


def attempts(at: AppTest) -> list:
    return list(at.session_state[ExerciseKeys.ATTEMPTS]) if ExerciseKeys.ATTEMPTS in at.session_state else []


def mastery(at: AppTest) -> dict:
    return dict(at.session_state[QuizKeys.PROGRESS].mastery) if QuizKeys.PROGRESS in at.session_state else {}


def test_a_new_session_gets_its_attempts_back_with_the_mastery_a_solve_earned(home_after):  # noqa: F811
    at = home_after("loaded", LOADED)
    assert not at.exception
    assert attempts(at) == full_record().attempts_in_order()
    solved = at.session_state[QuizKeys.PROGRESS].topic("normalization_eps")
    assert (solved.answered, solved.right) == (1, 1)  # the solve counts once; the wrong attempt does not count
    assert "✍️ **Exercises**: 2 attempts at 1 of 5 exercises, 1 solved." in texts(at.markdown)


def test_restored_code_shows_on_its_exercise_as_inert_text(home_after):  # noqa: F811
    hostile = Record(exercises={"h": attempt("h", code=HOSTILE)})
    at = home_after("loaded", {**EMPTY, "text": record_json(hostile)})
    walkthrough = at.switch_page("pages/1_Walkthrough.py").run()
    assert not walkthrough.exception
    assert any(e.label == "Your attempts at this exercise: 1, 0 right" for e in walkthrough.expander)
    assert HOSTILE in [c.value for c in walkthrough.code]
    shown = [e.value for kind in ("markdown", "caption", "html", "text") for e in walkthrough.get(kind)]
    assert not any("onerror" in value or "javascript:" in value for value in shown)


def test_another_tabs_attempts_are_merged_and_this_tabs_kept(home_after):  # noqa: F811
    mine = attempt("mine", at=T3, exercise_id="bn_backward")
    at = home_after("loaded", EMPTY, **{ExerciseKeys.ATTEMPTS: [mine]})
    theirs = attempt("theirs", at=T2, correct=True)
    at = trigger(at, "changed", record_json(Record(exercises={"theirs": theirs})))
    assert attempts(at) == [theirs, mine]
    assert at.session_state[QuizKeys.PROGRESS].topic("normalization_eps").right == 1


def test_an_attempt_made_in_this_session_is_saved_in_a_form_the_record_reads_back(home_after):  # noqa: F811
    at = home_after("loaded", EMPTY)
    walkthrough = submit(at.switch_page("pages/1_Walkthrough.py").run(), "#" * 3_000 + "\n" + UNBIASED)
    (made,) = attempts(walkthrough)
    assert made.mistake == "unbiased_variance" and len(made.code) == MAX_CODE
    saved = record_json(Record(exercises={made.id: made}))
    assert read_record(saved.encode(), strict=True).record.exercises == {made.id: made}


def test_an_import_brings_the_attempts_in_once(downloads, home_after):  # noqa: F811
    home_after("loaded", LOADED)
    exported = downloads["batch-norm-lab-record.json"].encode("utf-8")
    assert len(json.loads(exported)["exercises"]) == 2
    for had, new in (([], 2), (full_record().attempts_in_order(), 0)):
        fresh = AppTest.from_file(HOME, default_timeout=60)
        fresh.session_state[ExerciseKeys.ATTEMPTS] = had
        fresh.run().file_uploader(key=RecordKeys.IMPORT_FILE).set_value(("r.json", exported, "application/json"))
        fresh.run()
        assert fresh.success[0].value.endswith(f"{new} new exercise attempts.")
        assert attempts(fresh) == full_record().attempts_in_order()
        assert fresh.session_state[QuizKeys.PROGRESS].topic("normalization_eps").right == 1
        assert "✍️ **Exercises**: 2 attempts at 1 of 5 exercises, 1 solved." in texts(fresh.markdown)


def with_attempt(**changes) -> bytes:
    document = record_document(full_record())
    document["exercises"][0] |= changes
    return json.dumps(document).encode("utf-8")


BAD_IMPORTS = [
    (with_attempt(exercise_id="<script>alert(1)</script>"), "'exercise_id' must be one of bn_forward"),
    (with_attempt(code="x" * 50_000), "'code' has 50,000 characters; at most 2,000 are allowed."),
    (with_attempt(correct="true"), "'correct' must be true or false, not a string."),
    (with_attempt(submitted_at=None), "'submitted_at' must be a string, not null."),
    (json.dumps({**record_document(full_record()), "version": 2}).encode(), "a version-2 record does not have"),
    (record_json(full_record())[:-60].encode(), "not valid JSON"),
]


@pytest.mark.parametrize(("data", "message"), BAD_IMPORTS, ids=[m for _, m in BAD_IMPORTS])
def test_a_bad_attempt_in_an_import_changes_nothing_and_says_what_is_wrong(data, message, home_after):  # noqa: F811
    mine = attempt("mine", at=T3, exercise_id="bn_backward")
    at = home_after("loaded", EMPTY, **{ExerciseKeys.ATTEMPTS: [mine]})
    before = mastery(at)
    at.file_uploader(key=RecordKeys.IMPORT_FILE).set_value(("r.json", data, "application/json")).run()
    assert at.error[0].value.startswith("Nothing was imported. ") and message in at.error[0].value
    assert attempts(at) == [mine] and mastery(at) == before


def test_forget_me_forgets_the_attempts(home_after):  # noqa: F811
    at = home_after("loaded", LOADED)
    at.button(key=RecordKeys.FORGET).click().run()
    assert "exercise attempts" in texts(at.warning)
    at.button(key=RecordKeys.FORGET_CONFIRM).click().run()
    assert attempts(at) == [] and "exercise attempts are gone" in at.success[0].value
