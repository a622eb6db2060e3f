"""Streamlit and Plotly glue shared by the pages.

Importing ``ui`` (every page does it before anything that loads NumPy) keeps NumPy's BLAS to one thread in the
server process. bncore's matrices are small (about 64 x 100), where worker threads only get in the way: measured on
the 2-core machine under the Streamlit server, a 64x100 @ 100x100 product took about 15 ms with OpenBLAS's default
threads against 15 µs with one thread, so live training crawled. The variable must be set before NumPy is first
imported; limiting threads afterwards (threadpoolctl) did not cure the slowdown in the server. An explicit setting in
the environment wins.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
