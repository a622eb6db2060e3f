"""Each practice loop's experiment at its default settings, computed once per test session and shared by the
experiment, loop and figure tests (the training loops take about a second each)."""

from functools import cache

from bncore.experiments.registry import run_experiment
from quizzes.practice import load_practice


@cache
def loops():
    return load_practice()


@cache
def default_result(loop_id: str):
    loop = loops()[loop_id]
    return run_experiment(loop.experiment, **loop.parameters())


@cache
def varied_result(loop_id: str, value):
    loop = loops()[loop_id]
    return run_experiment(loop.experiment, **loop.parameters(**{loop.vary.parameter: value}))
