"""Generated numeric questions: fresh numbers every seed, every answer computed by bncore.

``GENERATORS`` maps a name to a function ``gen(seed=...) -> Question``. The same seed gives the same question, bit for
bit (each draws from its own ``np.random.default_rng(seed)``); its id is ``gen.<name>.<seed>``, so
``generated_question(id)`` rebuilds it. Inputs have one decimal, so the numbers on screen are exactly the numbers
computed with. Every prompt states the precision rule (``quizzes.precision``: 4 decimals in intermediate results,
the answer to 2, graded ±0.01), and every explanation is worked at that precision, so its arithmetic holds as
printed (``quizzes.generators.worked``).

Wrong answers that a known slip produces (the unbiased variance, dividing by the variance, Keras' momentum reading...)
are recomputed and attached as mistakes with their own feedback, except where they happen to land within twice the
tolerance of the right answer.

One module per idea: statistics (μ, σ²), normalization (x̂, y), running (running statistics and eval mode),
backward (∂L/∂β, ∂L/∂γ), counts (parameters and buffers); question (what they share), tables, worked (printing).
"""

from __future__ import annotations

from collections.abc import Callable

from quizzes.generators.backward import dbeta, dgamma
from quizzes.generators.counts import parameter_count
from quizzes.generators.normalization import normalized_value, scaled_output
from quizzes.generators.question import GENERATOR_INFO, PREFIX
from quizzes.generators.running import inference_output, running_mean, running_variance
from quizzes.generators.statistics import batch_mean, batch_variance
from quizzes.model import Question
from quizzes.precision import TOLERANCE

GENERATORS: dict[str, Callable[..., Question]] = {
    "batch_mean": batch_mean,
    "batch_variance": batch_variance,
    "normalized_value": normalized_value,
    "scaled_output": scaled_output,
    "running_mean": running_mean,
    "running_variance": running_variance,
    "inference_output": inference_output,
    "dbeta": dbeta,
    "dgamma": dgamma,
    "parameter_count": parameter_count,
}


def generated_question(question_id: str) -> Question:
    """Rebuild a generated question from its id ``gen.<name>.<seed>``; KeyError if the id names no generator."""
    parts = question_id.split(".")
    if len(parts) != 3 or f"{parts[0]}." != PREFIX or parts[1] not in GENERATORS or not parts[2].isdigit():
        raise KeyError(question_id)
    return GENERATORS[parts[1]](seed=int(parts[2]))


__all__ = ["GENERATORS", "GENERATOR_INFO", "PREFIX", "TOLERANCE", "generated_question"]
