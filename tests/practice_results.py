"""Each practice loop's experiment, computed once per test process and shared by the experiment, loop, figure and
text tests (the training loops take a few seconds each), which run on one pytest-xdist worker (tests/scheduling.py)."""

from functools import cache

from bncore.experiments.registry import run_experiment
from quizzes.practice import load_practice


@cache
def loops():
    return load_practice()


@cache
def measured(loop_id: str, value, seed: int):
    """The loop's experiment with its varied parameter at ``value`` and the given seed, the rest at its defaults."""
    loop = loops()[loop_id]
    return run_experiment(loop.experiment, **loop.parameters(**{loop.vary.parameter: value, "seed": seed}))


def default_result(loop_id: str):
    """The loop's experiment at its own settings (its question's value and seed)."""
    loop = loops()[loop_id]
    return measured(loop_id, loop.default_value(), loop.parameters()["seed"])


def varied_result(loop_id: str, value):
    """The loop's experiment at another value of its varied parameter (its own seed)."""
    return measured(loop_id, value, loops()[loop_id].parameters()["seed"])
