"""What every generated question shares: its id, topic and page, the precision rule, and how mistakes are kept.

``GENERATOR_INFO`` lets the quiz filters see a generator's topic, difficulty and page without generating anything.
"""

from __future__ import annotations

from quizzes.generators.worked import clean, num
from quizzes.grading import within
from quizzes.model import DataTable, Mistake, Question
from quizzes.precision import TOLERANCE

PREFIX = "gen."
WALKTHROUGH, GRADIENT_FLOW = "pages/1_Walkthrough.py", "pages/2_Gradient_Flow.py"
DEFAULT_WRONG = "Work through the explanation below step by step and compare with your numbers."

# name -> (topic, difficulty, page)
GENERATOR_INFO = {
    "batch_mean": ("batch_statistics", 1, WALKTHROUGH),
    "batch_variance": ("batch_statistics", 1, WALKTHROUGH),
    "normalized_value": ("normalization_eps", 2, WALKTHROUGH),
    "scaled_output": ("gamma_beta", 2, WALKTHROUGH),
    "running_mean": ("train_vs_inference", 2, WALKTHROUGH),
    "running_variance": ("train_vs_inference", 3, WALKTHROUGH),
    "inference_output": ("train_vs_inference", 2, WALKTHROUGH),
    "dbeta": ("backward", 2, GRADIENT_FLOW),
    "dgamma": ("backward", 3, GRADIENT_FLOW),
    "parameter_count": ("framework", 1, None),
}


def generator_of(question_id: str) -> str | None:
    """The generator a question id names (``gen.<name>.<seed>`` -> ``name``), None for an authored id."""
    if not question_id.startswith(PREFIX):
        return None
    name = question_id[len(PREFIX) :].rsplit(".", 1)[0]
    return name if name in GENERATOR_INFO else None


def same_question(first_id: str, second_id: str) -> bool:
    """Whether two ids ask the same question: equal ids, or two seeds of one generator (fresh numbers, same task)."""
    generator = generator_of(first_id)
    return first_id == second_id or (generator is not None and generator == generator_of(second_id))


def numeric_question(
    name: str,
    seed: int,
    prompt: str,
    answer: float,
    explanation: str,
    mistakes: list[tuple[float, str]],
    table: DataTable | None = None,
    tolerance: float = TOLERANCE,
    feedback_wrong: str = DEFAULT_WRONG,
) -> Question:
    """A generated numeric question; a mistake within twice the tolerance of the answer or of a kept one is dropped.

    The answer and the mistakes are stored without floating-point noise (a sum that is 0 is stored as 0).
    """
    topic, difficulty, page = GENERATOR_INFO[name]
    answer = clean(answer)
    kept: list[Mistake] = []
    for value, feedback in mistakes:
        value = clean(value)
        if not within(value, answer, 2 * tolerance) and not any(within(value, m.value, 2 * tolerance) for m in kept):
            kept.append(Mistake(value, feedback))
    return Question(
        id=f"{PREFIX}{name}.{seed}",
        topic=topic,
        kind="numeric",
        difficulty=difficulty,
        prompt=prompt,
        explanation=explanation,
        answer=answer,
        tolerance=tolerance,
        feedback_correct=f"Right: {num(answer)}.",
        feedback_wrong=feedback_wrong,
        mistakes=tuple(kept),
        page=page,
        source="generated",
        table=table,
    )
