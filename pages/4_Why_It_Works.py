"""Why does batch norm work? The original story, its test, the regularization side effect and scale invariance, each
measured live after the learner commits to a prediction, and the sources reconciled."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from bncore.experiments.common import WHY_CONFIG
from ui.common.glossary import explain_terms
from ui.common.prefetch import prefetch_element_code
from ui.why import controls, sections
from ui.why.narrative import network_description

setup_page("Why It Works", "🔬")

st.title("🔬 Why does batch norm work?")
st.markdown(
    "Batch norm was introduced to reduce **internal covariate shift**: the inputs of every layer keep moving while "
    "the layers below them learn. Three years later an experiment showed that story cannot be the whole answer. "
    "This page measures both stories on a real network, and two more effects: a regularizing side effect and the "
    "scale invariance that turns weight growth into a falling learning rate. **Every section asks for your "
    "prediction before it shows anything**; your predictions count in your calibration, like the practice loops."
)
explain_terms("internal_covariate_shift", "loss_landscape", "pre_activation", "learning_rate", "epoch")
st.info(network_description(WHY_CONFIG))
settings_column, _ = st.columns([1, 3])
with settings_column:
    controls.seed()

body = st.container()  # the five sections, each a fragment; the summary below is made first, so each one redraws it
st.divider()
st.header("Your predictions on this page")
summary = st.empty()
with body:
    st.header("1 · The original story: internal covariate shift")
    st.markdown(
        "Ioffe & Szegedy (2015, §1–2) argued that a layer learns slowly when the distribution of its inputs keeps "
        "changing as the layers below it learn, and proposed to fix the mean and spread of every layer's inputs. Their "
        "Figure 1 (§4.1) shows the input of a sigmoid drifting during training without BN and holding still with it."
    )
    sections.predict_then_measure("ics", controls.current(), summary)

    st.header("2 · The test of the story")
    st.markdown(
        "Santurkar, Tsipras, Ilyas & Mądry (2018) asked two questions: does BN still help if the layer inputs are "
        "made to shift on purpose (§2.1, Figure 2), and if not steadiness, what does BN change (§3.1, Figure 4)?"
    )
    st.subheader("Noisy BN")
    noise_column, _ = st.columns([1, 3])
    with noise_column:
        controls.noise()
    sections.predict_then_measure("noisy", controls.current(), summary)

    st.subheader("The smoothness of the loss landscape")
    every_column, sizes_column, _ = st.columns([1, 1, 2])
    with every_column:
        controls.every()
    with sizes_column:
        controls.step_sizes()
    sections.predict_then_measure("smoothness", controls.current(), summary)

    st.header("3 · The regularization side effect")
    st.markdown(
        "Ioffe & Szegedy (2015, §3.4) noted that a training example is seen together with the other examples of "
        "its batch, so the network no longer gives a deterministic output for it; they found this regularizes, "
        "reducing the need for Dropout. Smaller batches mean noisier batch statistics."
    )
    sections.predict_then_measure("regularization", controls.current(), summary)

    st.header("4 · Scale invariance and the effective learning rate")
    st.markdown(
        "Ioffe & Szegedy (2015, §3.3): with BN right after a linear layer, BN((aW)u) = BN(Wu) for any a > 0, so the "
        "loss does not change when W is scaled and the gradient scales by 1/a. Larger weights get smaller gradients."
    )
    sections.predict_then_measure("scale", controls.current(), summary)

    st.header("5 · Reconcile the sources")
    st.markdown(
        "What the 2015 paper claimed, what the 2018 paper measured, what is agreed now and what remains open. Each "
        "claim names its source (see the list at the end) and the section of this page that measures it, where one "
        "does."
    )
    sections.sources()

prefetch_element_code()  # section 4's table is a data grid, the next page's charts Plotly: loaded meanwhile
