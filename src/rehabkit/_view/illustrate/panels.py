"""Start and end as two panels side by side, where the movement is large enough for two
separate pictures to show it; a small movement stays one picture, its start drawn pale
under the end with the arrow (drawing.py), where two near-identical panels would hide it."""

from __future__ import annotations

import html
import math

from attrs import evolve, frozen

from rehabkit._core.i18n import N_, current_language, gettext, is_right_to_left
from rehabkit._model.pose import Pose
from rehabkit._view.illustrate.alt_text import moving_point
from rehabkit._view.illustrate.canvas import SCALE, Box
from rehabkit._view.illustrate.colours import INK, PROP
from rehabkit._view.illustrate.drawing import (
    ARROW_WIDTH,
    arrow_shape,
    arrow_svg,
    figure_svg,
    overlay_box,
    wrapped,
)
from rehabkit._view.illustrate.figure import Frame
from rehabkit._view.illustrate.props import prop_room, props_svg

# The rule (docs/illustrations.md): two panels where some part of the body moves at least
# this far between the start and the end, in body heights: about 25 cm of a 1.7 m body,
# as far as a shin is long, so that the two pictures differ at a glance; less, and the
# pale start under the end, with its arrow, shows the movement better (editors' choice).
PANELS_FROM = 0.15
PAD = 0.06  # round each panel's figure, in body heights, as round the one picture
GAP = 0.0  # the panels meet within their pads, where the line parting them runs
LABEL_SIZE = 0.07  # the words Start and End: 28 SVG units, a body's head high
LETTER = 0.62  # a letter's width in the label's font, in ems, a little over the average
LABEL_FONTS = "Atkinson Hyperlegible, Noto Sans, sans-serif"
ARABIC_FONTS = "Amiri, Noto Sans, sans-serif"
_WORDS = {"start": N_("Start"), "end": N_("End")}
_XY = tuple[float, float]


def largest_move(start: Frame, end: Frame) -> float:
    """How far the part that moves most travels, start to end, in body heights (across
    and up the picture: what a reader sees)."""
    return max(math.dist(start.points[n].at[:2], end.points[n].at[:2]) for n in end.points)


@frozen
class _Panel:
    moment: str  # "start" or "end"
    frame: Frame
    box: Box
    label: _XY  # the label's centre, in body heights, before the panel's shift


@frozen
class Panels:
    """The two panels, laid out: in reading order, within ``view`` (the viewBox)."""

    panels: tuple[_Panel, _Panel]
    view: tuple[float, float, float, float]
    moving: str  # the point the arrow follows


def panel_layout(pose: Pose, start: Frame, end: Frame, working: str | None) -> Panels | None:
    """The two panels, where the movement is large (the rule) and they fit in twice the
    width of the one picture; None to draw the one picture."""
    if largest_move(start, end) < PANELS_FROM:
        return None
    overlay = overlay_box(pose, start, end, working)
    # Each panel draws the props about its own moment, where the one picture draws the
    # end's only: a prop of the start reaching above or below the one picture (a stick
    # held overhead, or past the lower hand of a body lying on its side) would leave its
    # panel, so such a movement keeps the one picture.
    start_room, end_room = prop_room(pose, start, working), prop_room(pose, end, working)
    bottom = overlay.top - overlay.height
    if any(y + r > overlay.top or y - r < bottom for _, y, r in start_room):
        return None
    moving = moving_point(pose, working, start, end)[0]
    rtl = is_right_to_left(current_language())
    # The end's panel holds where the arrow starts: the moving point at the start.
    tail = start.points[moving]
    tail_room = (tail.at[0], tail.at[1], tail.radius)
    end_panel = _clear_of_the_arrow(
        _Moment("end", end, overlay, [*end_room, tail_room], rtl), start, moving
    )
    if end_panel is None:
        return None
    panels = [_panel(_Moment("start", start, overlay, start_room, rtl)), end_panel]
    first, second = reversed(panels) if rtl else panels
    if first.box.width + GAP + second.box.width > 2 * overlay.width:
        return None
    second = evolve(second, box=evolve(second.box, shift=first.box.left + first.box.width
                                       + GAP - second.box.left))  # fmt: skip
    view = (first.box.left * SCALE, -overlay.top * SCALE,
            (first.box.width + GAP + second.box.width) * SCALE, overlay.height * SCALE)  # fmt: skip
    return Panels((first, second), view, moving)


@frozen
class _Moment:
    """What one panel is laid out for: its moment, the figure, the one picture's room,
    its props' room (circles x, y, radius) and the reading direction."""

    moment: str
    frame: Frame
    overlay: Box
    room: list[tuple[float, float, float]]
    rtl: bool


def _clear_of_the_arrow(m: _Moment, start: Frame, moving: str) -> _Panel | None:
    """The end's panel with its label clear of the arrow as drawn there: the arrow takes
    its side of the movement from the panel's room, so the label is placed, the arrow
    found, and the label placed again clear of it, until neither moves; None where no
    place is clear."""
    avoid: list[tuple[float, float, float]] = []
    for _ in range(3):
        panel = _panel(m, avoid)
        arrow = _arrow_circles(panel.box, start, m.frame, moving)
        if not _covers(arrow, panel.label, _label_half(m.moment)):
            return panel
        avoid += arrow
    return None


def _arrow_circles(
    box: Box, start: Frame, end: Frame, moving: str
) -> list[tuple[float, float, float]]:
    """The arrow drawn in ``box`` as circles (x, y, radius) in body heights: along its
    shaft, as wide as its stroke, and its head's corners."""
    shape = arrow_shape(box, start, end, moving)
    if shape is None:
        return []
    (sx, sy, ex, ey), head = shape
    steps = max(2, math.ceil(math.hypot(ex - sx, ey - sy) / 2))  # every 2 SVG units
    shaft = [(sx + (ex - sx) * k / steps, sy + (ey - sy) * k / steps) for k in range(steps + 1)]
    head_fill = [(sum(x for x, _ in head) / 3, sum(y for _, y in head) / 3), *head]
    return [(x / SCALE - box.shift, -y / SCALE, ARROW_WIDTH / 2 / SCALE) for x, y in shaft] + [
        (x / SCALE - box.shift, -y / SCALE, 0.0) for x, y in head_fill
    ]


def _label_half(moment: str) -> _XY:
    """Half the width and height a panel's label takes, with a margin round its words."""
    width = LETTER * LABEL_SIZE * len(gettext(_WORDS[moment]))
    return width / 2 + 0.01, LABEL_SIZE / 2 + 0.01


def _panel(m: _Moment, avoid: list[tuple[float, float, float]] | None = None) -> _Panel:
    """One moment's panel: as tall as the one picture, as wide as its own figure and its
    props' room, and its label in a top corner clear of them and of ``avoid`` (the
    reading side's first), or beside them where neither corner is clear."""
    circles = _circles(m.frame) + m.room
    left = min(x - r for x, _, r in circles) - PAD
    right = max(x + r for x, _, r in circles) + PAD
    width = LETTER * LABEL_SIZE * len(gettext(_WORDS[m.moment]))
    y = m.overlay.top - PAD / 3 - LABEL_SIZE / 2
    corners = [left + PAD / 2 + width / 2, right - PAD / 2 - width / 2]
    for x in reversed(corners) if m.rtl else corners:
        if not _covers([*circles, *(avoid or [])], (x, y), _label_half(m.moment)):
            return _Panel(m.moment, m.frame, _box(m, left, right), (x, y))
    if m.rtl:
        right += width + PAD / 2
        x = right - PAD / 2 - width / 2
    else:
        left -= width + PAD / 2
        x = left + PAD / 2 + width / 2
    return _Panel(m.moment, m.frame, _box(m, left, right), (x, y))


def _box(m: _Moment, left: float, right: float) -> Box:
    return Box(left, m.overlay.top, right - left, m.overlay.height)


def _circles(frame: Frame) -> list[tuple[float, float, float]]:
    """The figure as circles (x, y, radius): each point, and along each limb."""
    out = [(p.at[0], p.at[1], p.radius) for p in frame.points.values()]
    for limb in frame.limbs:
        a, b = frame.points[limb.start], frame.points[limb.end]
        radius = min(a.radius, b.radius)
        for k in (0.2, 0.4, 0.6, 0.8):
            out.append((a.at[0] + (b.at[0] - a.at[0]) * k, a.at[1] + (b.at[1] - a.at[1]) * k,
                        radius))  # fmt: skip
    return out


def _covers(circles: list[tuple[float, float, float]], centre: _XY, half: _XY) -> bool:
    """Whether any circle reaches into the rectangle round ``centre`` (half sizes ``half``)."""
    for x, y, r in circles:
        dx = max(abs(x - centre[0]) - half[0], 0.0)
        dy = max(abs(y - centre[1]) - half[1], 0.0)
        if math.hypot(dx, dy) < r:
            return True
    return False


def panels_svg(pose: Pose, layout: Panels, working: str | None, texts: tuple[str, str, str]) -> str:
    """The SVG document of the two panels: each with its props, its figure and its label,
    the arrow of the movement on the end's; a line between them."""
    first = layout.panels[0]
    start = next(p.frame for p in layout.panels if p.moment == "start")
    body: list[str] = []
    for panel in layout.panels:
        body += _panel_svg(pose, panel, working, start, layout.moving)
    x = (first.box.left + first.box.width + GAP / 2) * SCALE
    top = layout.view[1] + PAD / 2 * SCALE
    body.append(
        f'<line class="panel-divider" x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="0.0" '
        f'stroke="{PROP}" stroke-width="2"/>'
    )
    return wrapped(layout.view, texts, body)


def _panel_svg(
    pose: Pose, panel: _Panel, working: str | None, start: Frame, moving: str
) -> list[str]:
    box, frame = panel.box, panel.frame
    behind, front = props_svg(pose, frame, box, working)
    prefix = "start-" if panel.moment == "start" else ""
    body = [*behind, *figure_svg(box, frame, ghost=False, prefix=prefix), *front]
    if panel.moment == "end":
        body += arrow_svg(box, start, frame, moving)
    x, y = box.svg(*panel.label)
    rtl = is_right_to_left(current_language())
    fonts = ARABIC_FONTS if rtl else LABEL_FONTS
    baseline = float(y) + LABEL_SIZE * SCALE * 0.35  # the middle of the letters at ``y``
    body.append(
        f'<text class="panel-label" x="{x}" y="{baseline:.1f}" font-size="{LABEL_SIZE * SCALE:.0f}"'
        f' font-family="{fonts}" font-weight="bold" text-anchor="middle" fill="{INK}">'
        f"{html.escape(gettext(_WORDS[panel.moment]))}</text>"
    )
    return [f'<g class="panel" data-moment="{panel.moment}">', *body, "</g>"]
