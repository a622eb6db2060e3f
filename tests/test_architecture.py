"""House rules from DESIGN.md that code can check: the one-way imports, no global RNG, pages that exist, and pages
that import ui first."""

import ast
import subprocess
import sys

from tests.conftest import ROOT
from ui.common.pages import LEARNING_PATH

SEEDED_RNG = {"default_rng", "Generator", "SeedSequence"}
PROJECT_CODE = ["bncore", "quizzes", "ui", "pages"]


def imported_after(statement: str) -> set[str]:
    code = f"import sys; before = set(sys.modules); {statement}; print(' '.join(sorted(set(sys.modules) - before)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return {name.split(".")[0] for name in out.stdout.split()}


def outside_stdlib(modules: set[str]) -> set[str]:
    return {m for m in modules if m not in sys.stdlib_module_names and not m.startswith("_")}


def test_bncore_imports_only_numpy_and_the_standard_library():
    assert outside_stdlib(imported_after("import bncore")) <= {"bncore", "numpy"}


def test_quizzes_imports_no_streamlit():
    assert outside_stdlib(imported_after("import quizzes")) <= {"quizzes", "bncore", "numpy"}


def test_no_global_random_number_generator_anywhere():
    """Every draw goes through a seeded np.random.default_rng (or Generator / SeedSequence); no `random` module."""
    offenders = []
    for folder in PROJECT_CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "random"
                    and node.attr not in SEEDED_RNG
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} np.random.{node.attr}")
                if isinstance(node, ast.Import) and any(alias.name == "random" for alias in node.names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} import random")
    assert not offenders, offenders


def test_every_page_of_the_learning_path_exists_and_every_page_is_on_it():
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert {page.path for page in LEARNING_PATH} == files


def test_every_page_imports_ui_before_anything_that_loads_numpy():
    """ui/__init__.py pins NumPy's BLAS threads, which only works before NumPy is first imported; a deep link may
    open any page first, so each one must import ui before bncore, quizzes, numpy, pandas or plotly."""
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        imports = [node for node in ast.parse(path.read_text()).body if isinstance(node, (ast.Import, ast.ImportFrom))]
        modules = [(node.module if isinstance(node, ast.ImportFrom) else node.names[0].name) for node in imports]
        first_project = next(m for m in modules if m.split(".")[0] != "streamlit")
        assert first_project.split(".")[0] == "ui", f"{path.name} imports {first_project} before ui"
