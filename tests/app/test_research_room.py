"""The research room on the Notes page in AppTest: claim cards with links to the pages that show each claim, a note
citing a claim (from its card or the editor) and the filter by citation, the question scaffold's tutor prompt with
the lab's share link and the last prediction, hostile and oversized scaffold fields, saving it as a note, and records
whose notes cite a claim this app does not have (an import refused, the browser's copy kept without the citation)."""

import json
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from quizzes.claims import research
from tests.app.test_record import home_after  # noqa: F401 (a fixture)
from tests.conftest import ROOT
from tests.ui.record_samples import full_record, note, prediction
from ui.common.keys import RecordKeys
from ui.common.pages import LEARNING_PATH
from ui.common.record.codec import record_document
from ui.notes.keys import NotesKeys
from ui.notes.model import Attachment, Note
from ui.notes.scaffold import MAX_EVIDENCE, MAX_QUESTION
from ui.training_lab.keys import LabKeys

NOTES_PAGE = ROOT / "pages" / "8_Notes.py"
HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) <img src=x onerror=alert(2)>"
LAB = {LabKeys.SETTINGS: {"depth": 6, "lr": 0.5}, LabKeys.SHARE_QUERY: "?depth=6&lr=0.5"}
T0 = "2025-01-01T10:00:00Z"


@pytest.fixture
def room(tmp_path):
    """``room(notes=None, **state)``: the Notes page run with app.py as the main script, as on a server, so its links
    to other pages resolve (the harness app.py sits next to a link to pages/ and runs the Notes page)."""
    (tmp_path / "pages").symlink_to(ROOT / "pages")
    (tmp_path / "app.py").write_text(f"import runpy\n\nrunpy.run_path({str(NOTES_PAGE)!r})\n")

    def run(notes: dict | None = None, **state) -> AppTest:
        at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60)
        if notes is not None:
            at.session_state[NotesKeys.ITEMS] = notes
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()

    return run


def markdown_texts(at: AppTest) -> str:
    """Everything the page put through Markdown (where learner text must never go)."""
    kinds = (at.markdown, at.caption, at.info, at.success, at.error, at.warning)
    return "\n".join(element.value for elements in kinds for element in elements) + "\n".join(
        e.label for e in at.expander
    )


def ask(at: AppTest, question: str, evidence: str = "", resolve: str = "", cites: str | None = None) -> AppTest:
    at.text_area(key=NotesKeys.QUESTION).set_value(question)
    at.text_area(key=NotesKeys.QUESTION_EVIDENCE).set_value(evidence)
    at.text_area(key=NotesKeys.QUESTION_RESOLVE).set_value(resolve)
    if cites is not None:
        at.selectbox(key=NotesKeys.QUESTION_CITES).set_value(cites)
    return at.run()


def test_the_claim_cards_show_each_key_claim_with_its_source_and_links_to_where_the_app_shows_it(room):
    at = room()
    assert not at.exception
    labels = [e.label for e in at.main.expander]
    for claim in research().claims.values():
        assert any(label.startswith(f"**{claim.title}** · {research().citation(claim)}") for label in labels)
    markdown = markdown_texts(at)
    assert "Claim id IS15.ics · source id IS15: Ioffe, S. & Szegedy, C. (2015)" in markdown
    assert "Section “1 · The original story: internal covariate shift”" in markdown
    assert "**What is debated.** Santurkar et al. (2018, §2)" in markdown
    links = {link.proto.page for link in at.main.get("page_link")}  # the pages' addresses, e.g. "Why_It_Works"
    addresses = {page.title: page.url_path for page in LEARNING_PATH}
    assert links == {addresses[shown.page] for claim in research().claims.values() for shown in claim.shown_in}


def test_a_note_started_from_a_claim_card_cites_the_claim_and_the_card_lists_it(room):
    at = room()
    at.button(key=NotesKeys.cite("WH18.group-norm")).click().run()
    assert at.selectbox(key=NotesKeys.CITES).value == "WH18.group-norm"
    assert at.selectbox(key=NotesKeys.KIND).value == "page"
    assert any(i.value.startswith("Your next note cites WH18.group-norm") for i in at.info)
    at.text_area(key=NotesKeys.TEXT).set_value("GN at batch 2 held up in the family experiment.")
    at = at.button(key=NotesKeys.SAVE).click().run()
    (saved,) = at.session_state[NotesKeys.ITEMS].values()
    assert (saved.cites, saved.attached_to.key) == ("WH18.group-norm", "Normalization Family")
    assert any(e.label.endswith("· 1 note") and "Group normalization" in e.label for e in at.main.expander)
    assert at.selectbox(key=NotesKeys.CITES).value == ""  # the editor is cleared for the next note
    texts = [t.value for t in at.text]
    assert texts.count("GN at batch 2 held up in the family experiment.") == 2  # in its card and in the list
    assert research().label("WH18.group-norm") in texts


def test_the_editor_cites_a_source_and_the_list_filters_by_citation(room):
    page = Attachment("page", "Notes", "Notes")
    notes = {
        "a": Note("a", page, "Notes", "about the smoothness claim", "", T0, T0, cites="STIM18.smoothness"),
        "b": Note("b", page, "Notes", "cites nothing", "", T0, T0),
    }
    at = room(notes)
    at.selectbox(key=NotesKeys.KIND).set_value("page").run()
    at.selectbox(key=NotesKeys.CITES).set_value("BKH16")
    at.text_area(key=NotesKeys.TEXT).set_value("LayerNorm, the paper itself")
    at = at.button(key=NotesKeys.SAVE).click().run()
    new = next(n for n in at.session_state[NotesKeys.ITEMS].values() if n.id not in notes)
    assert new.cites == "BKH16"
    assert at.selectbox(key=NotesKeys.FILTER_CITES).options == ["All", "Nothing", "BKH16", "STIM18.smoothness"]
    at = at.selectbox(key=NotesKeys.FILTER_CITES).set_value("STIM18.smoothness").run()
    assert "Showing 1 of 3 notes, most recently updated first." in [c.value for c in at.caption]
    at = at.selectbox(key=NotesKeys.FILTER_CITES).set_value("").run()
    assert "Showing 1 of 3 notes, most recently updated first." in [c.value for c in at.caption]
    assert "cites nothing" in [t.value for t in at.text]


def test_without_a_question_there_is_no_prompt_yet(room):
    at = room()
    assert not at.code and NotesKeys.QUESTION_SAVE not in [b.key for b in at.button]
    assert "Write the open question and the prompt to copy appears here." in [i.value for i in at.info]


def test_the_prompt_bundles_the_question_the_claim_the_lab_link_and_the_last_prediction(room):
    predictions = {"old": prediction("old", made="2025-01-01T00:00:00Z"), "new": prediction("new", held=False)}
    at = room(**LAB, **{RecordKeys.PREDICTIONS: predictions})
    at = ask(at, "Does BN still help at lr 0.01?", "Both arms learn.", "A run at lr 0.01.", "STIM18.smoothness")
    assert not at.exception
    assert at.selectbox(key=NotesKeys.QUESTION_PREDICTION).value == "new"
    (code,) = at.code
    prompt = code.value
    assert "OPEN QUESTION\nDoes BN still help at lr 0.01?" in prompt
    assert "EVIDENCE SO FAR\nBoth arms learn." in prompt and "WHAT WOULD RESOLVE IT\nA run at lr 0.01." in prompt
    assert "THE CLAIM IT CONCERNS\nSTIM18.smoothness: Santurkar" in prompt
    assert "My Training Lab settings: depth 6, lr 0.5.\nLink: Training_Lab?depth=6&lr=0.5" in prompt
    assert 'I predicted "with BN" with confidence 3 of 5. The result was "with BN": it did not hold.' in prompt
    at = at.selectbox(key=NotesKeys.QUESTION_PREDICTION).set_value("").run()
    assert "I have not committed a prediction on a lab page yet." in at.code[0].value


def test_without_the_training_lab_the_prompt_links_its_defaults_and_says_so(room):
    at = ask(room(), "Why does the loss jump?")
    prompt = at.code[0].value
    assert "The Training Lab's default settings (I have not opened the Training Lab in this session)" in prompt
    assert "Link: Training_Lab?depth=8&" in prompt
    assert "the Training Lab's defaults (not opened yet)" in markdown_texts(at)


def test_hostile_text_in_the_scaffold_is_shown_only_in_the_code_block(room):
    at = ask(room(), HOSTILE, HOSTILE, HOSTILE)
    assert not at.exception
    assert at.code[0].value.count(HOSTILE) == 3
    markdown = markdown_texts(at)
    for fragment in ("<script>", "javascript:", "<img", "**bold**"):
        assert fragment not in markdown
    at = at.button(key=NotesKeys.QUESTION_SAVE).click().run()
    (saved,) = at.session_state[NotesKeys.ITEMS].values()
    assert saved.text.count(HOSTILE) == 3 and saved.text in [t.value for t in at.text]
    assert "<script>" not in markdown_texts(at)


def test_an_oversized_field_is_cut_at_its_limit_says_so_and_changes_nothing(room):
    kept = {"n1": note()}
    at = ask(room(kept), "Fine question", "e" * (MAX_EVIDENCE + 1))
    assert not at.exception
    assert at.warning[0].value.startswith(
        "The evidence so far is at its limit of 4,000 characters: text beyond it was not kept."
    )
    assert at.session_state[NotesKeys.QUESTION_EVIDENCE] == "e" * MAX_EVIDENCE  # Streamlit keeps max_chars
    assert at.code[0].value.count("e" * MAX_EVIDENCE) == 1
    assert at.session_state[NotesKeys.ITEMS] == kept
    at = ask(at, "Fine question", "e" * 10)  # shortened: the warning is gone
    assert not at.warning and len(at.code) == 1


def test_an_oversized_question_kept_from_another_page_is_cut_and_said(room):
    at = room(**{f"{NotesKeys.QUESTION}.kept": "q" * (MAX_QUESTION + 500)})
    assert not at.exception
    assert at.warning[0].value.startswith("The open question is at its limit of 1,000 characters")
    assert at.code[0].value.count("q" * MAX_QUESTION) == 1


def test_the_scaffold_is_saved_as_a_note_about_the_lab_state_citing_its_claim(room):
    at = ask(room(**LAB), "Is it smoothness?", "The no-BN arm diverged.", "", "STIM18.smoothness")
    at = at.button(key=NotesKeys.QUESTION_SAVE).click().run()
    (saved,) = at.session_state[NotesKeys.ITEMS].values()
    assert saved.cites == "STIM18.smoothness" and saved.page == "Notes"
    assert (saved.attached_to.kind, saved.attached_to.link) == ("lab_state", "Training_Lab?depth=6&lr=0.5")
    assert saved.text == (
        "Open question: Is it smoothness?\n\nEvidence so far: The no-BN arm diverged.\n\n"
        "What would resolve it: (not written yet)"
    )
    assert "Saved as a note: it is in Your notes below." in [s.value for s in at.success]
    assert at.text_area(key=NotesKeys.QUESTION).value == "Is it smoothness?"  # the prompt stays to copy


def unknown_citation_record() -> bytes:
    document = record_document(replace(full_record(), notes={"n1": replace(note(), cites="XX99.made-up")}))
    return json.dumps(document).encode()


def test_an_import_whose_note_cites_an_unknown_claim_is_refused_and_changes_nothing(room):
    kept = {"n0": note("n0", text="mine")}
    at = room(kept)
    upload = ("record.json", unknown_citation_record(), "application/json")
    at = at.file_uploader(key=NotesKeys.IMPORT_FILE).set_value(upload).run()
    assert at.error[0].value == (
        "Nothing was imported. The file holds 1 note citation(s) of a claim or source this version of the app does "
        "not have."
    )
    assert at.session_state[NotesKeys.ITEMS] == kept and not at.exception


def test_an_old_version_1_record_imports(room):
    document = {**record_document(full_record()), "version": 1}
    del document["exercises"]  # version 3 added them
    document["notes"] = [{k: v for k, v in entry.items() if k != "cites"} for entry in document["notes"]]
    at = room()
    upload = ("record.json", json.dumps(document).encode(), "application/json")
    at = at.file_uploader(key=NotesKeys.IMPORT_FILE).set_value(upload).run()
    assert at.success[0].value.startswith("Imported 1 note: 1 added")
    assert at.session_state[NotesKeys.ITEMS] == full_record().notes


def test_the_browsers_copy_keeps_a_note_citing_an_unknown_claim_without_the_citation(home_after):  # noqa: F811
    saved = unknown_citation_record().decode()
    at = home_after("loaded", {"text": saved, "legacy": None, "problem": None})
    assert not at.exception
    assert at.session_state[NotesKeys.ITEMS] == {"n1": note()}  # the note is kept, its citation is not
    assert (
        "Left out: 1 note citation(s) of a claim or source this version of the app does not have."
        in (at.session_state[RecordKeys.IGNORED])
    )
