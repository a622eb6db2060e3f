"""The Training Lab's settings in AppTest: every control reaches the run's configuration and the shareable link, the
presets, a shared link restored, and bad link values or numbers refused with a notice that leaves the settings as
they were."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from bncore import TrainConfig
from tests.app.controls import assert_created_with_their_values
from tests.app.lab import PAGE, open_lab
from ui.training_lab.controls import notices_text
from ui.training_lab.settings import BOTH_TRAIN, DEFAULT, config_dict, from_query, to_query


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
