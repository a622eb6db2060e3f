"""Child side of ``quizzes.sandbox.function``: define the learner's code, call their function, report in JSON.

Runs under ``quizzes/sandbox/launch.py`` (limits set, modules preloaded, privileges dropped), never in the app.
Reads one JSON request on stdin, writes one JSON response line on stdout:

    request   {"code", "function", "calls": [{"args": [value], "kwargs": {name: value}}], "outputs",
               "builtins": [name], "max_values", "max_printed"}
    value     a number, or {"shape": [int], "data": base64 of little-endian float64}
    response  {"status": "ok", "results": [[value per output] per call], "printed"}
              {"status": "failed", "kind": "exception" | "memory" | "recursion", "type", "message", "line", "call"}
              {"status": "syntax", "message", "line"} | {"status": "missing_function"}
              {"status": "bad_output", "call", "index", "got"}

Before the learner's code is compiled the import system is emptied (NumPy and everything it needs are loaded by now),
the file-descriptor limit drops to the three standard streams, and the code gets a namespace of ``np`` and the
allow-listed builtins only. Nothing the learner's code raises escapes: every failure becomes a response.
"""

import base64
import builtins
import json
import resource
import sys
import warnings

import numpy as np

FILENAME = "<your code>"
MAX_MESSAGE = 300
RECURSION_LIMIT = 300


def decode(value):
    if isinstance(value, dict):
        data = base64.b64decode(value["data"])
        return np.frombuffer(data, dtype="<f8").reshape(value["shape"]).astype(np.float64)  # a writable copy
    return value


def encode(array: np.ndarray) -> dict:
    data = base64.b64encode(np.ascontiguousarray(array, dtype="<f8").tobytes()).decode("ascii")
    return {"shape": list(array.shape), "data": data}


def describe(value) -> str:
    """What a returned value is, in a learner's words."""
    if value is None:
        return "None"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of {len(value)}"
    if isinstance(value, np.ndarray):
        return f"{value.dtype} array"
    return type(value).__name__


def as_array(value, max_values: int) -> tuple[np.ndarray | None, str | None]:
    """The value as a float64 array, or None and what is wrong with it."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "fiub":
            return None, describe(value)
    elif isinstance(value, list):
        if len(value) > max_values:
            return None, "too large"
    elif not isinstance(value, (int, float, np.number)) or isinstance(value, complex):
        return None, describe(value)
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return None, "ragged" if isinstance(value, list) else describe(value)
    if array.size > max_values:
        return None, "too large"
    return array, None


def encode_result(result, outputs: int, max_values: int) -> tuple[list | None, dict | None]:
    """The encoded outputs of one call, or None and the bad-output report (``index`` None: the whole result)."""
    if outputs == 1:
        if isinstance(result, tuple):
            return None, {"index": None, "got": describe(result)}
        values = [result]
    else:
        if not isinstance(result, (tuple, list)) or len(result) != outputs:
            return None, {"index": None, "got": describe(result)}
        values = list(result)
    encoded = []
    for index, value in enumerate(values):
        array, problem = as_array(value, max_values)
        if problem:
            return None, {"index": index, "got": problem}
        encoded.append(encode(array))
    return encoded, None


def learner_line(error: BaseException) -> int | None:
    """The last line of the learner's own code in the traceback (the grader's frames are not shown)."""
    line, trace = None, error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == FILENAME:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def failure(error: BaseException, call: int | None) -> dict:
    kind = "exception"
    if isinstance(error, MemoryError):
        kind = "memory"
    elif isinstance(error, RecursionError):
        kind = "recursion"
    message = str(error)
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + " ..."
    report = {"status": "failed", "kind": kind, "type": type(error).__name__, "message": message}
    return {**report, "line": learner_line(error), "call": call}


def bounded_print(limit: int):
    """``print`` for learner code, keeping the first ``limit`` characters; and the list the text goes to."""
    parts: list[str] = []
    size = 0

    def print_(*values, sep=" ", end="\n"):
        nonlocal size
        if size < limit:
            text = (str(sep).join(str(value) for value in values) + str(end))[: limit - size]
            parts.append(text)
            size += len(text)

    return print_, parts


def close_imports() -> None:
    """No module can be loaded from here on; modules already loaded (NumPy's own) still resolve."""
    sys.meta_path.clear()
    sys.path_hooks.clear()
    sys.path_importer_cache.clear()
    sys.path.clear()


def loaded_numpy_module(name, globals=None, locals=None, fromlist=(), level=0):
    """The ``__import__`` NumPy's C code calls (through the caller's builtins) to reach its own helper modules.

    Only already-loaded NumPy modules resolve. Learner code cannot name it: the allow-list check refuses dunders.
    """
    if level == 0 and (name == "numpy" or name.startswith("numpy.")) and name in sys.modules:
        return sys.modules[name] if fromlist else sys.modules["numpy"]
    raise ImportError("modules are not available here")


def namespace(allowed: list[str], printer) -> dict:
    safe = {name: getattr(builtins, name) for name in allowed if name != "print" and hasattr(builtins, name)}
    safe["print"] = printer
    safe["__import__"] = loaded_numpy_module
    return {"__builtins__": safe, "__name__": "learner", "np": np}


def run(request: dict, printer) -> dict:
    try:
        code = compile(request["code"], FILENAME, "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        message = str(getattr(error, "msg", error))[:MAX_MESSAGE]
        return {"status": "syntax", "message": message, "line": getattr(error, "lineno", None)}
    names = namespace(request["builtins"], printer)
    try:
        exec(code, names)
    except BaseException as error:  # everything the learner's code raises becomes a report
        return failure(error, None)
    function = names.get(request["function"])
    if not callable(function):
        return {"status": "missing_function"}
    results = []
    for number, call in enumerate(request["calls"]):
        args = [decode(value) for value in call["args"]]
        kwargs = {name: decode(value) for name, value in call["kwargs"].items()}
        try:
            with np.errstate(all="ignore"):
                result = function(*args, **kwargs)
            encoded, problem = encode_result(result, request["outputs"], request["max_values"])
        except BaseException as error:
            return failure(error, number)
        if problem:
            return {"status": "bad_output", "call": number, **problem}
        results.append(encoded)
    return {"status": "ok", "results": results}


def main() -> None:
    channel = sys.stdout
    request = json.loads(sys.stdin.read())
    printer, printed = bounded_print(request["max_printed"])
    warnings.simplefilter("ignore")
    close_imports()
    resource.setrlimit(resource.RLIMIT_NOFILE, (3, 3))  # the standard streams, already open; no new files
    sys.setrecursionlimit(RECURSION_LIMIT)
    response = run(request, printer)
    response["printed"] = "".join(printed)
    channel.write(json.dumps(response) + "\n")
    channel.flush()


if __name__ == "__main__":
    main()
