"""Inline explanations of terms, as many as the learner's expertise level asks for (the glossary is quizzes' data)."""

from __future__ import annotations

import streamlit as st

from quizzes.glossary import Term, load_glossary
from ui.common.pages import existing_pages
from ui.common.state import expertise_level


@st.cache_data(max_entries=1, show_spinner=False)
def glossary() -> dict[str, Term]:
    """Every term by id (parsed once per server; a fresh copy per call, so callers cannot corrupt it)."""
    return load_glossary()


def term_help(term_id: str) -> str | None:
    """The definition of a term if the learner's level sees it explained, for a widget's or element's ``help=``."""
    term = glossary()[term_id]
    return f"**{term.term}**: {term.definition}{page_link(term)}" if term.explained_for(expertise_level()) else None


def page_link(term: Term) -> str:
    """ " See it on the [Why It Works](Why_It_Works) page." for a term that names an existing page, else ""."""
    page = next((page for page in existing_pages() if page.path == term.page), None)
    return f" See it on the [{page.title}]({page.url_path}) page." if page else ""


def explain_terms(*term_ids: str, label: str = "Terms used here") -> None:
    """A small expander defining the listed terms that the learner's level sees explained (nothing if none)."""
    terms = [t for t in (glossary()[i] for i in term_ids) if t.explained_for(expertise_level())]
    if not terms:
        return
    with st.expander(f"📖 {label} ({len(terms)})"):
        for term in terms:
            st.markdown(f"**{term.term}**: {term.definition}{page_link(term)}")
