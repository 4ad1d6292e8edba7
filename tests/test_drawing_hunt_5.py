"""The drawings' fifth hunt (issue 25): what fresh Hypothesis draws found, kept as examples,
and the principles they broke. A picture's room is reckoned from the very shapes drawn
(every prop, of every kind and place), so nothing drawn leaves the one picture or its
panel."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree

from hypothesis import example, given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._model.pose import PropKind, PropPlace
from rehabkit._view.illustrate.canvas import SCALE, Box
from rehabkit._view.illustrate.figure import Frame
from rehabkit._view.illustrate.props import prop_room, props_svg

from .test_drawing_panels import check_panels, extent, view_box
from .test_illustrations import poses

START = dt.date(2026, 12, 1)
SVG = "{http://www.w3.org/2000/svg}"
_PROPS = st.lists(
    st.tuples(st.sampled_from(list(PropKind)), st.none() | st.sampled_from(list(PropPlace))),
    max_size=4,
    unique_by=lambda p: p[0],
)


@st.composite
def poses_with_any_prop(draw: st.DrawFn) -> dict[str, Any]:
    """Any pose of tests/test_illustrations.py, its props any kind at any place (or none)."""
    pose = draw(poses())
    pose["props"] = [
        {"kind": kind.value} | ({"at": at.value} if at is not None else {})
        for kind, at in draw(_PROPS)
    ]
    return pose


def drawn(pose: dict[str, Any], side: str) -> tuple[rk.Pose, rk.Illustration]:
    """The bridge of runner's knee drawn with ``pose``, for a plan of ``side``."""
    data = rk.to_data(rk.bundled("runners-knee"))
    data["exercises"][1]["pose"] = pose
    protocol = rk.from_data(data)
    assert isinstance(protocol, rk.Protocol)
    plan = rk.personalise(protocol, side=side, start=START)
    (figure,) = rk.illustrate(plan, "long-lever-bridge")
    solved = plan.protocol.exercise("long-lever-bridge").pose
    assert solved is not None
    return solved, figure


def everything_inside(figure: rk.Illustration) -> None:
    """Every element drawn (rects, ellipses and paths too, strokes included) lies inside
    the viewBox; two panels inside the picture and apart."""
    left, top, width, height = view_box(figure.svg)
    x0, y0, x1, y1 = extent(ElementTree.fromstring(figure.svg))
    assert left - 0.1 <= x0 and x1 <= left + width + 0.1, (x0, x1, left, width)
    assert top - 0.1 <= y0 and y1 <= top + height + 0.1, (y0, y1, top, height)


_WEIGHT_ON_THE_BACK_OF_A_PANEL = {
    "position": "sitting", "view": "side",
    "start": {"hip": 74.0, "shoulder_horizontal": 90.0, "elbow": 0.0, "working": {}},
    "end": {"elbow": 1.0}, "props": [{"kind": "weight"}],
}  # fmt: skip


@given(pose=poses_with_any_prop(), side=st.sampled_from(["left", "right", "unspecified"]))
@example(pose=_WEIGHT_ON_THE_BACK_OF_A_PANEL, side="left")
def test_every_prop_of_any_kind_and_place_lies_inside_the_picture_and_its_panel(
    pose: dict[str, Any], side: str
) -> None:
    solved, figure = drawn(pose, side)
    everything_inside(figure)
    if figure.panels:
        check_panels(solved, figure)


def _room_holds_what_is_drawn(pose: rk.Pose, frame: Frame) -> None:
    room = prop_room(pose, frame)
    box = Box(-5.0, 5.0, 10.0, 10.0)
    behind, front = props_svg(pose, frame, box, "left")
    shapes = ElementTree.fromstring(
        f'<svg xmlns="http://www.w3.org/2000/svg">{"".join([*behind[1:], *front])}</svg>'
    )
    if not len(shapes):
        return
    x0, y0, x1, y1 = extent(shapes)
    xs = [x * SCALE + s * r * SCALE for x, _, r in room for s in (-1, 1)]
    ys = [-y * SCALE + s * r * SCALE for _, y, r in room for s in (-1, 1)]
    assert min(xs) - 0.2 <= x0 and x1 <= max(xs) + 0.2, (pose.props, x0, x1, min(xs), max(xs))
    assert min(ys) - 0.2 <= y0 and y1 <= max(ys) + 0.2, (pose.props, y0, y1, min(ys), max(ys))


@given(pose=poses_with_any_prop(), side=st.sampled_from(["left", "right"]))
def test_the_room_of_the_props_holds_every_shape_drawn(pose: dict[str, Any], side: str) -> None:
    """For each moment (the one picture draws the end's props, each panel its own): the
    props' room reaches as far as their drawn shapes, strokes included."""
    solved, figure = drawn(pose, side)
    for frame in (figure.start, figure.end):
        if frame is not None:
            _room_holds_what_is_drawn(solved, frame)
