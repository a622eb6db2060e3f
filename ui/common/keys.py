"""How session-state keys are declared: each page's package has a ``keys`` module with one class of string
constants, every key starting with the page's prefix (``walk.``, ``lab.``, ...); no module spells a key itself.
``AppKeys`` holds the keys of the shell every page shares; ``EditorKeys`` names the keys of one editable table.
"""

from __future__ import annotations

from dataclasses import dataclass


class AppKeys:
    """Keys under ``app.``: the shell every page draws."""

    EXPERTISE = "app.expertise"  # non-widget key: survives pages that do not draw the selector
    EXPERTISE_WIDGET = "app.expertise_widget"


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
