"""The walkthrough's code layer: the bncore lines behind the current step, and batch norm read from scratch beside
PyTorch (``ui.walkthrough.reading``)."""

from __future__ import annotations

import streamlit as st

from ui.common.code_panel import code_expander, lazy_expander
from ui.walkthrough import code_steps
from ui.walkthrough.compute import WalkthroughNumbers
from ui.walkthrough.keys import WalkthroughKeys
from ui.walkthrough.reading import PARTS, engine_location, engine_source


def step_code(numbers: WalkthroughNumbers, feature: int, step: int) -> None:
    """The engine lines that computed this step, under the code and values of the followed feature."""
    code_expander(
        "Show the code: the bncore lines behind this step",
        WalkthroughKeys.STEP_CODE,
        code_steps.STEP_CODE[step],
        code_steps.step_values(step, numbers, feature),
        beside=False,
        note=code_steps.STEP_NOTES[step],
    )


@st.fragment
def reading_view() -> None:
    """Forward, backward, running statistics and inference: the engine's functions next to the PyTorch equivalent."""
    st.markdown(
        "The whole of batch norm in the engine that computed every number on this page, next to what you would write "
        "with PyTorch's `nn.BatchNorm1d`. The left side is read from bncore as the app runs; the PyTorch side is "
        "shown, not run (PyTorch is not installed here)."
    )
    # Drawn only while open, and then only the open tab: a code block on the page makes the browser load and run
    # Streamlit's syntax highlighter, about 0.35 s of the Walkthrough's first render.
    section = lazy_expander(
        "Show the code: " + ", ".join(part.title.lower() for part in PARTS), WalkthroughKeys.READING
    )
    if section is None:
        return
    with section:
        tabs = st.tabs([part.title for part in PARTS], key=WalkthroughKeys.CODE_PART, on_change="rerun")
    for part, tab in zip(PARTS, tabs):
        if not tab.open:
            continue
        with tab:
            st.markdown(part.summary)
            engine, pytorch = st.columns(2, gap="medium")
            with engine:
                st.markdown("**bncore (NumPy)**")
                for function in part.engine:
                    st.code(engine_source(function), language="python", wrap_lines=True)
                    st.caption(f"`{function.__qualname__}`, {engine_location(function)}")
            with pytorch:
                st.markdown("**PyTorch**")
                st.code(part.pytorch, language="python", wrap_lines=True)
                st.caption("PyTorch's defaults: eps 1e-5, momentum 0.1, affine, track_running_stats.")
            with st.container(border=True):
                st.markdown("**Where the conventions differ**")
                for convention in part.conventions:
                    st.markdown(f"⚖️ {convention}")
