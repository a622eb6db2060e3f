"""The authored bank, validated as a whole (freeCodeCamp-style: the solution passes, every distractor fails), and the
strict loader's error messages naming file, question and field."""

import re
from collections import Counter

import pytest

from quizzes import KINDS, TOPICS, BankError, grade, load_bank
from quizzes.bank import parse_bank
from tests.quiz_answers import right_answer, wrong_answers
from ui.common.pages import LEARNING_PATH

BANK = load_bank()


def test_bank_is_big_and_broad():
    assert len(BANK) >= 60
    per_topic = Counter(q.topic for q in BANK)
    assert set(per_topic) == set(TOPICS) and len(TOPICS) >= 8
    assert min(per_topic.values()) >= 4, per_topic
    assert set(Counter(q.kind for q in BANK)) == set(KINDS)
    assert set(Counter(q.difficulty for q in BANK)) == {1, 2, 3}


def test_ids_are_unique():
    ids = [q.id for q in BANK]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("question", BANK, ids=[q.id for q in BANK])
def test_question_is_complete_and_consistent(question):
    assert question.prompt.strip() and question.explanation.strip()
    assert question.source == "authored"
    if question.kind == "single":
        assert len(question.correct_option_ids) == 1
    if question.kind == "multiple":
        assert 1 <= len(question.correct_option_ids) < len(question.options)
    if question.kind == "true_false":
        assert [o.id for o in question.options] == ["true", "false"] and len(question.correct_option_ids) == 1
    if question.kind == "numeric":
        assert question.answer is not None and question.tolerance is not None and question.tolerance >= 0
        assert question.feedback_correct.strip() and question.feedback_wrong.strip()
        assert all(m.feedback.strip() for m in question.mistakes)
    else:
        assert all(o.feedback.strip() and o.text.strip() for o in question.options)
    if question.page is not None:
        assert question.page in {page.path for page in LEARNING_PATH}


@pytest.mark.parametrize("question", BANK, ids=[q.id for q in BANK])
def test_right_answer_grades_right_and_every_distractor_wrong(question):
    assert grade(question, right_answer(question)).status == "correct"
    wrong = wrong_answers(question)
    assert wrong or question.kind == "numeric"
    for answer in wrong:
        result = grade(question, answer)
        assert result.status == "wrong", answer
        assert result.feedback and all(line.strip() for line in result.feedback)


def test_numeric_mistakes_get_their_own_feedback():
    numeric = [q for q in BANK if q.kind == "numeric" and q.mistakes]
    assert len(numeric) >= 8
    for question in numeric:
        for mistake in question.mistakes:
            assert mistake.feedback in grade(question, mistake.value).feedback


VALID = """
[[question]]
id = "ok-question"
topic = "batch_statistics"
kind = "single"
difficulty = 1
prompt = "P"
explanation = "E"

[[question.option]]
text = "A"
correct = true
feedback = "yes"

[[question.option]]
text = "B"
correct = false
feedback = "no"
"""


def test_a_valid_file_parses():
    (question,) = parse_bank(VALID, "questions_test.toml")
    assert question.id == "ok-question" and [o.id for o in question.options] == ["a", "b"]


BROKEN = [
    (VALID.replace('topic = "batch_statistics"', 'topic = "nope"'), "ok-question", "'topic'"),
    (VALID.replace('kind = "single"', 'kind = "essay"'), "ok-question", "'kind'"),
    (VALID.replace("difficulty = 1", "difficulty = 4"), "ok-question", "'difficulty'"),
    (VALID.replace("difficulty = 1", "difficulty = true"), "ok-question", "'difficulty'"),
    (VALID.replace('prompt = "P"', 'prompt = "  "'), "ok-question", "'prompt'"),
    (VALID.replace('explanation = "E"\n', ""), "ok-question", "'explanation'"),
    (VALID.replace('feedback = "no"', 'feedback = ""'), "ok-question", "'option[1].feedback'"),
    (VALID.replace("correct = false", "correct = true"), "ok-question", "'option'"),
    (VALID.replace("correct = false", 'correct = "no"'), "ok-question", "'option[1].correct'"),
    (VALID.replace('id = "ok-question"', 'id = "Bad Id"'), "Bad Id", "'id'"),
    (VALID.replace('id = "ok-question"\n', ""), "#1", "'id'"),
    (VALID.replace('prompt = "P"', 'prompt = "P"\nhint = "x"'), "ok-question", "'hint'"),
    (VALID.replace('prompt = "P"', 'prompt = "P"\npage = "walkthrough"'), "ok-question", "'page'"),
    (VALID + VALID.split("[[question.option]]")[0], "ok-question", "'option'"),
]


@pytest.mark.parametrize("text, question_id, field", BROKEN)
def test_loader_errors_name_file_question_and_field(text, question_id, field):
    with pytest.raises(BankError) as error:
        parse_bank(text, "questions_test.toml")
    message = str(error.value)
    assert message.startswith("questions_test.toml: question ") and repr(question_id) in message
    assert f"field {field}" in message


NUMERIC = """
[[question]]
id = "num"
topic = "framework"
kind = "numeric"
difficulty = 1
prompt = "P"
explanation = "E"
answer = 128
tolerance = 0
feedback_correct = "yes"
feedback_wrong = "no"
"""


@pytest.mark.parametrize(
    "text, field",
    [
        (NUMERIC.replace("tolerance = 0", "tolerance = -1"), "'tolerance'"),
        (NUMERIC.replace("answer = 128", 'answer = "128"'), "'answer'"),
        (NUMERIC.replace("answer = 128", "answer = nan"), "'answer'"),
        (NUMERIC + '[[question.mistake]]\nvalue = 128\nfeedback = "same as the answer"\n', "'mistake[0].value'"),
        (NUMERIC + "[[question.mistake]]\nvalue = 64\n", "'mistake[0].feedback'"),
        (NUMERIC.replace('kind = "numeric"', 'kind = "true_false"'), "'feedback_false'"),
    ],
)
def test_numeric_and_true_false_fields_are_checked(text, field):
    with pytest.raises(BankError, match=re.escape(f"question 'num': field {field}")):
        parse_bank(text, "questions_test.toml")


@pytest.mark.parametrize(
    "text, message",
    [
        ("not = [toml", "not valid TOML"),
        ("", "no [[question]] tables"),
        ('title = "x"\n' + VALID, "unknown top-level key 'title'"),
    ],
)
def test_file_level_errors_name_the_file(text, message):
    with pytest.raises(BankError, match=re.escape(message)) as error:
        parse_bank(text, "questions_test.toml")
    assert str(error.value).startswith("questions_test.toml: ")
