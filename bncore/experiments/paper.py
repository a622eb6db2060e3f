"""The paper experiment of the Training Lab: Ioffe & Szegedy (2015), Figure 1, on the digits set."""

from __future__ import annotations

from bncore.training.comparison import arm_config
from bncore.training.config import TrainConfig

PAPER_CONFIG = TrainConfig(
    dataset="digits",
    depth=3,
    width=100,
    activation="sigmoid",
    init="gaussian",
    init_scale=0.1,
    lr=1.0,
    optimizer="sgd",
    batch_size=60,
    epochs=40,
    seed=0,
)


def paper_config(arm: str) -> TrainConfig:
    """3 hidden layers of 100 sigmoid units, Gaussian initial weights (std 0.1), batch 60, plain SGD at rate 1, with
    or without BN (``arm``). The paper used MNIST for 50,000 steps; digits needs about 1,000."""
    return arm_config(PAPER_CONFIG, arm)
