"""Learning content as data (TOML) and the plain-Python code that loads, validates, grades and generates it.

No Streamlit here: pages render what this package returns.

- ``load_bank()``: the authored questions (questions_*.toml), strictly validated.
- ``grade(question, answer) -> Result``: every kind (single, multiple, true_false, numeric).
- ``GENERATORS``: name -> ``gen(seed=...) -> Question``, numeric questions computed by bncore.
- attempts, mastery and progress: quizzes.attempt, quizzes.mastery, quizzes.progress.
"""

from quizzes.attempt import Attempt, Filters, question_by_id, review_attempt, start_attempt
from quizzes.bank import BankError, load_bank
from quizzes.generators import GENERATORS
from quizzes.glossary import Term, load_glossary
from quizzes.grading import grade
from quizzes.mastery import MASTERY_LEVELS
from quizzes.model import KINDS, TOPICS, Option, Question, Result
from quizzes.progress import Progress

__all__ = [
    "GENERATORS",
    "KINDS",
    "MASTERY_LEVELS",
    "TOPICS",
    "Attempt",
    "BankError",
    "Filters",
    "Option",
    "Progress",
    "Question",
    "Result",
    "Term",
    "grade",
    "load_bank",
    "load_glossary",
    "question_by_id",
    "review_attempt",
    "start_attempt",
]
