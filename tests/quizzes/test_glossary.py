"""The glossary loader rejects malformed entries with a message naming the file, the term and the field."""

import pytest

from quizzes.glossary import parse_glossary

GOOD = '[[term]]\nid = "eps"\nterm = "epsilon"\nexplained_through = "intermediate"\ndefinition = "A small constant."\n'


def test_good_entry_parses():
    term = parse_glossary(GOOD)["eps"]
    assert term.explained_for("Beginner") and term.explained_for("intermediate") and not term.explained_for("Expert")


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD.replace('definition = "A small constant."\n', ""), "missing fields ['definition']"),
        (GOOD + 'colour = "red"\n', "unknown fields ['colour']"),
        (GOOD.replace('"intermediate"', '"guru"'), "explained_through"),
        (GOOD.replace('"A small constant."', '"  "'), "'definition'"),
        (GOOD + GOOD, "duplicate id"),
    ],
)
def test_bad_entries_are_named(text, message):
    with pytest.raises(ValueError, match=r"glossary.toml: term 'eps'") as error:
        parse_glossary(text)
    assert message in str(error.value)
