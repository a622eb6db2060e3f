"""The allow-list check refuses what learner code must not do, with one clear sentence naming the line, before any
process starts; ordinary solutions pass it."""

import pytest

from quizzes.exercises import grade
from quizzes.sandbox.check import MAX_SOURCE_CHARS, CheckedCode, Rejection, check_code
from tests.quizzes.learner_code import body

REFUSED = [
    ("import os", "Line 1: imports are not allowed here; `np` (NumPy) is already available."),
    ("from os import system", "Line 1: imports are not allowed here"),
    (body("import os", "return x"), "Line 2: imports are not allowed here"),
    ('__import__("os").system("touch /tmp/pwned")', "Line 1: names with double underscores (`__import__`)"),
    ("().__class__.__bases__[0].__subclasses__()", "Line 1: attributes with double underscores"),
    (body("return x.__class__"), "Line 2: attributes with double underscores (`.__class__`)"),
    ('open("/etc/passwd").read()', "Line 1: `open` is not available here: there are no files"),
    (body("np.save('x.npy', x)", "return x"), "Line 2: `np.save` reads or writes files"),
    (body("return np.load('x.npy')"), "Line 2: `np.load` reads or writes files"),
    (body("return np.fromfile('/etc/passwd')"), "`np.fromfile` reads or writes files"),
    (body("x.tofile('x.bin')", "return x"), "Line 2: `.tofile` is not available here"),
    (body("return np.lib.npyio"), "`np.lib` is not available here"),
    (body("return np.ctypeslib"), "`np.ctypeslib` is not available here"),
    (body("return np.testing"), "`np.testing` is not available here"),
    (body("return x.ctypes"), "`.ctypes` is not available here"),
    (body("return np.ndarray((3,), buffer=x, strides=(-8,))"), "`np.ndarray` is not available here"),
    ("m = np\nm.load('x.npy')", "Line 2: `.load` is not available here"),
    ("eval('1 + 1')", "`eval` is not available here"),
    ("exec('x = 1')", "`exec` is not available here"),
    ("compile('1', 'f', 'eval')", "`compile` is not available here"),
    ("getattr(np, 'save')", "`getattr` is not available here"),
    ("globals()", "`globals` is not available here"),
    ("breakpoint()", "`breakpoint` is not available here"),
    ("class Layer:\n    pass", "Line 1: classes are not needed here"),
    ("try:\n    x = 1\nexcept Exception:\n    pass", "Line 1: try/except is not allowed here"),
    ("with x:\n    pass", "Line 1: `with` blocks are not allowed here"),
    ("def f():\n    global g\n    g = 1", "Line 2: `global` is not allowed here"),
    ("def f():\n    yield 1", "Line 2: generators (`yield`) are not allowed here"),
    ("@decorate\ndef f():\n    pass", "decorators are not allowed here"),
    ("name = 'x.__class__'", "Line 1: text containing double underscores"),
    (body("return x.astype(object)"), "`object` is not available here"),
    (body("return np.zeros(3, dtype='O')"), "Line 2: only number dtypes are allowed here"),
    (body("return np.zeros(3, 'O')"), "Line 2: only number dtypes are allowed here"),
    (body("return np.full(2, len, list)"), "Line 2: only number dtypes are allowed here"),
    (body("return x.sum(0, str)"), "Line 2: only number dtypes are allowed here"),
    ("np.sum = print", "Line 1: changing NumPy (`np.sum = ...`) is not allowed here"),
    ("f(**{'dtype': 'O'})", "keyword unpacking (`**`) is not allowed here"),
    ("def f(:\n    pass", "Line 1: syntax error"),
    ("x = 1\0", "Your code contains a null character"),
    ("x = " + "-" * 5000 + "1", "Your code could not be read"),
    ("x = " + "(" * 250 + "1" + ")" * 250, "Line 1: syntax error: too many nested parentheses"),
    ("x = " + "[" * 80 + "]" * 80, "nested more than 60 levels deep"),
    ("x = 1\n" * 3000, "Your code is too long"),
]


@pytest.mark.parametrize(("source", "message"), REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_code_outside_the_safe_subset_is_refused_with_one_sentence_naming_the_line(source, message):
    rejection = check_code(source)
    assert isinstance(rejection, Rejection)
    assert rejection.message.startswith(message) or message in rejection.message, rejection.message
    assert rejection.message.endswith(".")


def test_a_megabyte_of_source_is_refused_before_it_is_parsed():
    """Even a megabyte that would exhaust the parser is refused by its size, so the parser never sees it."""
    rejection = check_code("(" * 1_000_000)
    assert isinstance(rejection, Rejection)
    assert rejection.message.startswith(f"Your code is 1,000,000 characters long; the limit is {MAX_SOURCE_CHARS:,}.")


def test_non_text_is_refused():
    assert isinstance(check_code(b"import os"), Rejection)


def test_ordinary_solutions_are_accepted():
    source = '''
def batchnorm_forward(x: "array", gamma, beta, eps=1e-5) -> "array":
    """A docstring, comments, comprehensions, lambdas, f-strings and the usual NumPy are all fine."""
    n, d = x.shape
    mean = np.array([sum(x[i, j] for i in range(n)) / n for j in range(d)], dtype=np.float64)
    var = ((x - mean[np.newaxis, :]) ** 2).mean(axis=0)
    square_root = lambda v: np.sqrt(v.astype(float))  # noqa
    assert var.shape == (d,), f"var has shape {var.shape}"
    x_hat = (x - mean) / square_root(var + eps)
    if n < 2:
        raise ValueError("need two samples")
    return gamma * x_hat + beta
'''
    assert check_code(source) == CheckedCode(source)


@pytest.mark.parametrize(
    "source",
    [
        "a = np.zeros(3, 'float64')",
        "a = np.ones((2, 3), float)",
        "a = np.einsum('ij,j->i', x, gamma)",  # subscripts, not a dtype
        "a = x.reshape(2, -1, 'F')",  # a memory order
        "rows.append('O')",  # a list's append holds anything
        "a = isinstance(x, list)",  # a type given to a builtin, not to NumPy
    ],
)
def test_text_and_types_given_to_numpy_that_are_not_dtypes_are_accepted(source):
    assert check_code(source) == CheckedCode(source)


def test_a_dtype_held_in_a_variable_passes_the_check_but_its_output_is_refused():
    """The check sees dtypes written in a call only; an array of Python objects still never leaves the child."""
    code = body("kind = 'O'", "return np.zeros(x.shape, kind)")
    assert isinstance(check_code(code), CheckedCode)
    result = grade("bn_forward", code)
    assert result.mistake == "wrong_type" and "`y` is an array of object values" in result.message
