"""The Training Lab's settings: their ranges and labels, and their round trip through the URL's query string.

Pure Python (no Streamlit), so a shared link can be tested without an app. A settings object is a ``TrainConfig``
(its ``batch_norm`` field is ignored: the lab always trains both arms). ``from_query`` never fails: unknown keys are
ignored, a bad or out-of-range value falls back to the default with a one-line notice that quotes at most
``ui.common.quote.MAX_QUOTED`` characters of it as code (never as markup).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict

from bncore import ACTIVATIONS, DATASETS, INITS, OPTIMIZERS, PLACEMENTS, TrainConfig
from ui.common.quote import inline_code

DEFAULT = TrainConfig()
# A network both arms can train: the default's width, data and optimizer with 4 layers and He initialization. Swept
# over the learning rates of the lab (300 steps a point), with BN it trains up to η ≈ 2.7 and without up to η ≈ 0.19,
# for seeds 0-3 alike; at the default (8 layers, PyTorch's initialization) the arm without BN trains at no rate.
BOTH_TRAIN = DEFAULT.replace(depth=4, init="he")
MAX_VALUE_LENGTH = 64  # longer query values are cut to this many characters before they are read


def one_two_five(low_exponent: int, high_exponent: int) -> tuple[float, ...]:
    """1, 2, 5 steps per decade from 10**low to 10**high inclusive: the values of a log slider."""
    values = [m * 10.0**e for e in range(low_exponent, high_exponent) for m in (1, 2, 5)]
    return tuple(float(f"{v:.1g}") for v in values) + (10.0**high_exponent,)


LEARNING_RATE_CHOICES = one_two_five(-4, 1)  # 1e-4 ... 10
INIT_SCALE_CHOICES = one_two_five(-4, 0)  # 1e-4 ... 1

INT_RANGES = {"depth": (1, 12), "width": (16, 256), "batch_size": (2, 256), "epochs": (1, 100), "seed": (0, 99_999)}
CHOICES = {
    "dataset": DATASETS,
    "activation": ACTIVATIONS,
    "init": INITS,
    "optimizer": OPTIMIZERS,
    "bn_placement": PLACEMENTS,
}
LOG_CHOICES = {"lr": LEARNING_RATE_CHOICES, "init_scale": INIT_SCALE_CHOICES}
SHARED_FIELDS = tuple(INT_RANGES) + tuple(CHOICES) + tuple(LOG_CHOICES)

LABELS = {
    "dataset": {"digits": "Handwritten digits (UCI, 8×8)", "spirals": "Spirals (2-D toy)", "blobs": "Blobs (2-D toy)"},
    "activation": {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid"},
    "init": {
        "default": "PyTorch default",
        "he": "He (Kaiming)",
        "xavier": "Xavier (Glorot)",
        "gaussian": "Gaussian, chosen scale",
    },
    "optimizer": {"sgd": "SGD", "momentum": "SGD + momentum (0.9)", "adam": "Adam"},
    "bn_placement": {"before_activation": "Before the activation", "after_activation": "After the activation"},
}


def nearest(options: tuple[float, ...], value: float) -> float:
    """The option closest to value on a log scale."""
    return min(options, key=lambda option: abs(math.log(option) - math.log(value)))


def _number(raw: str, kind: type):
    try:
        return kind(raw)
    except ValueError:
        raise ValueError("expected a number" if kind is float else "expected a whole number") from None


def _parse(name: str, raw: str):
    """The value of one query field, or a ValueError saying what was expected."""
    if name in INT_RANGES:
        low, high = INT_RANGES[name]
        value = _number(raw, int)
        if not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value
    if name in CHOICES:
        if raw not in CHOICES[name]:
            raise ValueError(f"expected one of {', '.join(CHOICES[name])}")
        return raw
    options = LOG_CHOICES[name]
    value = _number(raw, float)
    if not (math.isfinite(value) and options[0] * 0.999 <= value <= options[-1] * 1.001):
        raise ValueError(f"expected a number from {options[0]:g} to {options[-1]:g}")
    return nearest(options, value)


def from_query(params: Mapping[str, str]) -> tuple[TrainConfig, list[str]]:
    """Settings from a query string's parameters, and a notice for every value that could not be used."""
    values, notices = {}, []
    for name in SHARED_FIELDS:
        if name not in params:
            continue
        raw = str(params[name])
        try:
            values[name] = _parse(name, raw[:MAX_VALUE_LENGTH])
        except ValueError as error:
            cut = f", after cutting it to {MAX_VALUE_LENGTH} characters" if len(raw) > MAX_VALUE_LENGTH else ""
            notices.append(
                f"The link's {name}={inline_code(raw)} was ignored ({error}{cut}); using the default, "
                f"{getattr(DEFAULT, name)}."
            )
    if values.get("init", DEFAULT.init) != "gaussian":
        values.pop("init_scale", None)  # only a Gaussian initialization has a scale; the panel shows none otherwise
    return DEFAULT.replace(**values), notices


def to_query(config: TrainConfig) -> dict[str, str]:
    """The shareable part of a config as query parameters (every lab setting, so a link is self-contained)."""
    return {
        name: f"{getattr(config, name):g}" if name in LOG_CHOICES else str(getattr(config, name))
        for name in SHARED_FIELDS
    }


def config_dict(config: TrainConfig) -> dict:
    """The settings as a plain dict of the shared fields (what notes attach to a lab state)."""
    return {name: value for name, value in asdict(config).items() if name in SHARED_FIELDS}
