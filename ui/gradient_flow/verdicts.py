"""What the gradient check says to the learner: one message, and its kind (success / warning / error).

Pure: it compares the check of the backward pass the learner picked with the check of the correct pass at the same
precision and step, so a float32 "failure" of a correct pass is never reported as a caught bug.
"""

from __future__ import annotations

from bncore.experiments.gradient_flow import FAIL_ABOVE, GradientCheck

PATH_NAMES = {"variance": "variance path (dσ²)", "mean": "mean path (dμ)"}
CLEARLY_WORSE = 10.0  # a broken pass caught in float32 must score this many times worse than the correct one


def check_message(check: GradientCheck, correct: GradientCheck) -> tuple[str, str]:
    """(kind, text): kind is "success", "warning" or "error".

    Args:
        check: the check of the backward pass being tested (possibly broken).
        correct: the check of the correct backward pass with the same dtype and step.
    """
    x_check, worst = check.parameters[0], check.worst
    correct_x = correct.parameters[0]
    if (
        check.dtype == "float32"
        and check.drop != "none"
        and x_check.error > FAIL_ABOVE
        and x_check.error > CLEARLY_WORSE * correct_x.error
    ):
        return "error", (
            f"Caught, even in float32: dx's relative error is {x_check.error:.1e} against "
            f"{correct_x.error:.1e} for the correct pass at the same precision, so this bug stands out of "
            f"the rounding noise. The {PATH_NAMES[check.drop]} is missing from dx. Smaller bugs would "
            "drown in float32's noise: gradient checks run in float64."
        )
    if check.dtype == "float32":
        if check.drop == "none":
            verdict = "even though this backward pass is correct"
        else:
            verdict = (
                f"and the correct backward pass scores {correct.worst.error:.1e} at the same precision: "
                "the check cannot tell a bug from rounding"
            )
        return "warning", (
            f"float32 keeps about 7 significant digits, so the rounding in f(x ± h), divided by 2h, "
            f"swamps the difference: worst relative error {worst.error:.1e}, {verdict}. "
            "This is why gradient checks run in float64."
        )
    if check.drop != "none" and x_check.verdict != "pass":
        return "error", (
            f"Caught: dx's relative error is {x_check.error:.1e} (the correct pass scores "
            f"{correct.parameters[0].error:.1e}), while dγ and dβ still pass. The "
            f"{PATH_NAMES[check.drop]} is missing from dx."
        )
    if check.drop != "none":
        return "warning", (
            f"The bug went unnoticed: for this dy the {PATH_NAMES[check.drop]} carries almost nothing "
            f"(its largest term is {check.dropped_path:.0e}; the mean path vanishes when Σ dy = 0, the "
            "variance path when Σ dy·x̂ = 0). A gradient check is only as good as its test input: "
            "check with a random dy."
        )
    if worst.verdict == "pass":
        return "success", (
            f"Pass: every relative error is below 1e-7 (worst {worst.error:.1e}), or the gradient is "
            "about zero and the absolute difference is below 1e-8."
        )
    return "warning", (
        f"Inconclusive: worst relative error {worst.error:.1e}, max |a − n| = {worst.max_abs_error:.1e}. "
        f"With h = {check.step:.0e} the difference quotient itself is off: a large h adds truncation "
        "error (the curve is not a line over 2h), a tiny h adds rounding error. A constant feature, "
        "whose σ is only √ε ≈ 0.003, bends within a very small h: try a smaller one."
    )
