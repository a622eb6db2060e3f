"""The Training Lab page in AppTest: controls, Play / Step / Reset and the epoch shown (advanced by explicit reruns,
since fragment timers do not fire in AppTest), divergence, shared links and bad query values, sweeps."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from bncore import TrainConfig
from bncore.experiments.sweeps import sweep_config
from tests.app.controls import assert_created_with_their_values
from tests.conftest import ROOT
from ui.training_lab.controls import notices_text
from ui.training_lab.settings import BOTH_TRAIN, DEFAULT, config_dict, from_query, to_query
from ui.training_lab.shared import shared_run

PAGE = str(ROOT / "pages" / "3_Training_Lab.py")
TINY = {"depth": "2", "width": "16", "epochs": "3"}


# The page run after the epoch view's "epoch" trigger fired with the value in "test.epoch" (AppTest runs no JavaScript).
HARNESS = f"""
import runpy

import streamlit as st

from ui.training_lab.views import receive_epoch

if "test.epoch" in st.session_state:
    receive_epoch(st.session_state.pop("test.epoch"), st.session_state.get("lab.revealed") or 0)
runpy.run_path({PAGE!r})
"""


def open_lab(query: dict | None = None, *, harness: bool = False) -> AppTest:
    at = AppTest.from_string(HARNESS, default_timeout=60) if harness else AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def counters(at: AppTest) -> dict[str, str]:
    return {
        m.value.split("**")[1]: m.value.split(" · ", 1)[1]
        for m in at.markdown
        if m.value.startswith(("**With BN** · ", "**Without BN** · "))
    }


def playing(at: AppTest) -> bool:
    return any(b.key == "lab.pause" for b in at.button)


def run_until_paused(at: AppTest, limit: int = 200) -> AppTest:
    for _ in range(limit):
        if not playing(at):
            return at
        at.run()  # one tick per rerun
    raise AssertionError("the run did not stop")


def play_to_the_end(at: AppTest) -> AppTest:
    at.button(key="lab.play").click().run()
    return run_until_paused(at)


def test_before_play_nothing_is_trained_and_the_untrained_networks_are_shown():
    at = open_lab()
    assert "Nothing trained yet" in at.info[0].value
    assert counters(at) == {"With BN": "epoch 0 / 20", "Without BN": "epoch 0 / 20"}
    assert chart_titles(at) == ["Training loss vs epoch", "Test accuracy vs epoch"]
    view = epoch_view(at)
    assert (view["shown"], list(view["frames"])) == (0, ["0"])
    assert shown_frame(at)["grid"]["title"] == "Inputs to each layer's nonlinearity at epoch 0"
    assert shown_frame(at)["narrative"][0].startswith("Before training both arms guess")
    assert "lab.active" not in at.session_state  # nothing started: no shared run made for these settings


def test_play_runs_both_arms_to_the_end_through_ticks():
    at = open_lab({**TINY, "seed": "1"})
    at.radio(key="lab.speed").set_value("slow").run()  # one epoch per tick
    at.button(key="lab.play").click().run()
    assert counters(at)["With BN"] == "epoch 1 / 3" and any(b.key == "lab.pause" for b in at.button)
    at.run()
    assert counters(at)["Without BN"] == "epoch 2 / 3"
    run_until_paused(at)
    assert counters(at) == {"With BN": "epoch 3 / 3", "Without BN": "epoch 3 / 3"}
    assert epoch_view(at)["shown"] == 3
    assert shown_frame(at)["narrative"][0].startswith("After 3 epochs")


def test_the_rerun_of_play_trains_only_the_first_epoch_so_its_points_show_at_once():
    at = open_lab({**TINY, "seed": "5"})  # settings no other test trains: a fresh run, not a replay
    at.radio(key="lab.speed").set_value("fast").run()  # up to five epochs a tick, once the run is under way
    at.button(key="lab.play").click().run()
    assert counters(at) == {"With BN": "epoch 1 / 3", "Without BN": "epoch 1 / 3"}
    at.run()
    assert counters(at) == {"With BN": "epoch 3 / 3", "Without BN": "epoch 3 / 3"}


def test_pause_stops_and_play_resumes():
    at = open_lab({**TINY, "epochs": "30"})
    at.button(key="lab.play").click().run()
    at.button(key="lab.pause").click().run()
    paused = counters(at)
    at.run()
    assert counters(at) == paused and not playing(at)
    play_to_the_end(at)
    assert counters(at)["With BN"].startswith("epoch 30 / 30")


def test_step_trains_one_epoch_at_a_time_and_reset_clears():
    at = open_lab(TINY)
    run_until_paused(at.button(key="lab.step").click().run())
    assert counters(at)["With BN"] == "epoch 1 / 3"
    assert epoch_view(at)["shown"] == 1
    run_until_paused(at.button(key="lab.step").click().run())
    assert counters(at)["Without BN"] == "epoch 2 / 3"
    at.button(key="lab.reset").click().run()
    assert "Nothing trained yet" in at.info[0].value


def test_a_paused_run_sends_every_epoch_so_the_browser_scrubs_without_the_server():
    at = play_to_the_end(open_lab(TINY))
    view = epoch_view(at)
    assert (view["shown"], view["available"], view["playing"]) == (3, 3, False)
    for epoch in range(4):
        frame = view["frames"][str(epoch)]
        assert frame["grid"]["title"] == f"Inputs to each layer's nonlinearity at epoch {epoch}"
        assert frame["table"] is not None  # the layer statistics too, once the run pauses
    assert view["frames"]["1"]["narrative"][0].startswith("After 1 epoch ")


def test_the_epoch_let_go_at_is_kept_and_shown_after_the_next_run_and_the_curves_stay():
    at = play_to_the_end(open_lab(TINY, harness=True))
    curves = chart_specs(at)[:2]
    let_go_at(at, 1)
    assert at.session_state["lab.viewed"] == 1 and epoch_view(at)["shown"] == 1
    assert epoch_view(at)["seq"] == 1  # the view learns which of its picks this data has seen
    assert chart_specs(at)[:2] == curves  # the same figures: the browser keeps them instead of drawing them again
    let_go_at(at, 3, seq=2)
    assert at.session_state["lab.viewed"] is None  # back at the newest epoch: follow again


def test_play_and_reset_move_the_view_to_the_newest_epoch_and_count_the_move():
    """The view in the browser drops the picks made before a move (even one whose message was lost)."""
    at = play_to_the_end(open_lab(TINY, harness=True))
    let_go_at(at, 1)
    moves = epoch_view(at)["moves"]
    play_to_the_end(at)  # replays the finished run from epoch 0
    assert at.session_state["lab.viewed"] is None and epoch_view(at)["shown"] == 3
    assert epoch_view(at)["moves"] == moves + 1
    at.button(key="lab.reset").click().run()
    assert epoch_view(at)["moves"] == moves + 2 and epoch_view(at)["shown"] == 0


@pytest.mark.parametrize(
    "bad",
    [{"epoch": e, "seq": 2} for e in (-1, 4, 1.5, "2", True, None)]
    + [{"epoch": 2, "seq": s} for s in (None, "2", 2.0)]
    + [2, None, [2, 2], {}],
)
def test_an_epoch_trigger_that_is_not_a_revealed_epoch_changes_nothing(bad):
    at = play_to_the_end(open_lab(TINY, harness=True))
    let_go_at(at, 1)
    at.session_state["test.epoch"] = bad
    at.run()
    assert not at.exception
    assert at.session_state["lab.viewed"] == 1 and epoch_view(at)["shown"] == 1 and epoch_view(at)["seq"] == 1


def let_go_at(at: AppTest, epoch, seq=1) -> None:
    """The learner lets go of the epoch view's slider at ``epoch`` (its ``seq``-th pick): its trigger, then the rerun
    it starts."""
    at.session_state["test.epoch"] = {"epoch": epoch, "seq": seq}
    at.run()


def epoch_view(at: AppTest) -> dict:
    """The data the epoch view (slider, narrative, histograms, table) was last sent."""
    (view,) = [e.proto.json for e in at.get("bidi_component") if e.proto.component_name == "batch_norm_lab_epoch_view"]
    return json.loads(view)


def shown_frame(at: AppTest) -> dict:
    view = epoch_view(at)
    return view["frames"][str(view["shown"])]


def chart_specs(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(spec)["layout"]["title"]["text"] for spec in chart_specs(at)]


def test_choosing_a_bn_layer_shows_its_parameters():
    at = play_to_the_end(open_lab(TINY))
    assert any(title.startswith("Layer 1's BN parameters") for title in chart_titles(at))
    at.selectbox(key="lab.bn_layer").set_value(1).run()
    assert any(title.startswith("Layer 2's BN parameters") for title in chart_titles(at))
    assert not any(title.startswith("Layer 1's BN parameters") for title in chart_titles(at))


def test_the_activation_histograms_are_live_while_the_run_plays():
    at = open_lab(TINY)
    at.button(key="lab.play").click().run()
    assert playing(at)
    assert not any(t.startswith("Layer 1's BN parameters") for t in chart_titles(at))  # tabs when paused
    epochs_live = set()
    while playing(at):
        view = epoch_view(at)
        assert view["playing"] and list(view["frames"]) == [str(view["shown"])]  # a tick sends the newest epoch
        epochs_live.add(view["shown"])
        at.run()
    epochs_live.add(epoch_view(at)["shown"])
    assert epochs_live == {2, 3}  # the histograms moved with the run (medium speed: two epochs per tick)


def test_replaying_a_finished_run_reveals_epochs_without_training():
    at = play_to_the_end(open_lab(TINY))
    run = shared_run(TrainConfig(**at.session_state["lab.settings"]))
    assert run.done
    at.button(key="lab.reset").click().run()
    assert "Nothing trained yet" in at.info[0].value
    at.button(key="lab.play").click().run()  # replays the server's finished run
    assert at.session_state["lab.revealed"] == 2  # medium speed: 2 epochs per tick
    assert shared_run(TrainConfig(**at.session_state["lab.settings"])) is run
    run_until_paused(at)
    assert epoch_view(at)["shown"] == 3


def test_divergence_stops_one_arm_and_the_narrative_says_so():
    at = play_to_the_end(open_lab({"init": "he", "lr": "1", "epochs": "2"}))
    status = counters(at)
    assert status["Without BN"].startswith("diverged at step") and status["With BN"].startswith("epoch 2 / 2")
    assert shown_frame(at)["narrative"][0].startswith("<strong>Without BN diverged at step")
    assert not at.exception


def test_every_control_reaches_the_config_and_the_link():
    at = open_lab()
    at.selectbox(key="lab.dataset").set_value("spirals").run()
    at.slider(key="lab.depth").set_value(5).run()
    at.slider(key="lab.width").set_value(32).run()
    at.radio(key="lab.activation").set_value("tanh").run()
    at.selectbox(key="lab.init").set_value("gaussian").run()
    at.select_slider(key="lab.init_scale").set_value(0.1).run()
    at.radio(key="lab.bn_placement").set_value("after_activation").run()
    at.selectbox(key="lab.optimizer").set_value("adam").run()
    at.select_slider(key="lab.lr").set_value(0.002).run()
    at.slider(key="lab.batch_size").set_value(16).run()
    at.slider(key="lab.epochs").set_value(4).run()
    at.number_input(key="lab.seed").set_value(7).run()
    expected = TrainConfig(
        dataset="spirals",
        depth=5,
        width=32,
        activation="tanh",
        init="gaussian",
        init_scale=0.1,
        bn_placement="after_activation",
        optimizer="adam",
        lr=0.002,
        batch_size=16,
        epochs=4,
        seed=7,
    )
    assert at.session_state["lab.share_query"].endswith("&".join(f"{k}={v}" for k, v in to_query(expected).items()))
    assert {k: at.query_params[k] for k in to_query(expected)} == to_query(expected)


def test_depth_presets():
    at = open_lab()
    at.button(key="lab.shallow").click().run()
    assert at.slider(key="lab.depth").value == 2
    at.button(key="lab.deep").click().run()
    assert at.slider(key="lab.depth").value == 8


def test_a_shared_link_restores_the_settings():
    at = open_lab({"depth": "3", "activation": "sigmoid", "lr": "0.5", "utm_source": "mail"})
    assert at.slider(key="lab.depth").value == 3 and at.radio(key="lab.activation").value == "sigmoid"
    assert at.select_slider(key="lab.lr").value == 0.5 and not at.warning


@pytest.mark.parametrize(
    "query, words",
    [
        ({"depth": "99"}, "depth=`99`"),
        ({"lr": "<b>x</b>"}, "lr=`<b>x</b>`"),
        ({"optimizer": "x" * 300}, "x" * 24 + "…"),
    ],
)
def test_bad_link_values_fall_back_with_a_notice(query, words):
    at = open_lab(query)
    assert len(at.warning) == 1 and words in at.warning[0].value
    assert at.session_state["lab.settings"] == {k: getattr(TrainConfig(), k) for k in at.session_state["lab.settings"]}


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


def test_the_both_train_preset_sets_every_control_and_the_default_preset_restores_them():
    at = open_lab({"lr": "0.5", "activation": "tanh"})
    at.button(key="lab.both_train").click().run()
    assert at.session_state["lab.settings"] == config_dict(BOTH_TRAIN)
    assert at.slider(key="lab.depth").value == 4 and at.selectbox(key="lab.init").value == "he"
    at.button(key="lab.default_run").click().run()
    assert at.session_state["lab.settings"] == config_dict(DEFAULT)


LINK_VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            (
                "depth",
                "width",
                "lr",
                "init",
                "init_scale",
                "activation",
                "batch_size",
                "epochs",
                "seed",
                "dataset",
                "optimizer",
                "bn_placement",
                "junk",
            )
        ),
        LINK_VALUES,
        max_size=6,
    )
)
def test_any_link_opens_the_lab_with_a_result_or_a_notice(query):
    at = open_lab(query)  # asserts no exception
    expected, notices = from_query(query)  # the page applies exactly what the pure parser makes of the link
    assert at.session_state["lab.settings"] == config_dict(expected)
    assert [w.value for w in at.warning] == ([notices_text(notices)] if notices else [])


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


@pytest.mark.parametrize("depth", range(1, 13))
def test_every_detail_tab_draws_at_every_depth(depth):
    """Issue 14: at depth 9-12 the gradient-norm grid's last row started at -2.8e-17 and Plotly refused it."""
    at = open_lab({"depth": str(depth), "width": "16", "epochs": "1", "dataset": "blobs"})
    run_until_paused(at.button(key="lab.step").click().run())
    for layer in range(depth):
        at.selectbox(key="lab.bn_layer").set_value(layer).run()
        assert not at.exception, at.exception
    titles = chart_titles(at)
    assert any(title.startswith("Weight-gradient norm per layer") for title in titles)
    assert any(title.startswith(f"Layer {depth}'s BN parameters") for title in titles)
    assert [len(arm["panels"]) for arm in shown_frame(at)["grid"]["arms"]] == [depth, depth]


def test_every_control_is_created_with_its_value():
    """Issue 14: the controls were drawn at their minimum (depth 1, width 16, ...) and set afterwards."""
    assert assert_created_with_their_values(open_lab()) == 16  # with the prediction before Play and the sweep's network
    assert assert_created_with_their_values(open_lab({"depth": "12", "epochs": "3", "lr": "0.5", "seed": "7"})) == 16
    back = AppTest.from_file(PAGE, default_timeout=60)  # back from another page: only the kept values remain
    for field, value in {"depth": 5, "width": 64, "optimizer": "adam", "lr": 0.01, "seed": 42}.items():
        back.session_state[f"lab.{field}.kept"] = value
    back.run()
    assert back.slider(key="lab.depth").value == 5 and back.number_input(key="lab.seed").value == 42
    assert_created_with_their_values(back)


@pytest.mark.parametrize("entered", [100_000, -1])
def test_an_out_of_range_seed_is_rejected_with_a_message(entered):
    at = open_lab()
    at.number_input(key="lab.seed").set_value(12).run()
    at.number_input(key="lab.seed").set_value(entered).run()
    assert f"Seed: {entered} is outside 0 to 99999, so it was not applied; it stays 12." in at.warning[0].value
    assert at.number_input(key="lab.seed").value == 12 and at.session_state["lab.settings"]["seed"] == 12
    at.number_input(key="lab.seed").set_value(13).run()
    assert not at.warning and at.session_state["lab.settings"]["seed"] == 13


def test_many_bad_link_values_share_one_notice():
    at = open_lab(dict.fromkeys(("depth", "width", "epochs", "seed", "lr", "dataset", "optimizer"), "??"))
    assert len(at.warning) == 1 and at.warning[0].value.count("- The link's ") == 7


def test_the_layer_statistics_explain_an_unsettled_variance():
    at = open_lab(TINY)
    run_until_paused(at.button(key="lab.step").click().run())
    assert "running statistics, not by the test batch's own" in epoch_view(at)["tableCaption"]
    assert shown_frame(at)["table"] is not None
