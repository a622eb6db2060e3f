"""Notes files: export to JSON and Markdown, and a strict reader for JSON imports (and the browser's saved copy).

The JSON format, version 1:

    {"format": "batch-norm-lab-notes", "version": 1, "exported": "2025-01-31T14:05:09Z",   # "exported" optional
     "notes": [{"id": "...", "attached_to": {"kind": "page", "key": "Practice", "label": "Practice", "link": ""},
                "page": "Practice", "text": "...", "next_action": "", "created": "...", "updated": "..."}]}

The reader accepts nothing else: at most 1 MB of UTF-8, standard JSON (no NaN or Infinity, no repeated field),
at most 4 levels of nesting, exactly these fields with these types, bounded string lengths, valid timestamps, unique
ids. Any problem raises ``NotesFileError`` with one sentence saying what is wrong, and nothing is imported.
Plain Python; export -> import gives back exactly the same notes.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

from ui.notes.model import (
    ID_PATTERN,
    KINDS,
    LINK_PATTERN,
    MAX_KEY,
    MAX_LABEL,
    MAX_LINK,
    MAX_NEXT_ACTION,
    MAX_TEXT,
    PAGE_PATTERN,
    TIMESTAMP_FORMAT,
    TIMESTAMP_PATTERN,
    Attachment,
    Note,
    newest_first,
    readable_time,
)

FORMAT = "batch-norm-lab-notes"
VERSION = 1
MAX_FILE_BYTES = 1024 * 1024  # 1 MB, as Streamlit counts it (server.maxUploadSize = 1)
MAX_NOTES = 1_000
MAX_DEPTH = 4  # file object > notes list > note > attached_to
FILE_FIELDS = {"format", "version", "notes"}
NOTE_FIELDS = {"id", "attached_to", "page", "text", "next_action", "created", "updated"}
ATTACHMENT_FIELDS = {"kind", "key", "label", "link"}
TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "null",
}


class NotesFileError(ValueError):
    """A notes file that cannot be imported; the message is one sentence for the learner."""


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
    }


def export_json(notes: dict[str, Note], exported: str | None = None) -> str:
    """Every note as a version-1 JSON document (UTF-8 text, oldest first). Never contains NaN or Infinity.

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
        lines += ["", note.text, ""]
        if note.next_action:
            lines += [f"**Next action:** {note.next_action}", ""]
    return "\n".join(lines)


def room_problem(notes: dict[str, Note]) -> str | None:
    """Why these notes would not fit in one importable file (too many, or over 1 MB), or None when they fit."""
    if len(notes) > MAX_NOTES:
        return f"That would make {len(notes):,} notes; one notes file holds at most {MAX_NOTES:,}."
    if len(export_json(notes, exported="2000-01-01T00:00:00Z").encode("utf-8")) > MAX_FILE_BYTES:
        return "That would take your notes past 1 MB, the most one notes file holds."
    return None


# Import -----------------------------------------------------------------------------------------------------------


def _reject_constant(name: str):
    raise NotesFileError(f"The file contains {name}, which is not standard JSON.")


def _unique_fields(pairs: list[tuple[str, object]]) -> dict:
    repeated = [key for key, count in Counter(key for key, _ in pairs).items() if count > 1]
    if repeated:
        raise NotesFileError(f"The file repeats the field {repeated[0]!r} inside one object.")
    return dict(pairs)


def nesting_depth(value) -> int:
    """How many levels of objects and lists are nested in a parsed JSON value (a string or number is 0)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack += [(child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def _type_name(value) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def _fields(value, expected: set[str], where: str) -> dict:
    if not isinstance(value, dict):
        raise NotesFileError(f"{where} must be an object, not {_type_name(value)}.")
    unknown, missing = sorted(value.keys() - expected), sorted(expected - value.keys())
    if unknown:
        raise NotesFileError(f"{where} has a field this app does not know: {unknown[0]!r}.")
    if missing:
        raise NotesFileError(f"{where} is missing the field {missing[0]!r}.")
    return value


def _string(value, where: str, field: str, limit: int, *, empty_ok: bool = True) -> str:
    if not isinstance(value, str):
        raise NotesFileError(f"{where}: {field!r} must be a string, not {_type_name(value)}.")
    if len(value) > limit:
        raise NotesFileError(f"{where}: {field!r} has {len(value):,} characters; at most {limit:,} are allowed.")
    if not empty_ok and not value.strip():
        raise NotesFileError(f"{where}: {field!r} is empty.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise NotesFileError(f"{where}: {field!r} contains an invalid character (a lone surrogate).") from None
    return value


def _matching(value: str, pattern, where: str, field: str, expected: str) -> str:
    if not pattern.match(value):
        raise NotesFileError(f"{where}: {field!r} must be {expected}, got {value[:40]!r}.")
    return value


def _timestamp(value, where: str, field: str) -> str:
    _matching(_string(value, where, field, 20), TIMESTAMP_PATTERN, where, field, "a time like 2025-01-31T14:05:09Z")
    try:
        datetime.strptime(value, TIMESTAMP_FORMAT)
    except ValueError:
        raise NotesFileError(f"{where}: {field!r} is not a real date and time: {value!r}.") from None
    return value


def _attachment(value, where: str) -> Attachment:
    fields = _fields(value, ATTACHMENT_FIELDS, f"{where}, 'attached_to',")
    kind = _string(fields["kind"], where, "kind", 20)
    if kind not in KINDS:
        raise NotesFileError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, got {kind[:20]!r}.")
    link = _string(fields["link"], where, "link", MAX_LINK)
    if link and (kind != "lab_state" or not LINK_PATTERN.match(link)):
        raise NotesFileError(
            f"{where}: 'link' must be empty or, for Training Lab settings, a link like 'Training_Lab?depth=8&lr=0.1'."
        )
    return Attachment(
        kind,
        _string(fields["key"], where, "key", MAX_KEY, empty_ok=False),
        _string(fields["label"], where, "label", MAX_LABEL, empty_ok=False),
        link,
    )


def _note(value, number: int) -> Note:
    where = f"Note {number}"
    fields = _fields(value, NOTE_FIELDS, where)
    note = Note(
        id=_matching(
            _string(fields["id"], where, "id", 64), ID_PATTERN, where, "id", "1 to 64 letters, digits, '-' or '_'"
        ),
        attached_to=_attachment(fields["attached_to"], where),
        page=_matching(_string(fields["page"], where, "page", 60), PAGE_PATTERN, where, "page", "a page title"),
        text=_string(fields["text"], where, "text", MAX_TEXT, empty_ok=False),
        next_action=_string(fields["next_action"], where, "next_action", MAX_NEXT_ACTION),
        created=_timestamp(fields["created"], where, "created"),
        updated=_timestamp(fields["updated"], where, "updated"),
    )
    if note.updated < note.created:
        raise NotesFileError(f"{where}: 'updated' ({note.updated}) is earlier than 'created' ({note.created}).")
    return note


def parse_notes_file(data: bytes) -> list[Note]:
    """Read a notes file; NotesFileError (one sentence) for anything but a valid version-1 notes file."""
    if len(data) > MAX_FILE_BYTES:
        raise NotesFileError(f"The file is {len(data) / 1024 / 1024:.2f} MB; a notes file can be at most 1 MB.")
    if not data.strip():
        raise NotesFileError("The file is empty.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotesFileError("The file is not UTF-8 text, so it cannot be a notes file.") from None
    try:
        document = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_fields)
    except RecursionError:
        raise NotesFileError(
            f"The file is nested far too deeply; a notes file has at most {MAX_DEPTH} levels."
        ) from None
    except json.JSONDecodeError as error:
        raise NotesFileError(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    depth = nesting_depth(document)
    if depth > MAX_DEPTH:
        raise NotesFileError(f"The file nests data {depth} levels deep; a notes file has at most {MAX_DEPTH}.")
    if not isinstance(document, dict):
        raise NotesFileError(f"The file holds {_type_name(document)}; a notes file is an object with a 'notes' list.")
    if "exported" in document:
        _timestamp(document["exported"], "The file", "exported")
    document = _fields({k: v for k, v in document.items() if k != "exported"}, FILE_FIELDS, "The file")
    if document["format"] != FORMAT:
        raise NotesFileError(f"The file's 'format' is {str(document['format'])[:40]!r}, not {FORMAT!r}.")
    version = document["version"]
    if type(version) is not int or version != VERSION:
        raise NotesFileError(f"The file is version {str(version)[:20]}; this app reads version {VERSION}.")
    notes = document["notes"]
    if not isinstance(notes, list):
        raise NotesFileError(f"'notes' must be a list, not {_type_name(notes)}.")
    if len(notes) > MAX_NOTES:
        raise NotesFileError(f"The file has {len(notes):,} notes; at most {MAX_NOTES:,} can be imported at once.")
    parsed = [_note(value, number) for number, value in enumerate(notes, start=1)]
    repeated = [note_id for note_id, count in Counter(note.id for note in parsed).items() if count > 1]
    if repeated:
        raise NotesFileError(f"Two notes in the file share the id {repeated[0]!r}.")
    return parsed
