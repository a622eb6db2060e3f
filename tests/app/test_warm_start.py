"""Warm start (ui.training_lab.warm): runs trained before a server takes learners land in the cache the Training Lab
page reads, so Play replays them without training; and the runs warmed are the page's own default settings."""

import pytest

from bncore import DATASETS, TrainConfig
from tests.app.lab import counters, open_lab, run_until_paused
from ui.common.cached import config_key
from ui.training_lab.settings import to_query
from ui.training_lab.shared import SharedRun, pinned_runs, shared_run
from ui.training_lab.warm import WARM_CONFIGS, warm_start

TINY = TrainConfig(depth=2, width=16, epochs=3, seed=4242)  # not used by any other test: its run is pinned here


@pytest.fixture
def warm_tiny():
    seconds = warm_start((TINY,))
    yield seconds
    pinned_runs().pop(config_key(TINY), None)


def test_warm_start_pins_a_finished_run_and_does_not_train_it_twice(warm_tiny):
    assert list(warm_tiny) == [TINY]
    run = shared_run(TINY)
    assert run.done and run.epochs_done() == TINY.epochs
    assert pinned_runs()[config_key(TINY)] is run
    warm_start((TINY,))
    assert shared_run(TINY) is run


def test_play_on_a_warm_server_replays_without_training(warm_tiny, monkeypatch):
    def no_training(self, seconds, until_epoch):
        raise AssertionError("the page trained a run that was warm")

    monkeypatch.setattr(SharedRun, "advance", no_training)
    at = open_lab(to_query(TINY))
    assert TrainConfig(**at.session_state["lab.settings"]) == TINY
    at.button(key="lab.play").click().run()
    assert at.session_state["lab.revealed"] == 2  # medium speed: two finished epochs per tick, at once
    run_until_paused(at)
    assert counters(at) == {"With BN": "epoch 3 / 3", "Without BN": "epoch 3 / 3"}
    assert not at.exception


def test_the_warm_runs_are_the_pages_defaults_on_every_dataset():
    at = open_lab()
    default = TrainConfig(**at.session_state["lab.settings"])
    assert config_key(default) == config_key(WARM_CONFIGS[0])  # the very key the page's run is cached under
    assert [config.dataset for config in WARM_CONFIGS] == list(DATASETS)
    assert {config.replace(dataset=DATASETS[0]) for config in WARM_CONFIGS} == {default}
