"""Wall time of grading one attempt of each 'Write it yourself' exercise, on one core.
Target (issue 16): grading one attempt takes at most 1 s on one core.

An attempt is: the allow-list check, one confined child process (an isolated interpreter that imports NumPy, runs the
learner's function on every test input and answers in JSON), then the comparison with bncore in the app's process, the
diagnosis of a known mistake when the answer is wrong, and for the backward exercise the numerical gradient check.
The process is pinned to one CPU for the measurement (the child inherits the pinning). Median of ``REPEATS``.
"""

from __future__ import annotations

import os
import statistics
import time

from quizzes.exercises import EXERCISES, grade
from quizzes.sandbox.check import check_code
from quizzes.sandbox.function import Call, run_learner_function

REPEATS = 7
MISTAKE = (  # a wrong attempt: no known mistake matches it, so every variant is computed and compared first
    "bn_backward",
    "def batchnorm_backward(dy, x, gamma, eps=1e-5):\n"
    "    x_hat = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)\n"
    "    return 0.5 * gamma * dy / np.sqrt(x.var(axis=0) + eps), (dy * x_hat).sum(axis=0), dy.sum(axis=0)\n",
)


def median_seconds(run) -> tuple[float, float]:
    """(median, max) wall time of ``REPEATS`` calls."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def one_core() -> set[int] | None:
    """Pin this process (and so its children) to one CPU; return the previous set to restore, or None if unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(previous)})
    return previous


def main() -> None:
    previous = one_core()
    try:
        print(f"Write it yourself: grading one attempt, wall time on one core (median and max of {REPEATS}):")
        for exercise in EXERCISES.values():
            result = grade(exercise.id, exercise.solution)
            if not result.correct:
                raise RuntimeError(f"the solution of {exercise.id} does not pass: {result.message}")
            median, worst = median_seconds(lambda e=exercise: grade(e.id, e.solution))
            print(f"  {exercise.id + ' (right answer)':<34}{median:6.2f} s   max {worst:5.2f} s")
        exercise_id, code = MISTAKE
        median, worst = median_seconds(lambda: grade(exercise_id, code))
        print(f"  {exercise_id + ' (unrecognised mistake)':<34}{median:6.2f} s   max {worst:5.2f} s")
        print("Where the time goes:")
        trivial = [Call((1.0,))]
        median, _ = median_seconds(lambda: run_learner_function("def f(a):\n    return a\n", "f", trivial, ("y",)))
        print(f"  {'confined child, start to answer':<34}{median:6.2f} s")
        solution = EXERCISES["bn_backward"].solution
        median, _ = median_seconds(lambda: check_code(solution))
        print(f"  {'allow-list check':<34}{median * 1000:6.2f} ms")
    finally:
        if previous is not None:
            os.sched_setaffinity(0, previous)


if __name__ == "__main__":
    main()
