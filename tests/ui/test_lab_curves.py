"""The Training Lab's live curves as data (ui.training_lab.curves): both arms in their colors, every epoch so far, the
axes, a divergence marked, and nothing that JSON cannot carry."""

import json

import numpy as np
import pytest

from bncore import TrainConfig, train
from ui.common.palette import ARM_COLORS
from ui.training_lab.cache import untrained
from ui.training_lab.curves import ACCURACY_TICKS, curves_chart_data

CONFIG = TrainConfig(depth=3, width=16, epochs=3)


@pytest.fixture(scope="module")
def histories():
    return {"with_bn": train(CONFIG), "without_bn": train(CONFIG.replace(batch_norm=False))}


@pytest.fixture(scope="module")
def diverged():
    return {
        "with_bn": train(TrainConfig(init="he", lr=1.0, epochs=2)),
        "without_bn": train(TrainConfig(init="he", lr=1.0, epochs=2, batch_norm=False)),
    }


@pytest.mark.parametrize("metric, log", [("train_loss", True), ("test_acc", False)])
def test_curves_have_both_arms_over_every_epoch(histories, metric, log):
    data = curves_chart_data(histories, metric)
    assert [line["name"] for line in data["lines"]] == ["With BN", "Without BN"]
    assert [line["color"] for line in data["lines"]] == [ARM_COLORS["with_bn"], ARM_COLORS["without_bn"]]
    values = getattr(histories["with_bn"], metric)
    assert len(data["lines"][0]["y"]) == 4
    expected = np.log10(values) if log else values  # the loss placed on a log axis
    np.testing.assert_allclose(data["lines"][0]["y"], expected, atol=1e-5)
    assert data["xTitle"] == "epoch" and data["title"].endswith("vs epoch") and data["xMax"] == 3
    assert data["lines"][1]["hover"][2].startswith("Without BN, epoch 2: ")
    assert data["summary"].startswith(f"{data['title'].removesuffix(' vs epoch')} at epoch 3 of 3: With BN ")
    assert not data["diverged"]


def test_the_loss_axis_holds_every_loss_and_accuracy_reads_in_percent(histories):
    loss = curves_chart_data(histories, "train_loss")
    low, high = loss["yRange"]
    placed = [y for line in loss["lines"] for y in line["y"]]
    assert low <= min(placed) and max(placed) <= high
    assert all(low - 1e-9 <= position <= high + 1e-9 for position, _ in loss["yTicks"])
    assert curves_chart_data(histories, "test_acc")["yTicks"] == ACCURACY_TICKS and ACCURACY_TICKS[-1][1] == "100%"


def test_a_diverged_arm_ends_with_a_labelled_marker(diverged):
    data = curves_chart_data(diverged, "train_loss")
    step = diverged["without_bn"].diverged_at
    (mark,) = data["diverged"]
    assert mark["text"] == f"diverged at step {step}" and mark["color"] == ARM_COLORS["without_bn"]
    assert mark["x"] == pytest.approx((step - 1) / diverged["without_bn"].steps_per_epoch)
    json.dumps(data, allow_nan=False)  # a diverged loss is infinite or NaN: None in the data, never NaN


def test_epoch_zero_alone_is_one_point_per_arm():
    data = curves_chart_data(untrained(CONFIG), "test_acc")
    assert [len(line["y"]) for line in data["lines"]] == [1, 1]
