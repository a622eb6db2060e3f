"""The glossary loader rejects malformed entries with a message naming the file, the term and the field."""

import inspect

import numpy as np
import pytest

from bncore import batch_norm_forward
from bncore.norm.rms_norm import rms_norm_forward
from quizzes.glossary import load_glossary, parse_glossary

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


def test_reviewed_definitions_state_what_the_engine_does():
    """epsilon names both frameworks' defaults, γ undoes the normalization exactly with √(σ² + ε), RMSNorm keeps a
    learnable scale: each checked against bncore, not only against the words."""
    terms = load_glossary()
    eps = inspect.signature(batch_norm_forward).parameters["eps"].default
    assert eps == 1e-5 and "PyTorch's default is 1e-5, Keras' 1e-3" in terms["epsilon"].definition
    x = np.random.default_rng(0).normal(2.0, 0.01, size=(8, 1))  # variance near ε: σ alone would not undo it
    gamma, beta = np.sqrt(x.var(axis=0) + eps), x.mean(axis=0)
    np.testing.assert_allclose(batch_norm_forward(x, gamma, beta, eps)[0], x, rtol=1e-12)
    assert "γ = √(σ² + ε) (with β = μ) undoes the normalization exactly" in terms["gamma"].definition
    assert "gamma" in inspect.signature(rms_norm_forward).parameters
    scaled, _ = rms_norm_forward(np.ones((1, 2)), gamma=np.array([2.0, 3.0]))
    assert np.allclose(scaled, [[2.0, 3.0]]) and "learnable per-feature scale" in terms["rms_norm"].definition
