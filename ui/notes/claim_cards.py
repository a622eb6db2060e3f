"""The research room's claim cards: each key claim of quizzes/claims.toml with its source, the claim stated carefully,
where this app shows or tests it (links to the page, with the section named), what is debated, the learner's notes
citing it, and a button that starts a note citing it. The Notes page shows every card, folded; a checked quiz
question shows the cards of the claims it tests, open, and their button leads to the Notes page's editor.

Claim and source texts are app content (Markdown); note texts are learner data (st.text only).
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from quizzes.claims import Claim, research
from ui.common.pages import LEARNING_PATH, PageInfo
from ui.notes import store
from ui.notes.catalog import page_attachment
from ui.notes.keys import NotesKeys
from ui.notes.model import Note
from ui.notes.views import object_id
from ui.practice.runs import practice_loops

PAGES = {page.title: page for page in LEARNING_PATH}


def start_note_on(claim_id: str) -> None:
    """Button callback, on any page: the Notes editor's next note cites this claim (``take_started_note``)."""
    st.session_state[NotesKeys.CITE_NEXT] = claim_id


def take_started_note() -> None:
    """Before the Notes editor is drawn: a note started from a claim card becomes the editor's new note, citing the
    claim and about the first page that shows it."""
    claim_id = st.session_state.pop(NotesKeys.CITE_NEXT, None)
    if claim_id not in research().claims:
        return
    page = research().claims[claim_id].shown_in[0].page
    st.session_state.pop(NotesKeys.EDITING, None)
    st.session_state[NotesKeys.KIND] = "page"
    st.session_state[NotesKeys.target("page")] = object_id(page_attachment(page))
    st.session_state[NotesKeys.CITES] = claim_id
    st.session_state[NotesKeys.EDITOR_MESSAGE] = (
        "info",
        f"Your next note cites {claim_id} and is about the {page} page (change either above). Write it here.",
    )


def _practise(claim: Claim) -> str:
    loops = practice_loops()
    titles = [f"“{loops[loop_id].title}”" for loop_id in claim.practice if loop_id in loops]
    quiz = f"{len(claim.questions)} quiz question{'s' if len(claim.questions) != 1 else ''} test it"
    return f"**Practise it.** {quiz}" + (f"; on the Practice page: {', '.join(titles)}." if titles else ".")


def _notes_citing(claim: Claim, notes: dict[str, Note], key: str | None) -> None:
    """The learner's notes citing the claim, and the button that starts one: on the Notes page (``key`` None) in the
    editor below, elsewhere by moving to the Notes page."""
    citing = sorted((n for n in notes.values() if n.cites == claim.id), key=lambda n: n.updated, reverse=True)
    elsewhere = key is not None
    pressed = st.button(
        "Write a note citing this claim",
        key=key or NotesKeys.cite(claim.id),
        on_click=start_note_on,
        args=(claim.id,),
        help="Opens the Notes page's editor with this claim cited."
        if elsewhere
        else "Opens the editor below with this claim cited.",
    )
    if pressed and elsewhere:
        st.switch_page(PAGES["Notes"].path)
    if citing:
        st.markdown(f"**Your notes citing it ({len(citing)})**")
        for note in citing:
            st.text(note.text)


def _link(page: PageInfo) -> None:
    """A link to a page (the section is named under it: a link's label does not wrap on a phone); a plain Markdown
    link when the Notes page is run alone (AppTest of one page), where Streamlit knows no other page."""
    try:
        st.page_link(page.path, label=f"Open {page.title}", icon=page.icon)
    except StreamlitPageNotFoundError:
        st.markdown(f"{page.icon} [Open {page.title}]({page.url_path})")


def claim_card(claim: Claim, notes: dict[str, Note], *, button_key: str | None = None) -> None:
    """One claim: folded on the Notes page; with a ``button_key`` (another page, which may be inside an expander)
    open in a bordered box, and its note button leads to the Notes page."""
    count = sum(n.cites == claim.id for n in notes.values())
    mine = f" · {count} note{'s' if count != 1 else ''}" if count else ""
    heading = f"**{claim.title}** · {research().citation(claim)}{mine}"
    if button_key is None:
        frame = st.expander(heading)
    else:
        frame = st.container(border=True)
        frame.markdown(f"📄 {heading}")
    with frame:
        st.caption(f"Claim id {claim.id} · source id {claim.source}: {research().sources[claim.source].reference}")
        st.markdown(f"**The claim.** {claim.statement}")
        st.markdown("**See it in this app.**")
        for shown in claim.shown_in:
            _link(PAGES[shown.page])
            st.caption(f"Section “{shown.section}”: {shown.what}")
        st.markdown(_practise(claim))
        st.markdown(f"**What is debated.** {claim.debated}")
        _notes_citing(claim, notes, button_key)


def claim_cards() -> None:
    """Every claim card, then the list of sources a note can cite."""
    notes = store.notes()
    for claim in research().claims.values():
        claim_card(claim, notes)
    with st.expander("All sources (a note can cite any of them)"):
        cited = {source: sum(n.cites == source for n in notes.values()) for source in research().sources}
        st.markdown(
            "\n".join(
                f"- **{source.id}**: {source.reference}"
                + (f" · {cited[source.id]} of your notes" if cited[source.id] else "")
                for source in research().sources.values()
            )
        )
