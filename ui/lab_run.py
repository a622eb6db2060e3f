"""The Training Lab's run: Play / Pause / Step / Reset and the ticks that advance a live comparison or a replay.

Session state (per learner, prefix ``lab.``):
    lab.active       the config the learner last started with Play or Step (None after Reset); results of other
                     configs are not shown even when cached, so every run is watched from its first epoch
    lab.comparison   a live bncore Comparison of the current config, while it is being trained
    lab.result       (config, histories) of the finished comparison of the current config
    lab.target       the epoch playing runs to (None: paused)
    lab.shown        the epoch a replay of a finished run has reached (None: show the latest)
A tick trains for a time budget (never seconds at a stretch) or, for a finished run, reveals more epochs; a finished
run is also handed to the shared cache, so Play on it later, or by another learner, replays it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from bncore import History, TrainConfig
from bncore.comparison import Comparison
from ui.lab_cache import recall, remember


@dataclass(frozen=True)
class Speed:
    seconds_between_ticks: float
    training_seconds: float  # the most training one tick may do (it holds the server's GIL meanwhile)
    epochs_per_tick: int | None  # epochs trained or replayed per tick; None: as many as training_seconds allows
    replay_epochs: int  # epochs revealed per tick when replaying a finished run


SPEEDS = {
    "slow": Speed(1.0, 0.3, 1, 1),
    "medium": Speed(0.3, 0.15, None, 2),
    "fast": Speed(0.05, 0.35, None, 5),
}


def _state(key: str, default=None):
    return st.session_state.get(f"lab.{key}", default)


def _set(key: str, value) -> None:
    st.session_state[f"lab.{key}"] = value


def finished(config: TrainConfig) -> dict[str, History] | None:
    """The finished comparison of ``config`` once the learner started it: theirs, else the shared cache's, else None."""
    if _state("active") != config:
        return None
    result = _state("result")
    if result is not None and result[0] == config:
        return result[1]
    histories = recall(config)
    if histories is not None:
        _set("result", (config, histories))
    return histories


def live(config: TrainConfig) -> Comparison | None:
    comparison = _state("comparison")
    return comparison if comparison is not None and comparison.config == config else None


def _start(config: TrainConfig) -> None:
    """Make ``config`` the learner's active run; a run found finished in the cache is revealed from epoch 0."""
    if _state("active") == config:
        return
    for key in ("comparison", "result", "shown"):
        _set(key, None)
    _set("active", config)
    if finished(config) is not None:
        _set("shown", 0)


def histories(config: TrainConfig) -> dict[str, History] | None:
    """What there is to show for ``config``: the finished run, the live one so far, or None (nothing run yet)."""
    done = finished(config)
    if done is not None:
        return done
    comparison = live(config)
    return comparison.histories() if comparison is not None else None


def shown_epoch(config: TrainConfig, available: int) -> int:
    """The epoch on screen: the one a replay has reached or the learner picked, else the latest available."""
    shown = _state("shown")
    if shown is not None and shown >= available and not is_playing():
        _set("shown", None)  # held at the newest epoch: follow the run again
    return available if shown is None else min(shown, available)


def is_playing() -> bool:
    return _state("target") is not None


def play(config: TrainConfig) -> None:
    _start(config)
    if finished(config) is not None:
        if _state("shown") is None:
            _set("shown", 0)  # at the end already: replay from the start
    else:
        _set("shown", None)
        if live(config) is None:
            _set("comparison", Comparison(config))
    _set("target", config.epochs)


def pause() -> None:
    _set("target", None)


def step(config: TrainConfig) -> None:
    """One more epoch: revealed from a finished run, or trained."""
    _start(config)
    if finished(config) is not None:
        shown = _state("shown")
        _set("shown", None if shown is None or shown + 1 >= config.epochs else shown + 1)
        return
    comparison = live(config) or Comparison(config)
    _set("comparison", comparison)
    _set("target", comparison.epochs_done() + 1)


def reset() -> None:
    """Back to nothing trained (a finished run stays in the shared cache: Play then replays it at once)."""
    for key in ("active", "comparison", "result", "target", "shown"):
        _set(key, None)


def tick(config: TrainConfig, speed: Speed) -> None:
    """Advance whatever is playing by one tick."""
    target = _state("target")
    if target is None:
        return
    done = finished(config)
    if done is not None:
        shown = (_state("shown") or 0) + speed.replay_epochs
        if shown >= config.epochs or shown >= target:
            _set("shown", None if shown >= config.epochs else shown)
            pause()
        else:
            _set("shown", shown)
        return
    comparison = live(config)
    if comparison is None:
        pause()
        return
    until = target if speed.epochs_per_tick is None else min(target, comparison.epochs_done() + speed.epochs_per_tick)
    comparison.advance(speed.training_seconds, until_epoch=until)
    if comparison.done:
        histories_now = comparison.histories()
        remember(config, histories_now)
        _set("result", (config, histories_now))
        _set("comparison", None)
        pause()
    elif comparison.epochs_done() >= target:
        pause()


def counters(config: TrainConfig) -> dict[str, str]:
    """Per arm: "epoch e / E · batch b / B", or where it diverged."""
    comparison = live(config)
    done = finished(config)
    text = {}
    for name in ("With BN", "Without BN"):
        if comparison is not None:
            trainer = comparison.trainers[name]
            history = trainer.history() if trainer.done else None
            epoch, batch, per_epoch = trainer.epoch, trainer.step_in_epoch, trainer.steps_per_epoch
        elif done is not None:
            history = done[name]
            epoch, batch, per_epoch = history.epochs_completed, 0, history.steps_per_epoch
        else:
            text[name] = f"epoch 0 / {config.epochs}"
            continue
        if history is not None and history.diverged_at is not None:
            text[name] = f"diverged at step {history.diverged_at} (epoch {epoch + 1})"
        else:
            text[name] = f"epoch {epoch} / {config.epochs} · batch {batch} / {per_epoch}"
    return text
