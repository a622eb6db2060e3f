"""House rules from DESIGN.md that code can check: the one-way imports (pages -> ui -> bncore, pages -> quizzes ->
bncore), Streamlit only in ui/ and pages/, no global RNG, session keys declared once per page, pages that exist in
learning order, pages that import ui first, every file of a package that is not Python shipped with it, and no
comment or document naming a file that is not there."""

import ast
import importlib
import re
import subprocess
import sys
import tomllib
from dataclasses import astuple
from fnmatch import fnmatch
from pathlib import Path

import pytest

from tests.conftest import ROOT
from ui.common.keys import EditorKeys
from ui.common.pages import LEARNING_PATH

SEEDED_RNG = {"default_rng", "Generator", "SeedSequence"}
PROJECT_CODE = ["bncore", "quizzes", "ui", "pages"]


def imported_after(statement: str) -> set[str]:
    code = f"import sys; before = set(sys.modules); {statement}; print(' '.join(sorted(set(sys.modules) - before)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return {name.split(".")[0] for name in out.stdout.split()}


def outside_stdlib(modules: set[str]) -> set[str]:
    return {m for m in modules if m not in sys.stdlib_module_names and not m.startswith("_")}


def modules_in(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    """The top-level names of every module ``path`` imports, wherever in the file the import stands."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "folder, allowed",
    [
        ("bncore", {"bncore", "numpy"}),
        ("quizzes", {"quizzes", "bncore", "numpy"}),
        ("ui", {"ui", "bncore", "quizzes", "numpy", "pandas", "plotly", "streamlit"}),
    ],
)
def test_every_module_imports_only_what_its_layer_may(folder, allowed):
    """The arrows run one way: bncore imports nothing of ours, quizzes only bncore, ui never pages."""
    offenders = {
        f"{path.relative_to(ROOT)}: {sorted(outside_stdlib(imports_of(path)) - allowed)}"
        for path in modules_in(folder)
        if outside_stdlib(imports_of(path)) - allowed
    }
    assert not offenders, offenders


def test_streamlit_is_imported_only_by_ui_pages_and_the_home_page():
    app_code = [*modules_in("bncore"), *modules_in("quizzes"), *modules_in("ui"), *modules_in("pages")]
    users = {path.relative_to(ROOT).parts[0] for path in app_code if "streamlit" in imports_of(path)}
    assert users <= {"ui", "pages"}


PLAIN_UI_MODULES = (
    "compute",
    "latex",
    "insights",
    "facts",
    "statistic",
    "narrative",
    "settings",
    "keys",
    "model",
    "source",
    "code_steps",
    "reading",
    "predictions",
    "sources",
    "codec",
    "entries",
    "fields",
    "question",
    "guess",
    "scaffold",
    "hidden",
)


def test_ui_domain_code_runs_without_streamlit():
    """A page's computations, texts and models are plain Python, unit-tested without a server."""
    plain = [p for p in modules_in("ui") if p.stem in PLAIN_UI_MODULES or (p.parent.name == "notes" and p.stem == "io")]
    assert len(plain) >= 10
    assert [str(p.relative_to(ROOT)) for p in plain if "streamlit" in imports_of(p)] == []


PAGE_KEY = re.compile(r"^(walk|grad|lab|why|family|practice|quiz|notes|app)\.[a-z]")


def string_constants(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module except docstrings (the text of a key is code, a docstring is prose)."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_session_keys_are_spelled_only_in_their_pages_keys_module():
    """One idiom: every page declares its keys once (ui/<page>/keys.py); every other module names them from there."""
    code = [*modules_in("ui"), *modules_in("pages"), ROOT / "app.py"]
    spelled = [
        f"{path.relative_to(ROOT)}:{line} {text!r}"
        for path in code
        if path.name != "keys.py"
        for line, text in string_constants(path)
        if PAGE_KEY.match(text) and text != "app.py"
    ]
    assert not spelled, spelled


def test_each_pages_keys_share_its_prefix_and_no_key_is_declared_twice():
    seen = {}
    for path in modules_in("ui"):
        if path.name != "keys.py":
            continue
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for name, cls in vars(module).items():
            if not (isinstance(cls, type) and name.endswith("Keys") and name != "EditorKeys"):
                continue
            declared = [v for k, v in vars(cls).items() if k.isupper()]
            values = [v for v in declared if isinstance(v, str)]
            values += [key for v in declared if isinstance(v, EditorKeys) for key in astuple(v)]
            prefixes = {v.split(".")[0] for v in values}
            assert len(prefixes) == 1, (name, prefixes)
            for value in values:
                assert value not in seen, f"{value} declared by {seen.get(value)} and {name}"
                seen[value] = name
    assert len({v.split(".")[0] for v in seen}) == 9  # app, walk, grad, lab, why, family, practice, quiz, notes


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
    """Importing ui sets how NumPy computes (ui/common/numpy_settings.py), which only works before NumPy is first
    imported; a deep link may open any page first, so each one must import ui before bncore, quizzes, numpy, pandas or
    plotly."""
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        imports = [node for node in ast.parse(path.read_text()).body if isinstance(node, (ast.Import, ast.ImportFrom))]
        modules = [(node.module if isinstance(node, ast.ImportFrom) else node.names[0].name) for node in imports]
        first_project = next(m for m in modules if m.split(".")[0] != "streamlit")
        assert first_project.split(".")[0] == "ui", f"{path.name} imports {first_project} before ui"


def tracked(*folders: str) -> list[str]:
    """The paths git tracks, relative to the repository (only under ``folders`` if any are given)."""
    listing = subprocess.run(["git", "ls-files", *folders], cwd=ROOT, capture_output=True, text=True, check=True)
    return listing.stdout.split()


def test_every_file_of_a_package_that_is_not_python_is_in_its_package_data():
    """pyproject.toml's package-data names the data, styles and scripts of each package: a wheel built without
    ui/why/charts.js would draw none of Why It Works' charts (the editable install reads the tree, so nothing else
    notices)."""
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    data_files = [Path(name) for name in tracked("bncore", "quizzes", "ui") if not name.endswith(".py")]
    unlisted = [
        path.as_posix()
        for path in data_files
        if not any(fnmatch(path.name, pattern) for pattern in package_data.get(".".join(path.parent.parts), []))
    ]
    assert data_files
    assert unlisted == []


NAMED_FILE = re.compile(r"\b(?:bench|bncore|deploy|docs|pages|quizzes|scripts|tests|ui)/[\w./-]+\.[a-z]+\b")
PLACEHOLDER_FILES = {"pages/N_Name.py", "pages/N_Title.py"}  # the pattern of a page's file name, in prose
NAMED_CODE = re.compile(r"\b(?:bench|bncore|quizzes|scripts|tests|ui)(?:\.[A-Za-z_]\w*)+")  # ui.common.keys.AppKeys
FILE_SUFFIXES = {"py", "js", "css", "html", "toml", "md", "json", "npz", "log"}  # "ui/why/charts.js" read as a name


def repository_texts() -> dict[str, str]:
    """Every tracked docstring-, comment- or prose-bearing file by its path: code, documents and configuration."""
    suffixes = {".py", ".md", ".toml", ".js", ".css", ".yaml", ".conf"}
    return {name: (ROOT / name).read_text() for name in tracked() if Path(name).suffix in suffixes}


def top_level_names(module: Path) -> set[str]:
    """The names a module's source defines or imports at its top level."""
    names = set()
    for node in ast.parse(module.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {target.id for target in targets if isinstance(target, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def named_code_exists(dotted: str) -> bool:
    """Whether ``dotted`` ("bncore.data.datasets.load_dataset") is a module or package of the repository, or a name one
    defines at its top level (read from the source, nothing imported; a name's own attributes are not checked)."""
    parts = dotted.split(".")
    for depth in range(len(parts), 0, -1):
        path = ROOT.joinpath(*parts[:depth])
        module = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
        if module.exists() or path.is_dir():
            break
    else:
        return False
    if depth == len(parts) or parts[depth] in FILE_SUFFIXES:
        return True
    return module.exists() and parts[depth] in top_level_names(module)


def test_every_file_a_comment_or_document_names_exists():
    """A path such as ui/common/shell.py in a docstring, a comment, the README or a configuration file names a file of
    the repository: when a module moves, the texts that point at it move too."""
    missing = {
        f"{name}: {found}"
        for name, text in repository_texts().items()
        for found in NAMED_FILE.findall(text)
        if found not in PLACEHOLDER_FILES and not (ROOT / found).exists()
    }
    assert sorted(missing) == []


def test_every_module_or_name_a_comment_or_document_names_exists():
    """The same for a dotted name such as bncore.experiments.registry.EXPERIMENTS or ui.practice."""
    missing = {
        f"{name}: {found}"
        for name, text in repository_texts().items()
        for found in set(NAMED_CODE.findall(text))
        if not named_code_exists(found)
    }
    assert sorted(missing) == []
