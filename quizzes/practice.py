"""The practice loops (practice.toml): loading, validation, and the parameters each loop runs its experiment with.

Plain Python; the Streamlit side lives in ui.practice. Validation follows the "every item checked by a schema"
rule: fields, unique ids, three hints and three rubric items, glossary terms that exist, an experiment that exists,
choices that are exactly the experiment's possible outcomes, and parameters its function accepts.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from bncore.experiments.registry import EXPERIMENTS
from quizzes.glossary import load_glossary

HINT_TIERS = ("a nudge", "a bigger nudge", "almost the answer")
RUBRIC_ASPECTS = ("concrete", "why", "connects")
FIELDS = {
    "id",
    "title",
    "experiment",
    "prompt",
    "choices",
    "correct",
    "hints",
    "explanation",
    "rubric",
    "terms",
    "defaults",
    "vary",
}
VARY_FIELDS = {"parameter", "label", "values"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
Scalar = str | int | float | bool


@dataclass(frozen=True)
class Choice:
    id: str  # an outcome id of the loop's experiment
    text: str


@dataclass(frozen=True)
class Variation:
    """'Try another setting': one parameter of the experiment and the values offered for it."""

    parameter: str
    label: str
    values: tuple[Scalar, ...]
    labels: tuple[str, ...]  # one per value, shown to the learner

    def label_of(self, value: Scalar) -> str:
        return self.labels[self.values.index(value)]


@dataclass(frozen=True)
class PracticeLoop:
    id: str
    title: str
    experiment: str  # a name in bncore.experiments.registry.EXPERIMENTS
    prompt: str  # Markdown (trusted content)
    choices: tuple[Choice, ...]
    correct: str  # the choice id the default settings show
    hints: tuple[str, str, str]  # in the order of HINT_TIERS
    explanation: str
    rubric: tuple[str, str, str]  # in the order of RUBRIC_ASPECTS
    terms: tuple[str, ...]  # glossary ids
    defaults: tuple[tuple[str, Scalar], ...]  # the experiment's keyword arguments for the loop's question
    vary: Variation

    def choice_text(self, choice_id: str) -> str:
        return next(choice.text for choice in self.choices if choice.id == choice_id)

    def parameters(self, **override: Scalar) -> dict[str, Scalar]:
        """The experiment's keyword arguments: the defaults, with ``override`` applied."""
        return {**dict(self.defaults), **override}

    def default_value(self) -> Scalar:
        """The value of the varied parameter in the loop's own question."""
        return self.parameters()[self.vary.parameter]


def _fail(where: str, message: str) -> None:
    raise ValueError(f"{where}: {message}")


def _strings(value, where: str, field: str, count: int | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(where, f"{field!r} must be a list of non-empty strings")
    if count is not None and len(value) != count:
        _fail(where, f"{field!r} must have exactly {count} entries, has {len(value)}")
    return tuple(value)


def _variation(entry, where: str, accepted: set[str], defaults: dict) -> Variation:
    if not isinstance(entry, dict) or not VARY_FIELDS <= entry.keys() <= VARY_FIELDS | {"labels"}:
        _fail(where, f"'vary' needs the fields {sorted(VARY_FIELDS)} and optionally 'labels'")
    parameter, values = entry["parameter"], entry["values"]
    if parameter not in accepted:
        _fail(where, f"'vary' parameter {parameter!r} is not a parameter of the experiment")
    if not isinstance(values, list) or len(values) < 2 or len(set(values)) != len(values):
        _fail(where, "'vary' values must be a list of at least two distinct values")
    if defaults.get(parameter) not in values:
        _fail(where, f"the default {parameter} = {defaults.get(parameter)!r} must be one of the 'vary' values")
    labels = _strings(entry["labels"], where, "labels", len(values)) if "labels" in entry else tuple(map(str, values))
    return Variation(parameter, entry["label"], tuple(values), labels)


def parse_loop(entry: dict, terms: set[str], seen: set[str], source: str) -> PracticeLoop:
    """One validated loop; ValueError names the file, the loop and the problem."""
    where = f"{source}: loop {entry.get('id', '?')!r}"
    missing, unknown = FIELDS - entry.keys(), entry.keys() - FIELDS
    if missing or unknown:
        _fail(where, f"missing fields {sorted(missing)}, unknown fields {sorted(unknown)}")
    if not isinstance(entry["id"], str) or not ID_PATTERN.match(entry["id"]) or entry["id"] in seen:
        _fail(where, "'id' must be a unique lowercase identifier")
    for field in ("title", "prompt", "explanation", "correct", "experiment"):
        if not isinstance(entry[field], str) or not entry[field].strip():
            _fail(where, f"{field!r} must be a non-empty string")
    experiment = entry["experiment"]
    if experiment not in EXPERIMENTS:
        _fail(where, f"unknown experiment {experiment!r}")
    choices = entry["choices"]
    if not isinstance(choices, list) or not all(isinstance(c, dict) and c.keys() == {"id", "text"} for c in choices):
        _fail(where, "'choices' must be a list of {id, text} tables")
    choice_ids = [c["id"] for c in choices]
    if sorted(choice_ids) != sorted(EXPERIMENTS[experiment].outcomes):
        _fail(
            where,
            f"the choice ids {choice_ids} must be exactly the outcomes of {experiment}: "
            f"{list(EXPERIMENTS[experiment].outcomes)}",
        )
    if entry["correct"] not in choice_ids:
        _fail(where, f"'correct' = {entry['correct']!r} is not a choice id")
    unknown_terms = set(_strings(entry["terms"], where, "terms")) - terms
    if unknown_terms:
        _fail(where, f"unknown glossary terms {sorted(unknown_terms)}")
    accepted = set(inspect.signature(EXPERIMENTS[experiment].run).parameters)
    defaults = entry["defaults"]
    if not isinstance(defaults, dict) or not defaults.keys() <= accepted:
        _fail(where, f"'defaults' must be a table of parameters of {experiment}: {sorted(accepted)}")
    return PracticeLoop(
        id=entry["id"],
        title=entry["title"],
        experiment=experiment,
        prompt=entry["prompt"],
        choices=tuple(Choice(c["id"], c["text"]) for c in choices),
        correct=entry["correct"],
        hints=_strings(entry["hints"], where, "hints", len(HINT_TIERS)),
        explanation=entry["explanation"],
        rubric=_strings(entry["rubric"], where, "rubric", len(RUBRIC_ASPECTS)),
        terms=tuple(entry["terms"]),
        defaults=tuple(defaults.items()),
        vary=_variation(entry["vary"], where, accepted, defaults),
    )


def parse_practice(text: str, terms: set[str], source: str = "practice.toml") -> dict[str, PracticeLoop]:
    """Every loop of a practice TOML text, by id, in file order."""
    loops: dict[str, PracticeLoop] = {}
    for entry in tomllib.loads(text).get("loop", []):
        loop = parse_loop(entry, terms, set(loops), source)
        loops[loop.id] = loop
    return loops


def load_practice() -> dict[str, PracticeLoop]:
    """The loops of quizzes/practice.toml, by id, in learning order."""
    text = resources.files("quizzes").joinpath("practice.toml").read_text(encoding="utf-8")
    return parse_practice(text, set(load_glossary()))
