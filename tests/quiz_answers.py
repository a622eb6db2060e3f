"""Test support for the quiz tests: the right answer to any question and every wrong one, in grade()'s format."""

from __future__ import annotations

from quizzes.model import Question


def right_answer(question: Question) -> object:
    """The answer that must grade right: the correct option id(s), or the exact number."""
    if question.kind == "numeric":
        return question.answer
    if question.kind == "multiple":
        return list(question.correct_option_ids)
    return question.correct_option_ids[0]


def wrong_answers(question: Question) -> list[object]:
    """Answers that must grade wrong: every distractor, every recognised mistake, and a far-off number."""
    if question.kind == "numeric":
        return [mistake.value for mistake in question.mistakes] + [question.answer + 1000.0]
    correct = list(question.correct_option_ids)
    distractors = [option.id for option in question.options if not option.correct]
    if question.kind in ("single", "true_false"):
        return distractors
    # multiple select: the right set plus any one distractor, the right set minus any one option, distractors alone
    wrong = [correct + [d] for d in distractors] + [distractors]
    if len(correct) > 1:
        wrong += [[c for c in correct if c != missing] for missing in correct]
    return wrong
