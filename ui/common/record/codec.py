"""The learner record as one JSON document (version 3), and its reader.

    {"format": "batch-norm-lab-record", "version": 3, "exported": "...",          # "exported" optional
     "forgotten": "" | time, "expertise": {"level", "at"} | null, "place": {"page", "step", "at"} | null,
     "notes": [note as in ui.notes.io], "quiz_answers": [{"id", "attempt", "mode", "question_id", "topic", "kind",
     "source", "difficulty", "your_answer", "right_answer", "correct", "answered_at"}],
     "practice": [{"loop_id", "choice", "reasoning", "confidence", "outcome", "held", "hints", "revealed_at"}],
     "predictions": [{"id", "page", "question", "guess", "confidence", "made", "answer", "held", "resolved"}],
     "exercises": [{"id", "exercise_id", "topic", "code", "correct", "mistake", "message", "submitted_at"}]}

At most 1 MB of standard JSON, 4 levels deep, exactly these fields and types. Version 3 added "exercises" (the
write-it-yourself attempts); version 2 added a note's "cites" (see ui.notes.io). Records of versions 1 and 2 are still
read: they have no "exercises" (and a version-1 record's notes cite nothing). An old notes file
("batch-norm-lab-notes", ui.notes.io, which keeps its own versions) is read as a record holding only its notes.

Two ways to read (``read_record``):
- ``strict`` (an import the learner chose): the first problem raises RecordFileError and nothing is taken.
- lenient (the copy saved in the browser, which the learner cannot fix): a file that is not a record of a version
  this app reads is still refused, but inside a valid one every entry that is wrong, or ambiguous (one id, two
  different contents), is left out and named in ``Reading.ignored``; the rest is kept.
Plain Python; ``read_record(record_json(r)).record == r``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ui.common.record import entries
from ui.common.record import fields as check
from ui.common.record.fields import MAX_FILE_BYTES, RecordFileError
from ui.common.record.model import Record
from ui.exercises.model import MAX_KEPT as MAX_EXERCISE_ATTEMPTS
from ui.notes.io import MAX_NOTES, is_notes_file, note_from_json, note_record, notes_from_document

FORMAT = "batch-norm-lab-record"
VERSION = 3
READ_VERSIONS = (1, 2, 3)
MAX_DEPTH = 4  # record > notes list > note > attached_to
MAX_ANSWERS = 2_000
MAX_PRACTICE = 100
MAX_PREDICTIONS = 1_000
MAX_IGNORED_SHOWN = 5  # problems named one by one; the rest are counted
SECTIONS = {  # list field -> (Record attribute, cap, reader of one entry, the entry's id)
    "notes": ("notes", MAX_NOTES, note_from_json, lambda n: n.id),
    "quiz_answers": ("answers", MAX_ANSWERS, entries.quiz_answer, lambda a: a.id),
    "practice": ("practice", MAX_PRACTICE, entries.practice_reveal, lambda p: p.loop_id),
    "predictions": ("predictions", MAX_PREDICTIONS, entries.lab_prediction, lambda p: p.id),
    "exercises": ("exercises", MAX_EXERCISE_ATTEMPTS, entries.exercise_attempt, lambda a: a.id),
}
SINGLES = {"expertise": entries.setting, "place": entries.place}
FIELDS = {"format", "version", "forgotten", *SINGLES, *SECTIONS}
ADDED_IN = {"exercises": 3}  # fields a record has from this version on (the others: from version 1)


def fields_of(version: int) -> set[str]:
    """The fields a record of ``version`` has."""
    return {name for name in FIELDS if ADDED_IN.get(name, 1) <= version}


@dataclass(frozen=True)
class Reading:
    record: Record
    ignored: tuple[str, ...] = ()  # one sentence per entry or field left out (lenient reading only)
    from_notes_file: bool = False

    def ignored_sentence(self) -> str | None:
        """The problems in one short paragraph, or None when nothing was left out."""
        if not self.ignored:
            return None
        shown = " ".join(self.ignored[:MAX_IGNORED_SHOWN])
        rest = len(self.ignored) - MAX_IGNORED_SHOWN
        return shown + (f" ({rest:,} more problems like these.)" if rest > 0 else "")


def record_document(record: Record, exported: str | None = None) -> dict:
    document = {"format": FORMAT, "version": VERSION}
    if exported is not None:
        document["exported"] = exported
    document |= {
        "forgotten": record.forgotten,
        "expertise": asdict(record.expertise) if record.expertise else None,
        "place": asdict(record.place) if record.place else None,
        "notes": [note_record(n) for n in sorted(record.notes.values(), key=lambda n: (n.created, n.id))],
        "quiz_answers": [asdict(a) for a in record.answers_in_order()],
        "practice": [asdict(p) for p in sorted(record.practice.values(), key=lambda p: (p.revealed_at, p.loop_id))],
        "predictions": [asdict(p) for p in sorted(record.predictions.values(), key=lambda p: (p.made, p.id))],
        "exercises": [asdict(a) for a in record.attempts_in_order()],
    }
    return document


def record_json(record: Record, exported: str | None = None) -> str:
    """The record as compact JSON text (what the browser keeps and what an export holds); never NaN or Infinity.
    ``exported`` adds the export's time; without it the same record always gives the same text."""
    return json.dumps(record_document(record, exported), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def record_size(record: Record) -> int:
    """Bytes of the record's JSON with an export time, as an exported file would have."""
    return len(record_json(record, exported="2000-01-01T00:00:00Z").encode("utf-8"))


def room_problem(record: Record) -> str | None:
    """Why the record would not fit in one file (too many entries of a kind, or over 1 MB), or None."""
    for name, (attribute, cap, _, _) in SECTIONS.items():
        count = len(getattr(record, attribute))
        if count > cap:
            return f"That would make {count:,} {name.replace('_', ' ')}; your record holds at most {cap:,}."
    if record_size(record) > MAX_FILE_BYTES:
        return "That would take your learner record past 1 MB, the most one record holds."
    return None


def _problem(strict: bool, ignored: list[str], message: str) -> None:
    if strict:
        raise RecordFileError(message)
    ignored.append(message)


def _section(document: dict, name: str, strict: bool, ignored: list[str]) -> dict:
    """One list of the record by id. Lenient: invalid entries, and an id given two different contents, left out."""
    _, cap, read, identify = SECTIONS[name]
    try:
        values = check.listed(document[name], f"{name!r}", cap)
    except RecordFileError as error:
        _problem(strict, ignored, f"Left out: {error}")
        return {}
    copies: dict = {}
    for number, value in enumerate(values, start=1):
        try:
            entry = read(value, number)
        except RecordFileError as error:
            _problem(strict, ignored, f"Left out of {name!r}: {error}")
            continue
        if strict and identify(entry) in copies:
            raise RecordFileError(f"Two entries of {name!r} share the id {str(identify(entry))[:64]!r}.")
        copies.setdefault(identify(entry), set()).add(entry)
    for key in [key for key, found in copies.items() if len(found) > 1]:
        _problem(strict, ignored, f"Left out of {name!r}: two different entries share the id {str(key)[:64]!r}.")
    return {key: next(iter(found)) for key, found in copies.items() if len(found) == 1}


def record_from_document(document, *, strict: bool) -> Reading:
    """A parsed record document as a Record (see the module docstring for ``strict``)."""
    if not isinstance(document, dict):
        raise RecordFileError(
            f"The file holds {check.type_name(document)}; a learner record is an object with 'format' and 'version'."
        )
    if document.get("format") != FORMAT:
        raise RecordFileError(
            f"The file's 'format' is {str(document.get('format'))[:40]!r}, not {FORMAT!r} (or an older notes file)."
        )
    version = document.get("version")
    if type(version) is not int or version not in READ_VERSIONS:
        raise RecordFileError(f"The file is version {str(version)[:20]}; {check.reads_versions(READ_VERSIONS)}.")
    expected = fields_of(version)
    ignored: list[str] = []
    for unknown in sorted(document.keys() - expected - {"exported"})[:MAX_IGNORED_SHOWN]:
        known = f"a version-{version} record does not have" if unknown in FIELDS else "this app does not know"
        _problem(strict, ignored, f"The record has a field {known}: {unknown[:40]!r}.")
    if "exported" in document:
        check.timestamp(document["exported"], "The file", "exported")
    for missing in sorted(expected - document.keys()):
        _problem(strict, ignored, f"The record is missing the field {missing!r}; it was read as empty.")
    forgotten = ""
    try:
        forgotten = check.timestamp(document.get("forgotten", ""), "The record", "forgotten", empty_ok=True)
    except RecordFileError as error:
        _problem(strict, ignored, str(error))
    singles = dict.fromkeys(SINGLES)
    for name, read in SINGLES.items():
        try:
            singles[name] = None if document.get(name) is None else read(document[name])
        except RecordFileError as error:
            _problem(strict, ignored, f"Left out: {error}")
    lists = {
        SECTIONS[name][0]: _section(document, name, strict, ignored)
        for name in SECTIONS
        if name in document and name in expected
    }
    return Reading(Record(forgotten=forgotten, **singles, **lists), tuple(ignored))


def read_record(data: bytes, *, strict: bool) -> Reading:
    """Read a record file or an old notes file (bytes of JSON); RecordFileError when nothing can be taken from it."""
    document = check.load_json(data, kind="a learner record", max_depth=MAX_DEPTH)
    if is_notes_file(document):
        notes = notes_from_document(document)
        return Reading(Record(notes={note.id: note for note in notes}), from_notes_file=True)
    return record_from_document(document, strict=strict)
