"""Generated questions: reproducible from the seed, different across seeds, and answers that agree with a direct NumPy
computation from the numbers the question shows (the generators themselves call bncore)."""

import re

import numpy as np
import pytest

from quizzes import GENERATORS, TOPICS, grade
from quizzes.generators import GENERATOR_INFO, TOLERANCE, generated_question
from quizzes.grading import within
from quizzes.precision import PRECISION_NOTE
from tests.quiz_answers import wrong_answers

NAMES = sorted(GENERATORS)
SEEDS = range(12)
EPS = 1e-5


def test_at_least_six_generators_each_with_topic_and_difficulty():
    assert len(GENERATORS) >= 6 and set(GENERATORS) == set(GENERATOR_INFO)
    assert {topic for topic, _, _ in GENERATOR_INFO.values()} <= set(TOPICS)


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_question_and_id_round_trip(name):
    first, again = GENERATORS[name](seed=42), GENERATORS[name](seed=42)
    assert first == again
    assert first.id == f"gen.{name}.42" and generated_question(first.id) == first
    assert first.source == "generated" and first.kind == "numeric"
    assert (first.topic, first.difficulty, first.page) == GENERATOR_INFO[name]


@pytest.mark.parametrize("name", NAMES)
def test_different_seeds_give_different_numbers(name):
    questions = [GENERATORS[name](seed=seed) for seed in SEEDS]
    assert len({(q.prompt, q.table) for q in questions}) >= len(SEEDS) // 2  # parameter_count has 30 variants
    assert len({round(q.answer, 6) for q in questions}) >= 4


@pytest.mark.parametrize("name", NAMES)
def test_answer_grades_right_mistakes_wrong_and_tolerance_is_stated(name):
    for seed in SEEDS:
        question = GENERATORS[name](seed=seed)
        assert grade(question, question.answer).correct
        assert grade(question, f"{question.answer:.2f}").correct  # rounding to 2 decimals as asked is enough
        for answer in wrong_answers(question):
            assert grade(question, answer).status == "wrong"
        values = [m.value for m in question.mistakes]
        assert all(not within(v, question.answer, question.tolerance) for v in values)
        assert question.explanation.strip() and question.feedback_wrong.strip()
        if question.tolerance:
            assert question.tolerance == TOLERANCE and PRECISION_NOTE in question.prompt


@pytest.mark.parametrize("question_id", ["gen.nope.1", "gen.batch_mean.x", "batch_mean.1", "gen.batch_mean"])
def test_unknown_generated_ids_raise_key_error(question_id):
    with pytest.raises(KeyError):
        generated_question(question_id)


def column(question, name):
    index = question.table.columns.index(name)
    return np.array([row[index] for row in question.table.rows])


def number_after(label, text):
    return float(re.search(re.escape(label) + r" = (-?\d+(?:\.\d+)?)", text).group(1))


def example_index(question):
    return int(re.search(r"example (\d+)", question.prompt).group(1)) - 1


def feature_column(question):
    feature = re.search(r"feature \*\*(F\d)\*\*", question.prompt).group(1)
    return column(question, feature)


def expected_batch_mean(q):
    return feature_column(q).mean()


def expected_batch_variance(q):
    return feature_column(q).var()  # biased: ddof=0


def expected_normalized_value(q):
    x = column(q, "x")
    return (x[example_index(q)] - x.mean()) / np.sqrt(x.var() + EPS)


def expected_scaled_output(q):
    gamma, beta = number_after("γ", q.prompt), number_after("β", q.prompt)
    return gamma * expected_normalized_value(q) + beta


def expected_running_mean(q):
    momentum, running = number_after("momentum", q.prompt.replace("momentum=", "momentum = ")), 0.0
    for row in q.table.rows:
        running = (1 - momentum) * running + momentum * np.mean(row[:4])
    return running


def expected_running_variance(q):
    momentum = number_after("momentum", q.prompt.replace("momentum=", "momentum = "))
    return (1 - momentum) * 1.0 + momentum * column(q, "x").var(ddof=1)


def expected_inference_output(q):
    x, mean, var, gamma, beta = q.table.rows[0]
    return gamma * (x - mean) / np.sqrt(var + EPS) + beta


def expected_dbeta(q):
    return column(q, "∂L/∂y").sum()


def expected_dgamma(q):
    x = column(q, "x")
    return (column(q, "∂L/∂y") * (x - x.mean()) / np.sqrt(x.var() + EPS)).sum()


def expected_parameter_count(q):
    channels = int(re.search(r"BatchNorm2d\((\d+)", q.prompt).group(1))
    affine = "affine=True" in q.prompt
    learnable, buffers = (2 * channels if affine else 0), 2 * channels + 1
    if "learnable" in q.prompt:
        return learnable
    return buffers if "buffers (" in q.prompt else learnable + buffers


EXPECTED = {name: globals()[f"expected_{name}"] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_answer_matches_a_direct_computation_from_the_shown_numbers(name):
    for seed in SEEDS:
        question = GENERATORS[name](seed=seed)
        expected = EXPECTED[name](question)
        np.testing.assert_allclose(question.answer, expected, rtol=1e-9, atol=1e-10)  # answers are stored to 1e-10


def test_the_running_mean_table_shows_each_batch_mean():
    question = GENERATORS["running_mean"](seed=3)
    for row in question.table.rows:
        assert row[4] == pytest.approx(np.mean(row[:4]))
