"""Shared fixtures: the repository root, and a seeded generator for every test that draws numbers; the order tests
run in and how pytest-xdist shares them out (tests/scheduling.py)."""

import ui  # noqa: F401  first: NumPy computes as in the app (ui/common/numpy_settings.py)

# isort: split

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

from tests import scheduling

ROOT = Path(__file__).resolve().parents[1]

# Property tests without a count of their own try 50 examples in the everyday run (`make test`, CI) and 500 with
# HYPOTHESIS_PROFILE=thorough (before a release, or after changing what they test).
settings.register_profile("everyday", max_examples=50)
settings.register_profile("thorough", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "everyday"))


@pytest.hookimpl(trylast=True)  # after pytest's own reordering
def pytest_collection_modifyitems(items):
    items[:] = scheduling.first_in_collection(items)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's
def pytest_xdist_make_scheduler(config, log):
    """tests/scheduling.py for `-n N` (xdist's default `--dist load`); any other `--dist` asked for is kept."""
    return scheduling.SuiteScheduling(config, log) if config.getvalue("dist") == "load" else None


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)
