"""House rules from DESIGN.md that code can check: the one-way imports and the absence of a global RNG."""

import subprocess
import sys

from tests.conftest import ROOT


def imported_after(statement: str) -> set[str]:
    code = f"import sys; before = set(sys.modules); {statement}; print(' '.join(sorted(set(sys.modules) - before)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_bncore_loads_neither_streamlit_plotly_nor_pandas():
    loaded = imported_after("import bncore")
    assert not loaded & {"streamlit", "plotly", "pandas"}


def test_no_global_numpy_rng_in_the_engine():
    calls = ("np.random.seed(", "np.random.rand(", "np.random.randn(", "np.random.normal(", "np.random.uniform(",
             "np.random.choice(", "np.random.shuffle(", "np.random.permutation(", "np.random.randint(")
    for path in (ROOT / "bncore").rglob("*.py"):
        text = path.read_text()
        assert not any(call in text for call in calls), path


def test_every_page_imports_ui_before_anything_that_loads_numpy():
    """ui/__init__.py pins NumPy's BLAS threads, which only works before NumPy is first imported; a deep link may
    open any page first, so each one must import ui before bncore, quizzes, numpy, pandas or plotly."""
    import ast

    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        imports = [node for node in ast.parse(path.read_text()).body if isinstance(node, (ast.Import, ast.ImportFrom))]
        modules = [(node.module if isinstance(node, ast.ImportFrom) else node.names[0].name) for node in imports]
        first_project = next(m for m in modules if m.split(".")[0] != "streamlit")
        assert first_project.split(".")[0] == "ui", f"{path.name} imports {first_project} before ui"
