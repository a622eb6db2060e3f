"""Warm start: the Training Lab's default runs trained before a server takes learners, so that the first learner's Play
replays a finished run instead of training it.

``warm_start`` trains each configuration of ``WARM_CONFIGS`` to the end and pins it in the shared-run cache the page
reads (``ui.training_lab.shared.pinned_runs``, a process-wide ``st.cache_resource``), where it stays for the server's
lifetime: the hour-long expiry and the eight-entry limit of the other shared runs do not apply to it. It must run in
the server's own process, before the server opens its port (``scripts/serve.py`` does this), so that a replica is
reported healthy only once it is warm.
"""

from __future__ import annotations

import time

from bncore import DATASETS, TrainConfig
from ui.common.cached import config_key
from ui.training_lab.settings import DEFAULT
from ui.training_lab.shared import SharedRun, pinned_runs

WARM_CONFIGS = tuple(DEFAULT.replace(dataset=dataset) for dataset in DATASETS)  # the page's defaults, every dataset
TRAINING_CHUNK_SECONDS = 1.0  # one call of SharedRun.advance; the loop goes on until the run is finished


def warm_start(configs: tuple[TrainConfig, ...] = WARM_CONFIGS) -> dict[TrainConfig, float]:
    """Train every configuration's with/without-BN comparison to the end and pin it; returns the seconds each took.
    A configuration already pinned is not trained again."""
    pinned = pinned_runs()
    seconds = {}
    for config in configs:
        start = time.perf_counter()
        key = config_key(config)
        run = pinned.get(key) or SharedRun(config)
        while not run.done:
            run.advance(TRAINING_CHUNK_SECONDS, until_epoch=config.epochs)
        pinned[key] = run
        seconds[config] = time.perf_counter() - start
    return seconds
