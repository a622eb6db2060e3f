"""Training Lab: a deep network trained with and without batch normalization, side by side, live."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from ui.common.glossary import explain_terms
from ui.common.prefetch import prefetch_element_code
from ui.training_lab import experiments as lab_experiments
from ui.training_lab import predict as lab_predict
from ui.training_lab import run as lab_run
from ui.training_lab import views as lab_views
from ui.training_lab.controls import apply_link, link_notices, notices_text, settings_panel, share

setup_page("Training Lab", "🏋️")
st.title("🏋️ Training Lab: with and without batch norm")
st.markdown(
    "Two copies of the same deep network learn the same data from the same starting weights, batch for batch. "
    "The only difference: one has a batch-norm layer in every hidden layer. Press **Play** and watch."
)
explain_terms(
    "epoch",
    "learning_rate",
    "initialization",
    "activation",
    "pre_activation",
    "vanishing_gradients",
    "dead_relu",
    "saturation",
    "divergence",
    "running_average",
)

apply_link()
settings, main = st.columns([1.35, 3], gap="large")
with settings:
    with st.container(border=True):
        config = settings_panel()
    link = share(config)
    st.markdown("**Share these settings**")
    st.code(link, language=None, wrap_lines=True)
    st.caption("Copy the link (button at the top right of the box): opening it restores every setting above.")

with main:
    notices = link_notices(config)
    if notices:
        st.warning(notices_text(notices), icon="🔗")
    lab_predict.question_before_play(config)
    speed = lab_views.run_bar(config)

    @st.fragment(run_every=speed.seconds_between_ticks if lab_run.is_playing() else None)
    def live_view():
        was_playing = lab_run.is_playing()
        lab_run.tick(config, speed)
        lab_views.counters(config)
        histories = lab_run.histories(config)
        if not lab_run.started(config):
            st.info(
                "Nothing trained yet: below are the two untrained networks (epoch 0), same weights, one with BN. "
                "Press **▶ Play** to train both, or **⏭ Step** for one epoch at a time."
            )
        lab_views.curves(histories)
        lab_views.epoch_view(config, histories)
        if was_playing and not lab_run.is_playing():
            st.rerun()  # playing stopped inside a timed rerun: redraw the page once more to stop the timer

    live_view()
    lab_views.run_details(config)

    st.subheader("Experiments")
    lr_tab, init_tab, paper_tab = st.tabs(["Learning-rate sweep", "Initialization sweep", "Paper view"])
    with lr_tab:
        lab_experiments.learning_rate_sweep(config)
    with init_tab:
        lab_experiments.init_scale_sweep(config)
    with paper_tab:
        lab_experiments.paper_view()

prefetch_element_code()  # the run's details and the sweeps are Plotly charts: their code loads while the learner reads
