"""Every text a practice loop shows holds at every "try another setting" value and two more seeds (issue 19).

Choices are free of setting-specific numbers (only the numbers that define an outcome); the sentence under every
result (ui.practice.findings) quotes the measured numbers and adds up as printed; its words ("far below", "near
chance") follow the numbers; and each loop's explanation, shown at the question's setting, is checked claim by claim
against the measurements at three seeds.
"""

import re

import numpy as np
import pytest

from bncore.experiments.statistics import POPULATION_MEAN
from tests.practice_results import loops, measured
from ui.practice.figures import reveal_view
from ui.practice.findings import FAR_BELOW, NEAR_CHANCE, magnitude

SEEDS = (0, 1, 2)
CASES = [(loop_id, value, seed) for loop_id, loop in loops().items() for value in loop.vary.values for seed in SEEDS]
OUTCOME_NUMBERS = {  # the only numbers a choice may name: those that define the experiment's outcomes
    "train_inference_mismatch": {"5", "40"},
    "non_iid_batches": {"5", "40"},
    "small_batch_training": {"2", "4", "16", "64"},
    "batch_coupling": {"0"},  # "sample 0", a name
    "undo_normalization": {"0", "1"},
    "running_statistics": {f"{POPULATION_MEAN:g}"},  # the population mean, the same at every setting
    "weight_scale_invariance": {"1"},
}
NUMBER = re.compile(r"\d+(?:\.\d+)?")
EXPONENT = re.compile(r"\d[eE][-+]?\d")


def at_default(loop_id, seed, **override):
    loop = loops()[loop_id]
    value = override.get(loop.vary.parameter, loop.default_value())
    return measured(loop_id, value, seed)


def printed_percent(fraction):
    return f"{fraction:.1%}"


def assert_points_add_up(text):
    """Every 'A%, G points below/above the B%' holds as printed."""
    found = re.findall(r"(\d+\.\d)%, (\d+\.\d) points (below|above) the (\d+\.\d)%", text)
    for other, gap, direction, reference in found:
        expected = float(reference) - float(other) if direction == "below" else float(other) - float(reference)
        assert float(gap) == pytest.approx(expected, abs=1e-9), text
    return found


@pytest.mark.parametrize("loop_id", list(loops()))
def test_choices_name_no_setting_specific_number(loop_id):
    loop = loops()[loop_id]
    allowed = OUTCOME_NUMBERS.get(loop.experiment, set())
    for choice in loop.choices:
        assert set(NUMBER.findall(choice.text)) <= allowed, (loop_id, choice.text)
        for value, label in zip(loop.vary.values, loop.vary.labels):
            assert label not in choice.text or str(value) in allowed, (loop_id, choice.text, label)


def check_noise(r, text):
    spreads = dict(zip(r.sizes.tolist(), r.mean_spread))
    assert f"{spreads[4]:.3f}" in text and f"{spreads[16]:.3f}" in text and f"{r.ratio:.2f} times smaller" in text
    assert r.outcome != "halves" or 1.6 < r.ratio < 2.5


def check_small_batches(r, text):
    final = r.test_acc[:, -1]
    worst, best = int(np.argmin(final)), int(np.argmax(final))
    assert f"batch {r.batch_sizes[worst]}, {printed_percent(final[worst])}" in text
    assert f"batch {r.batch_sizes[best]}, {printed_percent(final[best])}" in text
    gap = float(printed_percent(final[best])[:-1]) - float(printed_percent(final[worst])[:-1])
    assert f"{gap:.1f} points apart" in text and r.outcome == f"batch_{r.batch_sizes[worst]}"
    assert ("far below the others" in text) == (gap > FAR_BELOW) and ("none of them fails" in text) == (
        gap <= FAR_BELOW
    )


def check_coupling(r, text):
    for name, shift in (("BatchNorm", r.batch_norm_shift), ("LayerNorm", r.layer_norm_shift)):
        part = text.split(f"{name} output ")[1]
        assert part.startswith("did not move at all") if shift == 0 else magnitude(shift) in part


def check_accuracy_drop(reference, other, text):
    if printed_percent(other) == printed_percent(reference):
        assert f"{printed_percent(other)}, level with the {printed_percent(reference)}" in text
    else:
        (found,) = assert_points_add_up(text)
        assert found[0] == printed_percent(other)[:-1] and found[3] == printed_percent(reference)[:-1]
    assert ("near chance" in text) == (other < NEAR_CHANCE)


def check_mismatch(r, text):
    accuracy = dict(zip(r.modes, r.accuracy))
    check_accuracy_drop(accuracy["running"], accuracy[r.test_batches], text)


def check_non_iid(r, text):
    check_accuracy_drop(r.shuffled_acc[-1], r.by_class_acc[-1], text)


def check_learning_rates(r, text):
    probe = int(np.flatnonzero(r.learning_rates == r.probe_lr)[0])
    for label, accs, diverged in (
        ("with BN", r.with_bn_acc, r.with_bn_diverged),
        ("without BN", r.without_bn_acc, r.without_bn_diverged),
    ):
        trains = not diverged[probe] and accs[probe] >= r.threshold
        state = "its loss diverged" if diverged[probe] else printed_percent(accs[probe])
        assert f"{label} {state} ({'trains' if trains else 'does not train'})" in text
    assert f"trains above {printed_percent(r.threshold)}" in text


def check_undo(r, text):
    assert f"After {len(r.error) - 1} gradient steps the largest |y − x| is {magnitude(r.error[-1])}" in text
    assert ("reproduces the input" in text) == (r.outcome == "recovers") == (r.error[-1] < 0.01)


def check_weight_scale(r, text):
    at, one = int(np.flatnonzero(r.scales == r.scale)[0]), int(np.flatnonzero(r.scales == 1.0)[0])
    ratio = r.weight_grad_norm[at] / r.weight_grad_norm[one]
    assert f"multiplied by {ratio:.4g} (1/a = {1 / r.scale:g})" in text
    assert ("that counts as visible" in text) == (r.outcome != "output_changes")
    if r.outcome == "output_changes":
        assert f"its spread is {r.output_spread[at]:.2f}" in text and r.output_spread[at] < r.output_spread[one]
    if r.outcome == "gradient_divided":
        assert ratio * r.scale == pytest.approx(1.0, rel=0.05)


def check_running(r, text):
    fast, slow = r.momenta.index(0.5), r.momenta.index(0.01)
    for i in (fast, slow):
        assert f"after {r.lag[i]} steps and then wobbled with a standard deviation of {r.noise[i]:.3f}" in text
    assert r.outcome != "fast_and_noisy" or (r.lag[fast] < r.lag[slow] and r.noise[fast] > r.noise[slow])


CHECKS = {
    "batch_statistics_noise": check_noise,
    "small_batch_training": check_small_batches,
    "batch_coupling": check_coupling,
    "train_inference_mismatch": check_mismatch,
    "learning_rate_tolerance": check_learning_rates,
    "undo_normalization": check_undo,
    "non_iid_batches": check_non_iid,
    "weight_scale_invariance": check_weight_scale,
    "running_statistics": check_running,
}


@pytest.mark.parametrize(("loop_id", "value", "seed"), CASES)
def test_the_shown_text_agrees_with_the_measured_numbers(loop_id, value, seed):
    loop, r = loops()[loop_id], measured(loop_id, value, seed)
    view = reveal_view(r)
    CHECKS[loop.experiment](r, view.finding)
    shown = [loop.choice_text(r.outcome), view.caption, view.finding, *(f"{a} {b}" for a, b in view.measurements)]
    for text in shown:
        assert not EXPONENT.search(text), (loop_id, value, seed, text)
    if loop.experiment == "small_batch_training":
        final = r.test_acc[:, -1]
        far = float(printed_percent(final.max())[:-1]) - float(printed_percent(final.min())[:-1]) > FAR_BELOW
        assert ("far below the others" in view.caption) == far


def test_a_finding_is_computed_from_the_result_not_written_for_one_setting():
    r = at_default("eval_mode", 0)
    other = type(r)(r.modes, r.accuracy[::-1], r.single_sample_error, r.test_batches, r.outcome)
    assert reveal_view(other).finding != reveal_view(r).finding


@pytest.mark.parametrize("seed", SEEDS)
def test_each_explanation_holds_at_the_questions_setting(seed):
    """The claims each loop's explanation (and prompt) makes, checked one by one."""
    noise = {p: at_default("batch_size_noise", seed, population=p) for p in ("normal", "skewed", "uniform")}
    for r in noise.values():  # "the points sit on the dashed σ/√m line" for every population
        assert np.all(np.abs(r.mean_spread / r.mean_spread_theory - 1) < 0.1)
    var_spread = dict(zip(noise["normal"].sizes.tolist(), noise["normal"].var_spread))
    assert 1.6 < var_spread[64] / var_spread[256] < 2.5  # σ²_B's spread shrinks the same way once m is not tiny

    small = {n: at_default("small_batches", seed, normalization=n).test_acc[:, -1] for n in ("batch", "layer", "group")}
    bn_gap = small["batch"].max() - small["batch"][0]
    assert bn_gap * 100 > FAR_BELOW  # batch 2 collapses far below the others
    assert np.all(np.diff(at_default("small_batches", seed).loss_noise[1:]) < 0)  # from batch 4 up, less wobble
    assert all(small[n].max() - small[n].min() < bn_gap / 2 for n in ("layer", "group"))  # nothing falls as far

    shifts = {m: at_default("batch_coupling", seed, m=m) for m in (8, 64)}
    assert 0 < shifts[64].batch_norm_shift < shifts[8].batch_norm_shift and shifts[8].layer_norm_shift == 0

    mismatch = dict(zip(at_default("eval_mode", seed).modes, at_default("eval_mode", seed).accuracy))
    assert mismatch["running"] > 0.9 and mismatch["one_class"] < NEAR_CHANCE  # "classifies well", "about chance"
    assert abs(mismatch["mixed_64"] - mismatch["running"]) < 0.05 and mismatch["running"] - mismatch["mixed_2"] >= 0.4

    rates = at_default("learning_rates", seed)
    assert rates.outcome == "batch_norm_only" and rates.with_bn_acc[-1] < rates.with_bn_acc.max()  # BN falls too

    undo = at_default("undo_normalization", seed)
    assert 0.85 < undo.error[1] / undo.error[0] < 0.95 and undo.error[-1] < 0.001  # a tenth a step; far below 1%
    assert {at_default("undo_normalization", seed, steps=s).outcome for s in (5, 20)} == {"partway"}

    drops = {
        n: (lambda r: r.shuffled_acc[-1] - r.by_class_acc[-1])(at_default("non_iid", seed, normalization=n))
        for n in ("batch", "layer", "none")
    }
    assert at_default("non_iid", seed).by_class_acc[-1] < NEAR_CHANCE  # "falls to about chance"
    assert all(0 < drops[n] < drops["batch"] / 2 for n in ("layer", "none"))  # "loses some accuracy, far less"

    tiny = at_default("weight_scale", seed, scale=0.001)
    assert tiny.output_spread[0] < 0.5 and tiny.weight_grad_norm[0] / tiny.weight_grad_norm[3] < 0.5 / 0.001

    running = {m: at_default("running_statistics", seed, m=m) for m in (4, 32, 256)}
    r = running[32]
    fast, slow, cumulative = r.momenta.index(0.5), r.momenta.index(0.01), r.momenta.index(None)
    assert r.lag[fast] <= 5 and 150 <= r.lag[slow] <= 300  # "a few steps" against "a couple of hundred"
    assert r.lag[cumulative] <= 5 and r.noise[cumulative] < r.noise[slow]  # None: fast and smooth here
    assert running[4].noise[fast] > running[32].noise[fast] > running[256].noise[fast]  # noise follows m


def test_prompts_state_the_settings_the_experiments_run_with():
    undo = loops()["undo_normalization"]
    assert undo.parameters()["lr"] == 0.1 and "learning rate 0.1" in undo.prompt
    assert f"for {undo.parameters()['steps']} steps" in undo.prompt and "L = mean((y − x)²) / 2" in undo.prompt
    assert "evaluated at the new weights aW" in loops()["weight_scale"].prompt
    assert "97%" not in loops()["eval_mode"].prompt


def test_hints_grow_towards_the_answer_without_giving_it_early():
    coupling = loops()["batch_coupling"].hints
    assert "column" in coupling[1] and "row" in coupling[1]  # a bigger nudge: where do the statistics come from?
    assert not any(word in coupling[1] for word in ("down the batch", "own features", "moves"))  # not the answer yet
    rates = loops()["learning_rates"].hints
    assert "1.0" in rates[2] and "Which arm" in rates[2]  # almost the answer: it is about this rate and the two arms
