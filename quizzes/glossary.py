"""The glossary (glossary.toml): terms the app explains inline, each tagged with how far up the expertise ladder it
is still explained. Plain Python; the Streamlit side lives in ui.common.glossary."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

EXPERTISE_LEVELS = ("Beginner", "Intermediate", "Expert")  # the learner's choice; glossary.toml writes them lower-case
FIELDS = {"id", "term", "definition", "explained_through"}
OPTIONAL_FIELDS = {"page"}  # "pages/N_Title.py": the page that shows the idea at work
PAGE_PATTERN = re.compile(r"^pages/[0-9]+_[A-Za-z_]+\.py$")


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    explained_through: str  # an expertise level, lower-case: "beginner" | "intermediate" | "expert"
    page: str | None = None  # "pages/N_Title.py" where the idea is shown at work, if one page is about it

    def explained_for(self, level: str) -> bool:
        """Whether a learner at ``level`` sees this term explained."""
        return _rank(level) <= _rank(self.explained_through)


def _rank(level: str) -> int:
    return [v.lower() for v in EXPERTISE_LEVELS].index(level.lower())


def parse_glossary(text: str, source: str = "glossary.toml") -> dict[str, Term]:
    """Validate and parse glossary TOML; ValueError names the file, the term and the field."""
    entries = tomllib.loads(text).get("term", [])
    terms: dict[str, Term] = {}
    for position, entry in enumerate(entries):
        where = f"{source}: term {entry.get('id', f'#{position}')!r}"
        missing, unknown = FIELDS - entry.keys(), entry.keys() - FIELDS - OPTIONAL_FIELDS
        if missing or unknown:
            raise ValueError(f"{where}: missing fields {sorted(missing)}, unknown fields {sorted(unknown)}")
        if "page" in entry and not (isinstance(entry["page"], str) and PAGE_PATTERN.match(entry["page"])):
            raise ValueError(f"{where}: field 'page' must look like 'pages/4_Why_It_Works.py', got {entry['page']!r}")
        for field in FIELDS:
            if not isinstance(entry[field], str) or not entry[field].strip():
                raise ValueError(f"{where}: field {field!r} must be a non-empty string")
        if entry["explained_through"] not in (level.lower() for level in EXPERTISE_LEVELS):
            raise ValueError(
                f"{where}: field 'explained_through' must be one of {[v.lower() for v in EXPERTISE_LEVELS]}"
            )
        if entry["id"] in terms:
            raise ValueError(f"{where}: duplicate id")
        terms[entry["id"]] = Term(**entry)
    return terms


def load_glossary() -> dict[str, Term]:
    """Every term of quizzes/glossary.toml, by id."""
    return parse_glossary(resources.files("quizzes").joinpath("glossary.toml").read_text(encoding="utf-8"))
