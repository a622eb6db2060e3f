"""The Training Lab's narrative rules on synthetic histories: each speaks when, and only when, its condition holds."""

from dataclasses import replace

import numpy as np
import pytest

from bncore import TrainConfig, train
from ui.training_lab.narrative import narrative

CONFIG = TrainConfig(depth=3, width=16, epochs=4)


@pytest.fixture(scope="module")
def base():
    """A real pair of small runs whose fields the tests overwrite."""
    return {"with_bn": train(CONFIG), "without_bn": train(CONFIG.replace(batch_norm=False))}


def with_fields(history, **fields):
    return replace(history, **fields)


def healthy(h, accuracy=0.9):
    """h with a flat healthy state: good accuracy, even gradients, no dead or saturated units, unit variance."""
    e, d = h.epochs_completed, h.config.depth
    return replace(
        h,
        test_acc=np.full(e + 1, accuracy),
        grad_norm=np.full((e, d), 0.1),
        dead_fraction=np.zeros((e + 1, d)),
        saturated_fraction=np.zeros((e + 1, d)),
        preact_var=np.ones((e + 1, d)),
        diverged_at=None,
    )


def say(histories, epoch=4):
    return " ".join(narrative(histories, epoch))


def test_who_is_ahead_by_how_much(base):
    text = say({"with_bn": healthy(base["with_bn"], 0.95), "without_bn": healthy(base["without_bn"], 0.6)})
    assert "With BN is ahead by 35.0 points" in text and "95.0% vs 60.0%" in text


def test_level_arms_are_called_level(base):
    text = say({"with_bn": healthy(base["with_bn"], 0.9), "without_bn": healthy(base["without_bn"], 0.895)})
    assert "level" in text and "ahead" not in text


def test_before_training_both_guess(base):
    text = say({name: healthy(h, 0.1) for name, h in base.items()}, epoch=0)
    assert text.startswith("Before training both arms guess") and "one in 10" in text


def test_divergence_is_explained_with_its_step_and_rate(base):
    plain = with_fields(healthy(base["without_bn"]), diverged_at=30, config=CONFIG.replace(batch_norm=False, lr=5.0))
    text = say({"with_bn": healthy(base["with_bn"]), "without_bn": plain})
    assert "Without BN diverged at step 30** (epoch 2)" in text and "η = 5" in text


def test_chance_level_after_a_few_epochs(base):
    text = say({"with_bn": healthy(base["with_bn"]), "without_bn": healthy(base["without_bn"], 0.1)})
    assert "Without BN is still at chance level (10%" in text
    assert "chance" not in say(
        {"with_bn": healthy(base["with_bn"]), "without_bn": healthy(base["without_bn"], 0.1)}, epoch=2
    )


def test_vanishing_and_exploding_gradients(base):
    plain = healthy(base["without_bn"])
    vanishing = with_fields(plain, grad_norm=np.tile([1e-5, 1e-3, 1e-1], (4, 1)))
    assert "Vanishing gradients in Without BN" in say({"with_bn": healthy(base["with_bn"]), "without_bn": vanishing})
    exploding = with_fields(plain, grad_norm=np.tile([1e3, 1.0, 1.0], (4, 1)))
    assert "Exploding gradients in Without BN" in say({"with_bn": healthy(base["with_bn"]), "without_bn": exploding})


def test_dead_relus_name_the_layer(base):
    dead = np.zeros((5, 3))
    dead[:, 1] = 0.6
    plain = with_fields(healthy(base["without_bn"]), dead_fraction=dead)
    assert "60% of layer 2's units" in say({"with_bn": healthy(base["with_bn"]), "without_bn": plain})


def test_saturation_speaks_for_sigmoid_not_relu(base):
    saturated = np.full((5, 3), 0.5)
    sigmoid = with_fields(
        healthy(base["without_bn"]),
        saturated_fraction=saturated,
        config=CONFIG.replace(activation="sigmoid", batch_norm=False),
    )
    assert "Saturated sigmoid units in Without BN" in say({"with_bn": healthy(base["with_bn"]), "without_bn": sigmoid})
    relu = with_fields(healthy(base["without_bn"]), saturated_fraction=saturated)
    assert "Saturated" not in say({"with_bn": healthy(base["with_bn"]), "without_bn": relu})


def test_vanished_or_exploded_spread(base):
    narrow = with_fields(healthy(base["without_bn"]), preact_var=np.full((5, 3), 1e-3))
    assert "variance 0.001" in say({"with_bn": healthy(base["with_bn"]), "without_bn": narrow})
    wide = with_fields(healthy(base["without_bn"]), preact_var=np.full((5, 3), 50.0))
    assert "variance 50" in say({"with_bn": healthy(base["with_bn"]), "without_bn": wide})


def test_an_untrained_bn_arm_says_its_layers_do_not_rescale_yet(base):
    narrow = with_fields(healthy(base["with_bn"]), preact_var=np.full((5, 3), 1e-3))
    before = say({"with_bn": narrow, "without_bn": healthy(base["without_bn"])}, epoch=0)
    assert "In With BN, layer 1's pre-activations have variance 0.001" in before
    assert "have not seen a batch yet" in before
    later = say({"with_bn": narrow, "without_bn": healthy(base["without_bn"])}, epoch=2)
    assert "variance 0.001" in later and "have not seen a batch yet" not in later


def test_a_healthy_pair_gets_only_the_score(base):
    assert len(narrative({name: healthy(h) for name, h in base.items()}, 4)) == 1


def test_an_arm_that_stopped_early_is_read_at_its_last_epoch(base):
    short = with_fields(healthy(base["without_bn"], 0.5), diverged_at=10)
    short = replace(short, test_acc=short.test_acc[:2], train_loss=short.train_loss[:2])
    text = say({"with_bn": healthy(base["with_bn"], 0.9), "without_bn": short})
    assert "40.0 points" in text
