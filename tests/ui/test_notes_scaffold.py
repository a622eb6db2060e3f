"""The question scaffold as plain data: its checks (empty question, oversized fields), the lab link made absolute only
from a real page address, and the tutor prompt bundling the question, the claim, the lab state and the prediction,
with hostile text carried as it is (the page shows it only in a code block)."""

import re
from dataclasses import replace

import pytest

from quizzes.claims import research
from tests.ui.record_samples import T1, prediction
from ui.notes.model import MAX_TEXT, Attachment
from ui.notes.scaffold import (
    MAX_EVIDENCE,
    MAX_QUESTION,
    MAX_RESOLVE,
    NOT_WRITTEN,
    LabState,
    Scaffold,
    ScaffoldProblem,
    absolute_link,
    checked_scaffold,
    lab_state,
    last_prediction,
    prediction_sentence,
    scaffold_note_text,
    tutor_prompt,
)

HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) ```\n$$\\frac{1}{0}$$ <img src=x onerror=1>"
LAB = Attachment("lab_state", "?depth=6&lr=0.5", "Training Lab: depth 6, lr 0.5", "Training_Lab?depth=6&lr=0.5")
CURRENT = LabState("Training Lab: depth 6, lr 0.5", "http://host:8501/Training_Lab?depth=6&lr=0.5", True)


def test_a_scaffold_is_trimmed_and_needs_a_question():
    scaffold = checked_scaffold("  Why?  \n", "\n seen \n", "", "IS15.ics")
    assert scaffold == Scaffold("Why?", "seen", "", "IS15.ics")
    with pytest.raises(ScaffoldProblem, match=re.escape("Write the open question first: it is empty.")):
        checked_scaffold(" \n\t", "evidence", "resolve")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (("q" * (MAX_QUESTION + 1), "", ""), "The open question has 1,001 characters; at most 1,000 fit."),
        (("q", "e" * (MAX_EVIDENCE + 1), ""), "The evidence so far has 4,001 characters; at most 4,000 fit."),
        (("q", "", "r" * (MAX_RESOLVE + 5)), "What would resolve it has 2,005 characters; at most 2,000 fit."),
    ],
)
def test_an_oversized_field_is_refused_in_one_sentence(fields, message):
    with pytest.raises(ScaffoldProblem, match=re.escape(message)):
        checked_scaffold(*fields)


def test_the_longest_scaffold_still_fits_in_one_note():
    longest = Scaffold("q" * MAX_QUESTION, "e" * MAX_EVIDENCE, "r" * MAX_RESOLVE)
    assert len(scaffold_note_text(longest)) <= MAX_TEXT


@pytest.mark.parametrize(
    ("page_url", "expected"),
    [
        ("http://127.0.0.1:8501/Notes", "http://127.0.0.1:8501/Training_Lab?depth=6"),
        ("https://lab.example.org/base/Notes/", "https://lab.example.org/base/Training_Lab?depth=6"),
        (None, "Training_Lab?depth=6"),
        ("javascript:alert(1)//Notes", "Training_Lab?depth=6"),
        ("", "Training_Lab?depth=6"),
    ],
)
def test_the_lab_link_is_absolute_only_from_a_real_page_address(page_url, expected):
    assert absolute_link(page_url, "Notes", "Training_Lab?depth=6") == expected


def test_the_lab_state_carries_the_settings_label_and_the_link():
    assert lab_state(LAB, "http://host:8501/Notes", "Notes", current=True) == CURRENT
    assert lab_state(LAB, None, "Notes", current=False).link == "Training_Lab?depth=6&lr=0.5"


def test_the_last_prediction_is_the_one_committed_last():
    older, newer = prediction("a", made="2025-01-01T00:00:00Z"), prediction("b", made="2025-01-05T00:00:00Z")
    assert last_prediction([newer, older]) == newer and last_prediction([]) is None


def test_a_prediction_is_told_with_its_outcome():
    assert prediction_sentence(prediction()).endswith(
        'I predicted "with BN" with confidence 3 of 5. The result is not known yet.'
    )
    assert prediction_sentence(prediction(held=True)).endswith('The result was "with BN": it held.')
    assert prediction_sentence(prediction(held=False)).endswith('The result was "with BN": it did not hold.')
    assert "On the Training Lab page (2025-01-02 10:00 UTC)" in prediction_sentence(prediction(made=T1))


def test_the_prompt_bundles_question_claim_lab_state_and_prediction():
    scaffold = Scaffold("Does BN help at lr 0.01?", "Both arms train.", "", "STIM18.smoothness")
    prompt = tutor_prompt(scaffold, research(), CURRENT, prediction(held=True))
    claim = research().claims["STIM18.smoothness"]
    for part in (
        "OPEN QUESTION\nDoes BN help at lr 0.01?",
        "EVIDENCE SO FAR\nBoth arms train.",
        f"WHAT WOULD RESOLVE IT\n{NOT_WRITTEN}",
        "THE CLAIM IT CONCERNS\nSTIM18.smoothness: Santurkar, Tsipras, Ilyas & Mądry (2018), §3",
        claim.statement,
        f"What is debated: {claim.debated}",
        research().sources["STIM18"].reference,
        "THE LAB STATE\nMy Training Lab settings: depth 6, lr 0.5.\nLink: http://host:8501/Training_Lab?depth=6&lr=0.5",
        "MY LAST PREDICTION\nOn the Training Lab page",
        "it held.",
    ):
        assert part in prompt, part


def test_the_prompt_says_when_it_has_the_defaults_no_claim_and_no_prediction():
    defaults = LabState("Training Lab: depth 8", "Training_Lab?depth=8", False)
    prompt = tutor_prompt(Scaffold("Why?", "", ""), research(), defaults, None)
    assert "THE CLAIM IT CONCERNS" not in prompt
    defaults_line = "The Training Lab's default settings (I have not opened the Training Lab in this session): depth 8."
    assert defaults_line in prompt
    assert prompt.endswith("MY LAST PREDICTION\nI have not committed a prediction on a lab page yet.")
    source = tutor_prompt(Scaffold("Why?", "", "", "WH18"), research(), defaults, None)
    assert "THE CLAIM IT CONCERNS\nWH18: Wu, Y. & He, K. (2018). Group Normalization. ECCV 2018." in source


def test_hostile_text_is_carried_as_written_into_the_prompt_and_the_note():
    scaffold = checked_scaffold(HOSTILE, HOSTILE, HOSTILE)
    hostile_prediction = replace(prediction(), question=HOSTILE[:300], guess="<b>x</b>")
    prompt = tutor_prompt(scaffold, research(), CURRENT, hostile_prediction)
    assert prompt.count(HOSTILE) == 4 and '"<b>x</b>"' in prompt  # three fields and the prediction's question
    assert scaffold_note_text(scaffold).count(HOSTILE) == 3
