"""Streamlit Community Cloud readiness: requirements.txt alone (no test packages, no editable install) is enough to
run every page on Python 3.11, 3.12 and 3.13, and running them writes no file in the repository or the home folder."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# No bytecode compiled at install: half of pip's time here, and the pages run with PYTHONDONTWRITEBYTECODE anyway.
PIP_INSTALL = ["install", "--quiet", "--disable-pip-version-check", "--no-compile", "-r"]
RUN_EVERY_PAGE = """
import pathlib, sys
from streamlit.testing.v1 import AppTest
pages = [pathlib.Path("app.py")] + sorted(pathlib.Path("pages").glob("*.py"))
for page in pages:
    at = AppTest.from_file(str(page), default_timeout=120)
    at.run()
    assert not at.exception, (page, [e.value for e in at.exception])
    print("ok", page)
"""


def test_requirements_hold_only_runtime_packages():
    wanted = {
        line.split(">")[0].split("=")[0].split("<")[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert wanted == {"streamlit", "numpy", "plotly", "pandas"}


def repository_files() -> set[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "--cached"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(listing.stdout.split())


def find_python(version: str) -> str | None:
    """A working python<version>: on the PATH, or installed by pyenv (whose shims fail for versions not selected)."""
    candidates = [shutil.which(f"python{version}")]
    candidates += [str(p) for p in sorted(Path.home().glob(f".pyenv/versions/{version}*/bin/python{version}"))]
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "-c", "pass"], capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_requirements_alone_run_every_page_and_write_nothing(version, tmp_path):
    python = find_python(version)
    if python is None:
        pytest.skip(f"python{version} is not installed here")
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(  # this suite's pip installs into the new interpreter: the same result, without a pip of its own
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            *PIP_INSTALL,
            str(ROOT / "requirements.txt"),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    home = tmp_path / "home"
    home.mkdir()
    before = repository_files()
    env = {
        **os.environ,
        "HOME": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
        "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full",
    }
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", RUN_EVERY_PAGE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count("ok ") == 1 + len(list((ROOT / "pages").glob("*.py")))
    assert repository_files() == before
    assert [p for p in Path(home).rglob("*") if p.is_file()] == []
