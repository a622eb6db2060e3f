"""No giveaway by length: across the single-choice questions of the bank, the right option is not systematically the
longest (or the shortest) one, nor any other place in the order of lengths, so a learner cannot score by picking the
most detailed answer, or the second most detailed once the longest turned out to be a decoy."""

import re

from quizzes import load_bank

SINGLE_CHOICE = [q for q in load_bank() if q.kind == "single"]
MAX_SHARE = 1 / 3  # chance is 1/4 with four options


def shown_length(text: str) -> int:
    """Characters a learner sees: a LaTeX command counts as one symbol; $, backticks, braces and emphasis as none."""
    return len(re.sub(r"[$`{}*_^]", "", re.sub(r"\\[a-zA-Z]+", "x", text)))


def right_option_is_strictly(extreme, question) -> bool:
    lengths = [shown_length(option.text) for option in question.options]
    right = shown_length(question.option(question.correct_option_ids[0]).text)
    return right == extreme(lengths) and lengths.count(right) == 1


def test_shown_length_counts_symbols_not_markup():
    assert shown_length(r"$\partial L/\partial \beta$") == len("x L/x x")
    assert shown_length("`model.eval()` **now**") == len("model.eval() now")


def test_the_right_option_is_rarely_the_longest():
    longest = [q.id for q in SINGLE_CHOICE if right_option_is_strictly(max, q)]
    assert len(SINGLE_CHOICE) >= 30
    assert len(longest) <= MAX_SHARE * len(SINGLE_CHOICE), longest


def test_the_right_option_is_rarely_the_shortest():
    shortest = [q.id for q in SINGLE_CHOICE if right_option_is_strictly(min, q)]
    assert len(shortest) <= MAX_SHARE * len(SINGLE_CHOICE), shortest


def length_rank(question) -> int:
    """1 when the right option is the longest, 2 when one option is longer, ... (ties share the better rank)."""
    right = shown_length(question.option(question.correct_option_ids[0]).text)
    return 1 + sum(shown_length(option.text) > right for option in question.options)


def test_no_place_in_the_order_of_lengths_gives_the_answer_away():
    """Issue 14: after the longest right options were fixed, the second longest was right in 27 of 47 questions."""
    ranks = [length_rank(q) for q in SINGLE_CHOICE]
    for rank in range(1, 5):
        assert ranks.count(rank) <= MAX_SHARE * len(SINGLE_CHOICE), (rank, ranks.count(rank))
