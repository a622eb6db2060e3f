"""Benchmarks: run with `make bench` (python -m bench). They print figures; tests never assert timings.

Importing ``bench`` (so running any ``python -m bench.<module>``) imports ``ui`` first, which sets how NumPy computes
before it loads, as in the app (ui/common/numpy_settings.py): the figures are the app's.
"""

import ui  # noqa: F401
