"""Run a trusted Python program, which will in turn run untrusted learner code, in a confined separate process.

The confinement, from outside in:

- a separate process (``sys.executable -I -B``: isolated mode, so no PYTHON* variables, no user site-packages, no
  script directory on sys.path, and no .pyc files written), in its own session so the whole group can be killed;
- an environment with nothing inherited: only the variables pinning the BLAS libraries to one thread;
- a fresh empty working directory, removed afterwards;
- at most ``MAX_CONCURRENT`` confined processes at once over the whole server, so learners cannot pile up processes;
- a wall-clock timeout after which the process group is killed;
- resource limits set by ``quizzes/sandbox/launch.py`` before the program starts: CPU seconds, address space, file
  size 0 (nothing can be written to a file), few file descriptors, no new processes, no core dumps, a lower
  scheduling priority; a network namespace of its own where the kernel allows one (no route anywhere); and a drop to
  the ``nobody`` user when the server runs as root;
- stdin carries the request; stdout and stderr are read with a size cap, and never unpickled or evaluated.

Nothing here raises for anything the child does; every outcome is described by ``Confined``. Linux only (rlimits,
namespaces, waitid); elsewhere ``quizzes.exercises.grade`` fails closed with the checker's own failure message.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = Path(__file__).with_name("launch.py")
CHILD_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
MAX_CONCURRENT = max(1, os.cpu_count() or 1)
# The only module-level state: a count of running sandboxes shared by every learner. It holds no learner data.
_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 2  # RLIMIT_CPU soft limit (SIGXCPU); the hard limit is one second more (SIGKILL)
    wall_seconds: float = 5.0  # then the process group is killed
    memory_mb: int = 256  # RLIMIT_AS: NumPy imports in about 60 MB
    open_files: int = 32  # RLIMIT_NOFILE while starting; the child program lowers it once NumPy is loaded
    output_bytes: int = 4_000_000  # stdout and stderr beyond this are discarded (an exercise's answer: < 2.5 MB)
    wait_seconds: float = 10.0  # how long to wait for a free slot when the server is busy


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Confined:
    """What a confined run did. ``returncode`` is negative when a signal ended the process."""

    returncode: int | None  # None: it never started (busy)
    stdout: bytes
    stderr: bytes
    timed_out: bool  # killed by the wall-clock timeout
    busy: bool  # no free slot within ``wait_seconds``; nothing ran
    left_files: tuple[str, ...]  # what the working directory held at the end (always empty so far)
    seconds: float

    @property
    def out_of_cpu(self) -> bool:
        """The CPU-time limit ended it (SIGXCPU at the soft limit, SIGKILL at the hard one) or the wall clock did."""
        killed = self.returncode in (-signal.SIGXCPU, -signal.SIGKILL)
        return self.timed_out or killed


def run_confined(script: Path, request: bytes, limits: Limits = DEFAULT_LIMITS) -> Confined:
    """Run the trusted ``script`` under ``limits``, with ``request`` on its stdin. Never raises for the child's sake."""
    start = time.perf_counter()
    if not _SLOTS.acquire(timeout=limits.wait_seconds):
        return Confined(None, b"", b"", False, True, (), time.perf_counter() - start)
    workdir = tempfile.mkdtemp(prefix="bnlab-sandbox-")
    try:
        os.chmod(workdir, 0o755)  # enterable after the launcher drops to nobody; writable only by its owner
        command = [sys.executable, "-I", "-B", str(LAUNCHER), _limit_arguments(limits), str(script)]
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=workdir,
            env=dict(CHILD_ENVIRONMENT),
            start_new_session=True,
            close_fds=True,
        )
        stdout, stderr, timed_out = _exchange(process, request, start + limits.wall_seconds, limits.output_bytes)
        left = tuple(sorted(os.listdir(workdir)))
        return Confined(process.returncode, stdout, stderr, timed_out, False, left, time.perf_counter() - start)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        _SLOTS.release()


def _limit_arguments(limits: Limits) -> str:
    return f"{limits.cpu_seconds},{limits.memory_mb},{limits.open_files}"


def _exchange(process: subprocess.Popen, request: bytes, deadline: float, cap: int) -> tuple[bytes, bytes, bool]:
    """Write the request, read both outputs up to ``cap`` bytes each, and kill the group at the deadline."""
    outputs = {process.stdout: bytearray(), process.stderr: bytearray()}
    pending = memoryview(request)
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdin, selectors.EVENT_WRITE)
        for stream in outputs:
            selector.register(stream, selectors.EVENT_READ)
        while selector.get_map() and time.perf_counter() < deadline:
            for key, _ in selector.select(max(0.0, deadline - time.perf_counter())):
                if key.fileobj is process.stdin:
                    pending = _write_some(process, selector, pending)
                    continue
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                buffer = outputs[key.fileobj]
                buffer += chunk[: max(0, cap - len(buffer))]
    exited = _await_exit(process.pid, deadline)
    _kill_group(process)  # the leader is not reaped yet, so its group id cannot have been reused
    for stream in (process.stdin, process.stdout, process.stderr):
        stream.close()
    process.wait()
    return bytes(outputs[process.stdout]), bytes(outputs[process.stderr]), not exited


def _await_exit(pid: int, deadline: float) -> bool:
    """Wait until the process has exited, without reaping it; False if the deadline came first."""
    while True:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
        if time.perf_counter() >= deadline:
            return False
        time.sleep(0.002)


def _write_some(process: subprocess.Popen, selector: selectors.BaseSelector, pending: memoryview) -> memoryview:
    try:
        written = os.write(process.stdin.fileno(), pending[:65536])
    except (BrokenPipeError, OSError):  # the child stopped reading (it died or finished early)
        written = len(pending)
    pending = pending[written:]
    if not pending:
        selector.unregister(process.stdin)
        process.stdin.close()
    return pending


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the child's whole session (it should have no other processes, but a crash must not leave any)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
