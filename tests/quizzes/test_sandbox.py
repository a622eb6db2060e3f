"""Learner code is untrusted: the allow-list check refuses what it must with a clear sentence, the confined process
cannot see the server's environment, write files, fork, or outlive its limits, hostile code graded through the page's
own entry point fails cleanly, and a malformed answer from the child never becomes an exception in the server."""

import base64
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
from quizzes.sandbox.check import MAX_SOURCE_CHARS, CheckedCode, Rejection, check_code
from quizzes.sandbox.function import Call, read_response, run_learner_function
from quizzes.sandbox.process import Confined, Limits, run_confined

HEADER = "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n"


def body(*lines: str) -> str:
    return HEADER + "".join(f"    {line}\n" for line in lines)


# ---- the allow-list check (no process) -----------------------------------------------------------------------------

REFUSED = [
    ("import os", "Line 1: imports are not allowed here; `np` (NumPy) is already available."),
    ("from os import system", "Line 1: imports are not allowed here"),
    (body("import os", "return x"), "Line 2: imports are not allowed here"),
    ('__import__("os").system("touch /tmp/pwned")', "Line 1: names with double underscores (`__import__`)"),
    ("().__class__.__bases__[0].__subclasses__()", "Line 1: attributes with double underscores"),
    (body("return x.__class__"), "Line 2: attributes with double underscores (`.__class__`)"),
    ('open("/etc/passwd").read()', "Line 1: `open` is not available here: there are no files"),
    (body("np.save('x.npy', x)", "return x"), "Line 2: `np.save` reads or writes files"),
    (body("return np.load('x.npy')"), "Line 2: `np.load` reads or writes files"),
    (body("return np.fromfile('/etc/passwd')"), "`np.fromfile` reads or writes files"),
    (body("x.tofile('x.bin')", "return x"), "Line 2: `.tofile` is not available here"),
    (body("return np.lib.npyio"), "`np.lib` is not available here"),
    (body("return np.ctypeslib"), "`np.ctypeslib` is not available here"),
    (body("return np.testing"), "`np.testing` is not available here"),
    (body("return x.ctypes"), "`.ctypes` is not available here"),
    (body("return np.ndarray((3,), buffer=x, strides=(-8,))"), "`np.ndarray` is not available here"),
    ("m = np\nm.load('x.npy')", "Line 2: `.load` is not available here"),
    ("eval('1 + 1')", "`eval` is not available here"),
    ("exec('x = 1')", "`exec` is not available here"),
    ("compile('1', 'f', 'eval')", "`compile` is not available here"),
    ("getattr(np, 'save')", "`getattr` is not available here"),
    ("globals()", "`globals` is not available here"),
    ("breakpoint()", "`breakpoint` is not available here"),
    ("class Layer:\n    pass", "Line 1: classes are not needed here"),
    ("try:\n    x = 1\nexcept Exception:\n    pass", "Line 1: try/except is not allowed here"),
    ("with x:\n    pass", "Line 1: `with` blocks are not allowed here"),
    ("def f():\n    global g\n    g = 1", "Line 2: `global` is not allowed here"),
    ("def f():\n    yield 1", "Line 2: generators (`yield`) are not allowed here"),
    ("@decorate\ndef f():\n    pass", "decorators are not allowed here"),
    ("name = 'x.__class__'", "Line 1: text containing double underscores"),
    (body("return x.astype(object)"), "`object` is not available here"),
    (body("return np.zeros(3, dtype='O')"), "Line 2: only number dtypes are allowed here"),
    (body("return np.zeros(3, 'O')"), "Line 2: only number dtypes are allowed here"),
    (body("return np.full(2, len, list)"), "Line 2: only number dtypes are allowed here"),
    (body("return x.sum(0, str)"), "Line 2: only number dtypes are allowed here"),
    ("np.sum = print", "Line 1: changing NumPy (`np.sum = ...`) is not allowed here"),
    ("f(**{'dtype': 'O'})", "keyword unpacking (`**`) is not allowed here"),
    ("def f(:\n    pass", "Line 1: syntax error"),
    ("x = 1\0", "Your code contains a null character"),
    ("x = " + "-" * 5000 + "1", "Your code could not be read"),
    ("x = " + "(" * 250 + "1" + ")" * 250, "Line 1: syntax error: too many nested parentheses"),
    ("x = " + "[" * 80 + "]" * 80, "nested more than 60 levels deep"),
    ("x = 1\n" * 3000, "Your code is too long"),
]


@pytest.mark.parametrize(("source", "message"), REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_code_outside_the_safe_subset_is_refused_with_one_sentence_naming_the_line(source, message):
    rejection = check_code(source)
    assert isinstance(rejection, Rejection)
    assert rejection.message.startswith(message) or message in rejection.message, rejection.message
    assert rejection.message.endswith(".")


def test_a_megabyte_of_source_is_refused_before_it_is_parsed():
    """Even a megabyte that would exhaust the parser is refused by its size, so the parser never sees it."""
    rejection = check_code("(" * 1_000_000)
    assert isinstance(rejection, Rejection)
    assert rejection.message.startswith(f"Your code is 1,000,000 characters long; the limit is {MAX_SOURCE_CHARS:,}.")


def test_non_text_is_refused():
    assert isinstance(check_code(b"import os"), Rejection)


def test_ordinary_solutions_are_accepted():
    source = '''
def batchnorm_forward(x: "array", gamma, beta, eps=1e-5) -> "array":
    """A docstring, comments, comprehensions, lambdas, f-strings and the usual NumPy are all fine."""
    n, d = x.shape
    mean = np.array([sum(x[i, j] for i in range(n)) / n for j in range(d)], dtype=np.float64)
    var = ((x - mean[np.newaxis, :]) ** 2).mean(axis=0)
    square_root = lambda v: np.sqrt(v.astype(float))  # noqa
    assert var.shape == (d,), f"var has shape {var.shape}"
    x_hat = (x - mean) / square_root(var + eps)
    if n < 2:
        raise ValueError("need two samples")
    return gamma * x_hat + beta
'''
    assert check_code(source) == CheckedCode(source)


@pytest.mark.parametrize(
    "source",
    [
        "a = np.zeros(3, 'float64')",
        "a = np.ones((2, 3), float)",
        "a = np.einsum('ij,j->i', x, gamma)",  # subscripts, not a dtype
        "a = x.reshape(2, -1, 'F')",  # a memory order
        "rows.append('O')",  # a list's append holds anything
        "a = isinstance(x, list)",  # a type given to a builtin, not to NumPy
    ],
)
def test_text_and_types_given_to_numpy_that_are_not_dtypes_are_accepted(source):
    assert check_code(source) == CheckedCode(source)


def test_a_dtype_held_in_a_variable_passes_the_check_but_its_output_is_refused():
    """The check sees dtypes written in a call only; an array of Python objects still never leaves the child."""
    code = body("kind = 'O'", "return np.zeros(x.shape, kind)")
    assert isinstance(check_code(code), CheckedCode)
    result = grade("bn_forward", code)
    assert result.mistake == "wrong_type" and "`y` is an array of object values" in result.message


# ---- hostile code through grade(), the page's entry point -----------------------------------------------------------

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


# ---- the parent reads the child's answer defensively ----------------------------------------------------------------


def answer(payload) -> Confined:
    stdout = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return Confined(0, stdout, b"", False, False, (), 0.0)


def encoded(array: np.ndarray, shape=None) -> dict:
    data = base64.b64encode(np.ascontiguousarray(array, "<f8").tobytes()).decode()
    return {"shape": list(array.shape) if shape is None else shape, "data": data}


def test_a_well_formed_answer_is_decoded_exactly():
    y = np.arange(6.0).reshape(2, 3) / 7
    run = read_response(answer({"status": "ok", "results": [[encoded(y)]], "printed": "hi"}), "f", 1, ("y",))
    assert run.ok and run.printed == "hi"
    assert np.array_equal(run.outputs[0][0], y) and run.outputs[0][0].flags.writeable


MALFORMED = [
    b"",
    b"not json",
    b"\xff\xfe",
    b"[1, 2]",
    json.dumps({"status": "ok"}).encode(),
    json.dumps({"status": "ok", "results": []}).encode(),  # one call was made
    json.dumps({"status": "ok", "results": [[]]}).encode(),  # one output expected
    json.dumps({"status": "ok", "results": [[encoded(np.ones(3), shape=[4])]]}).encode(),
    json.dumps({"status": "ok", "results": [[encoded(np.ones(3), shape=[-1, -3])]]}).encode(),
    json.dumps({"status": "ok", "results": [[encoded(np.ones(3), shape=[10**9, 10**9])]]}).encode(),
    json.dumps({"status": "ok", "results": [[encoded(np.ones(3), shape=[3, True])]]}).encode(),
    json.dumps({"status": "ok", "results": [[{"shape": [3], "data": "!!not base64!!"}]]}).encode(),
    json.dumps({"status": "ok", "results": [[{"shape": [1] * 40, "data": ""}]]}).encode(),
    json.dumps({"status": "pickle", "data": "gASV"}).encode(),
    json.dumps({"status": "failed"}).encode(),
    b"[" * 100_000,
]


@pytest.mark.parametrize("stdout", MALFORMED, ids=[str(i) for i in range(len(MALFORMED))])
def test_a_malformed_answer_is_the_checker_s_failure_not_an_exception(stdout, caplog):
    run = read_response(answer(stdout), "f", 1, ("y",))
    assert not run.ok and run.problem == "internal"
    assert "our fault, not yours" in run.message
    assert "without an answer" in caplog.text  # the operators see it in the server's log


def test_a_child_killed_by_a_signal_is_the_learner_s_code_going_too_far():
    run = read_response(Confined(-signal.SIGSEGV, b"", b"", False, False, (), 0.1), "f", 1, ("y",))
    assert run.problem == "crashed" and f"(signal {signal.SIGSEGV})" in run.message


def test_an_output_far_bigger_than_the_input_is_refused_by_the_child():
    run = run_learner_function("def f(a):\n    return np.zeros(10**6)\n", "f", [Call((1.0,))], ("y",))
    assert run.problem == "wrong_type" and "far more values than the input" in run.message
