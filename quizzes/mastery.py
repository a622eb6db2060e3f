"""Mastery per topic, Khan-Academy style: levels that right answers climb and misses descend.

The rule (``RULE``, shown to the learner): a topic becomes Attempted with its first answer; every two right answers in
a row move it up one level (Familiar, Proficient, Mastered); a miss moves it down one level, never below Attempted,
and restarts the count. Reaching Mastered from scratch therefore takes six right answers in a row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MASTERY_LEVELS = ("Not started", "Attempted", "Familiar", "Proficient", "Mastered")
TOP = len(MASTERY_LEVELS) - 1
STREAK_TO_LEVEL_UP = 2
RULE = (
    "A topic becomes **Attempted** with your first answer. Every **two right answers in a row** move it up one level "
    "(Familiar → Proficient → Mastered); a **miss** moves it down one level (never below Attempted) and restarts the "
    "count. Mastered from scratch takes six right answers in a row."
)


@dataclass(frozen=True)
class TopicMastery:
    level: int = 0  # index into MASTERY_LEVELS
    streak: int = 0  # right answers in a row since the last level change or miss
    answered: int = 0
    right: int = 0

    @property
    def name(self) -> str:
        return MASTERY_LEVELS[self.level]

    @property
    def fraction(self) -> float:
        """How far up the ladder, 0.0 (Not started) to 1.0 (Mastered), for a progress bar."""
        return self.level / TOP

    def to_next_level(self) -> int | None:
        """Right answers in a row still needed to move up; None at Mastered or before the first answer."""
        if self.level in (0, TOP):
            return None
        return STREAK_TO_LEVEL_UP - self.streak


def update(mastery: TopicMastery, correct: bool) -> TopicMastery:
    """The topic's mastery after one more answer, by ``RULE``."""
    level = max(mastery.level, 1)
    answered, right = mastery.answered + 1, mastery.right + int(correct)
    if not correct:
        return TopicMastery(max(level - 1, 1), 0, answered, right)
    streak = mastery.streak + 1
    if streak >= STREAK_TO_LEVEL_UP and level < TOP:
        return TopicMastery(level + 1, 0, answered, right)
    return replace(mastery, level=level, streak=min(streak, STREAK_TO_LEVEL_UP), answered=answered, right=right)
