"""How session-state keys are declared: each page's package has a ``keys`` module with one class of string
constants, every key starting with the page's prefix (``walk.``, ``lab.``, ...); no module spells a key itself.
``AppKeys`` holds the keys of the shell every page shares; ``EditorKeys`` names the keys of one editable table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def key_class(key: str) -> str:
    """The CSS class Streamlit gives an element with this key: ``st-key-`` and the key, every character other than
    a letter, a digit, "_" or "-" written as "-"."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


class AppKeys:
    """Keys under ``app.``: the shell every page draws."""

    EXPERTISE = "app.expertise"  # non-widget key: survives pages that do not draw the selector
    EXPERTISE_WIDGET = "app.expertise_widget"
    PREFETCH = "app.prefetch"  # the component that loads element code before a page shows it (ui.common.prefetch)
    RECONNECTION = "app.reconnection"  # runs the page when the tab reconnects (ui.common.reconnection)


class RecordKeys:
    """Keys under ``app.record.``: the learner record (ui.common.record), its browser copy and its panel."""

    ANSWER_IDS = "app.record.answer_ids"  # record ids of quiz.progress's history, in the same order
    EXPERTISE_AT = "app.record.expertise_at"  # when the expertise level was last chosen
    FORGET = "app.record.forget"
    FORGET_CANCEL = "app.record.forget_cancel"
    FORGET_CONFIRM = "app.record.forget_confirm"
    FORGET_ASKED = "app.record.forget_asked"  # the confirmation is on screen
    FORGOTTEN = "app.record.forgotten"  # when "Forget me" was last pressed, in any tab
    HANDED = "app.record.handed"  # the record's JSON as last handed to the browser to write
    DOWNLOAD_UNREADABLE = "app.record.download_unreadable"
    DROP_LEGACY = "app.record.drop_legacy"  # the old notes key was read: remove it once the record is written
    EXPORT = "app.record.export"
    IGNORED = "app.record.ignored"  # a sentence on what the saved copy held that was left out
    IMPORT_FILE = "app.record.import_file"
    IMPORT_MESSAGE = "app.record.import_message"
    LATE_STORE = "app.record.late_store"  # a second copy of the component, for storage.save_now
    LOADED = "app.record.loaded"  # the browser's copy has been read (or found missing / unavailable)
    MESSAGE = "app.record.message"  # (level, sentence) after Forget me
    PLACE = "app.record.place"  # ui.common.record.model.Place: where the learner is now
    PREDICTIONS = "app.record.predictions"  # {id: LabPrediction}
    SIDEBAR_EXPORT = "app.record.sidebar_export"
    STORAGE_PROBLEM = "app.record.storage_problem"  # a sentence when the browser cannot keep the record
    STORE = "app.record.store"  # the browser storage component in the sidebar
    TOKEN = "app.record.token"  # this session's id, so the browser sends its copy once per session
    TOO_BIG = "app.record.too_big"  # a sentence when the record is over 1 MB and was not saved
    UNREADABLE = "app.record.unreadable"  # the raw saved copy that could not be read, for download


@dataclass(frozen=True)
class EditorKeys:
    """The session-state keys of one editable table."""

    widget: str  # the data editor's own state: Streamlit drops it when the learner leaves the page
    last_valid: str  # the last values that passed the checks
    base: str  # the values the editor is drawn from
    signature: str  # the settings the fresh values were generated from

    @staticmethod
    def of(name: str) -> EditorKeys:
        """The four keys of the table called ``name`` (a page-prefixed key such as "walk.table")."""
        return EditorKeys(name, f"{name}.last_valid", f"{name}.base", f"{name}.signature")
