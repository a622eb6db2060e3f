"""Benchmarks: run with `make bench` (python -m bench). They print figures; tests never assert timings.

Importing ``bench`` (so running any ``python -m bench.<module>``) imports ``ui`` first, which pins NumPy's BLAS to one
thread and one kernel before NumPy loads (ui/__init__.py): the figures are the app's.
"""

import ui  # noqa: F401
