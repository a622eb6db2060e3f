"""How NumPy computes in the app's processes: its BLAS and, on one CPU, its SIMD code, from environment variables
NumPy and OpenBLAS read when NumPy is first imported. Importing ``ui`` sets them (ui/__init__.py), so every page does it
before anything that loads NumPy; so do the tests, the benchmarks and the fixture script. An explicit setting in the
environment wins. Processes started from there (the sweeps' workers, the browser tests' servers) inherit them.

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
- **NumPy's AVX2 code on AMD's Zen 4.** Zen 4 runs AVX-512's compress-store to memory in microcode, and NumPy's
  AVX-512 sort, which the History's activation statistics use on every layer after every epoch, does one per vector:
  on that EPYC it sorted a layer's 35,900 values in 0.68 ms against 0.14 ms with NumPy's AVX2 code, and a reference
  run took 0.75-0.86 s against 0.64-0.66 s. Sorted values are the same either way.
"""

import os
import platform
from importlib.metadata import version
from pathlib import Path

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

NUMPY_AVX512 = "X86_V4 AVX512_ICL AVX512_SPR"  # NumPy's names for its AVX-512 code since 2.4; older ones differ


def first_cpu(cpuinfo: str) -> dict[str, str]:
    """The fields of the first processor in ``cpuinfo`` (Linux's /proc/cpuinfo), e.g. ``{"vendor_id":
    "AuthenticAMD", "cpu family": "25", "flags": "fpu ... avx2 ...", ...}``; empty for an empty text."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        if not line.strip():
            if fields:
                break
            continue
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def cpu_flags(cpu: dict[str, str]) -> set[str]:
    """The feature flags of ``cpu`` (``first_cpu``), e.g. {"avx2", "fma", ...}; none where cpuinfo lists none."""
    return set(cpu.get("flags", "").split())


def haswell_kernels_run_on(machine: str, cpu: dict[str, str]) -> bool:
    """True for an x86-64 ``machine`` (``platform.machine()``) whose ``cpu`` (``first_cpu``) has AVX2 and FMA."""
    return machine.lower() in {"x86_64", "amd64"} and {"avx2", "fma"} <= cpu_flags(cpu)


def is_zen_4(cpu: dict[str, str]) -> bool:
    """True for AMD's CPU family 25 with AVX-512: Zen 4 (Zen 3, the same family, has no AVX-512; Zen 5 is 26)."""
    amd_family_25 = cpu.get("vendor_id") == "AuthenticAMD" and cpu.get("cpu family") == "25"
    return amd_family_25 and "avx512f" in cpu_flags(cpu)


def numpy_uses_x86_v4_names() -> bool:
    """True where the installed NumPy (2.4 or later; read without importing it) names its code as ``NUMPY_AVX512``."""
    return tuple(int(part) for part in version("numpy").split(".")[:2]) >= (2, 4)


try:
    _cpu = first_cpu(Path("/proc/cpuinfo").read_text())
except OSError:  # not Linux
    _cpu = {}
if haswell_kernels_run_on(platform.machine(), _cpu):
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
if is_zen_4(_cpu) and numpy_uses_x86_v4_names():
    os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", NUMPY_AVX512)
