"""The parent reads the confined child's answer defensively: a well-formed answer is decoded exactly, and a malformed
one, a crash or an oversized output is the checker's or the learner's failure with a message, never an exception in
the server."""

import base64
import json
import signal

import numpy as np
import pytest

from quizzes.sandbox.function import Call, read_response, run_learner_function
from quizzes.sandbox.process import Confined


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
