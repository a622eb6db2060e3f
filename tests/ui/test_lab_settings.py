"""Training Lab settings through the query string: round trip, unknown keys, bad values, long values, markup."""

import pytest

from bncore import TrainConfig
from bncore.experiments.sweeps import SWEEP_LEARNING_RATES, run_sweep, sweep_config
from ui.training_lab.settings import (
    BOTH_TRAIN,
    DEFAULT,
    INIT_SCALE_CHOICES,
    LEARNING_RATE_CHOICES,
    SHARED_FIELDS,
    from_query,
    to_query,
)


def test_log_slider_values():
    assert (
        LEARNING_RATE_CHOICES[0] == 1e-4
        and LEARNING_RATE_CHOICES[-1] == 10
        and 0.1 in LEARNING_RATE_CHOICES
        and 0.02 in LEARNING_RATE_CHOICES
    )
    assert INIT_SCALE_CHOICES[0] == 1e-4 and INIT_SCALE_CHOICES[-1] == 1


def test_every_shared_field_is_a_train_config_field():
    assert set(SHARED_FIELDS) <= set(TrainConfig.__dataclass_fields__)


def test_round_trip():
    config = TrainConfig(
        dataset="spirals",
        depth=3,
        width=64,
        activation="tanh",
        init="gaussian",
        init_scale=0.02,
        lr=0.5,
        optimizer="adam",
        batch_size=16,
        epochs=7,
        bn_placement="after_activation",
        seed=42,
    )
    restored, notices = from_query(to_query(config))
    assert notices == [] and restored == config


def test_empty_query_gives_the_defaults():
    assert from_query({}) == (DEFAULT, [])


def test_unknown_keys_are_ignored_silently():
    config, notices = from_query({"depth": "3", "utm_source": "x", "batch_norm": "false"})
    assert config.depth == 3 and notices == []


@pytest.mark.parametrize(
    "key, raw, words",
    [
        ("depth", "13", "from 1 to 12"),
        ("depth", "two", "whole number"),
        ("width", "8", "from 16 to 256"),
        ("lr", "abc", "expected a number"),
        ("lr", "100", "from 0.0001 to 10"),
        ("lr", "nan", "from 0.0001 to 10"),
        ("lr", "inf", "from 0.0001 to 10"),
        ("activation", "gelu", "one of relu, tanh, sigmoid"),
        ("batch_size", "1", "from 2 to 256"),
        ("epochs", "1.5", "whole number"),
    ],
)
def test_bad_values_fall_back_with_a_notice(key, raw, words):
    config, notices = from_query({key: raw})
    assert getattr(config, key) == getattr(DEFAULT, key)
    assert len(notices) == 1 and words in notices[0] and f"{key}=`{raw}`" in notices[0]


def test_values_between_slider_stops_snap_to_the_nearest():
    config, notices = from_query({"lr": "0.09", "init": "gaussian", "init_scale": "0.0003"})
    assert config.lr == 0.1 and config.init_scale == 2e-4 and notices == []


def test_long_values_are_truncated_in_the_notice():
    config, notices = from_query({"dataset": "x" * 500})
    assert config.dataset == "digits" and "x" * 24 + "…" in notices[0] and "x" * 25 not in notices[0]
    assert "after cutting it to 64 characters" in notices[0]


def test_long_values_are_truncated_before_they_are_read():
    config, notices = from_query({"depth": "3" + " " * 10_000, "lr": "0.1" + "0" * 100_000})
    assert (config.depth, config.lr, notices) == (3, 0.1, [])


def test_markup_is_quoted_as_code_not_rendered():
    _, notices = from_query({"activation": "<script>x</script>`]"})
    assert "`<script>x</script>']`" in notices[0]
    assert notices[0].count("`") == 2


def test_a_scale_without_gaussian_initialization_is_dropped_quietly():
    config, notices = from_query({"init": "he", "init_scale": "0.5"})
    assert config.init == "he" and config.init_scale == DEFAULT.init_scale and notices == []


def test_the_both_train_preset_is_the_default_with_four_layers_and_he_initialization():
    assert DEFAULT.replace(depth=4, init="he") == BOTH_TRAIN
    assert from_query(to_query(BOTH_TRAIN)) == (BOTH_TRAIN, [])


def test_at_the_both_train_preset_both_arms_train_and_bn_tolerates_a_larger_rate():
    """Real runs (16 points of 300 steps): the sweep the lab shows first has a largest working rate for each arm."""
    sweep = run_sweep(sweep_config(BOTH_TRAIN), "lr", SWEEP_LEARNING_RATES)
    with_bn, without_bn = sweep.largest_training_value("with_bn"), sweep.largest_training_value("without_bn")
    assert without_bn is not None and with_bn is not None and with_bn >= 10 * without_bn
