"""The from-scratch reading view: the engine side is bncore's current source, the PyTorch side is valid Python with
nn.BatchNorm1d's defaults and the train/eval switch, and the conventions that differ are stated where they matter."""

import ast
import textwrap

import pytest

from tests.conftest import ROOT
from ui.walkthrough.reading import PARTS, engine_location, engine_source


@pytest.mark.parametrize("part", PARTS, ids=lambda part: part.title)
def test_each_part_shows_bncores_functions_as_they_are_and_parsable_pytorch(part):
    for function in part.engine:
        source = engine_source(function)
        assert source.startswith(f"def {function.__name__}(")
        path, line = engine_location(function).split(", line ")
        on_disk = (ROOT / path).read_text().splitlines()[int(line) - 1 :][: len(source.splitlines())]
        assert source == textwrap.dedent("\n".join(on_disk))  # the file's own lines, at the place named
    tree = ast.parse(part.pytorch)  # shown, not run: it must still be valid Python
    assert not any(isinstance(node, ast.Import) and node.names[0].name == "ui" for node in ast.walk(tree))
    assert "nn.BatchNorm1d(4, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)" in part.pytorch
    assert part.conventions


def test_the_parts_cover_forward_backward_running_statistics_and_the_eval_switch():
    text = {part.title: part.pytorch for part in PARTS}
    assert "bn.train()" in text["Forward"] and "correction=0" in text["Forward"]
    assert "y.backward(dy)" in text["Backward"] and "x.grad" in text["Backward"]
    assert "momentum=None" in text["Running statistics"]
    assert "bn.eval()" in text["Inference (eval)"]


def test_the_conventions_that_differ_are_stated_in_the_part_where_they_matter():
    conventions = {part.title: " ".join(part.conventions) for part in PARTS}
    assert "Biased variance" in conventions["Forward"] and "unbiased" in conventions["Forward"]
    assert "inside the square root" in conventions["Forward"]
    running = conventions["Running statistics"]
    assert "Unbiased variance" in running and "weight of the new batch" in running
    assert "Keras 0.99 is PyTorch 0.01" in running


def test_the_running_statistics_engine_code_says_what_the_convention_claims():
    running = next(part for part in PARTS if part.title == "Running statistics")
    source = "\n".join(engine_source(function) for function in running.engine)
    assert "(1.0 - weight) * self.running_mean + weight * cache.mean" in source  # momentum weighs the new batch
    assert "cache.var * (cache.count / (cache.count - 1))" in source  # the unbiased variance
    assert "if training or not self.track_running_stats" in source  # the train/eval switch
