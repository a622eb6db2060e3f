"""The Training Lab's epoch view as data: paused, every revealed epoch goes to the browser (a scrub asks nothing of the
server); playing, only the newest; the narrative's Markdown as escaped HTML; the table once a started run pauses."""

import json

import pytest

from bncore import TrainConfig, train
from ui.training_lab.epoch_view import (
    GRID_CAPTION,
    PLAYING_HINT,
    SLIDER_HINT,
    UNTRAINED,
    epoch_view_data,
    layer_statistics,
    sentence_html,
)
from ui.training_lab.narrative import narrative

CONFIG = TrainConfig(depth=3, width=16, epochs=4)


@pytest.fixture(scope="module")
def histories():
    return {"with_bn": train(CONFIG), "without_bn": train(CONFIG.replace(batch_norm=False))}


def test_a_paused_run_sends_every_revealed_epoch_so_the_browser_scrubs_alone(histories):
    data = epoch_view_data(histories, 2, playing=False, started=True)
    assert (data["shown"], data["available"], data["playing"], data["hint"]) == (2, 4, False, SLIDER_HINT)
    assert sorted(data["frames"], key=int) == ["0", "1", "2", "3", "4"]
    for epoch, frame in data["frames"].items():
        assert frame["epoch"] == int(epoch)
        assert frame["grid"]["title"].endswith(f"at epoch {epoch}")
        assert frame["narrative"] == [sentence_html(s) for s in narrative(histories, int(epoch))]
        assert frame["table"] == layer_statistics(histories, int(epoch))
    json.dumps(data, allow_nan=False)


def test_a_playing_run_sends_only_the_epoch_shown_and_no_table(histories):
    data = epoch_view_data(histories, 4, playing=True, started=True)
    assert list(data["frames"]) == ["4"] and data["hint"] == PLAYING_HINT
    assert data["frames"]["4"]["table"] is None


def test_before_play_only_the_untrained_networks_and_no_table(histories):
    untrained = {name: h.up_to_epoch(0) for name, h in histories.items()}
    data = epoch_view_data(untrained, 0, playing=False, started=False)
    assert list(data["frames"]) == ["0"] and data["available"] == 0 and data["hint"] == UNTRAINED
    assert data["frames"]["0"]["table"] is None
    assert data["frames"]["0"]["narrative"][0].startswith("Before training both arms guess")


def test_the_table_has_each_arms_mean_and_variance_per_layer(histories):
    table = layer_statistics(histories, 1)
    assert table["arms"] == ["With BN", "Without BN"]
    assert len(table["rows"]) == CONFIG.depth
    first = table["rows"][0]
    h = histories["with_bn"]
    assert first[:3] == ["1", f"{h.preact_mean[1, 0]:.3g}", f"{h.preact_var[1, 0]:.3g}"]


@pytest.mark.parametrize("placement", ["before_activation", "after_activation"])
def test_the_grid_caption_follows_where_bn_sits(placement):
    config = CONFIG.replace(epochs=1, bn_placement=placement)
    runs = {"with_bn": train(config), "without_bn": train(config.replace(batch_norm=False))}
    data = epoch_view_data(runs, 1, playing=False, started=True)
    assert data["gridCaption"] == GRID_CAPTION[placement == "before_activation"]


def test_the_narrative_keeps_its_bold_and_escapes_everything_else():
    assert sentence_html("**Dead ReLUs in Without BN:** 5% <b>") == (
        "<strong>Dead ReLUs in Without BN:</strong> 5% &lt;b&gt;"
    )


def test_the_default_runs_whole_view_is_small_enough_to_send_once():
    """A paused 20-epoch run of the default network: every epoch's grid, text and table in one message."""
    config = TrainConfig()
    runs = {"with_bn": train(config), "without_bn": train(config.replace(batch_norm=False))}
    size = len(json.dumps(epoch_view_data(runs, 20, playing=False, started=True)))
    assert size < 250_000
