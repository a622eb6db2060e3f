"""The engine's own lines behind a step, read from bncore's source at run time, so the code shown is the code that ran.

A step is named by its function, the numbered comment that opens the step's section in it (``# 1.`` ... ``# 4.`` in
``bncore/norm/batch_norm.py``; None for the lines before the first numbered comment) and the names the step assigns.
``step_source`` finds them with ``inspect`` and ``ast`` and raises ``SourceError`` when the engine no longer has that
comment or that assignment, so a test fails as soon as the source drifts from what the pages say about it.

Plain Python (no Streamlit); ``ui.common.code_panel`` draws the result.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

NUMBERED_COMMENT = re.compile(r"^\s*#\s*\d+\.")


class SourceError(LookupError):
    """The engine's source no longer holds a step's comment or assignment."""


@dataclass(frozen=True)
class StepCode:
    """Where a step lives in the engine."""

    function: Callable  # a bncore function or method
    anchor: str | None  # "1." for the comment "# 1. ..."; None: the lines before the first numbered comment
    names: tuple[str, ...]  # what the step assigns, as written: "mean", "self.running_mean"


@dataclass(frozen=True)
class SourceView:
    """A function's source without its docstring, and which of its lines belong to the step."""

    path: str  # "bncore/norm/batch_norm.py"
    qualname: str  # "batch_norm_forward", "BatchNorm._update_running_stats"
    numbers: tuple[int, ...]  # the line number in the file of each shown line
    lines: tuple[str, ...]  # dedented
    marked: frozenset[int]  # line numbers (in the file) of the step

    @property
    def marked_text(self) -> str:
        """The step's lines, joined: what a test reads to check the names a page shows beside them."""
        return "\n".join(line for number, line in zip(self.numbers, self.lines) if number in self.marked)


@dataclass(frozen=True)
class StepValues:
    """The values of a step's variables for one feature: numbers, and per-sample columns (one value per sample)."""

    scalars: tuple[tuple[str, float], ...]  # ("mean", -0.31)
    columns: tuple[tuple[str, np.ndarray], ...]  # ("x_hat", (m,) array)

    def names(self) -> list[str]:
        """The variable names shown, without a qualifier such as " (before)"."""
        return [name.split(" (")[0] for name, _ in (*self.scalars, *self.columns)]


def step_source(step: StepCode) -> SourceView:
    """The function's source with the step's comment and assignments marked. SourceError if either is missing."""
    raw, first = inspect.getsourcelines(step.function)
    lines = textwrap.dedent("".join(raw)).splitlines()
    function = ast.parse("\n".join(lines)).body[0]
    if not isinstance(function, ast.FunctionDef):
        raise SourceError(f"{step.function.__qualname__} is not a plain function")
    body = function.body[1:] if ast.get_docstring(function) is not None else function.body
    shown = [*range(function.lineno, function.body[0].lineno), *range(body[0].lineno, function.end_lineno + 1)]
    start, end = _section(lines, shown, step)
    marked = {start} if step.anchor is not None else set()
    for name in step.names:
        statement = _assignment(body, name, start, end)
        if statement is None:
            where = f"after '# {step.anchor}'" if step.anchor else "before the first numbered comment"
            raise SourceError(f"{step.function.__qualname__} no longer assigns {name} {where}")
        marked |= set(range(statement.lineno, statement.end_lineno + 1))
    offset = first - 1
    return SourceView(
        step.function.__module__.replace(".", "/") + ".py",
        step.function.__qualname__,
        tuple(index + offset for index in shown),
        tuple(lines[index - 1] for index in shown),
        frozenset(index + offset for index in marked),
    )


def _section(lines: list[str], shown: list[int], step: StepCode) -> tuple[int, int]:
    """The first and last line (1-based, within the function) of the step's section."""
    numbered = [index for index in shown if NUMBERED_COMMENT.match(lines[index - 1])]
    if step.anchor is None:
        return shown[0], (numbered[0] - 1 if numbered else shown[-1])
    anchor = re.compile(rf"^\s*#\s*{re.escape(step.anchor)}(\s|$)")
    start = next((index for index in numbered if anchor.match(lines[index - 1])), None)
    if start is None:
        raise SourceError(f"{step.function.__qualname__} has no comment '# {step.anchor}' any more")
    later = [index for index in numbered if index > start]
    return start, (later[0] - 1 if later else shown[-1])


def _assignment(body: list[ast.stmt], name: str, start: int, end: int) -> ast.stmt | None:
    """The first statement between lines start and end that assigns ``name`` (a plain or a tuple target)."""
    for statement in (node for top in body for node in ast.walk(top)):
        if not isinstance(statement, ast.Assign | ast.AugAssign | ast.AnnAssign):
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if start <= statement.lineno <= end and name in _target_names(targets):
            return statement
    return None


def _target_names(targets: list[ast.expr]) -> set[str]:
    names = set()
    for target in targets:
        parts = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        names |= {ast.unparse(part) for part in parts}
    return names


def mentions(text: str, name: str) -> bool:
    """Whether ``name`` (``x_hat``, ``c.x_hat``, ``self.running_mean``) appears in code ``text`` as a whole name."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text) is not None
