"""Training: the History contract, determinism, shared starting points of both arms, and clean divergence."""

import numpy as np
import pytest

from bncore import TrainConfig, Trainer, train
from bncore.training.history import HIST_BINS
from bncore.training.mlp import MLP
from bncore.training.trainer import batch_slices

SMALL = TrainConfig(depth=3, width=32, epochs=3, batch_size=64)


@pytest.fixture(scope="module")
def small_run():
    return train(SMALL)


def test_history_shapes_follow_the_contract(small_run):
    h, e, d, w = small_run, SMALL.epochs, SMALL.depth, SMALL.width
    for name in ("train_loss", "test_loss", "train_acc", "test_acc"):
        assert getattr(h, name).shape == (e + 1,), name
    assert h.grad_norm.shape == (e, d)
    assert h.preact_mean.shape == h.preact_var.shape == (e + 1, d)
    assert h.preact_percentiles.shape == (e + 1, d, 3)
    assert h.hist_edges.shape == (HIST_BINS + 1,) and h.hist_edges[0] == -6 and h.hist_edges[-1] == 6
    assert h.hist_counts.shape == (e + 1, d, HIST_BINS)
    assert h.hist_below.shape == h.hist_above.shape == (e + 1, d)
    for name in ("gamma", "beta", "running_mean", "running_var"):
        assert getattr(h, name).shape == (d, e + 1, w), name
    assert h.step_loss.shape == (e * h.steps_per_epoch,)
    assert h.diverged_at is None and h.epochs_completed == e


def test_histograms_count_every_test_value(small_run):
    total = small_run.hist_counts.sum(axis=2) + small_run.hist_below + small_run.hist_above
    n_test = 359
    np.testing.assert_array_equal(total, n_test * SMALL.width)


def test_percentiles_are_ordered_and_bn_statistics_start_at_their_defaults(small_run):
    p = small_run.preact_percentiles
    assert np.all(p[..., 0] <= p[..., 1]) and np.all(p[..., 1] <= p[..., 2])
    np.testing.assert_array_equal(small_run.gamma[:, 0], 1)
    np.testing.assert_array_equal(small_run.running_mean[:, 0], 0)
    np.testing.assert_array_equal(small_run.running_var[:, 0], 1)
    assert not np.array_equal(small_run.running_mean[:, -1], 0)


def test_training_reduces_the_loss(small_run):
    assert small_run.train_loss[-1] < 0.5 * small_run.train_loss[0]
    assert small_run.test_acc[-1] > 0.8


def test_same_config_same_history_bit_for_bit(small_run):
    again = train(SMALL)
    for name in ("train_loss", "test_acc", "grad_norm", "hist_counts", "gamma", "running_var", "step_loss"):
        np.testing.assert_array_equal(getattr(again, name), getattr(small_run, name), err_msg=name)


def test_a_different_seed_gives_a_different_run(small_run):
    other = train(SMALL.replace(seed=1))
    assert not np.array_equal(other.step_loss, small_run.step_loss)


@pytest.mark.parametrize("init", ["default", "he", "xavier", "gaussian"])
def test_both_arms_start_from_the_same_weights(init):
    config = SMALL.replace(init=init)
    with_bn = MLP(config, 64, 10)
    without_bn = MLP(config.replace(batch_norm=False), 64, 10)
    for a, b in zip(with_bn.weights, without_bn.weights):
        np.testing.assert_array_equal(a, b)
    assert with_bn.biases[0] is None and without_bn.biases[0] is not None  # BN makes the bias redundant


def test_both_arms_see_the_same_batches():
    order_a = Trainer(SMALL).shuffle_rng.permutation(10)
    order_b = Trainer(SMALL.replace(batch_norm=False)).shuffle_rng.permutation(10)
    np.testing.assert_array_equal(order_a, order_b)


def test_without_bn_the_history_has_no_bn_fields():
    h = train(SMALL.replace(batch_norm=False, epochs=1))
    assert h.gamma is None and h.running_var is None


def test_divergence_stops_cleanly():
    h = train(TrainConfig(batch_norm=False, lr=50.0, epochs=5))
    assert h.diverged_at is not None and h.diverged_at >= 1
    assert len(h.step_loss) == h.diverged_at - 1 and np.all(np.isfinite(h.step_loss))
    assert h.epochs_completed < 5


def test_divergence_with_bn_leaves_finite_running_statistics():
    h = train(
        TrainConfig(
            depth=4,
            width=64,
            batch_norm=True,
            lr=1e4,
            optimizer="sgd",
            epochs=3,
            activation="relu",
            init="gaussian",
            init_scale=1.0,
        )
    )
    assert np.all(np.isfinite(h.running_mean)) and np.all(np.isfinite(h.running_var))


def test_on_epoch_sees_the_history_grow_and_can_stop_training():
    seen = []

    def on_epoch(history):
        seen.append(history.epochs_completed)
        return history.epochs_completed < 2

    h = train(SMALL.replace(epochs=10), on_epoch=on_epoch)
    assert seen == [1, 2] and h.epochs_completed == 2


def test_trainer_advances_in_chunks_and_matches_a_whole_run(small_run):
    trainer = Trainer(SMALL)
    while not trainer.done:
        trainer.advance(max_steps=5)
    np.testing.assert_array_equal(trainer.history().step_loss, small_run.step_loss)
    np.testing.assert_array_equal(trainer.history().test_acc, small_run.test_acc)


def test_batches_never_leave_a_single_sample():
    assert [s.stop - s.start for s in batch_slices(9, 4)] == [4, 4]
    assert [s.stop - s.start for s in batch_slices(10, 4)] == [4, 4, 2]


@pytest.mark.parametrize("placement", ["before_activation", "after_activation"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_every_combination_trains_on_the_toy_sets(placement, activation, optimizer):
    config = TrainConfig(
        dataset="spirals",
        depth=2,
        width=16,
        activation=activation,
        bn_placement=placement,
        optimizer=optimizer,
        lr=0.01 if optimizer == "adam" else 0.1,
        epochs=2,
        batch_size=32,
    )
    h = train(config)
    assert h.epochs_completed == 2 and np.all(np.isfinite(h.train_loss))


@pytest.mark.parametrize(
    "change, argument",
    [
        ({"dataset": "mnist"}, "dataset"),
        ({"depth": 0}, "depth"),
        ({"batch_size": 1}, "batch_size"),
        ({"lr": 0.0}, "lr"),
        ({"activation": "gelu"}, "activation"),
        ({"epochs": 2.5}, "epochs"),
        ({"bn_placement": "middle"}, "bn_placement"),
        ({"init_scale": -1.0}, "init_scale"),
        ({"bn_momentum": None}, "bn_momentum"),
    ],
)
def test_bad_configs_name_the_field(change, argument):
    with pytest.raises(ValueError, match=argument):
        TrainConfig(**change)


@pytest.mark.parametrize("normalization", ["group", "layer"])
def test_other_normalizations_train_and_record_gamma_but_no_running_statistics(normalization):
    h = train(SMALL.replace(normalization=normalization, epochs=4))
    assert h.test_acc[-1] > 0.6  # chance is 0.1; both reach about 0.8 after four epochs
    assert h.gamma.shape == (SMALL.depth, 5, SMALL.width) and h.running_mean is None  # initial + 4 epochs


def test_layer_norm_network_predicts_one_sample_like_it_does_in_a_batch():
    config = SMALL.replace(normalization="layer")
    model = MLP(config, 64, 10)
    x = np.random.default_rng(0).normal(size=(5, 64)).astype(np.float32)
    np.testing.assert_allclose(model.forward(x[:1], training=True), model.forward(x, training=True)[:1], rtol=1e-5)


def test_by_class_batches_hold_one_class_each_and_cover_the_set():
    trainer = Trainer(SMALL.replace(batch_order="by_class", epochs=1))
    y_train = trainer.data[1]
    trainer.order = trainer.shuffle_rng.permutation(len(trainer.batches))
    seen = []
    for step in range(trainer.steps_per_epoch):
        rows = trainer._batch_rows(step)
        assert len(np.unique(y_train[rows])) == 1 and 2 <= len(rows) <= SMALL.batch_size
        seen += list(rows)
    assert len(seen) == len(set(seen)) >= len(y_train) - 10  # at most one dropped singleton per class


def test_a_history_up_to_an_epoch_is_the_run_as_it_stood_then(small_run):
    early = small_run.up_to_epoch(1)
    assert early.epochs_completed == 1 and early.grad_norm.shape == (1, SMALL.depth)
    assert early.gamma.shape == (SMALL.depth, 2, SMALL.width) and len(early.step_loss) == small_run.steps_per_epoch
    np.testing.assert_array_equal(early.test_acc, small_run.test_acc[:2])
    assert small_run.up_to_epoch(3) is small_run and small_run.up_to_epoch(99) is small_run


def test_a_diverged_history_shows_its_divergence_only_after_its_last_epoch():
    h = train(TrainConfig(batch_norm=False, lr=50.0, epochs=5))
    assert h.up_to_epoch(h.epochs_completed).diverged_at is None
    assert h.up_to_epoch(h.epochs_completed + 1).diverged_at == h.diverged_at
