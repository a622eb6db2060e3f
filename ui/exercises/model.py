"""The learner's exercise attempts as plain data, which attempts are recorded, and the submission rate limit.

Plain Python (no Streamlit). ``ExerciseAttempt`` is what the learner record keeps as it is (``as_dict`` is
JSON-ready): an id, the code (at most ``MAX_CODE`` characters of it), the verdict and when. An attempt is recorded
only when the code ran and got a verdict; code the allow-list refused, code stopped for time or memory, a busy checker
and the checker's own failure leave the record unchanged. A solved exercise counts once, as one right answer, toward
its topic's mastery: writing code takes tries, so wrong attempts do not count against it.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from quizzes.exercises import EXERCISES, Exercise, ExerciseResult

NOT_RECORDED = frozenset({"rejected", "busy", "internal", "timeout", "memory", "crashed"})
MAX_KEPT = 200  # attempts kept per session and in the learner record, oldest dropped first
MAX_CODE = 2_000  # characters of code an attempt keeps (a solution takes 250-600): 200 attempts stay under 1 MB
MAX_MESSAGE = 1_000  # characters of the checker's message an attempt keeps
CUT_MARK = "\n# … cut: an attempt keeps the first {:,} characters of its code"
MIN_GAP_SECONDS = 3.0  # between two submissions of one learner
WINDOW_SECONDS = 300.0
MAX_PER_WINDOW = 20  # submissions of one learner in any WINDOW_SECONDS

DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)

HEADLINES = {  # mistake id -> what the verdict box says first
    "rejected": "Refused before running: your code uses something outside the allowed subset",
    "syntax": "Python could not read your code",
    "busy": "The checker is busy",
    "timeout": "Stopped: your code ran too long",
    "memory": "Stopped: your code used too much memory",
    "recursion": "Stopped: a function calls itself without end",
    "crashed": "Stopped: your code brought the checker down",
    "internal": "The checker failed",
    "exception": "Your code raised an error",
    "missing_function": "The function is missing",
    "wrong_type": "Your function returned the wrong kind of value",
    "wrong_shape": "Not yet: wrong shape",
    "nan": "Not yet: NaN or infinity in your output",
    "gradient_check": "Not yet: the gradient check fails",
}


@dataclass(frozen=True)
class ExerciseAttempt:
    id: str  # random, unique across tabs and sessions: two tabs' attempts merge by it
    exercise_id: str
    topic: str  # a key of quizzes.model.TOPICS
    code: str  # what the learner submitted, cut to MAX_CODE (untrusted text: show it with st.code, never as HTML)
    correct: bool
    mistake: str | None  # ExerciseResult.mistake
    message: str  # ExerciseResult.message
    submitted_at: str  # UTC to the second, "2025-01-31T14:05:09Z" (as every time of the learner record)

    def as_dict(self) -> dict:
        return asdict(self)


def exercises_for(topics: Sequence[str]) -> list[Exercise]:
    """The exercises of these topics, in the order of exercises.toml."""
    return [exercise for exercise in EXERCISES.values() if exercise.topic in topics]


def prompt_parts(prompt: str) -> list[tuple[str, str]]:
    """A prompt as ("markdown", text) and ("latex", formula) parts in order: display maths ($$...$$) may span lines
    in exercises.toml, which Markdown's inline $$ does not allow, so it is drawn on its own."""
    parts, position = [], 0
    for match in DISPLAY_MATH.finditer(prompt):
        parts.append(("markdown", prompt[position : match.start()].strip()))
        parts.append(("latex", " ".join(match.group(1).split())))
        position = match.end()
    parts.append(("markdown", prompt[position:].strip()))
    return [(kind, text) for kind, text in parts if text]


def is_recorded(result: ExerciseResult) -> bool:
    """Whether the attempt counts: the code ran and got a verdict (right, or a mistake in the learner's code)."""
    return result.mistake not in NOT_RECORDED


def kept_code(code: str) -> str:
    """The code as an attempt keeps it: whole up to ``MAX_CODE`` characters, else cut to fit with a closing comment
    that says so."""
    if len(code) <= MAX_CODE:
        return code
    mark = CUT_MARK.format(MAX_CODE)
    return code[: MAX_CODE - len(mark)] + mark


def attempt_of(
    result: ExerciseResult, topic: str, code: str, submitted_at: str, attempt_id: str | None = None
) -> ExerciseAttempt:
    """The attempt to record for a graded submission (a new random id unless ``attempt_id`` is given)."""
    return ExerciseAttempt(
        id=attempt_id or uuid.uuid4().hex[:16],
        exercise_id=result.exercise_id,
        topic=topic,
        code=kept_code(code),
        correct=result.correct,
        mistake=result.mistake,
        message=result.message[:MAX_MESSAGE],
        submitted_at=submitted_at,
    )


def recorded(attempts: Sequence[ExerciseAttempt], attempt: ExerciseAttempt) -> list[ExerciseAttempt]:
    """The attempts with one more, at most ``MAX_KEPT`` of them (a new list; the old one is not changed)."""
    return [*attempts, attempt][-MAX_KEPT:]


def first_solve(attempts: Sequence[ExerciseAttempt], attempt: ExerciseAttempt) -> bool:
    """Whether ``attempt`` solves its exercise for the first time, which is what counts toward mastery."""
    return attempt.correct and not any(a.correct and a.exercise_id == attempt.exercise_id for a in attempts)


def first_solves(attempts: Sequence[ExerciseAttempt]) -> list[ExerciseAttempt]:
    """The attempts that solved their exercise first, oldest first (``attempts`` in any order)."""
    solves: dict[str, ExerciseAttempt] = {}
    for attempt in sorted(attempts, key=lambda a: (a.submitted_at, a.id)):
        if attempt.correct:
            solves.setdefault(attempt.exercise_id, attempt)
    return sorted(solves.values(), key=lambda a: (a.submitted_at, a.id))


def progress_sentence(attempts: Sequence[ExerciseAttempt]) -> str | None:
    """One Markdown line for the home page: attempts, exercises tried and solved (None before the first attempt)."""
    if not attempts:
        return None
    tried = {a.exercise_id for a in attempts}
    solved = {a.exercise_id for a in attempts if a.correct}
    count = f"{len(attempts)} attempt{'s' if len(attempts) != 1 else ''}"
    return f"✍️ **Exercises**: {count} at {len(tried)} of {len(EXERCISES)} exercises, {len(solved)} solved."


def headline(result: ExerciseResult) -> str:
    if result.correct:
        return "Right!"
    return HEADLINES.get(result.mistake or "", "Not yet")


def recent(times: Sequence[float], now: float) -> list[float]:
    """The submission times still inside the rate-limit window."""
    return [t for t in times if now - t < WINDOW_SECONDS]


def submission_problem(times: Sequence[float], now: float) -> str | None:
    """Why a submission at ``now`` must wait, in one sentence, or None. ``times``: earlier submissions (seconds)."""
    times = recent(times, now)
    if times and now - times[-1] < MIN_GAP_SECONDS:
        return f"Please wait {math.ceil(MIN_GAP_SECONDS - (now - times[-1]))} s before submitting again."
    if len(times) >= MAX_PER_WINDOW:
        minutes, seconds = divmod(math.ceil(WINDOW_SECONDS - (now - times[0])), 60)
        return (
            f"You have submitted {len(times)} times in {WINDOW_SECONDS / 60:.0f} minutes, the most allowed; "
            f"try again in {minutes} min {seconds} s. Reading the hints may help meanwhile."
        )
    return None
