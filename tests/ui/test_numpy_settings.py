"""ui/common/numpy_settings.py pins how NumPy computes, from the CPU that /proc/cpuinfo describes: OpenBLAS's
Haswell kernels on x86-64 machines with AVX2 and FMA, so that every learner's machine computes the same numbers
(tests/bncore/test_history_fixture.py is the check that they do), and NumPy's AVX2 code on AMD's Zen 4, where its
AVX-512 sort is slow. Where those cannot run, or would not help, the choice is left to OpenBLAS and NumPy."""

import os
import platform
from pathlib import Path

import pytest

from ui.common.numpy_settings import (
    NUMPY_AVX512,
    first_cpu,
    haswell_kernels_run_on,
    is_zen_4,
    numpy_uses_x86_v4_names,
)

ZEN_4 = (
    "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
    "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512bw\n\n"
    "processor\t: 1\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nflags\t\t: fpu\n"
)
ZEN_3 = "vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\nflags\t\t: fpu sse avx fma avx2\n"
SAPPHIRE_RAPIDS = "vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\nflags\t\t: fpu avx fma avx2 avx512f\n"
OLD_XEON = "vendor_id\t: GenuineIntel\ncpu family\t: 6\nflags\t\t: fpu sse sse2 sse4_2 avx\n"
GRAVITON = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\nCPU implementer\t: 0x41\n"


def test_the_first_processors_fields_are_read():
    cpu = first_cpu(ZEN_4)
    assert cpu["vendor_id"] == "AuthenticAMD" and cpu["cpu family"] == "25" and "avx512f" in cpu["flags"].split()
    assert first_cpu("") == {}


@pytest.mark.parametrize(
    "machine, cpuinfo, expected",
    [
        ("x86_64", ZEN_4, True),
        ("AMD64", SAPPHIRE_RAPIDS, True),
        ("x86_64", ZEN_3, True),
        ("x86_64", OLD_XEON, False),  # no AVX2: the Haswell kernels would stop on an illegal instruction
        ("aarch64", GRAVITON, False),
        ("x86_64", "", False),  # no /proc/cpuinfo: not Linux
    ],
)
def test_the_haswell_kernels_are_pinned_only_where_they_run(machine, cpuinfo, expected):
    assert haswell_kernels_run_on(machine, first_cpu(cpuinfo)) is expected


@pytest.mark.parametrize(
    "cpuinfo, expected",
    [(ZEN_4, True), (ZEN_3, False), (SAPPHIRE_RAPIDS, False), (GRAVITON, False), ("", False)],
)
def test_numpys_avx512_code_is_set_aside_only_on_zen_4(cpuinfo, expected):
    assert is_zen_4(first_cpu(cpuinfo)) is expected


@pytest.mark.skipif(not Path("/proc/cpuinfo").exists(), reason="reads Linux's /proc/cpuinfo")
def test_this_process_was_pinned_before_numpy_loaded():
    """tests/conftest.py imports ui first, as every page and the benchmarks do."""
    cpu = first_cpu(Path("/proc/cpuinfo").read_text())
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    if haswell_kernels_run_on(platform.machine(), cpu):
        assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"
    if is_zen_4(cpu) and numpy_uses_x86_v4_names():
        from numpy._core._multiarray_umath import __cpu_features__  # what NumPy dispatches to, after the setting

        assert os.environ["NPY_DISABLE_CPU_FEATURES"] == NUMPY_AVX512
        assert not __cpu_features__["X86_V4"]
