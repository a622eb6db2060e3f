"""Walkthrough step 5 shows the running-statistics update in both conventions, with the numbers (issue 19): PyTorch's
(momentum on the new batch, unbiased variance) as bncore computes it, and Keras'/the textbooks' (α = 1 − momentum
on the old value, biased variance), so a learner checking against a textbook sees where the two differ."""

import numpy as np
import pytest

from ui.common.latex import number
from ui.walkthrough.compute import RunningStats, compute
from ui.walkthrough.latex import LAST_STEP, step_latex, step_sentence


@pytest.mark.parametrize("momentum", [0.1, 0.3])
def test_step_five_shows_pytorch_and_the_textbook_form_with_their_numbers(momentum):
    x = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0], [6.0, 1.0]])
    running = RunningStats(np.array([0.5, 0.0]), np.array([2.0, 1.0]), 3)
    n = compute(x, np.ones(2), np.zeros(2), 1e-5, momentum, running)
    latex, sentence = step_latex(LAST_STEP, n, 0), step_sentence(LAST_STEP, n, 0)
    alpha = 1 - momentum
    textbook_var = alpha * running.var[0] + (1 - alpha) * x[:, 0].var()  # biased
    textbook_mean = alpha * running.mean[0] + (1 - alpha) * x[:, 0].mean()
    assert textbook_mean == pytest.approx(n.next_running.mean[0])  # the weighting agrees
    assert textbook_var < n.next_running.var[0]  # the variance does not: the unbiased one is larger
    assert f"= {number(n.next_running.var[0])}" in latex and f"= {number(textbook_var)}" in latex
    assert f"\\alpha = {alpha:g}" in latex and "PyTorch" in latex and "Keras" in latex
    assert f"α = {alpha:g} on the old value" in sentence and "biased variance" in sentence
