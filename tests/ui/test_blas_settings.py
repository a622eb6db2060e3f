"""ui/__init__.py pins OpenBLAS's Haswell kernels on x86-64 machines with AVX2 and FMA, so that every learner's machine
computes the same numbers (tests/bncore/test_history_fixture.py is the check that they do), and leaves the choice to
OpenBLAS where those kernels cannot run."""

import os
import platform
from pathlib import Path

import pytest

from ui import haswell_kernels_run_on

EPYC = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512bw\n\n" * 2
OLD_XEON = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse sse2 sse4_2 avx\n"
GRAVITON = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\n"


@pytest.mark.parametrize(
    "machine, cpuinfo, expected",
    [
        ("x86_64", EPYC, True),
        ("AMD64", EPYC, True),
        ("x86_64", OLD_XEON, False),  # no AVX2: the Haswell kernels would stop on an illegal instruction
        ("aarch64", GRAVITON, False),
        ("x86_64", "", False),  # no /proc/cpuinfo: not Linux
    ],
)
def test_the_haswell_kernels_are_pinned_only_where_they_run(machine, cpuinfo, expected):
    assert haswell_kernels_run_on(machine, cpuinfo) is expected


@pytest.mark.skipif(not Path("/proc/cpuinfo").exists(), reason="reads Linux's /proc/cpuinfo")
def test_this_process_was_pinned_before_numpy_loaded():
    """tests/conftest.py imports ui first, as every page and the benchmarks do."""
    if haswell_kernels_run_on(platform.machine(), Path("/proc/cpuinfo").read_text()):
        assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
