"""The research room's content (claims.toml): every source the app cites, once, and the claim cards of the key claims,
each with a stable id that notes cite and quiz questions are linked to. Plain Python; parsed strictly.

    Research
      sources  {source id: Source}     "IS15" -> Ioffe & Szegedy (2015)
      claims   {claim id: Claim}       "IS15.ics" -> the claim, where the app shows it, what is debated

A note cites either a claim or a source by its id (``citable``); claim ids hold a dot and source ids do not, so the
two never collide. Which pages, sections, quiz questions and practice loops a claim names is checked against the
app by the tests (this package cannot import the pages).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

SOURCE_ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,15}$")  # "IS15", "vL17"
CLAIM_ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,15}\.[a-z0-9]+(-[a-z0-9]+)*$")  # "<source id>.<words>"
SOURCE_FIELDS = {"id", "short", "reference"}
CLAIM_FIELDS = {"id", "source", "where", "title", "statement", "debated", "questions", "practice", "shown_in"}
SHOWN_IN_FIELDS = {"page", "section", "what"}


@dataclass(frozen=True)
class Source:
    id: str
    short: str  # how a sentence names it: "Ioffe & Szegedy (2015)"
    reference: str  # the full citation


@dataclass(frozen=True)
class ShownIn:
    page: str  # a page title of the app, e.g. "Why It Works"
    section: str  # a heading on that page, exactly as written there
    what: str  # what the learner sees or does there


@dataclass(frozen=True)
class Claim:
    id: str
    source: str  # a Source id
    where: str  # the section or figure of the source: "§3 and Figure 1 (§4.1)"
    title: str
    statement: str  # the claim, stated carefully
    debated: str  # what is questioned or still open
    shown_in: tuple[ShownIn, ...]
    questions: tuple[str, ...]  # quiz question ids that test it
    practice: tuple[str, ...]  # practice loop ids that show it


@dataclass(frozen=True)
class Research:
    sources: MappingProxyType  # {source id: Source}, in file order
    claims: MappingProxyType  # {claim id: Claim}, in file order

    def citable(self) -> tuple[str, ...]:
        """Every id a note can cite: the claims first, then the sources."""
        return (*self.claims, *self.sources)

    def label(self, cited: str) -> str:
        """A citable id as a reader sees it: "IS15.ics · Ioffe & Szegedy (2015) §3 ...: Internal covariate shift"."""
        if cited in self.claims:
            claim = self.claims[cited]
            return f"{claim.id} · {self.sources[claim.source].short} {claim.where}: {claim.title}"
        return f"{cited} · {self.sources[cited].short}"

    def citation(self, claim: Claim) -> str:
        """ "Ioffe & Szegedy (2015), §3 and Figure 1 (§4.1)"."""
        return f"{self.sources[claim.source].short}, {claim.where}"

    def claims_for_question(self, question_id: str) -> tuple[Claim, ...]:
        """The claims a quiz question tests (what a quiz explanation can point to)."""
        return tuple(claim for claim in self.claims.values() if question_id in claim.questions)


class ClaimsError(ValueError):
    """claims.toml does not follow its format; the message names the entry and the field."""


def _text(entry: dict, field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ClaimsError(f"{where}: field {field!r} must be a non-empty string")
    return value.strip()


def _ids(entry: dict, field: str, where: str) -> tuple[str, ...]:
    value = entry.get(field)
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ClaimsError(f"{where}: field {field!r} must be a list of ids")
    if len(set(value)) != len(value):
        raise ClaimsError(f"{where}: field {field!r} repeats an id")
    return tuple(value)


def _exact(entry, fields: set[str], where: str) -> dict:
    if not isinstance(entry, dict):
        raise ClaimsError(f"{where} must be a table")
    missing, unknown = sorted(fields - entry.keys()), sorted(entry.keys() - fields)
    if missing or unknown:
        raise ClaimsError(f"{where}: missing fields {missing}, unknown fields {unknown}")
    return entry


def _where(kind: str, entry, position: int) -> str:
    """ "claims.toml: claim 'IS15.ics'" (or "#2" when the entry has no id), for messages."""
    name = entry.get("id") if isinstance(entry, dict) else None
    return f"claims.toml: {kind} {name!r}" if isinstance(name, str) else f"claims.toml: {kind} #{position + 1}"


def _source(entry, position: int) -> Source:
    where = _where("source", entry, position)
    entry = _exact(entry, SOURCE_FIELDS, where)
    source = Source(*(_text(entry, field, where) for field in ("id", "short", "reference")))
    if not SOURCE_ID_PATTERN.match(source.id):
        raise ClaimsError(f"{where}: field 'id' must be 2 to 16 letters and digits, starting with a letter")
    return source


def _shown_in(entry, where: str) -> ShownIn:
    entry = _exact(entry, SHOWN_IN_FIELDS, where)
    return ShownIn(*(_text(entry, field, where) for field in ("page", "section", "what")))


def _claim(entry, position: int, sources: dict[str, Source]) -> Claim:
    where = _where("claim", entry, position)
    entry = _exact(entry, CLAIM_FIELDS, where)
    shown = entry["shown_in"]
    if not isinstance(shown, list) or not shown:
        raise ClaimsError(f"{where}: field 'shown_in' must list at least one page and section")
    claim = Claim(
        *(_text(entry, field, where) for field in ("id", "source", "where", "title", "statement", "debated")),
        shown_in=tuple(_shown_in(item, f"{where}, shown_in {number}") for number, item in enumerate(shown, start=1)),
        questions=_ids(entry, "questions", where),
        practice=_ids(entry, "practice", where),
    )
    if not CLAIM_ID_PATTERN.match(claim.id) or claim.id.split(".")[0] != claim.source:
        raise ClaimsError(f"{where}: field 'id' must be its source id, a dot and words joined by '-'")
    if claim.source not in sources:
        raise ClaimsError(f"{where}: field 'source' names no source: {claim.source!r}")
    return claim


def parse_claims(text: str) -> Research:
    """Validate and parse claims.toml's text; ClaimsError names the entry and the field."""
    document = tomllib.loads(text)
    unknown = sorted(document.keys() - {"source", "claim"})
    if unknown:
        raise ClaimsError(f"claims.toml: unknown tables {unknown}")
    sources: dict[str, Source] = {}
    for position, entry in enumerate(document.get("source", [])):
        source = _source(entry, position)
        if source.id in sources:
            raise ClaimsError(f"claims.toml: source {source.id!r}: duplicate id")
        sources[source.id] = source
    claims: dict[str, Claim] = {}
    for position, entry in enumerate(document.get("claim", [])):
        claim = _claim(entry, position, sources)
        if claim.id in claims:
            raise ClaimsError(f"claims.toml: claim {claim.id!r}: duplicate id")
        claims[claim.id] = claim
    return Research(MappingProxyType(sources), MappingProxyType(claims))


@functools.cache
def research() -> Research:
    """The sources and claims of quizzes/claims.toml (parsed once per process; read-only, so safe to share)."""
    return parse_claims(resources.files("quizzes").joinpath("claims.toml").read_text(encoding="utf-8"))
