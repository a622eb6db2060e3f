"""Practice: predict what an experiment will show, commit, then run it and see why."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from ui.common.glossary import explain_terms
from ui.common.prefetch import prefetch_element_code
from ui.practice import loop as view
from ui.practice.keys import PracticeKeys
from ui.practice.runs import loop_result, practice_loops

setup_page("Practice", "🎯")

st.title("🎯 Practice: predict, then reveal")
st.markdown(
    "Each loop asks a question about batch norm and waits for your answer **before** it shows anything. Commit a "
    "prediction and say how sure you are; ask for hints if you are stuck (three, each a bigger nudge); then reveal. "
    "The app runs a real experiment with the same NumPy engine as the rest of the lab and tells you whether your "
    "prediction held. Your confidence is compared with your results in the summary at the bottom."
)

loops = practice_loops()
if st.session_state.get(PracticeKeys.CURRENT) not in loops:
    st.session_state[PracticeKeys.CURRENT] = next(iter(loops))


def _keep_current() -> None:
    st.session_state[PracticeKeys.CURRENT] = st.session_state[PracticeKeys.PICKER]


st.selectbox(
    "Loop",
    list(loops),
    index=list(loops).index(st.session_state[PracticeKeys.CURRENT]),
    format_func=lambda loop_id: f"{list(loops).index(loop_id) + 1}. {loops[loop_id].title}",  # never changes
    key=PracticeKeys.PICKER,
    on_change=_keep_current,
)
loop = loops[st.session_state[PracticeKeys.CURRENT]]
st.caption(view.loops_done(list(loops)))

st.header(loop.title)
st.markdown(loop.prompt)
explain_terms(*loop.terms)
predict, help_column = st.columns([3, 2], gap="large")
with predict:
    view.prediction_step(loop)
with help_column:
    st.markdown("**Stuck? Hints, one tier at a time**")
    view.hints(loop)

if view.reveal_button(loop.id, lambda: loop_result(loop.id).outcome):
    view.revealed(loop)
    view.try_another(loop)

st.divider()
st.header("Your summary")
view.calibration_summary(len(loops))
prefetch_element_code()  # the reveal's chart is Plotly: its code loads while the learner predicts
