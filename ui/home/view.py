"""The home page's content blocks: continue where you left off, the equations, the learning map, the progress
summary and the learner record (download, import, forget)."""

from __future__ import annotations

import streamlit as st

from ui.common.glossary import term_help
from ui.common.pages import existing_pages
from ui.common.record import panel as record_panel
from ui.home.progress import progress_lines

EQUATIONS = (
    (r"\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i", "1 · batch mean, per feature", "mean"),
    (r"\sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)^2", "2 · batch variance (biased: divide by m)", "variance"),
    (r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}", "3 · normalize (ε inside the root)", "epsilon"),
    (r"y_i = \gamma\,\hat{x}_i + \beta", "4 · scale and shift, learned", "affine"),
)

PREREQUISITES = (
    ("Backpropagation", "backpropagation", "how a gradient reaches every weight"),
    ("Stochastic gradient descent", "sgd", "training one mini-batch step at a time"),
    ("Mean and variance", "variance", "the two statistics batch norm is built from"),
)

NEXT_STEPS = (
    (
        "LayerNorm",
        "layer_norm",
        "normalizes each example over its own features, so it works for any batch size and is the same in training and "
        "inference. Every transformer block uses it (or RMSNorm).",
    ),
    (
        "RMSNorm",
        "rms_norm",
        "drops the mean subtraction and β and divides by the root mean square only: cheaper, and the norm of "
        "many large language models.",
    ),
)


def equations() -> None:
    """Ioffe & Szegedy's Algorithm 1 as four numbered equations, two per row."""
    for row in (EQUATIONS[:2], EQUATIONS[2:]):
        for column, (latex, caption, term) in zip(st.columns(2), row):
            with column:
                st.latex(latex, help=term_help(term))
                st.caption(caption)
    st.caption(
        "At inference time the batch statistics μ and σ² are replaced by running averages collected during training, "
        "so a prediction depends on its own input only."
    )


def learning_map() -> None:
    """Prerequisites -> the pages of this app in order -> what comes next."""
    before, inside, after = st.columns([1, 2, 1], gap="large")
    with before:
        st.markdown("**Before you start**")
        for name, term, why in PREREQUISITES:
            st.markdown(f"- **{name}**: {why}", help=term_help(term))
    with inside:
        st.markdown("**In this lab, in order**")
        for number, page in enumerate(existing_pages(), start=1):
            st.page_link(page.path, label=f"{number}. {page.title}", icon=page.icon)
            st.caption(page.shows)
    with after:
        st.markdown("**What comes next**")
        for name, term, text in NEXT_STEPS:
            st.markdown(f"- **{name}** {text}", help=term_help(term))


def progress_summary() -> None:
    """What the learner has done this session, one line per page that records progress (nothing if none has)."""
    lines = progress_lines()
    if not lines:
        st.caption(
            "Your progress on the quizzes, exercises, practice loops and lab predictions will be summarised here as "
            "you go, and kept in this browser for next time."
        )
        return
    for line in lines:
        st.markdown(f"- {line}")


def continue_link() -> None:
    """The page (and walkthrough step) the learner was last on, restored from their record."""
    record_panel.continue_where_left_off()


def record_block() -> None:
    """Everything the learner did, as one record: where it is kept, download, import, Forget me."""
    st.markdown(
        "Your notes, quiz answers, practice loops, predictions, exercise attempts and where you left off form one "
        "record, kept in this browser. Download it to move to another browser or device, and import it there."
    )
    record_panel.record_panel()
