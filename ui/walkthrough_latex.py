"""The walkthrough's six steps as text: a title, one sentence and a formula with the selected feature's numbers.

Pure string builders (LaTeX for st.latex), so the arithmetic a learner reads can be unit-tested against bncore.
Numbers are shown with two decimals; for batches larger than 8 the middle terms of a sum are elided.
"""

from __future__ import annotations

from ui.walkthrough_compute import WalkthroughNumbers

STEP_TITLES = (
    "The input",
    "Batch mean",
    "Batch variance",
    "Normalize",
    "Scale and shift",
    "Update the running statistics",
)
LAST_STEP = len(STEP_TITLES) - 1
MAX_TERMS = 8  # longer sums show their first three and last two terms


def num(value: float) -> str:
    """Two decimals; tiny non-zero values in scientific notation so they do not read as 0.00."""
    if value != 0 and abs(value) < 0.005:
        mantissa, exponent = f"{value:.1e}".split("e")
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return f"{value:.2f}"


def power_of_ten(value: float) -> str:
    """1e-05 as 10^{-5} (or 3 \\times 10^{-4})."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"10^{{{int(exponent)}}}" if mantissa == "1" else rf"{mantissa} \times 10^{{{int(exponent)}}}"


def elide(terms: list[str], limit: int = MAX_TERMS, head: int = 3, tail: int = 2) -> list[str]:
    """Keep lists of up to ``limit`` terms whole; of longer ones keep ``head`` and ``tail`` terms around a \\ldots."""
    return terms if len(terms) <= limit else terms[:head] + [r"\ldots"] + terms[-tail:]


def signed_sum(values, per_line: int = 4) -> str:
    """-0.96 - 1.71 + ... + 2.09, signs folded into the operators, broken into lines of ``per_line`` terms
    (as rows of an aligned block: each new line starts with an alignment point)."""
    parts = []
    for k, term in enumerate(elide([num(v) for v in values])):
        if k and k % per_line == 0:
            parts.append(r"\\ &\qquad")
        if k == 0:
            parts.append(term)
        elif term == r"\ldots":
            parts.append(r"+ \ldots")
        elif term.startswith("-"):
            parts.append(f"- {term[1:]}")
        else:
            parts.append(f"+ {term}")
    return " ".join(parts)


def step_sentence(step: int, n: WalkthroughNumbers, feature: int) -> str:
    """One sentence on what the step does, in terms of the selected feature."""
    name = f"F{feature}"
    return (
        f"Batch norm treats each feature on its own: here are the {n.m} values of {name} in this mini-batch.",
        f"Average the {n.m} values of {name}: μ is the centre that will be subtracted from each of them.",
        f"Measure the spread: the average squared distance from μ, dividing by m = {n.m} (the biased variance).",
        f"Subtract μ and divide by √(σ² + ε): the column {name} now has mean 0 and variance close to 1.",
        "Apply the learned scale γ and shift β, so the network can still choose any mean and spread it needs.",
        f"Training only: move the running statistics {n.momentum:g} of the way towards this batch's "
        f"(unbiased variance, × m/(m−1) = {n.m}/{n.m - 1}); inference will use them instead of batch statistics.",
    )[step]


def aligned(*lines: str) -> str:
    """Lines of an equation chain, aligned on their first '=' (or arrow); short enough for a narrow column."""
    return r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"


def step_latex(step: int, n: WalkthroughNumbers, feature: int) -> str:
    """The step's formula, then the feature's numbers substituted, then the result; steps 3-4 follow the first sample."""
    j = feature
    column, mean, var = n.x[:, j], n.mean[j], n.var[j]
    if step == 0:
        terms = elide([num(v) for v in column])
        rows = [", ".join(terms[k:k + 4]) for k in range(0, len(terms), 4)]
        return aligned(rf"x^{{(F{j})}} &= \big({rows[0]}" + "".join(rf",\\ &\qquad {row}" for row in rows[1:]) + r"\big)")
    if step == 1:
        return aligned(rf"\mu &= \tfrac{{1}}{{m}} \textstyle\sum_i x_i",
                       rf"&= \tfrac{{1}}{{{n.m}}}\big({signed_sum(column)}\big)", rf"&= {num(mean)}")
    if step == 2:
        deviations = elide([num(v) for v in column - mean], limit=4, head=2, tail=1)  # squares are wide: fewer terms
        squares = " + ".join(t if t == r"\ldots" else f"({t})^2" for t in deviations)
        return aligned(rf"\sigma^2 &= \tfrac{{1}}{{m}} \textstyle\sum_i (x_i - \mu)^2",
                       rf"&= \tfrac{{1}}{{{n.m}}}\left({squares}\right)", rf"&= {num(var)}")
    if step == 3:
        return aligned(rf"\hat{{x}}_1 &= \frac{{x_1 - \mu}}{{\sqrt{{\sigma^2 + \epsilon}}}}",
                       rf"&= \frac{{{num(column[0])} - ({num(mean)})}}{{\sqrt{{{num(var)} + {power_of_ten(n.eps)}}}}}",
                       rf"&= {num(n.x_hat[0, j])}")
    if step == 4:
        return aligned(r"y_1 &= \gamma\,\hat{x}_1 + \beta",
                       rf"&= {num(n.gamma[j])} \cdot ({num(n.x_hat[0, j])}) + ({num(n.beta[j])})",
                       rf"&= {num(n.y_train[0, j])}")
    keep, new = 1 - n.momentum, n.momentum
    old, nxt = n.running, n.next_running
    return aligned(
        rf"\mu_{{\text{{run}}}} &\leftarrow (1 - {new:g})\,\mu_{{\text{{run}}}} + {new:g}\,\mu",
        rf"&= {keep:g} \cdot {num(old.mean[j])} + {new:g} \cdot ({num(mean)}) = {num(nxt.mean[j])}",
        rf"\sigma^2_{{\text{{run}}}} &\leftarrow (1 - {new:g})\,\sigma^2_{{\text{{run}}}} + {new:g}\,"
        rf"\tfrac{{m}}{{m-1}}\,\sigma^2",
        rf"&= {keep:g} \cdot {num(old.var[j])} + {new:g} \cdot \tfrac{{{n.m}}}{{{n.m - 1}}} \cdot {num(var)}"
        rf" = {num(nxt.var[j])}",
    )
