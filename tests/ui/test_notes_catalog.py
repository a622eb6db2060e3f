"""What notes can be attached to, including the Training Lab's settings with their shareable link."""

import pytest

from ui.notes.catalog import attempt_note_text, catalog, lab_state_attachment, page_titles
from ui.notes.model import KINDS, LINK_PATTERN, PAGE_PATTERN

SETTINGS = {"dataset": "digits", "depth": 8, "width": 100, "batch_norm": True, "lr": 0.1, "batch_size": 64}


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("lab_state", "exercise_attempt")])  # session objects
def test_every_catalog_has_unique_objects_of_its_kind(kind):
    objects = catalog(kind)
    assert objects and all(a.kind == kind and a.key and a.label and not a.link for a in objects)
    assert len({a.key for a in objects}) == len(objects)


def test_pages_include_home_and_every_page_title_is_a_valid_page_field():
    titles = page_titles()
    assert titles[0] == "Home" and {"Practice", "Notes", "Training Lab"} <= set(titles)
    assert all(PAGE_PATTERN.match(title) for title in titles)


def test_lab_settings_become_an_attachment_with_its_shareable_link():
    attachment = lab_state_attachment(SETTINGS, "?depth=8&lr=0.1")
    assert attachment.kind == "lab_state" and attachment.key == "?depth=8&lr=0.1"
    assert attachment.label == (
        "Training Lab: dataset digits, depth 8, width 100, batch_norm True, lr 0.1, batch_size 64"
    )
    assert attachment.link == "Training_Lab?depth=8&lr=0.1" and LINK_PATTERN.match(attachment.link)


@pytest.mark.parametrize("query", [None, "", "javascript:alert(1)", "?a=<script>", "?a=1 b", "?" + "a" * 600])
def test_a_query_that_is_not_a_plain_query_gives_no_link(query):
    attachment = lab_state_attachment(SETTINGS, query)
    assert attachment is not None and attachment.link == "" and attachment.key


@pytest.mark.parametrize("settings", [None, {}, "depth=8", ["depth"]])
def test_no_settings_no_attachment(settings):
    assert lab_state_attachment(settings, "?depth=8") is None


def test_an_attempts_note_text_keeps_verdict_and_message_and_fits_its_room():
    text = attempt_note_text("unbiased variance", "You divided by N - 1.", "x = 1\n" * 5_000, room=2_000)
    assert text.startswith("My attempt: unbiased variance. You divided by N - 1.") and len(text) <= 2_000
    assert text.rstrip().endswith("```") and "…" in text
    short = attempt_note_text("right", "All inputs match.", "y = x", room=2_000)
    assert "```python\ny = x\n```" in short
