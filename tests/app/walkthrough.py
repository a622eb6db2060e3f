"""The Walkthrough page in AppTest: open it, edit its table as the data editor would, and read its step panel."""

from streamlit.testing.v1 import AppTest

from bncore import make_feature_batch
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "1_Walkthrough.py")
DEFAULT = make_feature_batch()


def open_walkthrough() -> AppTest:
    """The page run once, predict-first off (the steps' own content; predict-first: tests/app/test_predictions)."""
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.session_state["walk.predict_first"] = False
    app.run()
    assert not app.exception
    return app


def edit(at: AppTest, edited_rows=None, deleted_rows=(), added_rows=()) -> AppTest:
    at.session_state["walk.table"] = {
        "edited_rows": edited_rows or {},
        "added_rows": list(added_rows),
        "deleted_rows": list(deleted_rows),
    }
    at.run()
    assert not at.exception, at.exception
    return at


def step_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Step "))


def latex_values(at: AppTest) -> list[str]:
    return [x.value for x in at.latex]
