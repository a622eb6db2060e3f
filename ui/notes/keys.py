"""The session-state keys of the notes (the page and the sidebar's quick note): every key starts with ``notes.``."""


class NotesKeys:
    """Keys under ``notes.``; widget keys and non-widget (kept) state alike."""

    CANCEL_EDIT = "notes.cancel_edit"
    CITES = "notes.cites"  # the editor's "Cites" choice: a claim or source id, or ""
    CITE_NEXT = "notes.cite_next"  # non-widget: a claim the editor's next note cites (set by a claim card, any page)
    EDITING = "notes.editing"  # id of the note in the editor, absent for a new note
    EDITOR_MESSAGE = "notes.editor_message"
    EXPORT_JSON = "notes.export_json"
    EXPORT_MARKDOWN = "notes.export_markdown"
    FILTER_CITES = "notes.filter_cites"
    FILTER_KIND = "notes.filter_kind"
    FILTER_OBJECT = "notes.filter_object"
    FILTER_PAGE = "notes.filter_page"
    IMPORT_FILE = "notes.import_file"
    IMPORT_MESSAGE = "notes.import_message"
    ITEMS = "notes.items"
    KIND = "notes.kind"
    LAST_DELETED = "notes.last_deleted"
    NEXT_ACTION = "notes.next_action"
    # The question scaffold (ui.notes.question_view); its text fields are kept across pages (ui.common.state.keep):
    QUESTION = "notes.question"
    QUESTION_CITES = "notes.question_cites"
    QUESTION_EVIDENCE = "notes.question_evidence"
    QUESTION_MESSAGE = "notes.question_message"  # (level, sentence) after "Save as a note"
    QUESTION_PREDICTION = "notes.question_prediction"  # the id of the prediction the prompt bundles, or ""
    QUESTION_RESOLVE = "notes.question_resolve"
    QUESTION_SAVE = "notes.question_save"
    QUICK_ADD = "notes.quick_add"
    QUICK_MESSAGE = "notes.quick_message"  # (level, sentence) after the last click
    QUICK_NEXT_ACTION = "notes.quick_next_action"
    QUICK_TARGET = "notes.quick_target"
    QUICK_TEXT = "notes.quick_text"
    SAVE = "notes.save"
    TEXT = "notes.text"
    UNDO_DELETE = "notes.undo_delete"

    @staticmethod
    def target(kind: str) -> str:
        """The editor's chooser of what a note of ``kind`` is attached to."""
        return f"notes.target.{kind}"

    @staticmethod
    def cite(claim_id: str) -> str:
        """A claim card's "Write a note citing this claim" button on the Notes page."""
        return f"notes.cite.{claim_id}"

    @staticmethod
    def edit(note_id: str) -> str:
        return f"notes.edit.{note_id}"

    @staticmethod
    def delete(note_id: str) -> str:
        return f"notes.delete.{note_id}"
