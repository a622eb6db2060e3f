"""The Training Lab's experiments in AppTest: the learning-rate sweep (of "Both train" or of the learner's settings),
the initialization sweep kept for its settings, and the paper's Figure 1."""

from bncore.experiments.sweeps import sweep_config
from tests.app.lab import TINY, open_lab
from ui.training_lab.settings import BOTH_TRAIN, from_query


def test_learning_rate_sweep_of_your_settings_marks_each_arm():
    query = {**TINY, "epochs": "1"}
    at = open_lab(query)
    at.radio(key="lab.lr_sweep_base").set_value("yours").run()
    at.button(key="lab.lr_sweep").click().run()
    assert any(m.value.startswith("With BN trains up to η =") or "did not train" in m.value for m in at.markdown)
    assert at.session_state["lab.show_lr_sweep"] == sweep_config(from_query(query)[0])


def test_the_learning_rate_sweep_starts_on_a_network_both_arms_train_and_shows_the_larger_rate_with_bn():
    at = open_lab()  # the deep default, where the arm without BN learns at no rate
    assert at.radio(key="lab.lr_sweep_base").value == "both_train"
    at.button(key="lab.lr_sweep").click().run()
    assert at.session_state["lab.show_lr_sweep"] == sweep_config(BOTH_TRAIN)
    assert any("times larger** with BN" in m.value for m in at.markdown)
    assert at.slider(key="lab.depth").value == 8  # the lab's own settings stay the default


def test_a_sweep_stays_for_its_settings_and_never_reruns_on_a_settings_change():
    at = open_lab({**TINY, "epochs": "1"})
    at.button(key="lab.init_sweep").click().run()
    assert any(c.value.startswith("Without BN only a narrow band of scales trains") for c in at.caption)
    charts = len(at.get("plotly_chart"))
    at.slider(key="lab.width").set_value(20).run()  # other settings: the sweep is offered again, not run
    assert len(at.get("plotly_chart")) == charts - 1
    at.slider(key="lab.width").set_value(16).run()  # back: shown again from the cache
    assert len(at.get("plotly_chart")) == charts
    at.button(key="lab.reset").click().run()
    assert len(at.get("plotly_chart")) == charts - 1


def test_paper_view_reproduces_figure_1():
    at = open_lab()
    at.button(key="lab.paper").click().run()
    assert any(m.value.startswith("**This run:** with BN the test accuracy is") for m in at.markdown)
