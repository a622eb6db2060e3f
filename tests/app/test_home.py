"""The home page: equations, learning map links to existing pages only, and the glossary following the level."""

from streamlit.testing.v1 import AppTest

from quizzes.glossary import load_glossary
from tests.conftest import ROOT
from ui.common.pages import LEARNING_PATH, existing_pages


def run_home(level: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if level:
        at.session_state["app.expertise"] = level
    at.run()
    return at


def test_home_shows_the_four_equations():
    at = run_home()
    latex = [element.value for element in at.latex]
    assert len(latex) == 4
    assert any(r"\sqrt{\sigma_B^2 + \epsilon}" in value for value in latex)


def test_learning_map_links_every_existing_page_in_order():
    at = run_home()
    links = at.main.get("page_link")
    assert len(links) == len(existing_pages()) >= 1
    expected = [page.title for page in existing_pages()]
    assert [link.proto.label.split(". ", 1)[1] for link in links] == expected


def test_every_learning_path_entry_names_a_pages_file():
    for page in LEARNING_PATH:
        assert page.path.startswith("pages/") and page.path.endswith(".py")


def test_beginners_get_explanations_that_experts_do_not():
    beginner, expert = run_home("Beginner"), run_home("Expert")
    helps = lambda at: sum(1 for m in at.markdown if m.proto.help) + sum(1 for x in at.latex if x.proto.help)  # noqa: E731
    assert helps(beginner) > helps(expert)


def test_glossary_has_enough_terms_for_every_level():
    terms = load_glossary().values()
    assert len(terms) >= 25
    assert all(t.explained_for("beginner") for t in terms)
    experts_see = [t for t in terms if t.explained_for("expert")]
    assert 0 < len(experts_see) < len(terms) / 4
    for required in (
        "mini_batch",
        "internal_covariate_shift",
        "running_average",
        "momentum",
        "epsilon",
        "affine",
        "gamma",
        "beta",
        "saturation",
        "dead_relu",
    ):
        assert any(t.id == required for t in terms), required


def test_sidebar_lists_home_then_every_page():
    at = run_home()
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert labels == ["Home"] + [page.title for page in existing_pages()]
