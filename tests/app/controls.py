"""Checks shared by the page tests: every control is created with its value (issue 14: controls drawn at their
minimum and moved afterwards flashed the minimum, and could show it while the page computed with another value)."""

from streamlit.testing.v1 import AppTest

CONTROL_KINDS = ("slider", "select_slider", "number_input", "selectbox", "radio")


def shown_value(widget):
    """What the control shows when the browser first draws it: its default, read as the value it stands for."""
    proto = widget.proto
    if widget.type == "slider":
        return list(proto.default)
    if widget.type == "number_input":
        return proto.default
    if widget.type == "select_slider":
        return widget.options[int(proto.default[0])]
    return proto.default if proto.HasField("default") else None  # selectbox, radio: the index (None: no choice yet)


def value_of(widget):
    if widget.type == "slider":
        return [float(widget.value)]
    if widget.type == "number_input":
        return float(widget.value)
    if widget.type == "select_slider":
        return widget.format_func(widget.value)
    return widget.index


def assert_created_with_their_values(at: AppTest) -> int:
    """Every control on the page was drawn with the value the page computes with, not set after drawing.
    Returns how many controls were checked."""
    checked = 0
    for kind in CONTROL_KINDS:
        for widget in getattr(at, kind):
            assert not widget.proto.set_value, f"{widget.key} was drawn at its default and moved afterwards"
            assert shown_value(widget) == value_of(widget), f"{widget.key} shows {shown_value(widget)}"
            checked += 1
    return checked
