"""The allow-list check learner code passes before it runs: size first, then a parse, then every node of the tree.

Accepted: function definitions, assignments, returns, if/for/while, comprehensions, lambdas, arithmetic, comparisons,
literals, subscripts and slices, f-strings, assert, raise; calls of names or allowed attributes; attributes only from
``quizzes.sandbox.allowlist`` (``np.<NumPy name>`` or ``<value>.<array attribute>``). Refused: imports, classes,
try/with/global/async/yield/del/decorators, any name or attribute with double underscores, strings containing them,
the builtins of ``FORBIDDEN_NAMES``, and non-numeric dtypes written in a call (``dtype=``, ``astype``, or positional:
``np.zeros(3, "O")``; a dtype held in a variable is for the child's output check). Each refusal is one sentence
naming the line.

The check is the first layer only; the code then runs in ``quizzes.sandbox.process``'s confined process.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

from quizzes.sandbox.allowlist import (
    ARRAY_ATTRIBUTES,
    DTYPE_NAMES,
    DTYPE_NUMPY_NAMES,
    DTYPE_STRINGS,
    FORBIDDEN_NAMES,
    NUMPY_FILE_NAMES,
    NUMPY_NAMES,
)

MAX_SOURCE_CHARS = 20_000  # refused before parsing: a solution is a few dozen lines
MAX_NODES = 5_000
MAX_DEPTH = 60
MEMORY_ORDERS = frozenset({"C", "F", "A", "K"})  # the `order` argument of reshape, ravel, copy, ...
ARRAY_ATTRIBUTE_EXAMPLES = ".shape, .T, .sum(), .mean(), .var(), .std(), .max(), .reshape(), .astype(), .copy()"

ALLOWED_NODES = (
    ast.Module,
    ast.FunctionDef,
    ast.Return,
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
    ast.For,
    ast.While,
    ast.If,
    ast.Expr,
    ast.Pass,
    ast.Break,
    ast.Continue,
    ast.Assert,
    ast.Raise,
    ast.BoolOp,
    ast.BinOp,
    ast.UnaryOp,
    ast.Lambda,
    ast.IfExp,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.comprehension,
    ast.Compare,
    ast.Call,
    ast.keyword,
    ast.JoinedStr,
    ast.FormattedValue,
    ast.Constant,
    ast.Attribute,
    ast.Subscript,
    ast.Starred,
    ast.Name,
    ast.NamedExpr,
    ast.List,
    ast.Tuple,
    ast.Slice,
    ast.arguments,
    ast.arg,
    ast.expr_context,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)

REFUSED_STATEMENTS = {
    ast.Import: "imports are not allowed here; `np` (NumPy) is already available",
    ast.ImportFrom: "imports are not allowed here; `np` (NumPy) is already available",
    ast.ClassDef: "classes are not needed here; write plain functions",
    ast.Try: "try/except is not allowed here; let errors show so the checker can tell you what went wrong",
    ast.With: "`with` blocks are not allowed here (there are no files or resources to manage)",
    ast.Global: "`global` is not allowed here; pass values in as arguments and return results",
    ast.Nonlocal: "`nonlocal` is not allowed here; pass values in as arguments and return results",
    ast.Delete: "`del` is not allowed here; a new name for a new value works just as well",
    ast.AsyncFunctionDef: "async code is not allowed here; write an ordinary `def`",
    ast.Await: "async code is not allowed here; write an ordinary `def`",
    ast.Yield: "generators (`yield`) are not allowed here; return your result",
    ast.YieldFrom: "generators (`yield`) are not allowed here; return your result",
    ast.Match: "`match` is not allowed here; use if/elif",
    ast.TryStar: "try/except is not allowed here; let errors show so the checker can tell you what went wrong",
}


@dataclass(frozen=True)
class CheckedCode:
    """Source that passed ``check_code``: the only form ``quizzes.sandbox.function`` runs."""

    source: str


@dataclass(frozen=True)
class Rejection:
    """Why the source was refused: one learner-facing sentence, starting with its line when there is one."""

    message: str
    line: int | None = None


def check_code(source: str) -> CheckedCode | Rejection:
    """Check learner ``source`` against the safe subset. Never raises for any string."""
    if not isinstance(source, str):
        return Rejection("Your code must be text.")
    if len(source) > MAX_SOURCE_CHARS:
        return Rejection(
            f"Your code is {len(source):,} characters long; the limit is {MAX_SOURCE_CHARS:,}. "
            "A solution takes a few dozen lines."
        )
    if "\0" in source:
        return Rejection("Your code contains a null character; delete it and type the line again.")
    try:
        tree = ast.parse(source, filename="<your code>")
    except SyntaxError as error:
        return _at(error.lineno, f"syntax error: {error.msg}. Check brackets, colons and indentation")
    except (ValueError, MemoryError, RecursionError):  # a parser stack overflow on absurd nesting
        return Rejection("Your code could not be read: it is nested far too deeply.")
    return _check_tree(tree, source)


def _at(line: int | None, reason: str) -> Rejection:
    return Rejection(f"Line {line}: {reason}." if line else f"{reason[0].upper()}{reason[1:]}.", line)


def _check_tree(tree: ast.Module, source: str) -> CheckedCode | Rejection:
    """Every node, breadth-first and without recursion. Of several problems the first line's is named; within a line
    the most telling (see ``_severity``), then the innermost (``np.lib`` rather than ``np.lib.npyio``)."""
    context = {id(tree): (0, 0)}  # node -> (depth, line), a child without a line of its own taking its parent's
    problems = []
    for count, node in enumerate(ast.walk(tree), start=1):
        depth, parent_line = context.pop(id(node), (0, 0))
        line = getattr(node, "lineno", None) or parent_line
        if count > MAX_NODES:
            return Rejection(f"Your code is too long ({MAX_NODES:,} syntax elements at most); a solution is short.")
        if depth > MAX_DEPTH:
            return _at(line, f"the code is nested more than {MAX_DEPTH} levels deep; split it into simpler steps")
        problem = _problem(node)
        if problem:
            problems.append((line, _severity(node), -depth, count, problem))
        for child in ast.iter_child_nodes(node):
            context[id(child)] = (depth + 1, line)
    if problems:
        line, *_, problem = min(problems)
        return _at(line or None, problem)
    return CheckedCode(source)


def _severity(node: ast.AST) -> int:
    """Which of several problems on one line to name: a refused statement first, then a forbidden name before the
    attribute taken from it, then anything else."""
    if isinstance(node, tuple(REFUSED_STATEMENTS)):
        return 0
    if isinstance(node, (ast.Name, ast.arg, ast.FunctionDef)):
        return 1
    return 2 if isinstance(node, (ast.Attribute, ast.Constant, ast.Call, ast.keyword)) else 3


def _problem(node: ast.AST) -> str | None:
    """Why ``node`` is outside the safe subset, or None."""
    for kind, reason in REFUSED_STATEMENTS.items():
        if isinstance(node, kind):
            return reason
    if not isinstance(node, ALLOWED_NODES):
        return f"`{type(node).__name__}` syntax is not allowed here"
    if isinstance(node, ast.Name):
        return _name_problem(node.id)
    if isinstance(node, ast.arg):
        return _name_problem(node.arg)
    if isinstance(node, ast.FunctionDef):
        return "decorators are not allowed here" if node.decorator_list else _name_problem(node.name)
    if isinstance(node, ast.keyword):
        return _keyword_problem(node)
    if isinstance(node, ast.Attribute):
        return _attribute_problem(node)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "__" in node.value:
        return "text containing double underscores (`__`) is not allowed here"
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        return "bytes literals are not allowed here"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _positional_dtype_problem(node.func.attr, node.args)
    return None


def _name_problem(name: str) -> str | None:
    if "__" in name:
        return f"names with double underscores (`{name}`) are not allowed here"
    if name in FORBIDDEN_NAMES:
        return f"`{name}` is not available here: {FORBIDDEN_NAMES[name]}"
    return None


def _keyword_problem(node: ast.keyword) -> str | None:
    if node.arg is None:
        return "keyword unpacking (`**`) is not allowed here; name the arguments"
    if "__" in node.arg:
        return f"names with double underscores (`{node.arg}`) are not allowed here"
    return _dtype_problem(node.value) if node.arg == "dtype" else None


def _attribute_problem(node: ast.Attribute) -> str | None:
    name = node.attr
    if "__" in name:
        return f"attributes with double underscores (`.{name}`) are not allowed here"
    if isinstance(node.value, ast.Name) and node.value.id == "np":
        if not isinstance(node.ctx, ast.Load):
            return f"changing NumPy (`np.{name} = ...`) is not allowed here; give your value a name of its own"
        if name in NUMPY_FILE_NAMES:
            return f"`np.{name}` reads or writes files, which is not allowed here: your function returns its result"
        if name not in NUMPY_NAMES:
            return f"`np.{name}` is not available here; NumPy's array maths is (np.mean, np.sum, np.sqrt, np.var, ...)"
        return None
    if name not in ARRAY_ATTRIBUTES:
        return f"`.{name}` is not available here; arrays offer {ARRAY_ATTRIBUTE_EXAMPLES}, and NumPy functions as np.*"
    return None


def _positional_dtype_problem(function: str, args: list[ast.expr]) -> str | None:
    """A dtype written as a positional argument of a NumPy function or array method (``np.zeros(3, "O")``,
    ``x.sum(0, list)``) must be a number dtype too. Text is either such a dtype, a memory order ("C", "F", "A", "K")
    or einsum's subscripts; a Python type other than float, int or bool would make an array of Python objects.
    A dtype held in a variable is not seen here: the child then refuses any output that is not an array of numbers."""
    if function == "append":  # a list's method, not NumPy's: it may hold anything
        return None
    if function == "astype":
        return _dtype_problem(args[0]) if args else None
    for position, arg in enumerate(args):
        if function == "einsum" and position == 0:
            continue
        text = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        if text and arg.value not in DTYPE_STRINGS | MEMORY_ORDERS:
            return _dtype_problem(arg)
        if isinstance(arg, ast.Name) and isinstance(getattr(builtins, arg.id, None), type):
            return _dtype_problem(arg)
    return None


def _dtype_problem(node: ast.expr) -> str | None:
    """A dtype must be a number type: float, int, bool, np.float64, np.float32, np.int64 or their names as text."""
    if isinstance(node, ast.Name) and node.id in DTYPE_NAMES:
        return None
    is_numpy = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "np"
    if is_numpy and node.attr in DTYPE_NUMPY_NAMES:
        return None
    if isinstance(node, ast.Constant) and node.value in DTYPE_STRINGS:
        return None
    return "only number dtypes are allowed here (float, np.float64, np.float32, int or bool)"
