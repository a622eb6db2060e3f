"""Test support: read the arithmetic a text prints ("(0.5 − 0.525) / √(1.1019 + 0.00001) ≈ -0.0238") and check it.

``printed_relations(text)`` finds every '=' and '≈' whose both sides are pure arithmetic as printed (numbers, + − - ·
/ ( ) √) and returns (left value, sign, right value, right is a single number). Sides with words or symbols are
skipped, so "x̂ = (x − μ) / √(σ² + ε) = (0.5 − 0.525) / ..." checks only the numeric link.
"""

from __future__ import annotations

import math
import re

ARITHMETIC = set("0123456789.+-−·/()√ ")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
TOKENS = re.compile(r"\d+(?:\.\d+)?|sqrt|[-+*/()]")


def _evaluate(expression: str) -> float | None:
    """The value of a printed expression, or None if it is not a complete one."""
    python = expression.replace("−", "-").replace("·", "*").replace("√", "sqrt")
    if not any(c.isdigit() for c in python) or python.count("(") != python.count(")"):
        return None
    if "".join(TOKENS.findall(python)) != python.replace(" ", ""):
        return None
    try:
        return float(eval(python, {"__builtins__": {}}, {"sqrt": math.sqrt}))
    except (SyntaxError, ZeroDivisionError, ValueError, TypeError):
        return None


def _suffix(text: str) -> str:
    end = len(text)
    start = end
    while start > 0 and text[start - 1] in ARITHMETIC:
        start -= 1
    return text[start:end].strip()


def _prefix(text: str) -> str:
    end = 0
    while end < len(text) and text[end] in ARITHMETIC:
        end += 1
    return text[:end].strip().rstrip(".").strip()


def printed_relations(text: str) -> list[tuple[float, str, float, bool, str]]:
    """(left, '=' or '≈', right, right is one number, the printed link) for every numeric link in ``text``."""
    pieces = re.split(r"(=|≈)", text)
    found = []
    for k in range(1, len(pieces) - 1, 2):
        left, right = _suffix(pieces[k - 1]), _prefix(pieces[k + 1])
        a, b = _evaluate(left), _evaluate(right)
        if a is not None and b is not None:
            found.append((a, pieces[k], b, bool(NUMBER.match(right.replace("−", "-"))), f"{left} {pieces[k]} {right}"))
    return found
