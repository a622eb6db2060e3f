"""The research room's content (quizzes/claims.toml): the four key claims with their sources, every id a claim or a
note refers to exists (sources, quiz questions, practice loops, pages and the section headings on them), the Why It
Works page cites the same sources, and a malformed file is refused naming the entry and field."""

import ast
import re

import pytest

from quizzes import load_bank
from quizzes.claims import CLAIM_ID_PATTERN, SOURCE_ID_PATTERN, ClaimsError, parse_claims, research
from quizzes.practice import load_practice
from tests.conftest import ROOT
from ui.common.pages import LEARNING_PATH
from ui.notes.model import CITE_PATTERN
from ui.why.sources import CLAIMS as WHY_CLAIMS
from ui.why.sources import SOURCES as WHY_SOURCES

RESEARCH = research()
PAGES = {page.title: page for page in LEARNING_PATH}


def headings(page_path: str) -> set[str]:
    """The literal texts of every st.header / st.subheader call in a page file."""
    tree = ast.parse((ROOT / page_path).read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("header", "subheader")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_the_four_key_claims_have_their_sources_and_the_sections_the_issue_names():
    claims = RESEARCH.claims
    assert list(claims) == ["IS15.ics", "STIM18.smoothness", "BKH16.layer-norm", "WH18.group-norm"]
    assert "§3" in claims["IS15.ics"].where and "Figure 1" in claims["IS15.ics"].where
    assert claims["STIM18.smoothness"].where.startswith("§3")
    assert {claim.source for claim in claims.values()} == {"IS15", "STIM18", "BKH16", "WH18"}
    assert "Ioffe" in RESEARCH.sources["IS15"].reference and "2015" in RESEARCH.sources["IS15"].reference
    assert "Santurkar" in RESEARCH.sources["STIM18"].reference and "2018" in RESEARCH.sources["STIM18"].reference
    assert "Layer Normalization" in RESEARCH.sources["BKH16"].reference
    assert "Group Normalization" in RESEARCH.sources["WH18"].reference
    for claim in claims.values():
        assert claim.statement and claim.debated and claim.shown_in


def test_every_claim_names_a_source_that_exists_and_ids_keep_their_format():
    for source in RESEARCH.sources.values():
        assert SOURCE_ID_PATTERN.match(source.id) and CITE_PATTERN.fullmatch(source.id)
    for claim in RESEARCH.claims.values():
        assert claim.source in RESEARCH.sources
        assert CLAIM_ID_PATTERN.match(claim.id) and CITE_PATTERN.fullmatch(claim.id)
        assert claim.id.split(".")[0] == claim.source
    assert not set(RESEARCH.claims) & set(RESEARCH.sources)
    assert RESEARCH.citable() == (*RESEARCH.claims, *RESEARCH.sources)


def test_every_quiz_question_and_practice_loop_a_claim_names_exists():
    questions = {question.id for question in load_bank()}
    loops = load_practice()
    for claim in RESEARCH.claims.values():
        assert set(claim.questions) <= questions, claim.id
        assert set(claim.practice) <= set(loops), claim.id


@pytest.mark.parametrize("claim_id", list(RESEARCH.claims))
def test_every_page_and_section_a_claim_links_to_exists(claim_id):
    for shown in RESEARCH.claims[claim_id].shown_in:
        assert shown.page in PAGES, shown.page
        assert shown.section in headings(PAGES[shown.page].path), (shown.page, shown.section)


def test_a_quiz_question_points_to_the_claims_it_tests():
    assert [c.id for c in RESEARCH.claims_for_question("why-noisy-bn")] == ["STIM18.smoothness"]
    assert [c.id for c in RESEARCH.claims_for_question("lim-small-batches")] == ["WH18.group-norm"]
    assert RESEARCH.claims_for_question("no-such-question") == ()


def test_the_why_page_cites_the_same_sources_with_the_same_text():
    cited = {source for claim in WHY_CLAIMS for source, _ in claim.cites}
    assert cited == set(WHY_SOURCES) and cited <= set(RESEARCH.sources)
    assert all(WHY_SOURCES[source] == RESEARCH.sources[source].reference for source in cited)


def test_labels_name_the_claim_its_source_and_where():
    assert RESEARCH.label("IS15.ics") == (
        "IS15.ics · Ioffe & Szegedy (2015) §3 and Figure 1 (§4.1): Internal covariate shift: the original story"
    )
    assert RESEARCH.label("WH18") == "WH18 · Wu & He (2018)"
    assert RESEARCH.citation(RESEARCH.claims["BKH16.layer-norm"]) == "Ba, Kiros & Hinton (2016), §3 and §6"


def test_the_research_is_read_only():
    with pytest.raises(TypeError):
        RESEARCH.claims["X1.y"] = RESEARCH.claims["IS15.ics"]


SOURCE = '[[source]]\nid = "AB12"\nshort = "A & B (2012)"\nreference = "A. & B. (2012). A paper."\n'
CLAIM = """
[[claim]]
id = "AB12.a-claim"
source = "AB12"
where = "§1"
title = "A claim"
statement = "It holds."
debated = "Whether it holds."
questions = ["q-1"]
practice = []

[[claim.shown_in]]
page = "Quiz"
section = "Somewhere"
what = "Something."
"""


def test_a_valid_file_parses():
    research_ = parse_claims(SOURCE + CLAIM)
    assert research_.claims["AB12.a-claim"].shown_in[0].section == "Somewhere"
    assert research_.claims["AB12.a-claim"].questions == ("q-1",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SOURCE + CLAIM.replace('source = "AB12"', 'source = "CD34"').replace("AB12.a", "CD34.a"), "names no source"),
        (SOURCE + CLAIM.replace("AB12.a-claim", "a-claim"), "its source id, a dot"),
        (SOURCE + CLAIM.replace("AB12.a-claim", "AB12.A Claim"), "its source id, a dot"),
        (SOURCE + CLAIM.replace('debated = "Whether it holds."\n', ""), "missing fields ['debated']"),
        (SOURCE + CLAIM.replace('title = "A claim"', 'title = "A claim"\ncolor = "red"'), "unknown fields ['color']"),
        (SOURCE + CLAIM.replace('statement = "It holds."', 'statement = "  "'), "'statement' must be a non-empty"),
        (SOURCE + CLAIM.replace('questions = ["q-1"]', 'questions = ["q-1", "q-1"]'), "repeats an id"),
        (SOURCE + CLAIM.replace('questions = ["q-1"]', "questions = [1]"), "must be a list of ids"),
        (SOURCE + CLAIM.replace('what = "Something."', ""), "shown_in 1: missing fields ['what']"),
        (SOURCE + CLAIM + CLAIM, "claim 'AB12.a-claim': duplicate id"),
        (SOURCE + SOURCE, "source 'AB12': duplicate id"),
        (SOURCE.replace('"AB12"', '"1x"'), "2 to 16 letters and digits"),
        (SOURCE + "[[quote]]\ntext = 'x'\n", "unknown tables ['quote']"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_entry_and_field(text, message):
    with pytest.raises(ClaimsError, match=re.escape(message)):
        parse_claims(text)


def test_a_claim_without_any_place_in_the_app_is_refused():
    text = SOURCE + CLAIM.split("[[claim.shown_in]]")[0] + "shown_in = []\n"
    with pytest.raises(ClaimsError, match="at least one page and section"):
        parse_claims(text)
