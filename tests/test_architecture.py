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
