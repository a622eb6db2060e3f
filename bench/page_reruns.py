"""Script time of page reruns, measured with AppTest (the page's own run, in this process, no browser).

Each interaction is repeated and the median is reported. Target (issues: walkthrough, training lab): under 150 ms of
script time per interaction. "Play → first points" is timed once, with nothing trained yet (target: under 1 s): the
click's own rerun plus any tick reruns until the first epoch is on screen.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 7


def timed(at: AppTest, interact: Callable[[AppTest], object]) -> float:
    """Median seconds of an interaction followed by its rerun."""
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        interact(at).run() if interact else at.run()
        samples.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return statistics.median(samples)


def walkthrough() -> dict[str, float]:
    at = AppTest.from_file(str(ROOT / "pages" / "1_Walkthrough.py"), default_timeout=60)
    at.run()

    def toggle_mode(a):
        mode = a.radio(key="walk.mode")
        return mode.set_value("Inference" if mode.value == "Training" else "Training")

    def next_or_back(a):
        step = a.session_state.get("walk.step", 0)  # in session state from the first move on
        return a.button(key="walk.next" if step < 5 else "walk.prev").click()

    figures = {
        "rerun (no change)": timed(at, None),
        "Next / Previous step": timed(at, next_or_back),
        "Take a training step": timed(at, lambda a: a.button(key="walk.train_step").click()),
        "switch mode": timed(at, toggle_mode),
        "change ε": timed(
            at,
            lambda a: a.select_slider(key="walk.eps").set_value(
                1e-3 if a.select_slider(key="walk.eps").value != 1e-3 else 1e-5
            ),
        ),
    }
    at.slider(key="walk.m").set_value(64).run()
    figures["rerun with m = 64"] = timed(at, None)
    return figures


def training_lab() -> dict[str, float]:
    """Play on the default settings with nothing trained yet, to the first rerun that shows points; the rest of the
    run (not timed); then the interactions on the finished run. (A scrub reruns nothing before it is drawn: the epoch
    view draws it in the browser, see bench.browser.)"""
    st.cache_resource.clear()  # nothing trained yet, as on a fresh server
    at = AppTest.from_file(str(ROOT / "pages" / "3_Training_Lab.py"), default_timeout=120)
    at.run()
    start = time.perf_counter()
    at.button(key="lab.play").click().run()
    while not at.session_state["lab.revealed"]:
        at.run()
    first_points = time.perf_counter() - start
    while any(b.key == "lab.pause" for b in at.button):
        at.run()

    def replay_step(a):
        return a.button(key="lab.step").click()

    figures = {
        "Play → first points on screen": first_points,
        "rerun a finished run": timed(at, None),
    }
    at.button(key="lab.reset").click().run()
    figures["Step through a cached run"] = timed(at, replay_step)
    return figures


def main() -> None:
    for page, measure in (("Walkthrough", walkthrough), ("Training Lab", training_lab)):
        print(f"{page} page, script time per interaction (AppTest, median of {REPEATS}):")
        for name, seconds in measure().items():
            print(f"  {name:<28}{seconds * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
