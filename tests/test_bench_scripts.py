"""The page-rerun benchmark still drives the pages it times (`make bench` crashed once when a page's state changed
under it): each interaction runs once, and every figure is a time."""

import pytest
import streamlit as st

from bench import page_reruns


@pytest.mark.parametrize("measure", [page_reruns.walkthrough, page_reruns.training_lab])
def test_the_page_rerun_benchmark_drives_every_interaction(monkeypatch, measure):
    monkeypatch.setattr(page_reruns, "REPEATS", 1)
    monkeypatch.setattr(st.cache_resource, "clear", lambda: None)  # the other tests' cached runs stay
    figures = measure()
    assert figures and all(seconds > 0 for seconds in figures.values())
