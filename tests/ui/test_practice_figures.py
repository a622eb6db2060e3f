"""The reveal figures (pure builders) and the home page's practice line."""

import numpy as np
import plotly.graph_objects as go
import pytest

from tests.practice_results import default_result, loops, varied_result
from ui.common.palette import INPUT, WITH_BN
from ui.practice.figures import reveal_view
from ui.practice.state import summary_line


@pytest.mark.parametrize("loop_id", list(loops()))
def test_every_loop_has_a_titled_labelled_figure_a_caption_and_measurements(loop_id):
    view = reveal_view(default_result(loop_id))
    layout = view.figure.layout
    assert layout.title.text and layout.xaxis.title.text and layout.yaxis.title.text
    assert len(view.figure.data) >= 1
    assert view.caption.strip() and view.measurements
    assert all(isinstance(what, str) and isinstance(value, str) and value for what, value in view.measurements)
    go.Figure(view.figure.to_dict())  # built without Plotly's validation: every property must still be valid


def test_noise_figure_plots_both_statistics_and_the_law_on_log_axes():
    view = reveal_view(default_result("batch_size_noise"))
    assert [trace.name for trace in view.figure.data] == [
        "spread of μ<sub>B</sub>",
        "spread of σ²<sub>B</sub>",
        "σ/√m (theory for μ<sub>B</sub>)",
    ]
    assert view.figure.layout.xaxis.type == "log" and view.figure.layout.yaxis.type == "log"
    assert dict(view.measurements)["ratio m = 4 / m = 16"] == f"{default_result('batch_size_noise').ratio:.2f}"


def test_learning_rate_figure_marks_the_diverged_run():
    result = default_result("learning_rates")
    view = reveal_view(result)
    diverged = [trace for trace in view.figure.data if trace.name == "Without BN: diverged"]
    assert len(diverged) == 1 and list(diverged[0].x) == list(result.learning_rates[result.without_bn_diverged])
    assert dict(view.measurements)["largest rate that trains, without BN"] == "0.3"  # 77.7% at 0.3 clears 80% of 96.9%


def test_mismatch_figure_highlights_the_mode_asked_about():
    for value, highlighted in (("one_class", 4), ("mixed_2", 3)):
        view = reveal_view(varied_result("eval_mode", value) if value != "one_class" else default_result("eval_mode"))
        colors = list(view.figure.data[0].marker.color)
        assert colors[0] == WITH_BN and colors[highlighted] == INPUT and colors.count(INPUT) == 1


def test_undo_figure_has_a_trajectory_and_a_target_per_feature_and_parameter():
    result = default_result("undo_normalization")
    view = reveal_view(result)
    features = result.gamma.shape[1]
    assert len(view.figure.data) == 4 * features
    assert np.isclose(view.figure.data[1].y[0], result.batch_std[0])  # gamma's dotted target is sigma_B


def test_home_line_is_absent_before_any_reveal_and_summarises_after():
    assert summary_line({}, 9) is None
    revealed = {
        "a": {"confidence": 5, "held": True},
        "b": {"confidence": 5, "held": False},
        "c": {"confidence": 5, "held": False},
    }
    line = summary_line(revealed, 9)
    assert line.startswith("**Practice**: 3 of 9 loops done, 1 prediction held")
    assert "95% vs 33% held (overconfident)" in line
