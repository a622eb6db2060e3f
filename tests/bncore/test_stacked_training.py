"""Stacked training: P configurations trained as one network give each the numbers its lone run records."""

import signal
import threading

import numpy as np
import pytest

from bncore import TrainConfig, train
from bncore.training import worker_processes
from bncore.training.stacked import StackedMLP, stack_key
from bncore.training.stacked_layers import block_matmul
from bncore.training.stacked_trainer import StackedTrainer, planned_steps, train_points

SMALL = TrainConfig(depth=3, width=16, epochs=3, init="he")
BN_DIVERGES = "learning rates with BN, two diverge after the first epoch"  # at steps 7 and 13, 6 steps per epoch
PLAIN_DIVERGES = "learning rates without BN, three diverge"  # at steps 10, 6 and 5
MIXED_DIVERGES = "BatchNorm, GroupNorm and LayerNorm side by side, one diverges"  # BatchNorm at lr 300, at step 8

STACKS = {
    BN_DIVERGES: [SMALL.replace(batch_size=256, epochs=4, lr=lr) for lr in (0.3, 40.0, 70.0, 300.0)],
    PLAIN_DIVERGES: [
        SMALL.replace(depth=5, width=32, epochs=2, batch_norm=False, lr=lr) for lr in (0.3, 3.2, 5.0, 10.0)
    ],
    "weight scales": [
        SMALL.replace(init="gaussian", init_scale=s, activation="sigmoid", batch_norm=bn)
        for s in (1e-4, 1e-2, 1.0)
        for bn in (True, False)
    ],
    "seeds, GroupNorm": [SMALL.replace(normalization="group", norm_groups=4, batch_size=16, seed=s) for s in (0, 1, 2)],
    "seeds, LayerNorm after the activation": [
        SMALL.replace(normalization="layer", bn_placement="after_activation", activation="tanh", seed=s) for s in (0, 1)
    ],
    "momentum and Adam": [SMALL.replace(optimizer=o, lr=lr) for o in ("momentum", "adam") for lr in (1e-3, 5.0)],
    "noisy BN on each seed's own spirals": [
        SMALL.replace(dataset="spirals", bn_noise=1.0, lr=lr, seed=s) for lr in (0.01, 0.3) for s in (0, 3)
    ],
    "one-class batches": [SMALL.replace(batch_order="by_class", lr=lr, seed=2) for lr in (0.01, 0.3, 3.0)],
    MIXED_DIVERGES: [
        SMALL.replace(normalization=n, norm_groups=4, batch_size=32, epochs=2, seed=s, lr=lr)
        for n, s, lr in (
            ("batch", 0, 0.1),
            ("group", 1, 0.1),
            ("layer", 0, 0.1),
            ("batch", 1, 300.0),
            ("group", 0, 1.0),
        )
    ],
    "the family side by side after the activation": [
        SMALL.replace(normalization=n, bn_placement="after_activation", activation="tanh", seed=s)
        for n, s in (("layer", 0), ("batch", 1), ("group", 0), ("batch", 0))
    ],
    "default initialization, momentum 0.01": [
        SMALL.replace(init="default", bn_momentum=0.01, lr=lr) for lr in (0.1, 1.0)
    ],
}


@pytest.mark.parametrize("configs", STACKS.values(), ids=STACKS)
def test_every_point_of_a_stack_records_what_its_lone_run_records(configs):
    stacks = [stack_key(c) for c in configs]
    assert all(stacks.count(key) > 1 for key in stacks)  # every point shares its stack: this tests stacking
    for config, point in zip(configs, train_points(configs)):
        lone = train(config)
        assert point.diverged_at == lone.diverged_at
        assert point.steps_per_epoch == lone.steps_per_epoch
        np.testing.assert_array_equal(point.step_loss, lone.step_loss)
        np.testing.assert_array_equal(point.test_loss, lone.test_loss)
        np.testing.assert_array_equal(point.test_acc, lone.test_acc)
        assert (point.train_loss, point.train_acc) == (lone.train_loss[-1], lone.train_acc[-1]) or (
            np.isnan(point.train_loss) and np.isnan(lone.train_loss[-1])
        )


@pytest.mark.parametrize("configs", STACKS.values(), ids=STACKS)
def test_the_planned_steps_are_the_steps_a_built_stack_takes(configs):
    for key in {stack_key(c) for c in configs}:
        stack = [c for c in configs if stack_key(c) == key]
        assert planned_steps(stack) == StackedTrainer(stack).total_steps


def test_the_stacks_lose_points_at_different_steps_and_epochs():
    """What the cases above cover: points that leave their stack at different steps, some after the first epoch."""
    assert [p.diverged_at for p in train_points(STACKS[BN_DIVERGES])] == [None, None, 13, 7]
    assert [p.diverged_at for p in train_points(STACKS[PLAIN_DIVERGES])] == [None, 10, 6, 5]
    assert [p.diverged_at for p in train_points(STACKS[MIXED_DIVERGES])] == [None, None, None, 8, None]


def test_mixed_configurations_train_in_stacks_and_come_back_in_order():
    configs = [SMALL.replace(lr=0.1, depth=2), SMALL.replace(lr=0.2), SMALL.replace(lr=0.3, depth=2)]
    progress = []
    points = train_points(configs, on_progress=lambda done, total: progress.append((done, total)))
    for config, point in zip(configs, points):
        np.testing.assert_array_equal(point.step_loss, train(config).step_loss)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert progress[-1][0] == progress[-1][1] == 2 * 3 * points[0].steps_per_epoch  # two stacks of 3 epochs each


def test_stacks_trained_in_worker_processes_record_what_they_record_here():
    configs = STACKS[BN_DIVERGES] + STACKS[PLAIN_DIVERGES] + STACKS["seeds, GroupNorm"]  # three stacks
    for here, in_workers in zip(train_points(configs), train_points(configs, processes=2), strict=True):
        assert in_workers.diverged_at == here.diverged_at
        for name in ("step_loss", "test_loss", "test_acc", "train_loss", "train_acc"):
            np.testing.assert_array_equal(getattr(in_workers, name), getattr(here, name))


def test_worker_processes_report_progress_through_the_calling_thread_up_to_the_total():
    configs = [SMALL.replace(lr=0.1, depth=2), SMALL.replace(lr=0.2), SMALL.replace(lr=0.3, depth=2)]
    progress, callers = [], set()

    def on_progress(done, total):
        progress.append((done, total))
        callers.add(threading.get_ident())

    points = train_points(configs, on_progress, processes=2)
    assert callers == {threading.get_ident()}
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert len(progress) == 6  # one report per epoch of each of the two stacks
    assert progress[-1][0] == progress[-1][1] == 2 * 3 * points[0].steps_per_epoch


@pytest.fixture
def started_workers(monkeypatch):
    """The worker processes ``train_in_processes`` starts, as they start."""
    started, start = [], worker_processes._start_worker

    def start_and_keep():
        started.append(start())
        return started[-1]

    monkeypatch.setattr(worker_processes, "_start_worker", start_and_keep)
    return started


def test_when_the_progress_report_fails_the_workers_are_killed_and_the_error_goes_on(started_workers):
    configs = [SMALL.replace(epochs=50, depth=2), SMALL.replace(epochs=50)]  # two stacks of 50 epochs
    threads_before = threading.active_count()

    def stopped_page(done, total):  # a page's run stopped by a rerun raises from its next Streamlit call
        raise RuntimeError("the page's run was stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        train_points(configs, stopped_page, processes=2)
    assert len(started_workers) == 2
    assert [worker.returncode for worker in started_workers] == [-signal.SIGKILL] * 2  # killed, not waited for
    assert threading.active_count() == threads_before


def test_a_failing_worker_names_its_error_and_leaves_no_worker_behind(started_workers):
    unstackable = [SMALL, SMALL.replace(width=32)]
    with pytest.raises(RuntimeError, match=r"(?s)worker process failed:.*ValueError: stacked configurations"):
        worker_processes.train_in_processes([unstackable, [SMALL.replace(depth=2)]], 2, lambda done: None)
    assert all(worker.returncode is not None for worker in started_workers)


def test_a_stack_refuses_configurations_of_different_architectures():
    with pytest.raises(ValueError, match="may differ only in"):
        StackedTrainer([SMALL, SMALL.replace(width=32)])
    with pytest.raises(ValueError, match="may differ only in"):
        StackedTrainer([SMALL.replace(batch_order="by_class", seed=0), SMALL.replace(batch_order="by_class", seed=1)])


def test_block_matmul_multiplies_each_points_block_by_its_own_weights(rng):
    h = rng.standard_normal((5, 3 * 4)).astype(np.float32)
    weights = rng.standard_normal((3, 4, 2)).astype(np.float32)
    expected = np.concatenate([h[:, 4 * p : 4 * (p + 1)] @ weights[p] for p in range(3)], axis=1)
    np.testing.assert_array_equal(block_matmul(h, weights), expected)


def test_selecting_points_keeps_their_weights_and_statistics():
    configs = [SMALL.replace(lr=lr, seed=s) for lr, s in ((0.1, 0), (0.2, 1), (0.3, 2))]
    network = StackedMLP(configs, in_features=64, classes=10)
    network.forward(np.ones((4, 3 * 64), np.float32), training=True)  # moves the running statistics
    chosen, snapshot = network.select(np.array([2, 0])), network.snapshot()
    for name, arrays in chosen.snapshot().items():
        for kept, full in zip(arrays, snapshot[name]):
            np.testing.assert_array_equal(kept, None if full is None else full[[2, 0]])
    assert chosen.configs == [configs[2], configs[0]]
    assert chosen.batch_norms[0].num_batches_tracked == 1
