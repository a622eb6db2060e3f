"""Batch Norm Lab home page (filled in by the app-shell work)."""

import streamlit as st

st.set_page_config(page_title="Batch Norm Lab", page_icon="📊", layout="wide")
st.title("Batch Norm Lab")
st.write(
    "Batch normalization rescales each feature of a layer's input with the mean and variance of the current "
    "mini-batch, then lets the network learn its own scale and shift. This lab lets you do it by hand and watch it work."
)
st.latex(r"y = \gamma\,\frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta")
