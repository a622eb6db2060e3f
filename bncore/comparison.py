"""A with/without-BN comparison advanced in small time-boxed chunks, so a page can draw between chunks.

Both arms are the same ``TrainConfig`` except for ``batch_norm``: they start from the same weights and see the same
batches in the same order (see ``bncore.trainer``). An arm that diverges stops; the other goes on.
"""

from __future__ import annotations

import time

from bncore.config import TrainConfig
from bncore.history import History
from bncore.trainer import Trainer

ARMS = ("With BN", "Without BN")
CHUNK_STEPS = 4  # steps per arm between clock checks: small enough to keep a time budget within a few ms


class Comparison:
    """Two Trainers, "With BN" and "Without BN", of one configuration (``config.batch_norm`` is ignored)."""

    def __init__(self, config: TrainConfig):
        self.config = config
        self.trainers = {
            "With BN": Trainer(config.replace(batch_norm=True)),
            "Without BN": Trainer(config.replace(batch_norm=False)),
        }

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
