"""A learner's notes as plain data: what a note is, how notes are created, edited, merged and filtered.

Plain Python (no Streamlit), so every rule is unit-tested. A note is attached to one object (a concept, an
equation, a page, a practice loop, a Training Lab state with its shareable link, or an exercise attempt),
remembers the page it was written on, and may cite one claim or source of the research room (quizzes.claims:
"STIM18.smoothness", "IS15") by its id. Timestamps are UTC, ISO 8601 to the second ("2025-01-31T14:05:09Z"), so they
sort as strings.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace

from quizzes.claims import CLAIM_ID_PATTERN, SOURCE_ID_PATTERN
from ui.common.record.fields import now_timestamp

KINDS = ("concept", "equation", "page", "practice_loop", "lab_state", "exercise_attempt")
KIND_TITLES = {
    "concept": "Concept",
    "equation": "Equation",
    "page": "Page",
    "practice_loop": "Practice loop",
    "lab_state": "Training Lab settings",
    "exercise_attempt": "Exercise attempt",
}
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PAGE_PATTERN = re.compile(r"^[A-Za-z0-9 _-]{1,60}$")  # page titles: plain words, safe in a caption
LINK_PATTERN = re.compile(r"^Training_Lab(\?[A-Za-z0-9_.~%&=+,:-]*)?$")  # a relative link to Training Lab settings
CITE_PATTERN = re.compile(rf"{SOURCE_ID_PATTERN.pattern}|{CLAIM_ID_PATTERN.pattern}")  # a claim or source id

MAX_TEXT = 20_000  # characters in a note
MAX_NEXT_ACTION = 1_000
MAX_KEY = 500
MAX_LABEL = 200
MAX_LINK = 500


@dataclass(frozen=True)
class Attachment:
    """The object a note is about."""

    kind: str  # one of KINDS
    key: str  # its id: glossary term id, equation id, page title, loop id, the lab's share query, "<exercise>@<time>"
    label: str  # what the learner sees
    link: str = ""  # lab_state only: "Training_Lab?depth=8&lr=0.1" (LINK_PATTERN), else ""

    def describe(self) -> str:
        return f"{KIND_TITLES[self.kind]} · {self.label}"


@dataclass(frozen=True)
class Note:
    id: str
    attached_to: Attachment
    page: str  # the page it was written on
    text: str
    next_action: str  # may be empty
    created: str  # TIMESTAMP_FORMAT, UTC
    updated: str
    cites: str = ""  # the id of a claim or source it cites (CITE_PATTERN), or ""


class NoteProblem(ValueError):
    """A note the learner wrote cannot be saved; the message is one sentence for the learner."""


def readable_time(timestamp: str) -> str:
    """'2025-01-31T14:05:09Z' -> '2025-01-31 14:05 UTC'."""
    return f"{timestamp[:10]} {timestamp[11:16]} UTC"


def page_name(title: str) -> str:
    """A page title as a note's "written on" field (PAGE_PATTERN): other characters are dropped."""
    name = re.sub(r"[^A-Za-z0-9 _-]", "", title).strip()[:60]
    return name or "Unknown page"


def check_note_text(text: str, next_action: str) -> tuple[str, str]:
    """The note text and next action as they will be saved (trailing blanks trimmed), or NoteProblem."""
    text, next_action = text.rstrip(), next_action.strip()
    if not text.strip():
        raise NoteProblem("Write something first: the note is empty.")
    if len(text) > MAX_TEXT:
        raise NoteProblem(f"The note has {len(text):,} characters; a note holds at most {MAX_TEXT:,}.")
    if len(next_action) > MAX_NEXT_ACTION:
        raise NoteProblem(f"The next action has {len(next_action):,} characters; at most {MAX_NEXT_ACTION:,} fit.")
    return text, next_action


def check_cites(cites: str) -> str:
    """A citation as it will be saved: "" or a claim or source id (NoteProblem otherwise)."""
    if cites and not CITE_PATTERN.fullmatch(cites):
        raise NoteProblem(f"{cites[:40]!r} is not the id of a claim or source.")
    return cites


def new_note(
    attached_to: Attachment,
    page: str,
    text: str,
    next_action: str = "",
    *,
    cites: str = "",
    now: str | None = None,
    note_id: str | None = None,
) -> Note:
    """A fresh note (NoteProblem for empty or oversized text, or a malformed citation). ``now`` and ``note_id`` are
    for tests."""
    text, next_action = check_note_text(text, next_action)
    stamp = now or now_timestamp()
    return Note(note_id or uuid.uuid4().hex, attached_to, page, text, next_action, stamp, stamp, check_cites(cites))


def edited_note(
    note: Note, *, text: str, next_action: str, attached_to: Attachment, cites: str = "", now: str | None = None
) -> Note:
    """The note with new content; ``updated`` moves to now, ``created`` and ``page`` stay."""
    text, next_action = check_note_text(text, next_action)
    return replace(
        note,
        text=text,
        next_action=next_action,
        attached_to=attached_to,
        cites=check_cites(cites),
        updated=max(now or now_timestamp(), note.created),
    )


@dataclass(frozen=True)
class MergeReport:
    added: int
    replaced: int  # an incoming note with a known id that was updated later than ours
    kept: int  # an incoming note with a known id that was not newer, so ours stays


def merge_notes(current: dict[str, Note], incoming: list[Note]) -> tuple[dict[str, Note], MergeReport]:
    """Merge by note id: new ids are added; for a known id the copy updated later wins (a tie keeps the incoming one).

    Returns a new dict (``current`` is not modified) and what happened.
    """
    merged = dict(current)
    added = replaced = kept = 0
    for note in incoming:
        ours = merged.get(note.id)
        if ours is None:
            added += 1
        elif note.updated >= ours.updated:
            replaced += note != ours
            kept += note == ours
        else:
            kept += 1
            continue
        merged[note.id] = note
    return merged, MergeReport(added, replaced, kept)


def without_unknown_citations(notes: dict[str, Note], known) -> dict[str, Note]:
    """The notes with every citation of an id not in ``known`` removed (the note itself is kept, unchanged else)."""
    return {
        key: note if note.cites in known or not note.cites else replace(note, cites="") for key, note in notes.items()
    }


def newest_first(notes) -> list[Note]:
    return sorted(notes, key=lambda note: (note.updated, note.id), reverse=True)


def filter_notes(
    notes: dict[str, Note],
    *,
    kind: str | None = None,
    attached_to: Attachment | None = None,
    page: str | None = None,
    cites: str | None = None,
) -> list[Note]:
    """The notes matching every given filter (None means any), most recently updated first."""
    return newest_first(
        note
        for note in notes.values()
        if (kind is None or note.attached_to.kind == kind)
        and (attached_to is None or note.attached_to == attached_to)
        and (page is None or note.page == page)
        and (cites is None or note.cites == cites)
    )
