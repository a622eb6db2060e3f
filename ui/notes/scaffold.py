"""The research room's question scaffold: an open question, the evidence so far and what would resolve it, turned
into a prompt for a tutor or study partner that bundles the question with the exact Training Lab state (its share
link) and the learner's last lab prediction; and into a note, to keep it.

Plain Python (no Streamlit). Everything the learner wrote, and every prediction's text (which may come from an
imported file), goes into the prompt as it is: the page shows the prompt in a code block only, never as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from quizzes.claims import Research
from ui.common.record.model import LabPrediction
from ui.notes.model import Attachment, readable_time

MAX_QUESTION = 1_000  # characters; the three fields together always fit in one note (MAX_TEXT)
MAX_EVIDENCE = 4_000
MAX_RESOLVE = 2_000
FIELD_NAMES = {"question": "The open question", "evidence": "The evidence so far", "resolve": "What would resolve it"}
LIMITS = {"question": MAX_QUESTION, "evidence": MAX_EVIDENCE, "resolve": MAX_RESOLVE}
NOT_WRITTEN = "(not written yet)"


class ScaffoldProblem(ValueError):
    """The scaffold cannot become a prompt or a note; the message is one sentence for the learner."""


@dataclass(frozen=True)
class Scaffold:
    question: str
    evidence: str
    resolve: str
    cites: str = ""  # the id of the claim or source it is about, or ""


@dataclass(frozen=True)
class LabState:
    """The Training Lab settings the prompt bundles."""

    label: str  # "Training Lab: dataset digits, depth 8, ..."
    link: str  # the share link, absolute when the app's address is known, else "Training_Lab?..."
    current: bool  # False: the lab's defaults, because the Training Lab was not opened in this session


def checked_scaffold(question: str, evidence: str, resolve: str, cites: str = "") -> Scaffold:
    """The scaffold as it will be used (blanks around each field trimmed), or ScaffoldProblem: the question is empty
    or a field is longer than its limit."""
    fields = {"question": question.strip(), "evidence": evidence.strip(), "resolve": resolve.strip()}
    if not fields["question"]:
        raise ScaffoldProblem("Write the open question first: it is empty.")
    for name, text in fields.items():
        if len(text) > LIMITS[name]:
            raise ScaffoldProblem(
                f"{FIELD_NAMES[name]} has {len(text):,} characters; at most {LIMITS[name]:,} fit. Shorten it first."
            )
    return Scaffold(**fields, cites=cites)


def absolute_link(page_url: str | None, page_path: str, relative: str) -> str:
    """``relative`` ("Training_Lab?depth=8") as an absolute address, from the address of the page on screen
    (``page_url``, e.g. "http://host:8501/Notes", whose page path is ``page_path``); unchanged when that is unknown."""
    if not isinstance(page_url, str) or urlsplit(page_url).scheme not in ("http", "https"):
        return relative
    root = page_url.removesuffix("/").removesuffix(page_path).removesuffix("/")
    return f"{root}/{relative}"


def lab_state(lab: Attachment, page_url: str | None, page_path: str, *, current: bool) -> LabState:
    """The Training Lab attachment of these settings (ui.notes.catalog) as the prompt's lab state."""
    return LabState(lab.label, absolute_link(page_url, page_path, lab.link) if lab.link else "", current)


def last_prediction(predictions) -> LabPrediction | None:
    """The prediction committed last (ties by id), or None."""
    return max(predictions, key=lambda p: (p.made, p.id), default=None)


def prediction_sentence(prediction: LabPrediction) -> str:
    """What was predicted and how it turned out, in plain sentences (the record's text quoted as it is)."""
    said = (
        f'On the {prediction.page} page ({readable_time(prediction.made)}) the question was "{prediction.question}". '
        f'I predicted "{prediction.guess}" with confidence {prediction.confidence} of 5.'
    )
    if not prediction.is_resolved:
        return f"{said} The result is not known yet."
    verdict = "it held" if prediction.held else "it did not hold"
    return f'{said} The result was "{prediction.answer}": {verdict}.'


def _cited(research: Research, cites: str) -> list[str]:
    if cites in research.claims:
        claim = research.claims[cites]
        source = research.sources[claim.source]
        return [
            f"{claim.id}: {research.citation(claim)}. {claim.title}.",
            claim.statement,
            f"What is debated: {claim.debated}",
            f"Source: {source.reference}",
        ]
    if cites in research.sources:
        return [f"{cites}: {research.sources[cites].reference}"]
    return []


def tutor_prompt(scaffold: Scaffold, research: Research, lab: LabState, prediction: LabPrediction | None) -> str:
    """The prompt to copy: the question, its evidence and resolution, the claim or source it concerns, the lab state
    and the prediction (plain text, sections in capitals)."""
    sections = [
        "I am learning batch normalization with Batch Norm Lab and have an open question. Please help me reason it "
        "through: ask what I expect before you explain, tell me which of my assumptions you doubt, and suggest an "
        "experiment I can run in the lab to settle it.",
        f"OPEN QUESTION\n{scaffold.question}",
        f"EVIDENCE SO FAR\n{scaffold.evidence or NOT_WRITTEN}",
        f"WHAT WOULD RESOLVE IT\n{scaffold.resolve or NOT_WRITTEN}",
    ]
    cited = _cited(research, scaffold.cites)
    if cited:
        sections.append("THE CLAIM IT CONCERNS\n" + "\n".join(cited))
    where = (
        "My Training Lab settings"
        if lab.current
        else "The Training Lab's default settings (I have not opened the Training Lab in this session)"
    )
    sections.append(f"THE LAB STATE\n{where}: {lab.label.removeprefix('Training Lab: ')}.\nLink: {lab.link}")
    sections.append(
        "MY LAST PREDICTION\n"
        + (prediction_sentence(prediction) if prediction else "I have not committed a prediction on a lab page yet.")
    )
    return "\n\n".join(sections)


def scaffold_note_text(scaffold: Scaffold) -> str:
    """The scaffold as the text of a note."""
    return (
        f"Open question: {scaffold.question}\n\n"
        f"Evidence so far: {scaffold.evidence or NOT_WRITTEN}\n\n"
        f"What would resolve it: {scaffold.resolve or NOT_WRITTEN}"
    )
