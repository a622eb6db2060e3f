"""The Training Lab page in AppTest: Play / Pause / Step / Reset and the epoch shown (advanced by explicit reruns,
since fragment timers do not fire in AppTest), the run's details at every depth, divergence. (Its settings and links:
test_training_lab_settings.py; its sweeps: test_training_lab_sweeps.py.)"""

import pytest

from bncore import TrainConfig
from tests.app.lab import (
    TINY,
    chart_titles,
    counters,
    curves,
    epoch_view,
    let_go_at,
    open_lab,
    play_to_the_end,
    playing,
    run_until_paused,
    shown_frame,
)
from ui.training_lab.shared import shared_run


def test_before_play_nothing_is_trained_and_the_untrained_networks_are_shown():
    at = open_lab()
    assert "Nothing trained yet" in at.info[0].value
    assert counters(at) == {"With BN": "epoch 0 / 20", "Without BN": "epoch 0 / 20"}
    assert [chart["title"] for chart in curves(at)] == ["Training loss vs epoch", "Test accuracy vs epoch"]
    assert [len(line["y"]) for line in curves(at)[0]["lines"]] == [1, 1]  # epoch 0 alone
    assert not chart_titles(at)  # the run's details (Plotly) wait for a trained epoch
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
    shown = curves(at)
    let_go_at(at, 1)
    assert at.session_state["lab.viewed"] == 1 and epoch_view(at)["shown"] == 1
    assert epoch_view(at)["seq"] == 1  # the view learns which of its picks this data has seen
    assert curves(at) == shown  # the same data: the browser keeps the charts instead of drawing them again
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


def test_the_layer_statistics_explain_an_unsettled_variance():
    at = open_lab(TINY)
    run_until_paused(at.button(key="lab.step").click().run())
    assert "running statistics, not by the test batch's own" in epoch_view(at)["tableCaption"]
    assert shown_frame(at)["table"] is not None
