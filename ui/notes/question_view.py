"""The research room's question scaffold on the Notes page: three text fields, the claim it is about and the
prediction to bundle, then the tutor prompt in a code block (so it has a copy button) and "Save as a note".

The learner's text and the record's prediction text reach the screen only inside st.code (inert), never Markdown.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from quizzes.claims import research
from ui.common.pages import LEARNING_PATH
from ui.common.record import lab_predictions
from ui.common.record.model import LabPrediction
from ui.common.record.session import room_for_notes
from ui.common.state import keep, keep_choice
from ui.notes import store
from ui.notes.catalog import current_lab_state, lab_state_attachment, page_attachment
from ui.notes.keys import NotesKeys
from ui.notes.model import NoteProblem, new_note, readable_time
from ui.notes.scaffold import (
    FIELD_NAMES,
    LIMITS,
    MAX_EVIDENCE,
    MAX_QUESTION,
    MAX_RESOLVE,
    LabState,
    Scaffold,
    ScaffoldProblem,
    checked_scaffold,
    lab_state,
    last_prediction,
    scaffold_note_text,
    tutor_prompt,
)
from ui.notes.views import PAGE, citations
from ui.training_lab.settings import DEFAULT, config_dict, to_query

NOTES_PATH = next(page.url_path for page in LEARNING_PATH if page.title == PAGE)
NO_PREDICTION = ""
FIELD_KEYS = {
    "question": NotesKeys.QUESTION,
    "evidence": NotesKeys.QUESTION_EVIDENCE,
    "resolve": NotesKeys.QUESTION_RESOLVE,
}


def current_lab() -> LabState:
    """The Training Lab settings of this session, or its defaults when it was not opened."""
    lab = current_lab_state()
    current = lab is not None
    if lab is None:
        lab = lab_state_attachment(config_dict(DEFAULT), "?" + urlencode(to_query(DEFAULT)))
    return lab_state(lab, st.context.url, NOTES_PATH, current=current)


def _scaffold() -> Scaffold:
    """The scaffold as written now, or ScaffoldProblem."""
    fields = {name: st.session_state.get(key, "") for name, key in FIELD_KEYS.items()}
    return checked_scaffold(**fields, cites=st.session_state.get(NotesKeys.QUESTION_CITES) or "")


def _save() -> None:
    """'Save as a note' callback: the scaffold as a note citing its claim, about the lab state when there is one."""
    try:
        scaffold = _scaffold()
        note = new_note(
            current_lab_state() or page_attachment(PAGE), PAGE, scaffold_note_text(scaffold), cites=scaffold.cites
        )
    except (ScaffoldProblem, NoteProblem) as problem:
        st.session_state[NotesKeys.QUESTION_MESSAGE] = ("error", str(problem))
        return
    full = room_for_notes({**store.notes(), note.id: note})
    if full is not None:
        st.session_state[NotesKeys.QUESTION_MESSAGE] = ("error", f"{full} Export your notes and delete some first.")
        return
    store.put_note(note)
    st.session_state[NotesKeys.QUESTION_MESSAGE] = ("success", "Saved as a note: it is in Your notes below.")


def _prediction_label(predictions: dict[str, LabPrediction], chosen: str) -> str:
    if chosen == NO_PREDICTION:
        return "None"
    prediction = predictions[chosen]
    state = "not resolved" if not prediction.is_resolved else ("held" if prediction.held else "did not hold")
    return f"{prediction.page}, {readable_time(prediction.made)} ({state})"


def _chosen_prediction() -> LabPrediction | None:
    """The prediction selector (the last committed first); returns the chosen one."""
    predictions = lab_predictions.all_predictions()
    newest = sorted(predictions.values(), key=lambda p: (p.made, p.id), reverse=True)
    options = [p.id for p in newest] + [NO_PREDICTION]
    default = last_prediction(predictions.values())
    chosen = st.selectbox(
        "Prediction to include",
        options,
        format_func=lambda o: _prediction_label(predictions, o),
        **keep_choice(NotesKeys.QUESTION_PREDICTION, options, default.id if default else NO_PREDICTION),
        help="Your last committed prediction on a lab page comes first.",
    )
    return predictions.get(chosen)


def at_limit() -> None:
    """A warning for every field that reached its limit: the field keeps no more (a longer paste was cut)."""
    for name, key in FIELD_KEYS.items():
        if len(st.session_state.get(key, "")) >= LIMITS[name]:
            st.warning(
                f"{FIELD_NAMES[name]} is at its limit of {LIMITS[name]:,} characters: text beyond it was not kept. "
                "Shorten it, or keep the details in a note."
            )


def question_scaffold() -> None:
    """The scaffold's fields, the prompt to copy and the save button."""
    st.text_area(
        "The open question",
        height=80,
        max_chars=MAX_QUESTION,
        placeholder="e.g. Does BN still help at learning rate 0.01, where no arm diverges?",
        **keep(NotesKeys.QUESTION, ""),
    )
    evidence, resolve = st.columns(2)
    evidence.text_area(
        "The evidence so far",
        height=120,
        max_chars=MAX_EVIDENCE,
        placeholder="What you ran or read, and what it showed.",
        **keep(NotesKeys.QUESTION_EVIDENCE, ""),
    )
    resolve.text_area(
        "What would resolve it",
        height=120,
        max_chars=MAX_RESOLVE,
        placeholder="The run, measurement or source that would settle it either way.",
        **keep(NotesKeys.QUESTION_RESOLVE, ""),
    )
    at_limit()
    about, which = st.columns(2)
    with about:
        st.selectbox(
            "The claim or source it is about (optional)",
            citations(),
            format_func=lambda cited: research().label(cited) if cited else "None",
            **keep_choice(NotesKeys.QUESTION_CITES, citations(), ""),
        )
    with which:
        prediction = _chosen_prediction()
    lab = current_lab()
    st.caption(
        "The prompt bundles "
        + ("your current Training Lab settings" if lab.current else "the Training Lab's defaults (not opened yet)")
        + " as a link that opens them, and the prediction chosen above."
    )
    try:
        scaffold = _scaffold()
    except ScaffoldProblem as problem:
        if st.session_state.get(NotesKeys.QUESTION, "").strip():
            st.error(str(problem))
        else:
            st.info("Write the open question and the prompt to copy appears here.")
        return
    st.markdown("**Your prompt for a tutor or study partner** (copy it with the button at its top right)")
    st.code(tutor_prompt(scaffold, research(), lab, prediction), language=None, wrap_lines=True)
    st.button("Save as a note", key=NotesKeys.QUESTION_SAVE, on_click=_save)
    message = st.session_state.pop(NotesKeys.QUESTION_MESSAGE, None)
    if message is not None:
        (st.error if message[0] == "error" else st.success)(message[1])
