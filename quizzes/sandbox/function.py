"""Call a learner's function on given inputs: check the code, run it confined, read back its outputs as arrays.

``run_learner_function`` is the one entry point: it checks the source with ``quizzes.sandbox.check`` (refused code
never runs), runs ``function_child.py`` through ``quizzes.sandbox.process`` and validates everything the child sends
back.
Inputs go to the child and outputs come back as JSON holding base64 float64 bytes and a shape; the parent checks the
shape and the byte count before ``np.frombuffer``, and never unpickles or evaluates anything the child produced.

Every failure becomes a ``FunctionRun`` with ``ok=False``, a ``problem`` id and a one-sentence learner message.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from quizzes.sandbox.allowlist import SAFE_BUILTINS
from quizzes.sandbox.check import Rejection, check_code
from quizzes.sandbox.process import DEFAULT_LIMITS, Confined, Limits, run_confined

CHILD = Path(__file__).with_name("function_child.py")
MAX_VALUES = 10_000  # per returned array: far more than any exercise's input (640 values at most)
MAX_PRINTED = 4_000  # characters of print() output kept
MAX_DIMENSIONS = 8

Value = np.ndarray | float


@dataclass(frozen=True)
class Call:
    """One call of the learner's function: positional and keyword arguments (arrays or numbers)."""

    args: tuple[Value, ...]
    kwargs: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class FunctionRun:
    ok: bool
    outputs: tuple[tuple[np.ndarray, ...], ...] = ()  # per call, one float64 array per output name
    problem: str | None = None  # see PROBLEMS
    message: str = ""  # one learner-facing sentence when not ok
    call: int | None = None  # the index of the call that failed, if one did
    printed: str = ""  # what the learner's print() calls wrote, capped
    seconds: float = 0.0


PROBLEMS = (
    "rejected",  # refused by the allow-list check, never run
    "syntax",  # refused by the compiler in the child
    "busy",  # no sandbox slot free in time
    "timeout",
    "memory",
    "recursion",
    "exception",
    "missing_function",
    "wrong_type",  # the returned value(s) not of the expected kind or count
    "crashed",  # the child was killed by a signal without answering (a C-level allocation failing, say)
    "internal",  # the child exited without a readable answer: a fault of the checker, not of the learner's code
)


def run_learner_function(
    source: str, function: str, calls: Sequence[Call], outputs: Sequence[str], limits: Limits = DEFAULT_LIMITS
) -> FunctionRun:
    """Check ``source``, define it in a confined process, and call ``function`` once per call.

    Args:
        source: the learner's code (untrusted).
        function: the name it must define.
        calls: the inputs, trusted.
        outputs: the names of what the function returns, e.g. ("y",) or ("dx", "dgamma", "dbeta"); one name means a
            single array is expected, several a tuple of that many arrays.

    Returns:
        ok with one tuple of float64 arrays per call, or not ok with a message. Never raises for any source.
    """
    checked = check_code(source)
    if isinstance(checked, Rejection):
        return FunctionRun(False, problem="rejected", message=checked.message)
    request = {
        "code": checked.source,
        "function": function,
        "calls": [{"args": [_encode(a) for a in c.args], "kwargs": _encode_all(c.kwargs)} for c in calls],
        "outputs": len(outputs),
        "builtins": list(SAFE_BUILTINS),
        "max_values": MAX_VALUES,
        "max_printed": MAX_PRINTED,
    }
    confined = run_confined(CHILD, json.dumps(request).encode(), limits)
    run = read_response(confined, function, len(calls), tuple(outputs), limits)
    return FunctionRun(run.ok, run.outputs, run.problem, run.message, run.call, run.printed, confined.seconds)


def _encode(value: Value) -> float | dict:
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value, dtype="<f8")
        return {"shape": list(array.shape), "data": base64.b64encode(array.tobytes()).decode("ascii")}
    return float(value)


def _encode_all(kwargs: Mapping[str, Value]) -> dict:
    return {name: _encode(value) for name, value in kwargs.items()}


def read_response(
    confined: Confined, function: str, count: int, outputs: tuple[str, ...], limits: Limits = DEFAULT_LIMITS
) -> FunctionRun:
    """The run's outcome from what the child did. Its stdout is validated field by field: anything malformed (however
    it came about) is an "internal" or "crashed" run, never an exception."""
    if confined.busy:
        return _failed("busy", "The checker is busy with other learners' code right now; try again in a moment.")
    if confined.out_of_cpu:
        return _failed(
            "timeout",
            f"Your code ran longer than {limits.cpu_seconds} s and was stopped: is there a loop that never ends?",
        )
    try:
        response = json.loads(confined.stdout.decode("utf-8"))
        status = response["status"]
        printed = str(response.get("printed", ""))[:MAX_PRINTED]
        if status == "ok":
            return FunctionRun(True, _decode_results(response["results"], count, len(outputs)), printed=printed)
        return _explain(response, function, count, outputs, limits, printed)
    except (ValueError, KeyError, TypeError, IndexError, binascii.Error, UnicodeDecodeError, RecursionError):
        return _crashed(confined, limits)


def _failed(problem: str, message: str, call: int | None = None, printed: str = "") -> FunctionRun:
    return FunctionRun(False, problem=problem, message=message, call=call, printed=printed)


def _crashed(confined: Confined, limits: Limits) -> FunctionRun:
    """No readable answer. A signal means the learner's code brought the child down (learner code cannot exit
    otherwise); an exit status means the checker's own side failed, and the operators need its stderr."""
    if confined.returncode is not None and confined.returncode < 0:
        return _failed(
            "crashed",
            f"Your code stopped the checker before it could answer (signal {-confined.returncode}); this happens "
            f"when code uses too much memory (over {limits.memory_mb} MB) or nests calls too deeply. "
            "Try a simpler version.",
        )
    logging.getLogger(__name__).warning(
        "sandbox child exited %s without an answer; stderr: %s", confined.returncode, confined.stderr[-2000:]
    )
    return _failed("internal", "The checker failed to run your code; that is our fault, not yours. Try again.")


def _explain(
    response: dict, function: str, count: int, outputs: tuple[str, ...], limits: Limits, printed: str
) -> FunctionRun:
    """The learner message for a child's failure report."""
    status = response["status"]
    call = response.get("call")
    call = call if isinstance(call, int) and not isinstance(call, bool) and 0 <= call < count else None
    if status == "syntax":
        return _failed("syntax", _at_line(response.get("line"), f"{str(response['message'])[:300]}."), printed=printed)
    if status == "missing_function":
        message = f"Your code does not define a function named `{function}`; the checker calls it with test inputs."
        return _failed("missing_function", message, printed=printed)
    if status == "bad_output":
        return _failed("wrong_type", _bad_output(response, outputs), call, printed)
    if status != "failed":
        raise ValueError(f"unknown status {status!r}")
    kind, line = response["kind"], response.get("line")
    if kind == "memory":
        message = _at_line(
            line,
            f"your code tried to use more than {limits.memory_mb} MB of memory and was stopped: is it making an "
            "array far bigger than its input, such as np.ones(10**10)?",
        )
        return _failed("memory", message, call, printed)
    if kind == "recursion":
        message = _at_line(
            line,
            "a function calls itself again and again without end (Python's recursion limit was reached). "
            "Compute the result directly instead.",
        )
        return _failed("recursion", message, call, printed)
    message = _at_line(line, f"{str(response['type'])[:60]}: {str(response['message'])[:300]}")
    return _failed("exception", message, call, printed)


def _at_line(line: object, text: str) -> str:
    if isinstance(line, int):
        return f"Line {line}: {text}"
    return text[0].upper() + text[1:]


def _bad_output(response: dict, outputs: tuple[str, ...]) -> str:
    got, index = str(response["got"])[:60], response.get("index")
    expected = f"`{outputs[0]}`, one NumPy array" if len(outputs) == 1 else _tuple_of(outputs)
    if index is None:
        return f"Your function returned {_in_words(got)}; it should return {expected}."
    name = outputs[int(index)]
    if got == "ragged":
        return f"`{name}` could not be read as an array of numbers (do its rows have different lengths?)."
    if got == "too large":
        return f"`{name}` has far more values than the input; check its shape."
    return f"`{name}` is {_in_words(got)}; it should be a NumPy array of real numbers."


def _tuple_of(outputs: tuple[str, ...]) -> str:
    return f"a tuple of {len(outputs)} arrays ({', '.join(outputs)})"


def _in_words(got: str) -> str:
    if got == "None":
        return "None (is a `return` missing?)"
    if got == "ellipsis":
        return "`...`, the starter's placeholder"
    if got.startswith(("tuple of ", "list of ")):
        kind, _, size = got.split()
        return f"a {kind} of {size} value{'s' if size != '1' else ''}"
    if got.endswith(" array"):
        return f"an array of {got.removesuffix(' array')} values"
    return f"a value of type {got}"


def _decode_results(results: list, count: int, outputs: int) -> tuple[tuple[np.ndarray, ...], ...]:
    """Validate and decode every returned array; any malformed field raises ValueError (read as a crash)."""
    if not isinstance(results, list) or len(results) != count:
        raise ValueError("wrong number of results")
    decoded = []
    for result in results:
        if not isinstance(result, list) or len(result) != outputs:
            raise ValueError("wrong number of outputs")
        decoded.append(tuple(_decode_array(item) for item in result))
    return tuple(decoded)


def _decode_array(item: dict) -> np.ndarray:
    shape = item["shape"]
    if not isinstance(shape, list) or len(shape) > MAX_DIMENSIONS:
        raise ValueError("bad shape")
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_VALUES for n in shape):
        raise ValueError("bad shape")
    size = math.prod(shape)
    if size > MAX_VALUES or len(item["data"]) > 4 * math.ceil(8 * MAX_VALUES / 3) + 4:
        raise ValueError("too large")
    data = base64.b64decode(item["data"], validate=True)
    if len(data) != 8 * size:
        raise ValueError("byte count does not match the shape")
    return np.frombuffer(data, dtype="<f8").reshape(shape).astype(np.float64)
