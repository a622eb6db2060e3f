"""Quiz explanations point to the research room, in AppTest: once a question is checked (in practice, or in the exam's
review) it shows the card of each claim it tests, the same card as on the Notes page, and none before; a question
that tests no claim shows none; the card's button opens the Notes page's editor citing the claim."""

import pytest
from streamlit.testing.v1 import AppTest

from quizzes import Progress
from quizzes.claims import research
from tests.app.test_quiz_page import AUTHORED, answer_current, quiz_app, start, texts
from ui.notes.keys import NotesKeys
from ui.quiz.keys import QuizKeys

WITH_CLAIM = "why-noisy-bn"  # tests STIM18.smoothness
TESTED = {question for claim in research().claims.values() for question in claim.questions}
WITHOUT_CLAIM = next(qid for qid in AUTHORED if qid not in TESTED and AUTHORED[qid].kind == "single")


def reviewing(question_id: str) -> AppTest:
    """The quiz asking ``question_id`` alone: a review of it as the one missed question."""
    at = quiz_app()
    at.session_state[QuizKeys.PROGRESS] = Progress(missed=[question_id])
    return at.run().button(key=QuizKeys.REVIEW).click().run()


def claim_cards(at: AppTest) -> list[str]:
    """The claim ids of the cards on the page (each card's caption starts "Claim id <id> ·")."""
    return [c.value.split(" ")[2] for c in at.caption if c.value.startswith("Claim id ")]


@pytest.mark.parametrize("correct", [True, False], ids=["right", "wrong"])
def test_a_checked_question_shows_the_cards_of_the_claims_it_tests_and_not_before(correct):
    at = reviewing(WITH_CLAIM)
    assert not at.exception and at.session_state[QuizKeys.ATTEMPT].current_id == WITH_CLAIM
    assert claim_cards(at) == [] and "The research behind it" not in texts(at.markdown)
    at = answer_current(at, correct)
    assert not at.exception
    assert claim_cards(at) == ["STIM18.smoothness"]
    claim = research().claims["STIM18.smoothness"]
    shown = texts(at.markdown)
    assert "**The research behind it.** This question tests a claim:" in shown
    assert f"**{claim.title}** · {research().citation(claim)}" in shown and f"**The claim.** {claim.statement}" in shown
    assert any(c.value.startswith("Claim id STIM18.smoothness · source id STIM18: Santurkar") for c in at.caption)
    assert at.button(key=QuizKeys.cite(WITH_CLAIM, "STIM18.smoothness")).label == "Write a note citing this claim"


def test_a_question_that_tests_no_claim_shows_no_card():
    at = answer_current(reviewing(WITHOUT_CLAIM), correct=False)
    assert not at.exception and "**Why:**" in texts(at.info)
    assert claim_cards(at) == [] and "The research behind it" not in texts(at.markdown)


def test_the_exams_review_shows_the_claims_inside_each_questions_review():
    at = start(quiz_app(), mode="Exam", topics=["limitations", "alternatives"], source="authored", size=20)
    run = at.session_state[QuizKeys.ATTEMPT]
    assert claim_cards(at) == []
    at.button(key=QuizKeys.SUBMIT).click().run()
    assert not at.exception
    expected = [c.id for qid in run.question_ids for c in research().claims_for_question(qid)]
    assert expected and claim_cards(at) == expected


def test_the_cards_button_opens_the_notes_editor_citing_the_claim():
    at = answer_current(reviewing(WITH_CLAIM), correct=True)
    at.button(key=QuizKeys.cite(WITH_CLAIM, "STIM18.smoothness")).click().run()
    assert not at.exception
    assert at.selectbox(key=NotesKeys.CITES).value == "STIM18.smoothness"
    assert at.selectbox(key=NotesKeys.KIND).value == "page"
    assert any(i.value.startswith("Your next note cites STIM18.smoothness") for i in at.info)
