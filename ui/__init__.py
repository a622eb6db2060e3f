"""Streamlit and Plotly glue shared by the pages.

Importing ``ui`` (every page does it before anything that loads NumPy; so do the tests, the benchmarks and the
fixture script) pins NumPy's BLAS, which only works before NumPy is first imported. An explicit setting in the
environment wins. Processes started from here (the sweeps' workers, the browser tests' servers) inherit it.

- **One thread.** bncore's matrices are small (about 64 x 100), where worker threads only get in the way: measured on
  the 2-core machine under the Streamlit server, a 64x100 @ 100x100 product took about 15 ms with OpenBLAS's default
  threads against 15 µs with one thread, so live training crawled. Limiting threads after NumPy loads
  (threadpoolctl) did not cure the slowdown in the server.
- **One kernel on every x86-64 machine with AVX2.** OpenBLAS picks its matrix kernels by CPU, and kernels round
  differently. On an AMD EPYC with AVX-512 it picked SkylakeX, and a run's numbers left those of the AVX2 machines the
  app was built on: the stored History fixture failed, a diverging run diverged one step later, and the practice
  loop's "largest rate that trains, without BN" read 0.1 instead of 0.3. With the Haswell kernels (AVX2 and FMA, what
  OpenBLAS picks on the AVX2 machines) every learner's machine computes the same numbers, at the same speed on that
  EPYC (README, "Performance"). Elsewhere (ARM, no AVX2, no /proc/cpuinfo) OpenBLAS chooses.
"""

import os
import platform
from pathlib import Path

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def haswell_kernels_run_on(machine: str, cpuinfo: str) -> bool:
    """True for an x86-64 ``machine`` (``platform.machine()``) whose ``cpuinfo`` (Linux's /proc/cpuinfo) has AVX2 and
    FMA among its CPU flags."""
    if machine.lower() not in {"x86_64", "amd64"}:
        return False
    flags = next((line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), [])
    return {"avx2", "fma"} <= set(flags)


try:
    _cpuinfo = Path("/proc/cpuinfo").read_text()
except OSError:  # not Linux
    _cpuinfo = ""
if haswell_kernels_run_on(platform.machine(), _cpuinfo):
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
