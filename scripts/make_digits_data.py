"""Produce bncore/data/digits.npz from scikit-learn's copy of the UCI handwritten digits (run once, by hand).

scikit-learn is needed only here, never at run time:

    python -m venv /tmp/sk && /tmp/sk/bin/pip install scikit-learn numpy
    /tmp/sk/bin/python scripts/make_digits_data.py

The file stores the raw pixel counts (0..16, uint8) and labels; ``bncore.load_dataset("digits")`` scales pixels to
[0, 1] and makes the fixed 80/20 split. Provenance and licence: bncore/data/DIGITS.md.
"""

from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

OUT = Path(__file__).resolve().parents[1] / "bncore" / "data" / "digits.npz"


def main() -> None:
    digits = load_digits()
    images = digits.data.astype(np.uint8)  # (1797, 64), counts 0..16
    labels = digits.target.astype(np.uint8)  # (1797,)
    assert images.shape == (1797, 64) and images.max() == 16 and set(labels) == set(range(10))
    np.savez_compressed(OUT, images=images, labels=labels)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {images.shape[0]} images, {images.shape[1]} pixels")


if __name__ == "__main__":
    main()
