"""What a note can be attached to: the glossary's concepts, batch norm's equations, the app's pages, the practice
loops, and the Training Lab's current settings (when the Training Lab has published them in session state as
``lab.settings``, a dict of TrainConfig fields, and ``lab.share_query``, e.g. "?depth=8&lr=0.1").

``lab_state_attachment`` is a pure function; ``catalog`` reads the cached glossary and practice loops.
"""

from __future__ import annotations

import streamlit as st

from quizzes.exercises import EXERCISES
from ui.common.glossary import glossary
from ui.common.pages import LEARNING_PATH
from ui.exercises.keys import ExerciseKeys
from ui.notes.model import LINK_PATTERN, MAX_KEY, MAX_LABEL, MAX_LINK, Attachment
from ui.practice.runs import practice_loops
from ui.training_lab.keys import LabKeys

HOME = "Home"
EQUATIONS = (
    ("batch_mean", "μ_B: the batch mean"),
    ("batch_variance", "σ²_B: the batch variance (biased, divide by m)"),
    ("normalize", "x̂ = (x − μ_B) / √(σ²_B + ε)"),
    ("scale_shift", "y = γ·x̂ + β: scale and shift"),
    ("running_update", "running = (1 − momentum)·running + momentum·batch statistic"),
    ("inference", "Inference: x̂ with the running mean and variance"),
    ("backward", "The backward pass: dx from dy"),
)
LAB_FIELDS = (
    "dataset",
    "depth",
    "width",
    "activation",
    "batch_norm",
    "normalization",
    "bn_placement",
    "init",
    "lr",
    "optimizer",
    "batch_size",
    "batch_order",
    "epochs",
    "seed",
)  # the settings named in a lab-state label


def page_titles() -> list[str]:
    """Every page of the app, home first, in learning order."""
    return [HOME] + [page.title for page in LEARNING_PATH]


def catalog(kind: str) -> list[Attachment]:
    """The objects of one kind a note can be attached to (lab_state is not a catalog: see current_lab_state)."""
    if kind == "concept":
        return [Attachment("concept", term.id, term.term) for term in glossary().values()]
    if kind == "equation":
        return [Attachment("equation", key, label) for key, label in EQUATIONS]
    if kind == "page":
        return [Attachment("page", title, title) for title in page_titles()]
    if kind == "practice_loop":
        return [Attachment("practice_loop", loop.id, loop.title) for loop in practice_loops().values()]
    raise ValueError(f"no catalog for kind {kind!r}")


def page_attachment(title: str) -> Attachment:
    return Attachment("page", title, title)


def lab_state_attachment(settings, share_query) -> Attachment | None:
    """The Training Lab settings as an attachment, or None when there are none.

    Args:
        settings: a dict of TrainConfig fields (anything else means no settings).
        share_query: the shareable query string ("?depth=8&lr=0.1"); it becomes the link when it is a plain query.
    """
    if not isinstance(settings, dict) or not settings:
        return None
    named = [f"{field} {settings[field]}" for field in LAB_FIELDS if field in settings]
    label = ", ".join(named or (f"{key} {value}" for key, value in settings.items()))
    query = share_query if isinstance(share_query, str) else ""
    link = f"Training_Lab{query}"
    if not (query.startswith("?") and LINK_PATTERN.match(link) and len(link) <= MAX_LINK):
        link = ""
    key = query or ";".join(f"{k}={settings[k]}" for k in sorted(settings, key=str))
    return Attachment("lab_state", key[:MAX_KEY], ("Training Lab: " + label)[:MAX_LABEL], link)


def current_lab_state() -> Attachment | None:
    """The Training Lab's current settings as an attachment, when the Training Lab has published them."""
    return lab_state_attachment(st.session_state.get(LabKeys.SETTINGS), st.session_state.get(LabKeys.SHARE_QUERY))


def recorded_attempts() -> list[Attachment]:
    """This session's exercise attempts as attachments, newest first (none before the first attempt)."""
    return [
        exercise_attempt_attachment(a.exercise_id, EXERCISES[a.exercise_id].title, a.submitted_at, attempt_verdict(a))
        for a in reversed(st.session_state.get(ExerciseKeys.ATTEMPTS, []))
        if a.exercise_id in EXERCISES
    ]


def attempt_verdict(attempt) -> str:
    """An ExerciseAttempt's verdict in a few words."""
    return "right" if attempt.correct else (attempt.mistake or "not yet right").replace("_", " ")


def exercise_attempt_attachment(exercise_id: str, title: str, submitted_at: str, verdict: str) -> Attachment:
    """One recorded exercise attempt as an attachment: keyed by exercise and time, labelled with its verdict."""
    return Attachment("exercise_attempt", f"{exercise_id}@{submitted_at}", f"{title} · {verdict} · {submitted_at}")


def attempt_note_text(verdict: str, message: str, code: str, room: int) -> str:
    """A note's starting text for an exercise attempt: the verdict, the checker's message and the code, the code
    cut to fit ``room`` characters."""
    head = f"My attempt: {verdict}. {message}\n\n"
    fence = "```python\n{}\n```"
    space = max(0, room - len(head) - len(fence.format("")) - 1)
    shown = code if len(code) <= space else code[: max(0, space - 1)] + "…"
    return head + fence.format(shown)
