"""Numbers and sums for formulas with substituted values (LaTeX strings for st.latex), shared by every page.

Numbers get two decimals between 0.01 and 10^4 and a.bc × 10^k outside (``number_text`` writes the same number for
plain text); sums fold their signs into the operators
and, above ``ELIDE_ABOVE`` terms, keep the first two and the last term around a \\dots:
"-0.96 - 1.71 + \\dots + 2.09". Long chains break into ``aligned`` lines (``per_line`` terms each) that fit a 390 px
phone.
"""

from __future__ import annotations

from collections.abc import Iterable

ELIDE_ABOVE = 8  # longer sums show their first two and last terms
ELIDE_WIDE_ABOVE = 4  # sums of products and vectors are wider, so they are elided sooner


def number(value: float) -> str:
    """Two decimals between 0.01 and 10^4 (and 0), otherwise a.bc \\times 10^k; never fails on a finite float."""
    value = float(value)
    if value == 0 or 0.01 <= abs(value) < 1e4:
        text = f"{value:.2f}"
        return "0.00" if text == "-0.00" else text
    mantissa, exponent = f"{value:.2e}".split("e")  # formatting, not division: denormals and 1e308 work too
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number_text(value: float) -> str:
    """The same number as ``number`` in plain text, for metrics and Markdown where LaTeX is not rendered:
    "0.25", or "6.25 × 10⁻⁴"."""
    mantissa, times, power = number(value).partition(r" \times ")
    if not times:
        return mantissa
    exponent = power.removeprefix("10^{").removesuffix("}")
    return f"{mantissa} × 10{exponent.translate(SUPERSCRIPTS)}"


def factor(value: float) -> str:
    """A number as a factor of a product: negative ones in parentheses."""
    return f"({number(value)})" if value < 0 else number(value)


def power_of_ten(value: float) -> str:
    """1e-05 as 10^{-5} (or 3 \\times 10^{-4})."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"10^{{{int(exponent)}}}" if mantissa == "1" else rf"{mantissa} \times 10^{{{int(exponent)}}}"


def elide(terms: list[str], limit: int = ELIDE_ABOVE) -> list[str]:
    """Terms of a sum, the middle replaced by a single \\dots when there are more than ``limit``."""
    return terms if len(terms) <= limit else terms[:2] + [r"\dots"] + terms[-1:]


def operator_terms(first: str, rest: Iterable[str], per_line: int | None = None) -> str:
    """Terms of a chain, each after the first carrying its operator ("+ b", "- c"), joined by spaces. With
    ``per_line``, a line break (for an aligned block, continuing at an alignment point) after every ``per_line``
    terms."""
    parts = [first]
    for k, term in enumerate(rest, start=1):
        if per_line and k % per_line == 0:
            parts.append(r"\\ &\qquad")
        parts.append(term)
    return " ".join(parts)


def signed_sum(values: Iterable[float], per_line: int | None = None) -> str:
    """ "a - b + \\dots + c": the values summed, signs folded into the operators, broken every ``per_line`` terms."""
    first, *rest = elide([number(v) for v in values])
    return operator_terms(first, (f"- {t[1:]}" if t.startswith("-") else f"+ {t}" for t in rest), per_line)


def product_sum(left: Iterable[float], right: Iterable[float], per_line: int | None = None) -> str:
    """ "a_1 \\cdot b_1 + a_2 \\cdot b_2 + \\dots": a sum of products, negative factors in parentheses, broken every
    ``per_line`` products."""
    first, *rest = elide([rf"{factor(a)} \cdot {factor(b)}" for a, b in zip(left, right)], ELIDE_WIDE_ABOVE)
    return operator_terms(first, (f"+ {t}" for t in rest), per_line)


def vector(values: Iterable[float], limit: int = ELIDE_WIDE_ABOVE) -> str:
    r"""(a,\ b,\ \dots,\ c), elided above ``limit`` entries."""
    return r"(" + r",\ ".join(elide([number(v) for v in values], limit)) + ")"


def aligned(*lines: str) -> str:
    """Lines of an equation chain, aligned on their first '=' (or arrow, marked with &): each line short enough for a
    narrow column or a 390 px phone, where a wider equation is cut off at the screen's edge."""
    return r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"
