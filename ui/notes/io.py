"""Notes files: export to JSON and Markdown, and a strict reader for JSON imports (and the browser's saved copy).

The JSON format, version 2:

    {"format": "batch-norm-lab-notes", "version": 2, "exported": "2025-01-31T14:05:09Z",   # "exported" optional
     "notes": [{"id": "...", "attached_to": {"kind": "page", "key": "Practice", "label": "Practice", "link": ""},
                "page": "Practice", "text": "...", "next_action": "", "created": "...", "updated": "...",
                "cites": "STIM18.smoothness"}]}

Version 2 added "cites" (the id of a claim or source of quizzes.claims, or ""). Version-1 files, written before it,
have no "cites" and still import: a note without the field cites nothing. The learner record holds its notes in
this same shape (ui.common.record.codec).

The reader accepts nothing else: at most 1 MB of UTF-8, standard JSON (no NaN or Infinity, no repeated field),
at most 4 levels of nesting, exactly these fields with these types, bounded string lengths, valid timestamps, unique
ids, well-formed citations. Any problem raises ``RecordFileError`` with one sentence saying what is wrong, and
nothing is imported.
Plain Python; export -> import gives back exactly the same notes.
"""

from __future__ import annotations

import json
from collections import Counter

from quizzes.claims import research
from ui.common.record import fields as check
from ui.common.record.fields import RecordFileError
from ui.notes.model import (
    CITE_PATTERN,
    ID_PATTERN,
    KINDS,
    LINK_PATTERN,
    MAX_KEY,
    MAX_LABEL,
    MAX_LINK,
    MAX_NEXT_ACTION,
    MAX_TEXT,
    PAGE_PATTERN,
    Attachment,
    Note,
    newest_first,
    readable_time,
)

FORMAT = "batch-norm-lab-notes"
VERSION = 2
READ_VERSIONS = (1, 2)  # the versions an import reads (a learner record has its own: ui.common.record.codec)
MAX_NOTES = 1_000
MAX_DEPTH = 4  # file object > notes list > note > attached_to
FILE_FIELDS = {"format", "version", "notes"}
NOTE_FIELDS = {"id", "attached_to", "page", "text", "next_action", "created", "updated"}
MAX_CITES = 64
ATTACHMENT_FIELDS = {"kind", "key", "label", "link"}
# Export -----------------------------------------------------------------------------------------------------------


def note_record(note: Note) -> dict:
    a = note.attached_to
    return {
        "id": note.id,
        "attached_to": {"kind": a.kind, "key": a.key, "label": a.label, "link": a.link},
        "page": note.page,
        "text": note.text,
        "next_action": note.next_action,
        "created": note.created,
        "updated": note.updated,
        "cites": note.cites,
    }


def export_json(notes: dict[str, Note], exported: str | None = None) -> str:
    """Every note as a version-2 JSON document (UTF-8 text, oldest first). Never contains NaN or Infinity.

    Args:
        exported: the export's timestamp, or None to leave the field out (a stable text for the browser copy).
    """
    document = {"format": FORMAT, "version": VERSION}
    if exported is not None:
        document["exported"] = exported
    document["notes"] = [note_record(n) for n in sorted(notes.values(), key=lambda n: (n.created, n.id))]
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2)


def export_markdown(notes: dict[str, Note], exported: str) -> str:
    """Every note as a readable Markdown document, most recently updated first."""
    count = f"{len(notes)} note{'s' if len(notes) != 1 else ''}"
    lines = [
        "# Batch Norm Lab notes",
        "",
        f"Exported {readable_time(exported)} · {count}. The JSON export holds the same notes in a form the "
        "Notes page can import.",
        "",
    ]
    for number, note in enumerate(newest_first(notes.values()), start=1):
        lines += [
            f"## {number}. {note.attached_to.describe()}",
            "",
            f"- Written on: {note.page}",
            f"- Created {readable_time(note.created)} · updated {readable_time(note.updated)}",
        ]
        if note.attached_to.link:
            lines.append(f"- Training Lab link: {note.attached_to.link}")
        if note.cites:
            lines.append(f"- Cites: {cited_label(note.cites)}")
        lines += ["", note.text, ""]
        if note.next_action:
            lines += [f"**Next action:** {note.next_action}", ""]
    return "\n".join(lines)


def cited_label(cites: str) -> str:
    """A citation as a reader sees it; an id this app does not know is named as such."""
    if cites in research().citable():
        return research().label(cites)
    return f"{cites} (a claim or source this version of the app does not have)"


# Import -----------------------------------------------------------------------------------------------------------


def attachment_from_json(value, where: str) -> Attachment:
    fields = check.fields(value, ATTACHMENT_FIELDS, f"{where}, 'attached_to',")
    kind = check.one_of(fields["kind"], KINDS, where, "kind")
    link = check.string(fields["link"], where, "link", MAX_LINK)
    if link and (kind != "lab_state" or not LINK_PATTERN.match(link)):
        raise RecordFileError(
            f"{where}: 'link' must be empty or, for Training Lab settings, a link like 'Training_Lab?depth=8&lr=0.1'."
        )
    return Attachment(
        kind,
        check.string(fields["key"], where, "key", MAX_KEY, empty_ok=False),
        check.string(fields["label"], where, "label", MAX_LABEL, empty_ok=False),
        link,
    )


def note_from_json(value, number: int) -> Note:
    """One note of a file (``number`` counts from 1, for the message), or RecordFileError."""
    where = f"Note {number}"
    cites = ""
    if isinstance(value, dict) and "cites" in value:  # a version-1 note has no "cites": it cites nothing
        value = dict(value)
        cites = check.string(value.pop("cites"), where, "cites", MAX_CITES)
        if cites:
            check.matching(cites, CITE_PATTERN, where, "cites", "empty or the id of a claim or source")
    fields = check.fields(value, NOTE_FIELDS, where)
    note = Note(
        id=check.matching(
            check.string(fields["id"], where, "id", 64), ID_PATTERN, where, "id", "1 to 64 letters, digits, '-' or '_'"
        ),
        attached_to=attachment_from_json(fields["attached_to"], where),
        page=check.matching(
            check.string(fields["page"], where, "page", 60), PAGE_PATTERN, where, "page", "a page title"
        ),
        text=check.string(fields["text"], where, "text", MAX_TEXT, empty_ok=False),
        next_action=check.string(fields["next_action"], where, "next_action", MAX_NEXT_ACTION),
        created=check.timestamp(fields["created"], where, "created"),
        updated=check.timestamp(fields["updated"], where, "updated"),
        cites=cites,
    )
    if note.updated < note.created:
        raise RecordFileError(f"{where}: 'updated' ({note.updated}) is earlier than 'created' ({note.created}).")
    return note


def is_notes_file(document) -> bool:
    """Whether a parsed JSON document says it is a notes file (the format before the learner record)."""
    return isinstance(document, dict) and document.get("format") == FORMAT


def notes_from_document(document) -> list[Note]:
    """The notes of a parsed notes file; RecordFileError (one sentence) for anything but a valid file of a version
    this app reads."""
    if not isinstance(document, dict):
        raise RecordFileError(
            f"The file holds {check.type_name(document)}; a notes file is an object with a 'notes' list."
        )
    if "exported" in document:
        check.timestamp(document["exported"], "The file", "exported")
    document = check.fields({k: v for k, v in document.items() if k != "exported"}, FILE_FIELDS, "The file")
    if document["format"] != FORMAT:
        raise RecordFileError(f"The file's 'format' is {str(document['format'])[:40]!r}, not {FORMAT!r}.")
    version = document["version"]
    if type(version) is not int or version not in READ_VERSIONS:
        raise RecordFileError(f"The file is version {str(version)[:20]}; {check.reads_versions(READ_VERSIONS)}.")
    notes = document["notes"]
    if not isinstance(notes, list):
        raise RecordFileError(f"'notes' must be a list, not {check.type_name(notes)}.")
    if len(notes) > MAX_NOTES:
        raise RecordFileError(f"The file has {len(notes):,} notes; at most {MAX_NOTES:,} can be imported at once.")
    parsed = [note_from_json(value, number) for number, value in enumerate(notes, start=1)]
    repeated = [note_id for note_id, count in Counter(note.id for note in parsed).items() if count > 1]
    if repeated:
        raise RecordFileError(f"Two notes in the file share the id {repeated[0]!r}.")
    return parsed


def parse_notes_file(data: bytes) -> list[Note]:
    """Read a notes file; RecordFileError (one sentence) for anything but a valid notes file of a version this app
    reads."""
    return notes_from_document(check.load_json(data, kind="a notes file", max_depth=MAX_DEPTH))
