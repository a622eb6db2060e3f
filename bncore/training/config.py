"""``TrainConfig``: everything that determines a training run. The same config gives the same History, bit for bit."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bncore.data.datasets import DATASETS
from bncore.norm.checks import check_groups

ACTIVATIONS = ("relu", "tanh", "sigmoid")
INITS = ("default", "he", "xavier", "gaussian")
OPTIMIZERS = ("sgd", "momentum", "adam")
PLACEMENTS = ("before_activation", "after_activation")
MLP_NORMALIZATIONS = ("batch", "group", "layer")  # those the MLP can put in its hidden layers (bncore.norm.family)
BATCH_ORDERS = ("shuffled", "by_class")
MAX_BN_NOISE = 5.0  # the largest noise magnitude (bncore.training.noise); beyond it the noise swamps the signal


@dataclass(frozen=True)
class TrainConfig:
    dataset: str = "digits"  # "digits" | "spirals" | "blobs"
    depth: int = 8  # number of hidden layers
    width: int = 100  # units per hidden layer
    activation: str = "relu"  # "relu" | "tanh" | "sigmoid"
    batch_norm: bool = True  # a normalization layer in every hidden layer (BatchNorm unless `normalization` says)
    bn_placement: str = "before_activation"  # Linear -> norm -> act, or Linear -> act -> norm
    normalization: str = "batch"  # which one: "batch" (BatchNorm) | "group" (GroupNorm) | "layer" (LayerNorm)
    norm_groups: int = 4  # groups of hidden units for normalization="group"; must divide width
    init: str = "default"  # "default" (PyTorch nn.Linear) | "he" | "xavier" | "gaussian"
    init_scale: float = 0.01  # standard deviation of the weights for init="gaussian"
    lr: float = 0.1  # learning rate, eta
    optimizer: str = "sgd"  # "sgd" | "momentum" (0.9, PyTorch style) | "adam" (0.9, 0.999)
    batch_size: int = 64
    batch_order: str = "shuffled"  # "shuffled" (i.i.d. batches) | "by_class" (every batch holds a single class)
    epochs: int = 20
    seed: int = 0  # initial weights, data order and generated data sets
    bn_momentum: float = 0.1  # PyTorch convention: weight of the new batch in the running statistics
    bn_noise: float = 0.0  # "noisy BN" (Santurkar et al., 2018): noise magnitude after every norm layer; 0 is plain

    def __post_init__(self) -> None:
        _require(self.dataset in DATASETS, "dataset", self.dataset, f"one of {', '.join(DATASETS)}")
        _require(self.activation in ACTIVATIONS, "activation", self.activation, f"one of {', '.join(ACTIVATIONS)}")
        _require(self.init in INITS, "init", self.init, f"one of {', '.join(INITS)}")
        _require(self.optimizer in OPTIMIZERS, "optimizer", self.optimizer, f"one of {', '.join(OPTIMIZERS)}")
        _require(self.bn_placement in PLACEMENTS, "bn_placement", self.bn_placement, f"one of {', '.join(PLACEMENTS)}")
        _require(
            self.normalization in MLP_NORMALIZATIONS,
            "normalization",
            self.normalization,
            f"one of {', '.join(MLP_NORMALIZATIONS)}",
        )
        _require(self.batch_order in BATCH_ORDERS, "batch_order", self.batch_order, f"one of {', '.join(BATCH_ORDERS)}")
        for name in ("depth", "width", "batch_size", "epochs", "norm_groups"):
            value = getattr(self, name)
            _require(_is_int(value) and value >= 1, name, value, "a positive integer")
        if self.normalization == "group":
            check_groups(self.width, self.norm_groups)
        _require(self.batch_size >= 2, "batch_size", self.batch_size, "at least 2 (batch norm needs two samples)")
        _require(_is_int(self.seed) and self.seed >= 0, "seed", self.seed, "a non-negative integer")
        for name in ("lr", "init_scale"):
            value = getattr(self, name)
            _require(isinstance(value, (int, float)) and 0 < value < float("inf"), name, value, "a positive number")
        _require(
            isinstance(self.bn_momentum, (int, float)) and 0 <= self.bn_momentum <= 1,
            "bn_momentum",
            self.bn_momentum,
            "a number in [0, 1]",
        )
        _require(
            _is_number(self.bn_noise) and 0 <= self.bn_noise <= MAX_BN_NOISE,
            "bn_noise",
            self.bn_noise,
            f"a number in [0, {MAX_BN_NOISE:g}]",
        )

    def replace(self, **changes) -> TrainConfig:
        """A copy with some fields changed (and validated)."""
        return TrainConfig(**{**asdict(self), **changes})


def normalization_fields(normalization: str) -> dict:
    """TrainConfig fields for a hidden-layer normalization: "batch", "layer", "group", or "none" (no such layer)."""
    if normalization == "none":
        return {"batch_norm": False}
    return {"batch_norm": True, "normalization": normalization}


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require(condition: bool, name: str, value, expected: str) -> None:
    if not condition:
        raise ValueError(f"{name} must be {expected}, got {value!r}")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
