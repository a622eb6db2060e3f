"""Notes as plain data: creating, editing, merging by id and filtering."""

from dataclasses import replace

import pytest

from ui.notes.model import (
    MAX_NEXT_ACTION,
    MAX_TEXT,
    Attachment,
    NoteProblem,
    edited_note,
    filter_notes,
    merge_notes,
    new_note,
    page_name,
    readable_time,
    without_unknown_citations,
)

PAGE = Attachment("page", "Practice", "Practice")
CONCEPT = Attachment("concept", "momentum", "momentum")
T0, T1, T2 = "2025-01-01T10:00:00Z", "2025-01-02T10:00:00Z", "2025-01-03T10:00:00Z"


def note(note_id="a", attached_to=PAGE, page="Practice", text="text", now=T0):
    return new_note(attached_to, page, text, now=now, note_id=note_id)


def test_a_new_note_has_both_timestamps_and_keeps_the_text_as_written():
    made = new_note(PAGE, "Practice", "  first line\n\tsecond  \n\n", "  try m = 8 ", now=T0, note_id="n1")
    assert (made.id, made.text, made.next_action, made.created, made.updated) == (
        "n1",
        "  first line\n\tsecond",
        "try m = 8",
        T0,
        T0,
    )


def test_ids_are_unique_without_a_given_id():
    assert new_note(PAGE, "Practice", "x").id != new_note(PAGE, "Practice", "x").id


@pytest.mark.parametrize(
    ("text", "next_action", "message"),
    [
        ("", "", "empty"),
        ("   \n ", "", "empty"),
        ("x" * (MAX_TEXT + 1), "", "at most 20,000"),
        ("fine", "y" * (MAX_NEXT_ACTION + 1), "at most 1,000"),
    ],
)
def test_bad_note_text_is_refused_in_one_sentence(text, next_action, message):
    with pytest.raises(NoteProblem, match=message):
        new_note(PAGE, "Practice", text, next_action)


def test_editing_moves_updated_and_keeps_created_and_page():
    edited = edited_note(note(), text="new", next_action="", attached_to=CONCEPT, now=T1)
    assert (edited.text, edited.attached_to, edited.created, edited.updated, edited.page) == (
        "new",
        CONCEPT,
        T0,
        T1,
        "Practice",
    )
    with pytest.raises(NoteProblem):
        edited_note(note(), text=" ", next_action="", attached_to=PAGE)


def test_merge_adds_new_ids_and_the_later_copy_wins():
    ours = {"a": note("a", now=T1), "b": note("b", now=T1)}
    newer_a = edited_note(ours["a"], text="newer", next_action="", attached_to=PAGE, now=T2)
    older_b = note("b", text="older", now=T0)
    merged, report = merge_notes(ours, [newer_a, older_b, note("c")])
    assert merged["a"].text == "newer" and merged["b"].text == "text" and "c" in merged
    assert (report.added, report.replaced, report.kept) == (1, 1, 1)
    assert ours["a"].text == "text"  # the input is not modified


def test_merging_the_same_notes_again_changes_nothing():
    ours = {"a": note("a")}
    merged, report = merge_notes(ours, [note("a")])
    assert merged == ours and (report.added, report.replaced, report.kept) == (0, 0, 1)


def test_filters_combine_and_sort_newest_first():
    notes = {
        n.id: n
        for n in (
            note("a", PAGE, "Practice", now=T0),
            note("b", CONCEPT, "Notes", now=T2),
            note("c", CONCEPT, "Practice", now=T1),
        )
    }
    assert [n.id for n in filter_notes(notes)] == ["b", "c", "a"]
    assert [n.id for n in filter_notes(notes, kind="concept")] == ["b", "c"]
    assert [n.id for n in filter_notes(notes, attached_to=PAGE)] == ["a"]
    assert [n.id for n in filter_notes(notes, kind="concept", page="Practice")] == ["c"]
    assert filter_notes(notes, kind="equation") == []


def test_page_names_keep_plain_words_only():
    assert page_name("Training Lab") == "Training Lab"
    assert page_name("<b>Q&A</b>") == "bQAb" and page_name("???") == "Unknown page"


def test_readable_time():
    assert readable_time("2025-01-31T14:05:09Z") == "2025-01-31 14:05 UTC"


def test_a_note_can_cite_a_claim_or_a_source_and_an_edit_changes_the_citation():
    cited = new_note(PAGE, "Practice", "smoother, not steadier", cites="STIM18.smoothness", now=T0, note_id="c")
    assert cited.cites == "STIM18.smoothness" and note().cites == ""
    edited = edited_note(cited, text="now about the source", next_action="", attached_to=PAGE, cites="IS15", now=T1)
    assert (edited.cites, edited.updated) == ("IS15", T1)
    assert edited_note(edited, text="none", next_action="", attached_to=PAGE, now=T2).cites == ""


@pytest.mark.parametrize("cites", ["<script>", "javascript:alert(1)", "IS15.", "IS15.Bad Words", "x" * 65, "IS15\n"])
def test_a_malformed_citation_is_refused_in_one_sentence(cites):
    with pytest.raises(NoteProblem, match="is not the id of a claim or source"):
        new_note(PAGE, "Practice", "text", cites=cites)


def test_notes_filter_by_what_they_cite():
    notes = {
        "a": new_note(PAGE, "Practice", "x", cites="IS15.ics", now=T0, note_id="a"),
        "b": new_note(PAGE, "Practice", "y", cites="WH18", now=T1, note_id="b"),
        "c": note("c", now=T2),
    }
    assert [n.id for n in filter_notes(notes, cites="IS15.ics")] == ["a"]
    assert [n.id for n in filter_notes(notes, cites="")] == ["c"]
    assert [n.id for n in filter_notes(notes, cites=None)] == ["c", "b", "a"]


def test_a_citation_this_app_does_not_know_is_removed_and_the_note_kept():
    notes = {
        "a": new_note(PAGE, "Practice", "keep me", cites="XX99.made-up", now=T0, note_id="a"),
        "b": new_note(PAGE, "Practice", "known", cites="IS15.ics", now=T0, note_id="b"),
        "c": note("c"),
    }
    kept = without_unknown_citations(notes, {"IS15.ics", "IS15"})
    assert kept["a"] == replace(notes["a"], cites="") and kept["a"].text == "keep me"
    assert kept["b"] == notes["b"] and kept["c"] == notes["c"]
