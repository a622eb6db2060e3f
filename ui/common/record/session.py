"""The learner record and this session: ``collect`` reads the record out of st.session_state (the working copy every
page writes under its own keys), ``absorb`` merges another copy (the browser's, another tab's, an import) into it.

    notes          notes.items                    {id: Note}
    quiz answers   quiz.progress (its history)    + app.record.answer_ids, the record id of each history entry
    practice       practice.revealed / .predictions   the first reveal of each loop, with its reasoning; the Why
                   why.revealed / .predictions         page's sections the same way, their ids prefixed "why_"
    predictions    app.record.predictions         {id: LabPrediction} (ui.common.record.lab_predictions)
    exercises      quiz.exercise.attempts         [ExerciseAttempt], oldest first; a first solve counts toward
                                                  its topic's mastery in quiz.progress, so restoring replays it
    expertise      app.expertise                  + app.record.expertise_at
    place          app.record.place               set by the shell on every page; the walkthrough's step
"""

from __future__ import annotations

import uuid
from dataclasses import replace

import streamlit as st

from quizzes.claims import research
from quizzes.glossary import EXPERTISE_LEVELS
from quizzes.progress import AnswerRecord, Progress
from ui.common.keys import AppKeys, RecordKeys
from ui.common.pages import LEARNING_PATH
from ui.common.record.codec import MAX_ANSWERS, MAX_EXERCISE_ATTEMPTS, MAX_PREDICTIONS, room_problem
from ui.common.record.fields import now_timestamp
from ui.common.record.model import Place, PracticeReveal, QuizAnswer, Record, Setting, merge
from ui.exercises.keys import ExerciseKeys
from ui.exercises.model import ExerciseAttempt, first_solves
from ui.notes.keys import NotesKeys
from ui.notes.model import without_unknown_citations
from ui.practice.keys import PracticeKeys
from ui.practice.runs import practice_loops
from ui.quiz import state as quiz_state
from ui.quiz.keys import QuizKeys
from ui.walkthrough.keys import WalkthroughKeys
from ui.why.keys import WhyKeys
from ui.why.predictions import PREDICTIONS as WHY_SECTIONS

PAGES_WITH_A_PLACE = {page.title for page in LEARNING_PATH}
WHY_PREFIX = "why_"  # the record id of a Why page section's reveal: "why_" + its section id
RECORD_FIELDS_OF_ANSWER = ("attempt", "mode", "question_id", "topic", "kind", "source", "difficulty")


def session_tag() -> str:
    """This session's random id (8 hex digits): it makes the ids of this session's quiz answers unique."""
    if RecordKeys.TOKEN not in st.session_state:
        st.session_state[RecordKeys.TOKEN] = uuid.uuid4().hex[:8]
    return st.session_state[RecordKeys.TOKEN]


def _answer_ids(history: list[AnswerRecord]) -> list[str]:
    """The record id of every history entry; entries added since the last call get new ids."""
    ids = list(st.session_state.get(RecordKeys.ANSWER_IDS, []))[: len(history)]
    ids += [f"{session_tag()}-{number:05d}" for number in range(len(ids), len(history))]
    st.session_state[RecordKeys.ANSWER_IDS] = ids
    return ids


def _quiz_answers() -> dict[str, QuizAnswer]:
    progress = st.session_state.get(QuizKeys.PROGRESS)
    history = progress.history if progress is not None else []
    answers = [
        QuizAnswer(
            id=answer_id,
            **{name: getattr(answer, name) for name in RECORD_FIELDS_OF_ANSWER},
            your_answer=answer.your_answer[:500],
            right_answer=answer.right_answer[:500],
            correct=answer.correct,
            answered_at=answer.answered_at,
        )
        for answer_id, answer in zip(_answer_ids(history), history)
    ]
    return {a.id: a for a in sorted(answers, key=lambda a: (a.answered_at, a.id))[-MAX_ANSWERS:]}


def _reveal_tables() -> tuple[tuple[str, type, dict], ...]:
    """The predict-then-reveal tables the record's practice entries hold: (record id prefix, the page's keys class,
    its loops or sections by id, each with ``choices``). The Why page's prefix comes first: it is the more specific."""
    return ((WHY_PREFIX, WhyKeys, WHY_SECTIONS), ("", PracticeKeys, practice_loops()))


def _owner(record_id: str) -> tuple[str, type, dict] | None:
    """The table a practice entry belongs to, None if no page of this app has its loop."""
    for prefix, keys, loops in _reveal_tables():
        if record_id.startswith(prefix) and record_id.removeprefix(prefix) in loops:
            return prefix, keys, loops
    return None


def _practice() -> dict[str, PracticeReveal]:
    reveals = {}
    for prefix, keys, _ in _reveal_tables():
        predictions = st.session_state.get(keys.PREDICTIONS, {})
        for loop_id, entry in st.session_state.get(keys.REVEALED, {}).items():
            reveals[prefix + loop_id] = PracticeReveal(
                prefix + loop_id,
                entry["choice"],
                predictions.get(loop_id, {}).get("reasoning", ""),
                entry["confidence"],
                entry["outcome"],
                entry["held"],
                entry["hints"],
                entry.get("revealed_at") or now_timestamp(),
            )
    return reveals


def collect() -> Record:
    """The learner record as this session holds it now."""
    level, chosen_at = st.session_state.get(AppKeys.EXPERTISE), st.session_state.get(RecordKeys.EXPERTISE_AT)
    predictions = sorted(st.session_state.get(RecordKeys.PREDICTIONS, {}).values(), key=lambda p: (p.made, p.id))
    return Record(
        expertise=Setting(level, chosen_at) if level in EXPERTISE_LEVELS and chosen_at else None,
        place=st.session_state.get(RecordKeys.PLACE),
        notes=dict(st.session_state.get(NotesKeys.ITEMS, {})),
        answers=_quiz_answers(),
        practice=_practice(),
        predictions={p.id: p for p in predictions[-MAX_PREDICTIONS:]},
        exercises={a.id: a for a in st.session_state.get(ExerciseKeys.ATTEMPTS, [])[-MAX_EXERCISE_ATTEMPTS:]},
        forgotten=st.session_state.get(RecordKeys.FORGOTTEN, ""),
    )


def known_question(question_id: str) -> bool:
    try:
        quiz_state.question(question_id)
    except (KeyError, ValueError):
        return False
    return True


def usable(record: Record) -> tuple[Record, list[str]]:
    """The record without what this app cannot show (a quiz question or practice loop it does not have, a note's
    citation of a claim or source it does not have: the note stays), and a sentence per kind left out."""
    notes = without_unknown_citations(record.notes, research().citable())
    answers = {k: a for k, a in record.answers.items() if known_question(a.question_id)}
    practice = {k: p for k, p in record.practice.items() if _shows(p)}
    place = record.place if record.place is None or record.place.page in PAGES_WITH_A_PLACE else None
    left_out = [
        f"{count} {what} this version of the app does not have"
        for count, what in (
            (len(record.answers) - len(answers), "quiz answer(s) to questions"),
            (len(record.practice) - len(practice), "practice loop(s)"),
            (int(place != record.place), "last place on a page"),
            (sum(note != record.notes[k] for k, note in notes.items()), "note citation(s) of a claim or source"),
        )
        if count
    ]
    return replace(record, notes=notes, answers=answers, practice=practice, place=place), left_out


def _shows(reveal: PracticeReveal) -> bool:
    """Whether a page of this app has the reveal's loop, with its choice and outcome among the loop's choices."""
    owner = _owner(reveal.loop_id)
    if owner is None:
        return False
    prefix, _, loops = owner
    return {reveal.choice, reveal.outcome} <= {c.id for c in loops[reveal.loop_id.removeprefix(prefix)].choices}


def _replayed(answers: list[QuizAnswer], attempts: list[ExerciseAttempt]) -> Progress:
    """The quiz progress of these answers and these exercise attempts' first solves, replayed in time order."""
    solves = first_solves(attempts)
    events = [(a.answered_at, 0, n) for n, a in enumerate(answers)]
    events += [(s.submitted_at, 1, n) for n, s in enumerate(solves)]
    progress = Progress()
    for _, kind, number in sorted(events):
        if kind == 0:
            progress.add(AnswerRecord(**{k: v for k, v in vars(answers[number]).items() if k != "id"}))
        else:
            progress.add_solve(solves[number].topic)
    return progress


def apply(record: Record) -> None:
    """Make ``record`` the session's working copy (every page's keys)."""
    in_order, attempts = record.answers_in_order(), record.attempts_in_order()[-MAX_EXERCISE_ATTEMPTS:]
    st.session_state[QuizKeys.PROGRESS] = _replayed(in_order, attempts)
    st.session_state[RecordKeys.ANSWER_IDS] = [a.id for a in in_order]
    st.session_state[ExerciseKeys.ATTEMPTS] = attempts
    st.session_state[NotesKeys.ITEMS] = dict(record.notes)
    for prefix, keys, _ in _reveal_tables():
        mine = {
            p.loop_id.removeprefix(prefix): p
            for p in record.practice.values()
            if (owner := _owner(p.loop_id)) is not None and owner[0] == prefix
        }
        revealed = {
            loop_id: {
                "choice": p.choice,
                "confidence": p.confidence,
                "outcome": p.outcome,
                "held": p.held,
                "hints": p.hints,
                "revealed_at": p.revealed_at,
            }
            for loop_id, p in mine.items()
        }
        committed = {k: v for k, v in st.session_state.get(keys.PREDICTIONS, {}).items() if k not in revealed}
        committed |= {
            loop_id: {"choice": p.choice, "reasoning": p.reasoning, "confidence": p.confidence}
            for loop_id, p in mine.items()
        }
        st.session_state[keys.REVEALED] = revealed
        st.session_state[keys.PREDICTIONS] = committed
    st.session_state[RecordKeys.PREDICTIONS] = dict(record.predictions)
    st.session_state[RecordKeys.FORGOTTEN] = record.forgotten
    st.session_state[RecordKeys.PLACE] = record.place
    if record.expertise is None:
        st.session_state.pop(AppKeys.EXPERTISE, None)
        st.session_state.pop(RecordKeys.EXPERTISE_AT, None)
    else:
        st.session_state[AppKeys.EXPERTISE] = record.expertise.level
        st.session_state[RecordKeys.EXPERTISE_AT] = record.expertise.at
    st.session_state.pop(AppKeys.EXPERTISE_WIDGET, None)  # the selector redraws from the level


def absorb(other: Record, *, restore_step: bool = False) -> list[str]:
    """Merge another copy of the record into the session's; returns sentences on what was left out as unusable.

    ``restore_step`` also moves the walkthrough to the step saved in ``other``, unless the learner has moved it in this
    session: from the copy itself, not the merged one, whose place is this session's own (step 0) as soon as its first
    run drew the Walkthrough. Only for the browser's saved copy on a new session, so another tab's place never moves
    what the learner is looking at."""
    merged, left_out = usable(merge(collect(), other))
    apply(merged)
    saved = other.place
    if restore_step and saved and saved.step is not None and WalkthroughKeys.STEP not in st.session_state:
        st.session_state[WalkthroughKeys.STEP] = saved.step
    return left_out


def note_place(page_title: str) -> None:
    """Remember the page on screen as where the learner left off (the walkthrough also with its step); the home
    page is not a place to continue from."""
    if page_title not in PAGES_WITH_A_PLACE:
        return
    step = st.session_state.get(WalkthroughKeys.STEP, 0) if page_title == "Walkthrough" else None
    place = st.session_state.get(RecordKeys.PLACE)
    if place is None or (place.page, place.step) != (page_title, step):
        st.session_state[RecordKeys.PLACE] = Place(page_title, step, now_timestamp())


def choose_expertise(level: str) -> None:
    st.session_state[AppKeys.EXPERTISE] = level
    st.session_state[RecordKeys.EXPERTISE_AT] = now_timestamp()


def room_for_notes(notes: dict) -> str | None:
    """Why the record with these notes instead of the session's would not fit, or None."""
    return room_problem(replace(collect(), notes=notes))
