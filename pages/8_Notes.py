"""Notes: the learner's research room. Write notes attached to concepts, equations, pages, practice loops or lab
states; filter, edit and delete them; export and import them. They are kept in this browser."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from ui.notes import views as view

setup_page("Notes", "📝")

st.title("📝 Notes")
st.markdown(
    "Your research room: write down what you noticed, what surprised you and what you want to try next, attached "
    "to the concept, equation, page, practice loop or Training Lab run it is about."
)
view.where_notes_live()

st.header("Write a note")
view.editor()

st.header("Your notes")
view.note_list()

st.header("Export and import")
view.export_and_import()
