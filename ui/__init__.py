"""Streamlit and Plotly glue shared by the pages.

Importing ``ui`` (every page does it before anything that loads NumPy; so do the tests, the benchmarks and the
fixture script) sets how NumPy computes, which only works before NumPy is first imported: one BLAS thread, one set of
BLAS kernels, and on AMD's Zen 4 NumPy's AVX2 code (ui/common/numpy_settings.py).
"""

from ui.common import numpy_settings  # noqa: F401
