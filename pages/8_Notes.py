"""Notes: the learner's research room. The key claims as cards; notes attached to concepts, equations, pages,
practice loops or lab states, each optionally citing a claim or source; a question scaffold that writes a prompt for
a tutor with the exact lab state; filter, edit, delete, export and import. Everything is kept in this browser."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from ui.notes import views as view
from ui.notes.claim_cards import claim_cards, take_started_note
from ui.notes.question_view import question_scaffold

setup_page("Notes", "📝")

st.title("📝 Notes")
st.markdown(
    "Your research room: write down what you noticed, what surprised you and what you want to try next, attached "
    "to the concept, equation, page, practice loop or Training Lab run it is about, and citing the claim it bears "
    "on. When something stays unclear, turn it into a question with the evidence so far and copy a ready prompt "
    "for a tutor or study partner."
)
# Each section draws into its own container: a message appearing or going away in one section then does not move the
# widgets of the sections below, which would drop text typed into them but not yet sent.
with st.container():
    view.where_notes_live()

st.header("The key claims")
st.markdown(
    "Four claims this app puts to the test. Open a card for the claim as its source states it, where you can see it "
    "here, and what is still debated; each has a stable id that your notes can cite."
)
with st.container():
    claim_cards()

st.header("Write a note")
with st.container():
    take_started_note()  # a note started from a claim card, here or under a quiz question
    view.editor()

st.header("Your notes")
with st.container():
    view.note_list()

st.header("Ask a question")
st.markdown(
    "State what you do not understand yet, what you have seen so far and what would settle it. The prompt below "
    "bundles it with your Training Lab settings and your last prediction, so a tutor sees exactly what you saw."
)
with st.container():
    question_scaffold()

st.header("Export and import")
view.export_and_import()
