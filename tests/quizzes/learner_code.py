"""A learner's ``batchnorm_forward`` written line by line, for the sandbox's tests."""

HEADER = "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n"


def body(*lines: str) -> str:
    """The function with ``lines`` as its body, each indented once."""
    return HEADER + "".join(f"    {line}\n" for line in lines)
