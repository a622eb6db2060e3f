"""The Training Lab's run for one learner: Play / Pause / Step / Reset, and the ticks that move them through it.

The networks are trained once per configuration for everyone (ui.training_lab.shared); this module keeps only the
learner's own position, in session state (``LabKeys.ACTIVE``, ``REVEALED``, ``TARGET``, ``VIEWED`` and
``VIEW_MOVES``).
A tick reveals a few more epochs, training the shared run first when it is behind (within a time budget, and only
when no other run is training), so no rerun holds the server for seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from bncore import History, TrainConfig
from bncore.training.comparison import ARMS
from ui.training_lab.cache import untrained
from ui.training_lab.keys import LabKeys
from ui.training_lab.shared import SharedRun, shared_run


@dataclass(frozen=True)
class Speed:
    seconds_between_ticks: float
    training_seconds: float  # the most training one tick may do
    epochs_per_tick: int  # the most epochs one tick reveals


SPEEDS = {  # ticks no closer than 0.25 s: every tick redraws the charts, for every learner watching
    "slow": Speed(1.0, 0.3, 1),
    "medium": Speed(0.5, 0.15, 2),
    "fast": Speed(0.25, 0.35, 5),
}


def current_run(config: TrainConfig) -> SharedRun | None:
    """The shared run of ``config`` if this learner has started it."""
    return shared_run(config) if started(config) else None


def revealed(run: SharedRun) -> int:
    """Epochs shown to this learner: no more than the run has trained (it may have been restarted on the server)."""
    return min(st.session_state.get(LabKeys.REVEALED, 0), run.epochs_done())


def started(config: TrainConfig) -> bool:
    """Whether this learner has pressed Play or Step for ``config`` (since the last Reset)."""
    return st.session_state.get(LabKeys.ACTIVE) == config


def histories(config: TrainConfig) -> dict[str, History]:
    """Both arms as far as this learner has watched them: only epoch 0, the untrained networks, before Play or Step."""
    run = current_run(config)
    if run is None:
        return untrained(config)
    shown = revealed(run)
    return {name: h.up_to_epoch(shown) for name, h in run.snapshot[0].items()}


def viewed_epoch(available: int) -> int:
    """The epoch on screen: the one picked with the slider, else the newest revealed."""
    viewed = st.session_state.get(LabKeys.VIEWED)
    return available if viewed is None or viewed >= available else viewed


def view(epoch: int, available: int) -> None:
    """The learner picked ``epoch`` with the slider (the newest one means: follow the run again)."""
    st.session_state[LabKeys.VIEWED] = None if epoch >= available else epoch


def follow_the_run() -> None:
    """Show the newest revealed epoch again (Play, Step, Reset), and count the move: a view in the browser drops the
    picks it made before it (ui.training_lab.views.epoch_view)."""
    st.session_state[LabKeys.VIEWED] = None
    st.session_state[LabKeys.VIEW_MOVES] = st.session_state.get(LabKeys.VIEW_MOVES, 0) + 1


def is_playing() -> bool:
    return st.session_state.get(LabKeys.TARGET) is not None


def _start(config: TrainConfig) -> SharedRun:
    if not started(config):
        st.session_state[LabKeys.ACTIVE] = config
        st.session_state[LabKeys.REVEALED] = 0
    return shared_run(config)


def play(config: TrainConfig) -> None:
    run = _start(config)
    if st.session_state.get(LabKeys.REVEALED, 0) >= config.epochs or (run.done and revealed(run) >= run.epochs_done()):
        st.session_state[LabKeys.REVEALED] = 0  # watched to the end already: replay from the start
    follow_the_run()
    st.session_state[LabKeys.TARGET] = config.epochs


def pause() -> None:
    st.session_state[LabKeys.TARGET] = None


def step(config: TrainConfig) -> None:
    """Reveal one more epoch (training it first if nobody has)."""
    run = _start(config)
    follow_the_run()
    st.session_state[LabKeys.TARGET] = min(revealed(run) + 1, config.epochs)


def reset() -> None:
    """Back to nothing shown (the shared run stays on the server: Play then replays it at once), sweeps closed."""
    for key in (LabKeys.ACTIVE, LabKeys.REVEALED, LabKeys.TARGET):
        st.session_state[key] = None
    follow_the_run()
    for key in LabKeys.SHOWN_EXPERIMENTS:
        st.session_state.pop(key, None)


def tick(config: TrainConfig, speed: Speed) -> None:
    """Move a playing learner on by one tick: train the shared run if it is behind, then reveal up to
    ``speed.epochs_per_tick`` more epochs of it."""
    target, run = st.session_state.get(LabKeys.TARGET), current_run(config)
    if target is None or run is None:
        pause()
        return
    shown_before = st.session_state.get(LabKeys.REVEALED, 0)
    want = min(target, shown_before + speed.epochs_per_tick)
    if run.epochs_done() < want:
        # Until the first epoch is shown (the rerun of Play itself, as a rule), train no further: its points come first.
        run.advance(speed.training_seconds, until_epoch=want if shown_before else min(want, 1))
    shown = min(want, run.epochs_done())
    st.session_state[LabKeys.REVEALED] = shown
    if shown >= target or (run.done and shown >= run.epochs_done()):
        pause()


def counters(config: TrainConfig) -> dict[str, str]:
    """Per arm: "epoch e / E", with the batch the shared training is on when the learner is at its front,
    or where the arm diverged once the learner has reached that point."""
    run = current_run(config)
    if run is None:
        return dict.fromkeys(ARMS, f"epoch 0 / {config.epochs}")
    shown = revealed(run)
    text = {}
    for name, progress in run.snapshot[1].items():
        if progress.diverged_at is not None and shown > progress.epoch:
            text[name] = f"diverged at step {progress.diverged_at} (epoch {progress.epoch + 1})"
        elif shown == progress.epoch and not run.done and is_playing() and progress.batch:
            text[name] = (
                f"epoch {shown} / {config.epochs} · training batch {progress.batch} / {progress.steps_per_epoch}"
            )
        else:
            text[name] = f"epoch {min(shown, progress.epoch)} / {config.epochs}"
    return text
