"""Strict reading of learner files (a notes file, a learner record): JSON with no NaN, no repeated field and bounded
nesting, then one checker per field type. Every problem raises ``RecordFileError`` with one sentence for the learner.

Plain Python (no Streamlit).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # UTC to the second, so timestamps sort as strings
TIMESTAMP_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
MAX_FILE_BYTES = 1024 * 1024  # 1 MB, as Streamlit counts it (server.maxUploadSize = 1)
TYPE_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "null",
}


def now_timestamp() -> str:
    """This moment in TIMESTAMP_FORMAT."""
    return datetime.now(UTC).strftime(TIMESTAMP_FORMAT)


class RecordFileError(ValueError):
    """A file (or the browser's saved copy) that cannot be read; the message is one sentence for the learner."""


def _reject_constant(name: str):
    raise RecordFileError(f"The file contains {name}, which is not standard JSON.")


def _unique_fields(pairs: list[tuple[str, object]]) -> dict:
    repeated = [key for key, count in Counter(key for key, _ in pairs).items() if count > 1]
    if repeated:
        raise RecordFileError(f"The file repeats the field {repeated[0]!r} inside one object.")
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


def load_json(data: bytes, *, kind: str, max_depth: int, max_bytes: int = MAX_FILE_BYTES):
    """Parse ``data`` as standard JSON of at most ``max_bytes`` and ``max_depth`` levels; ``kind`` names the file in
    messages ("a notes file"). Returns the parsed value or raises RecordFileError."""
    if len(data) > max_bytes:
        raise RecordFileError(
            f"The file is {len(data) / 1024 / 1024:.2f} MB; {kind} can be at most {max_bytes / 1024 / 1024:g} MB."
        )
    if not data.strip():
        raise RecordFileError("The file is empty.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordFileError(f"The file is not UTF-8 text, so it cannot be {kind}.") from None
    try:
        document = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_fields)
    except RecursionError:
        raise RecordFileError(f"The file is nested far too deeply; {kind} has at most {max_depth} levels.") from None
    except json.JSONDecodeError as error:
        raise RecordFileError(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    depth = nesting_depth(document)
    if depth > max_depth:
        raise RecordFileError(f"The file nests data {depth} levels deep; {kind} has at most {max_depth}.")
    return document


def reads_versions(versions: tuple[int, ...]) -> str:
    """ "this app reads versions 1, 2 and 3": the end of a wrong-version message."""
    listed = ", ".join(map(str, versions[:-1]))
    return f"this app reads versions {listed} and {versions[-1]}" if listed else f"this app reads version {versions[0]}"


def type_name(value) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def fields(value, expected: set[str], where: str) -> dict:
    """``value`` as an object with exactly the ``expected`` fields."""
    if not isinstance(value, dict):
        raise RecordFileError(f"{where} must be an object, not {type_name(value)}.")
    unknown, missing = sorted(value.keys() - expected), sorted(expected - value.keys())
    if unknown:
        raise RecordFileError(f"{where} has a field this app does not know: {unknown[0]!r}.")
    if missing:
        raise RecordFileError(f"{where} is missing the field {missing[0]!r}.")
    return value


def string(value, where: str, field: str, limit: int, *, empty_ok: bool = True) -> str:
    if not isinstance(value, str):
        raise RecordFileError(f"{where}: {field!r} must be a string, not {type_name(value)}.")
    if len(value) > limit:
        raise RecordFileError(f"{where}: {field!r} has {len(value):,} characters; at most {limit:,} are allowed.")
    if not empty_ok and not value.strip():
        raise RecordFileError(f"{where}: {field!r} is empty.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordFileError(f"{where}: {field!r} contains an invalid character (a lone surrogate).") from None
    return value


def matching(value: str, pattern, where: str, field: str, expected: str) -> str:
    if not pattern.match(value):
        raise RecordFileError(f"{where}: {field!r} must be {expected}, got {value[:40]!r}.")
    return value


def one_of(value, choices, where: str, field: str) -> str:
    text = string(value, where, field, 40)
    if text not in choices:
        raise RecordFileError(f"{where}: {field!r} must be one of {', '.join(map(str, choices))}, got {text[:20]!r}.")
    return text


def timestamp(value, where: str, field: str, *, empty_ok: bool = False) -> str:
    """A UTC time like 2025-01-31T14:05:09Z (or "" when ``empty_ok``)."""
    if empty_ok and value == "":
        return value
    matching(string(value, where, field, 20), TIMESTAMP_PATTERN, where, field, "a time like 2025-01-31T14:05:09Z")
    try:
        datetime.strptime(value, TIMESTAMP_FORMAT)
    except ValueError:
        raise RecordFileError(f"{where}: {field!r} is not a real date and time: {value!r}.") from None
    return value


def integer(value, where: str, field: str, low: int, high: int) -> int:
    if type(value) is not int:
        raise RecordFileError(f"{where}: {field!r} must be a whole number, not {type_name(value)}.")
    if not low <= value <= high:
        raise RecordFileError(f"{where}: {field!r} must be from {low:,} to {high:,}, got {value:,}.")
    return value


def boolean(value, where: str, field: str) -> bool:
    if type(value) is not bool:
        raise RecordFileError(f"{where}: {field!r} must be true or false, not {type_name(value)}.")
    return value


def listed(value, where: str, limit: int) -> list:
    if not isinstance(value, list):
        raise RecordFileError(f"{where} must be a list, not {type_name(value)}.")
    if len(value) > limit:
        raise RecordFileError(f"{where} has {len(value):,} entries; at most {limit:,} are allowed.")
    return value
