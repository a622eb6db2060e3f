"""What the server-wide caches share: a ``TrainConfig`` as a tuple of scalars, which st.cache_data and
st.cache_resource hash cheaply and ``TrainConfig(*key)`` turns back into the configuration, and the progress bar a
cached training draws."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple

import streamlit as st

from bncore import TrainConfig


def config_key(config: TrainConfig) -> tuple:
    """A configuration as a tuple of scalars, the key of the shared caches."""
    return astuple(config)


@contextmanager
def training_progress(text: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar while the block runs, moved by the callback it yields: (steps done, steps in total).

    Open it inside the cached function that trains: Streamlit records the bar with the result and replays it (ending
    removed) on a cache hit, which it could not do for a bar created outside the function.
    """
    bar = st.progress(0.0, text=text)
    try:
        yield lambda done, total: bar.progress(done / total, text=f"{text} {done / total:.0%}")
    finally:
        bar.empty()
