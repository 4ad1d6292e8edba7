"""An exercise figure as deterministic SVG: the props behind, the start drawn pale, the end
(or the held position), the props in front and the arrow of the movement."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from attrs import frozen

from rehabkit._model.pose import Pose, Prop, PropKind, PropPlace
from rehabkit._view.illustrate.alt_text import moving_point
from rehabkit._view.illustrate.figure import (
    ROLLER_MAX_RADIUS,
    SEAT_HEIGHT,
    STEP_HEIGHT,
    Frame,
)

# Every line and edge has at least 3:1 contrast against white, as WCAG 1.4.11 asks of the
# graphics one needs to understand a picture; fills inside such an edge may be paler.
INK = "#1a1a1a"  # 17:1
ACCENT = "#0b4f8a"  # the working limbs: the handout's accent colour, 8.4:1
OTHER = "#5b6670"  # 5.9:1
FAR = "#7d8996"  # the limbs on the far side, 3.6:1
GHOST = "#868e96"  # the start of a movement, drawn dashed, 3.3:1
ARROW = "#a34700"  # the handout's warning colour: the eye goes to the movement, 6.1:1
BAND = "#6a3d9a"  # a resistance band: not the arrow's colour, 7.6:1
PROP = "#767676"  # 4.5:1
CUSHION_HEIGHT = 0.035  # a flat cushion or a book: about 6 cm of a 1.7 m body
# The insides of outlined limbs: the working limb pale blue, the far limbs pale grey.
FILLS = {ACCENT: "#d6e4f2", FAR: "#eef1f4"}
EDGE = 0.006  # an outline's width, in body heights (editors' choice)
SCALE = 400.0  # SVG units per body height
ASPECT = 4 / 3  # the narrowest picture, width to height
WIDEST = 3.0  # the widest: a body lying flat is about 3 times as wide as its picture is tall
_XY = tuple[float, float]
MIN_ARROW = 44.0  # SVG units: a shaft as long as its head, at least (editors' choice)


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


@frozen
class Box:
    """A picture's room, in body heights; ``shift`` moves what is drawn in it across
    (a panel set beside another)."""

    left: float
    top: float
    width: float
    height: float
    shift: float = 0.0

    def svg(self, x: float, y: float) -> tuple[str, str]:
        return _fmt((x + self.shift) * SCALE), _fmt(-y * SCALE)

    def view(self) -> tuple[float, float, float, float]:
        """The picture in SVG units: left, top, width and height (the viewBox)."""
        left = (self.left + self.shift) * SCALE
        return left, -self.top * SCALE, self.width * SCALE, self.height * SCALE


def extent(frames: Sequence[Frame], props: list[tuple[float, float, float]]) -> Box:
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


def _line(
    box: Box, a: Sequence[float], b: Sequence[float], colour: str, width: float, part: str
) -> str:
    """A rounded segment; ``part`` names it (class) so tests can measure the drawing."""
    (x1, y1), (x2, y2) = box.svg(a[0], a[1]), box.svg(b[0], b[1])
    return (
        f'<line class="{part}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
        f'stroke-width="{_fmt(width * SCALE)}" stroke-linecap="round"/>'
    )


def figure_svg(box: Box, frame: Frame, ghost: bool, prefix: str = "") -> list[str]:
    """The limbs far side first, then the trunk and head, then the near side: each an
    outline (the class names the part, after ``prefix``) with its inside drawn over it;
    the start of an overlay (``ghost``) dashed, its classes "start-"."""
    prefix = "start-" if ghost else prefix
    out = []
    order = sorted(frame.limbs, key=lambda limb: (limb.near, limb.name in ("trunk", "neck")))
    for limb in order:
        a, b = frame.points[limb.start], frame.points[limb.end]
        colour = GHOST if ghost else _colour(limb.working, limb.name, limb.near)
        part = f"{prefix}{limb.name}"
        width = 2 * min(a.radius, b.radius)
        outline = _line(box, a.at, b.at, colour, width, part)
        out.append(outline.replace("/>", ' stroke-dasharray="8 5"/>') if ghost else outline)
        inside = FILLS.get(colour, "#ffffff") if not ghost else "#ffffff"
        out.append(_line(box, a.at, b.at, inside, width - 2 * EDGE, f"{part}-fill"))
    head = frame.points["head"]
    x, y = box.svg(head.at[0], head.at[1])
    part, edge = f"{prefix}head", GHOST if ghost else INK
    dash = ' stroke-dasharray="8 5"' if ghost else ""
    out.append(
        f'<circle class="{part}" cx="{x}" cy="{y}" r="{_fmt((head.radius - EDGE / 2) * SCALE)}"'
        f' fill="#ffffff" stroke="{edge}" stroke-width="{_fmt(EDGE * SCALE)}"{dash}/>'
    )
    return out


def _colour(working: bool, name: str, near: bool) -> str:
    if working:
        return ACCENT
    if name in ("trunk", "neck"):
        return INK
    return OTHER if near else FAR


def props_svg(
    pose: Pose, frame: Frame, box: Box, working: str | None
) -> tuple[list[str], list[str]]:
    """Props drawn behind the figure, and props drawn in front of it (a band)."""
    behind = [svg for prop in pose.props for svg in _prop_behind(box, frame, prop, working)]
    front = [svg for prop in pose.props for svg in _prop_in_front(box, frame, prop)]
    left, right = box.left, box.left + box.width
    floor = _line(box, (left + 0.006, 0.0), (right - 0.006, 0.0), PROP, 0.01, "floor")
    return [floor, *behind], front


def _prop_behind(box: Box, frame: Frame, prop: Prop, working: str | None) -> list[str]:
    """A wall, step, chair or roller, which the figure stands, sits or lies against."""
    if prop.kind is PropKind.WALL:
        return [_line(box, *_wall_ends(frame, prop.at), PROP, 0.024, "wall")]
    if prop.kind is PropKind.STEP:
        under_one_foot = prop.at is PropPlace.WORKING_FOOT
        return [_step_under(box, frame, working) if under_one_foot else _step(box, frame)]
    if prop.kind is PropKind.CHAIR:
        return _chair_ahead(box, frame) if prop.at is PropPlace.HANDS else _chair(box, frame)
    if prop.kind is PropKind.FOAM_ROLLER:
        return [_roller(box, frame, prop.at)]
    if prop.kind is PropKind.CUSHION:
        return [_cushion(box, frame, prop.at)]
    return []


def _prop_in_front(box: Box, frame: Frame, prop: Prop) -> list[str]:
    """A band or a weight, which would be hidden behind the limbs."""
    if prop.kind is PropKind.BAND:
        return [_band(box, frame, prop.at)]
    if prop.kind is PropKind.WEIGHT:
        return [_weight(box, frame, prop.at)]
    if prop.kind is PropKind.STICK:
        return [_stick(box, frame)]
    if prop.kind is PropKind.TOWEL:
        return [_towel(box, frame)]
    return []


def _wall_ends(frame: Frame, at: PropPlace | None) -> tuple[_XY, _XY]:
    """Where a wall stands, floor to top: behind the back (a wall sit), at the soles (a
    wall slide lying down) or ahead within the near hand's reach (held for balance)."""
    if at is PropPlace.FEET:
        return _wall_at_feet(frame)
    top = frame.points["head"].at[1] + 0.1
    if at is PropPlace.HANDS:
        forwards = frame.facing or 1.0
        hand = frame.points[_near_point(frame, "hand")]
        toes = max(frame.points[f"{s}_toe"].at[0] * forwards for s in ("left", "right"))
        x = max(hand.at[0] * forwards + hand.radius, toes + 0.05) * forwards + forwards * 0.012
        return (x, 0.0), (x, top)
    back = -frame.facing
    p = frame.points
    x = max(pt.at[0] * back + pt.radius for n, pt in p.items() if n in _BACK) * back
    return (x + back * 0.012, 0.0), (x + back * 0.012, top)


def _wall_at_feet(frame: Frame) -> tuple[_XY, _XY]:
    """A wall against the soles, beyond the furthest foot, a little above the feet."""
    feet = [frame.points[f"{s}_{p}"] for s in ("left", "right") for p in ("heel", "toe")]
    way = 1.0 if frame.points["left_ankle"].at[0] >= frame.points["pelvis"].at[0] else -1.0
    x = max(f.at[0] * way + f.radius for f in feet) * way + way * 0.012
    return (x, 0.0), (x, max(f.at[1] for f in feet) + 0.12)


def _chair(box: Box, frame: Frame) -> list[str]:
    """A seat under the buttocks, and its back behind them: upright, or reclined behind
    the upper back where the trunk leans back past it (format 1.2)."""
    seat = frame.points["buttocks"].at[0]
    back_x = seat - frame.facing * 0.12
    top = SEAT_HEIGHT + 0.25
    reclined = _reclined_back(frame)
    if reclined is not None:
        return [
            _rect(box, seat - 0.12, SEAT_HEIGHT, 0.24, 0.02, "chair-seat"),
            _line(box, (back_x, 0.0), (back_x, SEAT_HEIGHT), PROP, 0.02, "chair-leg"),
            _line(box, (back_x, SEAT_HEIGHT), reclined, PROP, 0.02, "chair-back"),
        ]
    return [
        _rect(box, seat - 0.12, SEAT_HEIGHT, 0.24, 0.02, "chair-seat"),
        _line(box, (back_x, 0.0), (back_x, top), PROP, 0.02, "chair-back"),
    ]


def _chair_ahead(box: Box, frame: Frame) -> list[str]:
    """A chair held for balance (format 1.2): its back within the near hand's reach, its
    seat on the far side of it from the body."""
    x, far = _chair_ahead_ends(frame)
    forwards = frame.facing or 1.0
    top = max(frame.points[_near_point(frame, "hand")].at[1], SEAT_HEIGHT + 0.1)
    seat_x = x if forwards > 0 else x - 0.24
    return [
        _line(box, (x, 0.0), (x, top), PROP, 0.02, "chair-back"),
        _rect(box, seat_x, SEAT_HEIGHT, 0.24, 0.02, "chair-seat"),
        _line(box, (far, 0.0), (far, SEAT_HEIGHT), PROP, 0.02, "chair-leg"),
    ]  # fmt: skip


def _chair_ahead_ends(frame: Frame) -> tuple[float, float]:
    """Across the picture, a chair held for balance: its back, and its seat's far edge."""
    (x, _), _ = _wall_ends(frame, PropPlace.HANDS)
    return x, x + (frame.facing or 1.0) * 0.24


def _reclined_back(frame: Frame) -> tuple[float, float] | None:
    """The top of a reclined chair back, just behind the upper back; None where the upper
    back is in front of an upright chair back (or the figure faces the viewer)."""
    upper = frame.points["upper_back"]
    back_x = frame.points["buttocks"].at[0] - frame.facing * 0.12
    if not frame.facing or (upper.at[0] - back_x) * frame.facing >= 0:
        return None
    return upper.at[0] - frame.facing * (upper.radius + 0.012), upper.at[1]


_BACK = ("pelvis", "shoulders")


def _step_under(box: Box, frame: Frame, working: str | None) -> str:
    """A step under the working foot, reaching forwards from under its heel."""
    near, far = _step_under_ends(frame, working)
    return _rect(box, min(near, far), STEP_HEIGHT, abs(far - near), STEP_HEIGHT)


def _step_under_ends(frame: Frame, working: str | None) -> tuple[float, float]:
    """Across the picture, where a step under the working foot begins and ends."""
    side = working or "right"
    heel, toe = frame.points[f"{side}_heel"].at[0], frame.points[f"{side}_toe"].at[0]
    forwards = frame.facing or 1.0
    return heel - forwards * 0.05, toe + forwards * 0.15


def _step(box: Box, frame: Frame) -> str:
    """A step under the balls of the feet, reaching forwards: the heels hang off its edge."""
    near, far = _step_ends(frame)
    return _rect(box, near, STEP_HEIGHT, far - near, STEP_HEIGHT)


def _step_ends(frame: Frame) -> tuple[float, float]:
    """Across the picture, where a step under the balls of the feet begins and ends."""
    toes = [frame.points["left_toe"].at[0], frame.points["right_toe"].at[0]]
    if not frame.facing:
        return min(toes) - 0.1, max(toes) + 0.1
    edge = (max(toes) if frame.facing > 0 else min(toes)) - frame.facing * 0.05
    far = edge + frame.facing * 0.3
    return min(edge, far), max(edge, far)


def _rect(box: Box, x: float, top: float, width: float, height: float, part: str = "step") -> str:
    """A filled box: a step, a chair's seat or a weight (``part``, its class)."""
    sx, sy = box.svg(x, top)
    return (
        f'<rect class="{part}" x="{sx}" y="{sy}" width="{_fmt(width * SCALE)}"'
        f' height="{_fmt(height * SCALE)}" fill="#e4e8ec" stroke="{PROP}" stroke-width="2"/>'
    )


def _roller(box: Box, frame: Frame, at: PropPlace | None) -> str:
    point = frame.points[_near_point(frame, "knee" if at in (None, PropPlace.KNEE) else "ankle")]
    radius = max(0.01, min(ROLLER_MAX_RADIUS, (point.at[1] - point.radius) / 2))
    x, y = box.svg(point.at[0], radius)
    return (
        f'<circle class="roller" cx="{x}" cy="{y}" r="{_fmt(radius * SCALE)}" fill="#e4e8ec" '
        f'stroke="{PROP}" stroke-width="2"/>'
    )


def _cushion(box: Box, frame: Frame, at: PropPlace | None) -> str:
    """A cushion (format 1.2) under the head, flat on the floor with the head sunk a
    little into it as into a pillow (the body lies on the floor, so the head stays level
    with it); or under the heel, piled from the floor up to the heel, which rests on it."""
    if at is PropPlace.HEAD:
        head = frame.points["head"]
        return _rect(box, head.at[0] - 0.1, CUSHION_HEIGHT, 0.2, CUSHION_HEIGHT, "cushion")
    heel = frame.points[_near_point(frame, "heel")]
    top = max(heel.at[1] - heel.radius, CUSHION_HEIGHT)
    return _rect(box, heel.at[0] - 0.05, top, 0.1, top, "cushion")


def _towel(box: Box, frame: Frame) -> str:
    """A towel (format 1.2) from the hands round the sole of the working foot: drawn as
    a loop from the near hand to the ball of the near foot's toe and back."""
    hand = frame.points[_near_point(frame, "hand")].at
    toe = frame.points[_near_point(frame, "toe")]
    (hx, hy), (tx, ty) = box.svg(hand[0], hand[1]), box.svg(toe.at[0], toe.at[1])
    return (
        f'<path class="towel" d="M {hx} {hy} L {tx} {ty}" fill="none" stroke="{PROP}"'
        f' stroke-width="5" stroke-linecap="round"/>'
    )


def _near_point(frame: Frame, part: str) -> str:
    left, right = frame.points[f"left_{part}"], frame.points[f"right_{part}"]
    return left.name if left.at[2] >= right.at[2] else right.name


def _stick_ends(frame: Frame) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """A stick held in both hands (format 1.2) reaches a little beyond each."""
    a, b = frame.points["left_hand"].at, frame.points["right_hand"].at
    return _towards(a, b, -0.3), _towards(a, b, 1.3)


def _stick(box: Box, frame: Frame) -> str:
    return _line(box, *_stick_ends(frame), PROP, 0.012, "stick")


def _band(box: Box, frame: Frame, at: PropPlace | None) -> str:
    part = {PropPlace.THIGHS: "knee", PropPlace.HANDS: "hand"}.get(at, "ankle")  # type: ignore[arg-type]
    a, b = frame.points[f"left_{part}"].at, frame.points[f"right_{part}"].at
    if at is PropPlace.THIGHS:
        a = _towards(frame.points["left_hip"].at, a, 0.75)
        b = _towards(frame.points["right_hip"].at, b, 0.75)
    (x1, y1), (x2, y2) = box.svg(a[0], a[1]), box.svg(b[0], b[1])
    rx = _fmt(max(abs(float(x1) - float(x2)) / 2, 8.0) + 10)
    ry = _fmt(max(abs(float(y1) - float(y2)) / 2, 8.0) + 10)
    cx = _fmt((float(x1) + float(x2)) / 2)
    cy = _fmt((float(y1) + float(y2)) / 2)
    return (
        f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" class="band" fill="none" '
        f'stroke="{BAND}" stroke-width="4" stroke-dasharray="10 6"/>'
    )


def _towards(a: Sequence[float], b: Sequence[float], k: float) -> tuple[float, float, float]:
    return (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k)


def _weight(box: Box, frame: Frame, at: PropPlace | None) -> str:
    if at is PropPlace.HANDS:
        point = frame.points[_near_point(frame, "hand")].at
        x, y = point[0] - 0.04, point[1] - 0.02
    else:  # a backpack
        mid = _towards(frame.points["pelvis"].at, frame.points["shoulders"].at, 0.6)
        x, y = mid[0] - frame.facing * 0.1 - 0.04, mid[1] + 0.06
    return _rect(box, x, y, 0.08, 0.12, "weight")


def arrow_svg(box: Box, start: Frame, end: Frame, name: str) -> list[str]:
    a, b = start.points[name].at, end.points[name].at
    (x1, y1), (x2, y2) = box.svg(a[0], a[1]), box.svg(b[0], b[1])
    fx1, fy1, fx2, fy2 = float(x1), float(y1), float(x2), float(y2)
    length = math.hypot(fx2 - fx1, fy2 - fy1)
    if length < 0.5:
        return []
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
    points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in head)
    return [
        f'<line class="arrow" x1="{_fmt(sx)}" y1="{_fmt(sy)}" x2="{_fmt(ex)}" y2="{_fmt(ey)}" '
        f'stroke="{ARROW}" stroke-width="6" stroke-linecap="round"/>',
        f'<polygon points="{points}" fill="{ARROW}"/>',
    ]


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
    view = " ".join(_fmt(v) for v in view_box)
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


def prop_room(
    pose: Pose, final: Frame, working: str | None = None
) -> list[tuple[float, float, float]]:
    """Circles (x, y, radius) the box must also hold: the wall above the head, the chair's
    back, the step (under the working foot: its ends)."""
    kinds = {p.kind for p in pose.props}
    room: list[tuple[float, float, float]] = []
    for prop in (p for p in pose.props if p.kind is PropKind.WALL):
        room += [(x, y, 0.015) for x, y in _wall_ends(final, prop.at)]
    if PropKind.CHAIR in kinds:
        room += _chair_room(final)
    if any(p.kind is PropKind.CHAIR and p.at is PropPlace.HANDS for p in pose.props):
        room += [(x, SEAT_HEIGHT, 0.01) for x in _chair_ahead_ends(final)]
    if PropKind.STEP in kinds:
        room.append((final.points["pelvis"].at[0], STEP_HEIGHT, 0.35))
    for prop in (p for p in pose.props if p.kind is PropKind.STEP):
        under_one_foot = prop.at is PropPlace.WORKING_FOOT
        ends = _step_under_ends(final, working) if under_one_foot else _step_ends(final)
        room += [(x, STEP_HEIGHT, 0.01) for x in ends]
    if PropKind.STICK in kinds:
        room += [(x, y, 0.01) for x, y, _ in _stick_ends(final)]
    return room


def _chair_room(final: Frame) -> list[tuple[float, float, float]]:
    """The chair's seat and back, reclined or not."""
    room = [(final.points["buttocks"].at[0], SEAT_HEIGHT + 0.25, 0.15)]
    if (reclined := _reclined_back(final)) is not None:
        room.append((*reclined, 0.03))
    return room


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
    body += front
    if end is not None:
        body += arrow_svg(box, start, end, moving_point(pose, working, start, end)[0])
    return body
