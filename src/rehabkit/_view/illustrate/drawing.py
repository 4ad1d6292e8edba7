"""An exercise figure as deterministic SVG: the props behind, the start drawn pale, the end
(or the held position), the props in front and the arrow of the movement."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from rehabkit._model.pose import Pose
from rehabkit._view.illustrate.alt_text import moving_point
from rehabkit._view.illustrate.canvas import EDGE, SCALE, Box, Room, fmt, line_svg
from rehabkit._view.illustrate.colours import ACCENT, ARROW, FAR, FILLS, GHOST, INK, OTHER
from rehabkit._view.illustrate.figure import Frame, Limb
from rehabkit._view.illustrate.props import prop_room, props_svg

ASPECT = 4 / 3  # the narrowest picture, width to height
WIDEST = 3.0  # the widest: a body lying flat is about 3 times as wide as its picture is tall
_XY = tuple[float, float]
MIN_ARROW = 44.0  # SVG units: a shaft as long as its head, at least (editors' choice)


def extent(frames: Sequence[Frame], props: Room) -> Box:
    xs: list[float] = []
    ys: list[float] = []
    for frame in frames:
        for p in frame.points.values():
            xs += [p.at[0] - p.radius, p.at[0] + p.radius]
            ys += [p.at[1] - p.radius, p.at[1] + p.radius]
    for x, y, r in props:
        xs += [x - r, x + r]
        ys += [y - r, y + r]
    ys.append(0.0)
    pad = 0.06
    left, right, bottom, top = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    width, height = right - left, top - bottom
    # Cut close round the body, within the shapes a card has room for; room added to a wide
    # picture goes above it, so the floor stays at its foot.
    if width / height < ASPECT:
        grow = height * ASPECT - width
        left, width = left - grow / 2, width + grow
    elif width / height > WIDEST:
        grow = width / WIDEST - height
        top, height = top + grow, height + grow
    return Box(left, top, width, height)


def figure_svg(box: Box, frame: Frame, ghost: bool, prefix: str = "") -> list[str]:
    """The limbs far side first, then the trunk and head, then the near side: each an
    outline (the class names the part, after ``prefix``) with its inside drawn over it;
    the start of an overlay (``ghost``) dashed, its classes "start-"."""
    prefix = "start-" if ghost else prefix
    order = sorted(frame.limbs, key=lambda limb: (limb.near, limb.name in ("trunk", "neck")))
    out = _limbs_svg(box, frame, order, ghost, prefix)
    head = frame.points["head"]
    x, y = box.svg(head.at[0], head.at[1])
    part, edge = f"{prefix}head", GHOST if ghost else INK
    dash = ' stroke-dasharray="8 5"' if ghost else ""
    out.append(
        f'<circle class="{part}" cx="{x}" cy="{y}" r="{fmt((head.radius - EDGE / 2) * SCALE)}"'
        f' fill="#ffffff" stroke="{edge}" stroke-width="{fmt(EDGE * SCALE)}"{dash}/>'
    )
    return out + ([] if ghost else _face_svg(box, frame, ghost, prefix))


def _limbs_svg(
    box: Box, frame: Frame, limbs: Sequence[Limb], ghost: bool, prefix: str
) -> list[str]:
    out = []
    for limb in limbs:
        a, b = frame.points[limb.start], frame.points[limb.end]
        colour = GHOST if ghost else _colour(limb.working, limb.name, limb.near)
        part = f"{prefix}{limb.name}"
        width = 2 * min(a.radius, b.radius)
        outline = line_svg(box, a.at, b.at, colour, width, part)
        out.append(outline.replace("/>", ' stroke-dasharray="8 5"/>') if ghost else outline)
        inside = FILLS.get(colour, "#ffffff") if not ghost else "#ffffff"
        out.append(line_svg(box, a.at, b.at, inside, width - 2 * EDGE, f"{part}-fill"))
    return out


def _face_svg(box: Box, frame: Frame, ghost: bool, prefix: str) -> list[str]:
    """The way the head faces (a head's turn, format 1.2): a dot inside its outline."""
    if "face" not in frame.points:
        return []
    face = frame.points["face"]
    x, y = box.svg(face.at[0], face.at[1])
    fill = GHOST if ghost else INK
    return [
        f'<circle class="{prefix}face" cx="{x}" cy="{y}" r="{fmt(face.radius * SCALE)}"'
        f' fill="{fill}"/>'
    ]


def start_marks_svg(box: Box, start: Frame) -> list[str]:
    """The start's marks of a turn (the palms' nubs, the face's dot), drawn again over
    the end of one picture: under it, the end's head and hands would hide them where the
    turn leaves the part in place, and the start of the turn would not show."""
    palms = [limb for limb in start.limbs if limb.name.endswith("_palm")]
    return _limbs_svg(box, start, palms, True, "start-") + _face_svg(box, start, True, "start-")


def _colour(working: bool, name: str, near: bool) -> str:
    if working:
        return ACCENT
    if name in ("trunk", "neck"):
        return INK
    return OTHER if near else FAR


ArrowShape = tuple[tuple[float, float, float, float], list[_XY]]  # shaft ends, head: SVG units
ARROW_WIDTH = 6.0  # the shaft's stroke, SVG units


def arrow_svg(box: Box, start: Frame, end: Frame, name: str) -> list[str]:
    shape = arrow_shape(box, start, end, name)
    if shape is None:
        return []
    (sx, sy, ex, ey), head = shape
    points = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in head)
    return [
        f'<line class="arrow" x1="{fmt(sx)}" y1="{fmt(sy)}" x2="{fmt(ex)}" y2="{fmt(ey)}" '
        f'stroke="{ARROW}" stroke-width="{ARROW_WIDTH:.0f}" stroke-linecap="round"/>',
        f'<polygon points="{points}" fill="{ARROW}"/>',
    ]


def arrow_shape(box: Box, start: Frame, end: Frame, name: str) -> ArrowShape | None:
    """Where the arrow of the movement of point ``name`` is drawn in ``box``: its shaft's
    ends and its head's corners, in SVG units; None for no movement."""
    a, b = start.points[name].at, end.points[name].at
    (x1, y1), (x2, y2) = box.svg(a[0], a[1]), box.svg(b[0], b[1])
    fx1, fy1, fx2, fy2 = float(x1), float(y1), float(x2), float(y2)
    length = math.hypot(fx2 - fx1, fy2 - fy1)
    if length < 0.5:
        return None
    ux, uy = (fx2 - fx1) / length, (fy2 - fy1) / length
    if length < MIN_ARROW:  # a small movement still shows its direction, centred on it
        grow = (MIN_ARROW - length) / 2
        fx1, fy1, fx2, fy2 = fx1 - ux * grow, fy1 - uy * grow, fx2 + ux * grow, fy2 + uy * grow
    # Offset to the outside of the movement, so the arrow does not lie on a limb; a
    # movement near the floor or an edge takes the other side, or less offset, so that the
    # arrow stays inside the picture.
    for offset in (28.0, -28.0, 14.0, -14.0, 0.0):
        ox, oy = -uy * offset, ux * offset
        sx, sy = fx1 + ox + ux * 8, fy1 + oy + uy * 8
        ex, ey = fx2 + ox - ux * 14, fy2 + oy - uy * 14
        head = [
            (ex + ux * 14, ey + uy * 14),
            (ex - uy * 9, ey + ux * 9),
            (ex + uy * 9, ey - ux * 9),
        ]
        if all(_inside(box, x, y, 3.0) for x, y in [(sx, sy), (ex, ey), *head]):
            break
    return (sx, sy, ex, ey), head


def _inside(box: Box, x: float, y: float, margin: float) -> bool:
    """Whether an SVG point, with ``margin`` around it, lies inside the picture."""
    left, top, width, height = box.view()
    right, bottom = left + width, top + height
    return left + margin <= x <= right - margin and top + margin <= y <= bottom - margin


def svg_document(
    pose: Pose, start: Frame, end: Frame | None, working: str | None, texts: tuple[str, str, str]
) -> str:
    box = overlay_box(pose, start, end, working)
    return wrapped(box.view(), texts, _drawing(pose, box, start, end, working))


def overlay_box(pose: Pose, start: Frame, end: Frame | None, working: str | None) -> Box:
    """The room of the one picture: both moments and the props about the end."""
    return extent([start, *([end] if end else [])], prop_room(pose, end or start, working))


def wrapped(view_box: Sequence[float], texts: tuple[str, str, str], body: list[str]) -> str:
    """The SVG document round ``body``: its viewBox, and its title and description
    (``texts``: the title, the description and the id they are named by)."""
    title, alt, ident = texts
    view = " ".join(fmt(v) for v in view_box)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc">',
            f'<title id="{ident}-title">{html.escape(title)}</title>',
            f'<desc id="{ident}-desc">{html.escape(alt)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _drawing(
    pose: Pose, box: Box, start: Frame, end: Frame | None, working: str | None
) -> list[str]:
    """Back to front: the props behind, the start as a ghost, the end (or the held
    position), the props in front, and the arrow of the movement."""
    final = end or start
    behind, front = props_svg(pose, final, box, working)
    body: list[str] = [*behind]
    if end is not None:
        body += figure_svg(box, start, ghost=True)
    body += figure_svg(box, final, ghost=False)
    if end is not None:
        body += start_marks_svg(box, start)
    body += front
    if end is not None:
        body += arrow_svg(box, start, end, moving_point(pose, working, start, end)[0])
    return body
