"""A with/without-BN comparison advanced in small time-boxed chunks, so a page can draw between chunks.

Both arms are the same ``TrainConfig`` except for ``batch_norm``: they start from the same weights and see the same
batches in the same order (see ``bncore.training.trainer``). An arm that diverges stops; the other goes on.
"""

from __future__ import annotations

import time

from bncore.training.config import TrainConfig
from bncore.training.history import History
from bncore.training.trainer import Trainer

ARMS = (
    "with_bn",
    "without_bn",
)  # the two arms of every comparison: a normalization layer in each hidden layer, or none
CHUNK_STEPS = 4  # steps per arm between clock checks: small enough to keep a time budget within a few ms


def arm_config(config: TrainConfig, arm: str) -> TrainConfig:
    """``config`` for one arm: with its normalization layers ("with_bn") or without any ("without_bn")."""
    if arm not in ARMS:
        raise ValueError(f"arm must be one of {', '.join(ARMS)}; got {arm!r}")
    return config.replace(batch_norm=arm == "with_bn")


class Comparison:
    """Two Trainers, one per arm of ``ARMS``, of one configuration (``config.batch_norm`` is ignored)."""

    def __init__(self, config: TrainConfig):
        self.config = config
        self.trainers = {arm: Trainer(arm_config(config, arm)) for arm in ARMS}

    @property
    def done(self) -> bool:
        return all(trainer.done for trainer in self.trainers.values())

    def epochs_done(self) -> int:
        """The epochs both arms have finished (an arm that diverged counts as finished)."""
        return min(self.config.epochs if t.done else t.epoch for t in self.trainers.values())

    def advance(self, seconds: float, until_epoch: int | None = None) -> None:
        """Train both arms, alternating small chunks, for about ``seconds`` or until every arm that is still
        running has completed ``until_epoch`` epochs (default: all of them)."""
        target = self.config.epochs if until_epoch is None else until_epoch
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            behind = [t for t in self.trainers.values() if not t.done and t.epoch < target]
            if not behind:
                return
            for trainer in behind:
                trainer.advance(CHUNK_STEPS)

    def histories(self) -> dict[str, History]:
        """Each arm's History so far."""
        return {name: trainer.history() for name, trainer in self.trainers.items()}
