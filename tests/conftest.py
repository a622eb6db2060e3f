"""Shared fixtures: the repository root, and a seeded generator for every test that draws numbers."""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as ui/__init__.py does for the app, before NumPy loads

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)
