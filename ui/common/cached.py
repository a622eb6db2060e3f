"""Keys for the server-wide caches: a ``TrainConfig`` as a tuple of scalars, which st.cache_data and
st.cache_resource hash cheaply and ``TrainConfig(*key)`` turns back into the configuration."""

from __future__ import annotations

from dataclasses import astuple

from bncore import TrainConfig


def config_key(config: TrainConfig) -> tuple:
    """A configuration as a tuple of scalars, the key of the shared caches."""
    return astuple(config)
