"""What learner code may use: the NumPy names, array attributes and builtins of the safe subset, and why the
best-known dangerous names are refused.

The lists are allow-lists: anything not named here is refused by ``quizzes.sandbox.check`` (an attribute) or missing at
run time (a builtin). They hold array maths and nothing that reaches files, modules, the interpreter or the network,
so NumPy's file functions (load, save, fromfile, tofile, memmap, loadtxt, savetxt, genfromtxt, DataSource) and its
submodules (lib, ctypeslib, testing, f2py, random, ...) are absent on purpose.
"""

from __future__ import annotations

# np.<name>: reductions, elementwise maths, array construction and shape handling, constants and numeric dtypes.
NUMPY_NAMES = frozenset(
    {
        # reductions and statistics
        "all",
        "amax",
        "amin",
        "any",
        "argmax",
        "argmin",
        "average",
        "count_nonzero",
        "cumprod",
        "cumsum",
        "max",
        "mean",
        "min",
        "prod",
        "std",
        "sum",
        "var",
        # elementwise maths
        "abs",
        "absolute",
        "add",
        "ceil",
        "clip",
        "divide",
        "exp",
        "expm1",
        "floor",
        "isfinite",
        "isinf",
        "isnan",
        "log",
        "log1p",
        "maximum",
        "minimum",
        "multiply",
        "negative",
        "power",
        "reciprocal",
        "round",
        "sign",
        "sqrt",
        "square",
        "subtract",
        "tanh",
        "where",
        # linear algebra on small arrays
        "dot",
        "einsum",
        "matmul",
        "outer",
        # construction
        "arange",
        "array",
        "asarray",
        "copy",
        "eye",
        "full",
        "full_like",
        "linspace",
        "ones",
        "ones_like",
        "zeros",
        "zeros_like",
        # shapes
        "atleast_2d",
        "broadcast_to",
        "concatenate",
        "expand_dims",
        "hstack",
        "ndim",
        "ravel",
        "repeat",
        "reshape",
        "shape",
        "squeeze",
        "stack",
        "tile",
        "transpose",
        "vstack",
        # comparisons
        "allclose",
        "array_equal",
        "isclose",
        # constants and numeric dtypes (not np.ndarray itself: its constructor takes raw buffers and strides)
        "e",
        "float32",
        "float64",
        "inf",
        "int64",
        "nan",
        "newaxis",
        "pi",
    }
)

# NumPy names a learner may well try that read or write files: refused with a message saying so.
NUMPY_FILE_NAMES = frozenset(
    {"DataSource", "fromfile", "genfromtxt", "load", "loadtxt", "memmap", "save", "savetxt", "savez", "tofile"}
)

# <value>.<name> for any value other than np: what an ndarray (or a list being built) offers for array maths.
ARRAY_ATTRIBUTES = frozenset(
    {
        "T",
        "all",
        "any",
        "append",
        "argmax",
        "argmin",
        "astype",
        "clip",
        "copy",
        "cumsum",
        "dot",
        "dtype",
        "flatten",
        "item",
        "max",
        "mean",
        "min",
        "ndim",
        "prod",
        "ravel",
        "reshape",
        "round",
        "shape",
        "size",
        "squeeze",
        "std",
        "sum",
        "tolist",
        "transpose",
        "var",
    }
)

# The dtypes ``astype(...)`` and ``dtype=...`` accept: numbers only, never object or raw-bytes dtypes.
DTYPE_NAMES = frozenset({"float", "int", "bool"})
DTYPE_NUMPY_NAMES = frozenset({"float64", "float32", "int64"})
DTYPE_STRINGS = frozenset({"float64", "float32", "int64", "float", "int", "bool"})

# The builtins the child's namespace holds (``print`` is replaced by a bounded one); every other builtin is absent.
SAFE_BUILTINS = (
    "abs",
    "all",
    "any",
    "bool",
    "dict",
    "enumerate",
    "filter",
    "float",
    "int",
    "isinstance",
    "len",
    "list",
    "map",
    "max",
    "min",
    "pow",
    "print",
    "range",
    "reversed",
    "round",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
    "TypeError",
    "ValueError",
    "ZeroDivisionError",
)

# Names refused outright, each with the reason a learner is told ("`open` is not available here: <reason>").
_RETURNS = "your function gets its inputs as arguments and returns its result"
_NO_STRINGS = "write the computation as ordinary code rather than running a string"
_DIRECT = "use attributes directly, e.g. `x.mean()` or `x.shape`"
_NAMESPACES = "the interpreter's namespaces are off limits"
_NO_CLASSES = "classes are not needed; write plain functions"
FORBIDDEN_NAMES = {
    "open": f"there are no files; {_RETURNS}",
    "input": f"there is no keyboard; {_RETURNS}",
    "eval": _NO_STRINGS,
    "exec": _NO_STRINGS,
    "compile": _NO_STRINGS,
    "getattr": _DIRECT,
    "setattr": _DIRECT,
    "delattr": _DIRECT,
    "hasattr": _DIRECT,
    "globals": _NAMESPACES,
    "locals": _NAMESPACES,
    "vars": _NAMESPACES,
    "dir": _NAMESPACES,
    "type": "use `isinstance(x, np.ndarray)` or `x.dtype` instead",
    "object": _NO_CLASSES,
    "super": _NO_CLASSES,
    "memoryview": "raw memory is off limits",
    "breakpoint": "there is no debugger; use `print(...)` to look at values",
    "help": "the exercise text and the hints are above",
    "exit": _RETURNS,
    "quit": _RETURNS,
    "os": "modules other than NumPy are off limits",
    "sys": "modules other than NumPy are off limits",
    "numpy": "NumPy is available as `np`",
}
