"""Learner code is untrusted: hostile code graded through the page's own entry point fails cleanly and writes
nothing, and the confined process cannot see the server's environment, write files, fork, or outlive its limits.
(The allow-list check before it: test_sandbox_check.py; reading the child's answer: test_sandbox_answers.py.)"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading

import numpy as np
import pytest

from quizzes.exercises import EXERCISES, grade
from quizzes.sandbox import process as sandbox
from quizzes.sandbox.allowlist import NUMPY_NAMES, SAFE_BUILTINS
from quizzes.sandbox.function import Call, read_response, run_learner_function
from quizzes.sandbox.process import Confined, Limits, run_confined
from tests.quizzes.learner_code import body

HOSTILE = [
    ("import os", "rejected", "imports are not allowed"),
    (body('return __import__("os").system("touch /tmp/bnlab-pwned")'), "rejected", "double underscores"),
    (body("return ().__class__.__bases__[0].__subclasses__()"), "rejected", "double underscores"),
    (body('return open("/etc/passwd").read()'), "rejected", "`open` is not available"),
    (body("np.save('bnlab-pwned.npy', x)", "return x"), "rejected", "reads or writes files"),
    (body("return np.load('/etc/passwd')"), "rejected", "reads or writes files"),
    (body("return np.fromfile('/etc/passwd')"), "rejected", "reads or writes files"),
    ("x = '" + "a" * 1_000_000 + "'", "rejected", "characters long"),
    (body("return np.ones(10**10)"), "memory", "more than 256 MB of memory"),
    (body("rows = []", "while True:", "    rows.append(list(range(10000)))"), "memory", "more than 256 MB"),
    (body("while True:", "    pass"), "timeout", "ran longer than 2 s and was stopped"),
    (body("return 10**10**10"), "timeout", "ran longer than 2 s"),
    (body("return batchnorm_forward(x, gamma, beta, eps)"), "recursion", "calls itself again and again"),
    (body("return 'y'"), "wrong_type", "a value of type str"),
    (body("return x[0]"), "wrong_shape", "`y` has shape (3,)"),
    (body("return x / 0.0 * 0.0"), "nan", "contains NaN"),
]


@pytest.fixture
def private_tempdir(tmp_path, monkeypatch):
    """Sandbox working directories go here, so a test can see that nothing is left behind."""
    directory = tmp_path / "sandbox-tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


@pytest.mark.parametrize(("code", "mistake", "message"), HOSTILE, ids=[h[1] + str(i) for i, h in enumerate(HOSTILE)])
def test_hostile_code_fails_cleanly_and_writes_nothing(code, mistake, message, private_tempdir):
    cwd_before = sorted(os.listdir("."))
    result = grade("bn_forward", code)
    assert not result.correct
    assert result.mistake == mistake, result.message
    assert message in result.message
    assert sorted(os.listdir(".")) == cwd_before
    assert list(private_tempdir.iterdir()) == []  # the working directory was made there, and removed
    assert not os.path.exists("/tmp/bnlab-pwned") and not os.path.exists("bnlab-pwned.npy")


def test_refused_code_never_starts_a_process(monkeypatch):
    def no_process(*args, **kwargs):
        raise AssertionError("a process was started for refused code")

    monkeypatch.setattr("quizzes.sandbox.function.run_confined", no_process)
    run = run_learner_function(body("np.save('x.npy', x)", "return x"), "batchnorm_forward", [], ("y",))
    assert run.problem == "rejected" and "reads or writes files" in run.message


def test_a_spinning_learner_does_not_hold_up_another():
    spinning = {}
    thread = threading.Thread(target=lambda: spinning.update(result=grade("bn_forward", body("while True:", "  pass"))))
    thread.start()
    try:
        other = grade("bn_forward", EXERCISES["bn_forward"].solution)
        assert other.correct
        assert thread.is_alive()  # the other learner got their answer while the first one's code still spins
    finally:
        thread.join()
    assert spinning["result"].mistake == "timeout"


def test_every_allowed_numpy_name_and_builtin_works_inside_the_sandbox():
    """The import system is closed in the child, so a NumPy function that loads a module lazily would fail there."""
    lines = [f"a = np.{name}" for name in sorted(NUMPY_NAMES)] + [f"a = {name}" for name in SAFE_BUILTINS]
    calls = [
        "np.mean(x, axis=0)",
        "np.var(x, axis=0, ddof=1)",
        "np.std(x)",
        "np.average(x, axis=0)",
        "np.einsum('ij->j', x)",
        "x @ x.T",
        "np.round(x, 2)",
        "np.allclose(x, x)",
        "np.isclose(x, x)",
        "x.astype(np.float32)",
        "np.array([1, 2], dtype=np.float64)",
        "np.stack([x, x])",
        "np.concatenate([x, x])",
        "np.broadcast_to(x[0], x.shape)",
        "x[:, np.newaxis]",
        "str(x)",
        "f'{x[0, 0]:.3f}'",
        "x.max(axis=0)",
        "x.tolist()",
        "x.item(0)",
        "sorted([3, 1])",
        "np.where(x > 0, x, 0)",
        "np.clip(x, 0, 1)",
        "np.linspace(0, 1, 5)",
    ]
    code = body(*lines, *(f"a = {call}" for call in calls), "print(x)", "return x")
    run = run_learner_function(code, "batchnorm_forward", [Call((np.ones((2, 3)), np.ones(3), np.zeros(3)))], ("y",))
    assert run.ok, run.message
    assert run.printed == "[[1. 1. 1.]\n [1. 1. 1.]]\n"


# ---- the confined process, probed with trusted programs -------------------------------------------------------------

PROBE = """
import json, os, resource, sys
limits = {name: resource.getrlimit(getattr(resource, name))
          for name in ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NPROC", "RLIMIT_CORE", "RLIMIT_NOFILE")}
def attempt(action):
    try:
        action()
        return "succeeded"
    except OSError as error:
        return type(error).__name__
def write(path):
    with open(path, "w") as file:
        file.write("data")
        file.flush()
report = {
    "environment": dict(os.environ),
    "cwd_files": os.listdir("."),
    "uid": os.getuid(),
    "isolated": sys.flags.isolated,
    "limits": limits,
    "write_cwd": attempt(lambda: write("probe.txt")),
    "write_target": attempt(lambda: write(sys.stdin.read())),
    "fork": attempt(os.fork),
    "network_devices": [line.split(":")[0].strip() for line in open("/proc/self/net/dev").readlines()[2:]],
    "numpy": __import__("numpy").__version__,
}
print(json.dumps(report))
"""


def probe(tmp_path, program: str, request: bytes = b"", limits: Limits = sandbox.DEFAULT_LIMITS) -> Confined:
    path = tmp_path / "probe.py"
    path.write_text(program)  # the launcher reads it before it drops to nobody (when the tests run as root)
    return run_confined(path, request, limits)


def test_the_child_inherits_no_environment_and_starts_in_an_empty_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("BNLAB_SECRET", "do-not-leak")
    target = tmp_path / "target.txt"
    result = probe(tmp_path, PROBE, str(target).encode())
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert "BNLAB_SECRET" not in report["environment"]
    assert set(report["environment"]) - {"LC_CTYPE"} == set(sandbox.CHILD_ENVIRONMENT)  # Python sets LC_CTYPE itself
    assert report["cwd_files"] == [] and report["isolated"] == 1
    assert report["numpy"] == np.__version__
    assert result.left_files == ()


def test_the_child_runs_under_its_limits_and_cannot_write_files_or_fork(tmp_path):
    target = tmp_path / "target.txt"
    report = json.loads(probe(tmp_path, PROBE, str(target).encode()).stdout)
    limits, defaults = report["limits"], Limits()
    assert limits["RLIMIT_CPU"] == [defaults.cpu_seconds, defaults.cpu_seconds + 1]
    assert limits["RLIMIT_AS"] == [defaults.memory_mb * 2**20] * 2
    assert limits["RLIMIT_FSIZE"] == [0, 0] and limits["RLIMIT_CORE"] == [0, 0] and limits["RLIMIT_NPROC"] == [0, 0]
    assert limits["RLIMIT_NOFILE"] == [defaults.open_files] * 2
    assert report["write_cwd"] != "succeeded" and report["write_target"] != "succeeded"
    assert report["fork"] != "succeeded"
    assert not target.exists() or target.read_bytes() == b""
    if os.geteuid() == 0:
        assert report["uid"] == 65534


def namespaces_allowed() -> bool:
    """Whether this machine lets this user create a network namespace (as the launcher tries to)."""
    code = (
        "import ctypes, os; flags = 0x40000000 if os.geteuid() == 0 else 0x50000000; "
        "raise SystemExit(ctypes.CDLL(None).unshare(flags))"
    )
    return subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_child_has_no_network_where_the_kernel_allows_a_namespace(tmp_path):
    if not namespaces_allowed():
        pytest.skip("this kernel or container forbids network namespaces; the allow-list alone keeps code off it")
    report = json.loads(probe(tmp_path, PROBE, str(tmp_path / "target.txt").encode()).stdout)
    assert report["network_devices"] == ["lo"]  # a fresh namespace: only its own loopback, which is down


def test_cpu_time_is_limited(tmp_path):
    # a generous wall clock: the child runs at a lower priority, so on a loaded machine its one CPU second may take
    # longer than the default 5 s of wall time, and the wall clock, not the CPU limit, would end it
    result = probe(tmp_path, "while True:\n    pass\n", limits=Limits(cpu_seconds=1, wall_seconds=60.0))
    assert result.returncode in (-signal.SIGXCPU, -signal.SIGKILL) and result.out_of_cpu
    assert not result.timed_out


def test_a_process_that_waits_is_killed_at_the_wall_clock_limit(tmp_path):
    result = probe(tmp_path, "import time\ntime.sleep(60)\n", limits=Limits(wall_seconds=1.0))
    assert result.timed_out and result.out_of_cpu and result.returncode == -signal.SIGKILL


def test_output_beyond_the_cap_is_dropped(tmp_path):
    program = "import sys\nfor _ in range(100):\n    sys.stdout.write('x' * 100_000)\n"
    result = probe(tmp_path, program, limits=Limits(output_bytes=50_000))
    assert result.returncode == 0 and result.stdout == b"x" * 50_000


def test_when_every_slot_is_taken_the_run_waits_then_says_busy(tmp_path):
    for _ in range(sandbox.MAX_CONCURRENT):
        assert sandbox._SLOTS.acquire(timeout=30)
    try:
        result = probe(tmp_path, "print('ran')\n", limits=Limits(wait_seconds=0.05))
    finally:
        for _ in range(sandbox.MAX_CONCURRENT):
            sandbox._SLOTS.release()
    assert result.busy and result.returncode is None and result.stdout == b""
    run = read_response(result, "f", 1, ("y",))
    assert run.problem == "busy" and "try again" in run.message
