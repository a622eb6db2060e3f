"""Training Lab runs shared by every learner on the server: one with/without-BN comparison per configuration,
trained once, however many learners watch it.

Twenty learners pressing Play on the default settings would otherwise train twenty identical pairs of networks on a
2-core server. ``shared_run(config)`` hands every session the same ``SharedRun``; whichever session's tick holds
the server's single ``training_slot`` advances it, and every session reads its latest snapshot. Each learner still
watches the run from epoch 0 at their own pace: their position lives in their own session state (ui.training_lab.run).
Only one run trains at a time, so training never takes more than one core from other learners' clicks.

A shared run holds only what its configuration determines (weights, histories); nothing a learner typed or chose
beyond the settings reaches it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import streamlit as st

from bncore import History, TrainConfig
from bncore.training.comparison import Comparison
from ui.common.cached import config_key


@dataclass(frozen=True)
class ArmProgress:
    epoch: int  # epochs completed
    batch: int  # steps done in the epoch under way
    steps_per_epoch: int
    diverged_at: int | None


class SharedRun:
    """A comparison in training (or finished), with an immutable snapshot of its histories for readers."""

    def __init__(self, config: TrainConfig):
        self.config = config
        self._comparison: Comparison | None = Comparison(config)
        self._publish()

    def _publish(self) -> None:
        """Replace the snapshot readers see (one reference swap, so a reader never sees half an update)."""
        comparison = self._comparison
        self.snapshot: tuple[dict[str, History], dict[str, ArmProgress]] = (
            {name: history.read_only() for name, history in comparison.histories().items()},
            {
                name: ArmProgress(t.epoch, t.step_in_epoch, t.steps_per_epoch, t.recorder.diverged_at)
                for name, t in comparison.trainers.items()
            },
        )
        if comparison.done:
            self._comparison = None  # keep the histories, free the networks and data

    @property
    def done(self) -> bool:
        return self._comparison is None

    def epochs_done(self) -> int:
        """Epochs every arm has finished (a diverged arm counts as finished)."""
        _, progress = self.snapshot
        return min(self.config.epochs if p.diverged_at is not None else p.epoch for p in progress.values())

    def advance(self, seconds: float, until_epoch: int) -> None:
        """Train for up to ``seconds`` towards ``until_epoch`` if no other run is training right now."""
        slot = training_slot()
        if self.done or not slot.acquire(blocking=False):
            return
        try:
            if self._comparison is not None:
                self._comparison.advance(seconds, until_epoch=until_epoch)
                self._publish()
        finally:
            slot.release()


@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)
def _shared_run(key: tuple) -> SharedRun:
    return SharedRun(TrainConfig(*key))


def shared_run(config: TrainConfig) -> SharedRun:
    """The one run of ``config`` on this server: a finished run pinned at start-up (ui.training_lab.warm), else one
    created on first use (dropped after an hour or for newer ones)."""
    key = config_key(config)
    pinned = pinned_runs().get(key)
    return pinned if pinned is not None else _shared_run(key)


@st.cache_resource(show_spinner=False)
def pinned_runs() -> dict[tuple, SharedRun]:
    """Finished runs kept for the server's lifetime, by config key: filled once, before the server takes learners,
    by ui.training_lab.warm, and only read afterwards."""
    return {}


@st.cache_resource(show_spinner=False)
def training_slot() -> threading.Lock:
    """The server's single permission to train: held for at most one tick's training budget at a time."""
    return threading.Lock()
