"""Batch Norm Lab home: what batch normalization does, its four equations, the learning map and your progress."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from ui.common.prefetch import prefetch_element_code
from ui.home import view as home

setup_page("Home", "📊")

st.title("📊 Batch Norm Lab")
home.continue_link()
st.markdown(
    "**Batch normalization** takes each feature of a layer's input and, over the current mini-batch, subtracts its "
    "mean and divides by its standard deviation, so every feature arrives centred at 0 with spread 1. "
    "It then applies a learned scale γ and shift β, so the network keeps the freedom to choose any mean and spread it "
    "needs. Deep networks trained this way tolerate larger learning rates and worse initializations and train in "
    "fewer steps; at inference time running averages replace the batch statistics."
)

st.subheader("The four equations")
home.equations()

st.subheader("Learning map")
home.learning_map()

st.subheader("Your progress")
home.progress_summary()

st.subheader("Your record")
home.record_block()
prefetch_element_code()
