"""Record full training Histories into tests/fixtures/history_reference.npz (run by hand, from the repository root).

The test suite compares ``bncore.train`` against this file, so a change to how a run is recorded (faster
histograms, percentiles, in-place inference) cannot change what is recorded. Regenerate only when the recording is
meant to change, and say why in the commit:

    .venv/bin/python scripts/make_history_fixture.py

Keys are "<case>/<field>"; a field that is None (e.g. running statistics without BN) is not stored.
"""

from __future__ import annotations

import ui  # noqa: F401  first: NumPy computes as in the app (ui/common/numpy_settings.py)

# isort: split

import dataclasses
from pathlib import Path

import numpy as np

from bncore import TrainConfig, train

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "history_reference.npz"

# Small enough to train in a second, varied enough to exercise every recorded field: both arms, BN after the
# activation, saturating nonlinearities, GroupNorm (no running statistics), a diverging run.
CASES = {
    "with_bn": TrainConfig(depth=6, width=48, epochs=3, seed=1),
    "without_bn": TrainConfig(depth=6, width=48, epochs=3, batch_norm=False, seed=1),
    "tanh_after": TrainConfig(depth=3, width=32, epochs=2, activation="tanh", bn_placement="after_activation"),
    "group_norm": TrainConfig(depth=3, width=32, epochs=2, normalization="group", activation="sigmoid"),
    "diverges": TrainConfig(depth=6, width=48, epochs=3, batch_norm=False, init="he", lr=3.0),
}


def recorded_arrays(history) -> dict[str, np.ndarray]:
    """Every array-valued field of a History, plus diverged_at (-1 when the run did not diverge)."""
    arrays = {
        field.name: np.asarray(getattr(history, field.name))
        for field in dataclasses.fields(history)
        if isinstance(getattr(history, field.name), np.ndarray)
    }
    arrays["diverged_at"] = np.array(-1 if history.diverged_at is None else history.diverged_at)
    return arrays


def main() -> None:
    stored = {}
    for case, config in CASES.items():
        for name, array in recorded_arrays(train(config)).items():
            stored[f"{case}/{name}"] = array
    np.savez_compressed(OUT, **stored)
    print(f"wrote {len(stored)} arrays to {OUT}")


if __name__ == "__main__":
    main()
