"""The props of a drawing about one moment's figure: a wall, step, chair, roller or
cushion behind it, a band, weight, stick or towel in front; and the room they take,
reckoned from the very shapes that are drawn."""

from __future__ import annotations

from collections.abc import Sequence

from rehabkit._model.pose import Pose, Prop, PropKind, PropPlace
from rehabkit._view.illustrate.canvas import (
    Box,
    Disc,
    Loop,
    Rect,
    Room,
    Segment,
    Shape,
    Strap,
    line_svg,
)
from rehabkit._view.illustrate.colours import PROP
from rehabkit._view.illustrate.figure import (
    ROLLER_MAX_RADIUS,
    SEAT_HEIGHT,
    STEP_HEIGHT,
    Frame,
)

CUSHION_HEIGHT = 0.035  # a flat cushion or a book: about 6 cm of a 1.7 m body
_XY = tuple[float, float]
_BACK = ("pelvis", "shoulders")


def props_svg(
    pose: Pose, frame: Frame, box: Box, working: str | None
) -> tuple[list[str], list[str]]:
    """Props drawn behind the figure, with the floor, and props drawn in front of it."""
    behind = [s.svg(box) for prop in pose.props for s in _behind(frame, prop, working)]
    front = [s.svg(box) for prop in pose.props for s in _in_front(frame, prop)]
    left, right = box.left, box.left + box.width
    floor = line_svg(box, (left + 0.006, 0.0), (right - 0.006, 0.0), PROP, 0.01, "floor")
    return [floor, *behind], front


def prop_room(pose: Pose, frame: Frame, working: str | None = None) -> Room:
    """Circles (x, y, radius) a picture drawing the props about ``frame`` must hold: every
    shape of every prop, and the margins kept round a wall, a chair, a step or a stick."""
    drawn = [
        circle
        for prop in pose.props
        for shape in [*_behind(frame, prop, working), *_in_front(frame, prop)]
        for circle in shape.room()
    ]
    return _margins(pose, frame, working) + drawn


def _margins(pose: Pose, frame: Frame, working: str | None) -> Room:
    """The room kept round the props that stand about the body (the pictures' margins
    since format 1.1): the wall's ends, the chair's upper back and reclined top, a chair
    held for balance, the step's length about the body and its ends, a stick's ends."""
    kinds = {p.kind for p in pose.props}
    room: Room = []
    for prop in (p for p in pose.props if p.kind is PropKind.WALL):
        room += [(x, y, 0.015) for x, y in _wall_ends(frame, prop.at)]
    if PropKind.CHAIR in kinds:
        room.append((frame.points["buttocks"].at[0], SEAT_HEIGHT + 0.25, 0.15))
        if (reclined := _reclined_back(frame)) is not None:
            room.append((*reclined, 0.03))
    if any(p.kind is PropKind.CHAIR and p.at is PropPlace.HANDS for p in pose.props):
        (x, _), _ = _wall_ends(frame, PropPlace.HANDS)
        room += [(x, SEAT_HEIGHT, 0.01), (x + (frame.facing or 1.0) * 0.24, SEAT_HEIGHT, 0.01)]
    for prop in (p for p in pose.props if p.kind is PropKind.STEP):
        room.append((frame.points["pelvis"].at[0], STEP_HEIGHT, 0.35))
        under_one_foot = prop.at is PropPlace.WORKING_FOOT
        ends = _step_under_ends(frame, working) if under_one_foot else _step_ends(frame)
        room += [(x, STEP_HEIGHT, 0.01) for x in ends]
    if PropKind.STICK in kinds:
        room += [(x, y, 0.01) for x, y, _ in _stick_ends(frame)]
    return room


def _behind(frame: Frame, prop: Prop, working: str | None) -> Sequence[Shape]:
    """A wall, step, chair, roller or cushion, which the figure stands, sits or lies
    against, and a weight in the hand, which the hand holds."""
    if prop.kind is PropKind.WALL:
        return [Segment(*_wall_ends(frame, prop.at), 0.024, "wall")]
    if prop.kind is PropKind.STEP:
        under_one_foot = prop.at is PropPlace.WORKING_FOOT
        near, far = _step_under_ends(frame, working) if under_one_foot else _step_ends(frame)
        return [Rect(min(near, far), STEP_HEIGHT, abs(far - near), STEP_HEIGHT, "step")]
    if prop.kind is PropKind.CHAIR:
        return _chair_ahead(frame) if prop.at is PropPlace.HANDS else _chair(frame)
    if prop.kind is PropKind.FOAM_ROLLER:
        return [_roller(frame, prop.at)]
    if prop.kind is PropKind.CUSHION:
        return [_cushion(frame, prop.at)]
    if prop.kind is PropKind.WEIGHT and prop.at is PropPlace.HANDS:
        return [_weight(frame, prop.at)]  # held: the hand, and its palm, drawn over it
    return []


def _in_front(frame: Frame, prop: Prop) -> Sequence[Shape]:
    """A band, a weight on the back, a stick or a towel, which would be hidden behind the
    limbs."""
    if prop.kind is PropKind.BAND:
        return [_band(frame, prop.at)]
    if prop.kind is PropKind.WEIGHT and prop.at is not PropPlace.HANDS:
        return [_weight(frame, prop.at)]
    if prop.kind is PropKind.STICK:
        a, b = _stick_ends(frame)
        return [Segment(a[:2], b[:2], 0.012, "stick")]
    if prop.kind is PropKind.TOWEL:
        return [_towel(frame)]
    return []


def _wall_ends(frame: Frame, at: PropPlace | None) -> tuple[_XY, _XY]:
    """Where a wall stands, floor to top: behind the back (a wall sit), at the soles (a
    wall slide lying down) or ahead within the near hand's reach (held for balance)."""
    if at is PropPlace.FEET:
        return _wall_at_feet(frame)
    top = frame.points["head"].at[1] + 0.1
    if at is PropPlace.HANDS:
        forwards = frame.facing or 1.0
        hand = frame.points[near_point(frame, "hand")]
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


def _chair(frame: Frame) -> list[Shape]:
    """A seat under the buttocks, and its back behind them: upright, or reclined behind
    the upper back where the trunk leans back past it (format 1.2)."""
    seat = frame.points["buttocks"].at[0]
    back_x = seat - frame.facing * 0.12
    top = SEAT_HEIGHT + 0.25
    reclined = _reclined_back(frame)
    if reclined is not None:
        return [
            Rect(seat - 0.12, SEAT_HEIGHT, 0.24, 0.02, "chair-seat"),
            Segment((back_x, 0.0), (back_x, SEAT_HEIGHT), 0.02, "chair-leg"),
            Segment((back_x, SEAT_HEIGHT), reclined, 0.02, "chair-back"),
        ]
    return [
        Rect(seat - 0.12, SEAT_HEIGHT, 0.24, 0.02, "chair-seat"),
        Segment((back_x, 0.0), (back_x, top), 0.02, "chair-back"),
    ]


def _chair_ahead(frame: Frame) -> list[Shape]:
    """A chair held for balance (format 1.2): its back within the near hand's reach, its
    seat on the far side of it from the body."""
    (x, _), _ = _wall_ends(frame, PropPlace.HANDS)
    forwards = frame.facing or 1.0
    far = x + forwards * 0.24
    top = max(frame.points[near_point(frame, "hand")].at[1], SEAT_HEIGHT + 0.1)
    seat_x = x if forwards > 0 else x - 0.24
    return [
        Segment((x, 0.0), (x, top), 0.02, "chair-back"),
        Rect(seat_x, SEAT_HEIGHT, 0.24, 0.02, "chair-seat"),
        Segment((far, 0.0), (far, SEAT_HEIGHT), 0.02, "chair-leg"),
    ]  # fmt: skip


def _reclined_back(frame: Frame) -> _XY | None:
    """The top of a reclined chair back, just behind the upper back; None where the upper
    back is in front of an upright chair back (or the figure faces the viewer)."""
    upper = frame.points["upper_back"]
    back_x = frame.points["buttocks"].at[0] - frame.facing * 0.12
    if not frame.facing or (upper.at[0] - back_x) * frame.facing >= 0:
        return None
    return upper.at[0] - frame.facing * (upper.radius + 0.012), upper.at[1]


def _step_under_ends(frame: Frame, working: str | None) -> tuple[float, float]:
    """Across the picture, a step under the working foot, reaching forwards from under
    its heel."""
    side = working or "right"
    heel, toe = frame.points[f"{side}_heel"].at[0], frame.points[f"{side}_toe"].at[0]
    forwards = frame.facing or 1.0
    return heel - forwards * 0.05, toe + forwards * 0.15


def _step_ends(frame: Frame) -> tuple[float, float]:
    """Across the picture, a step under the balls of the feet, reaching forwards: the
    heels hang off its edge."""
    toes = [frame.points["left_toe"].at[0], frame.points["right_toe"].at[0]]
    if not frame.facing:
        return min(toes) - 0.1, max(toes) + 0.1
    edge = (max(toes) if frame.facing > 0 else min(toes)) - frame.facing * 0.05
    far = edge + frame.facing * 0.3
    return min(edge, far), max(edge, far)


def _roller(frame: Frame, at: PropPlace | None) -> Disc:
    point = frame.points[near_point(frame, "knee" if at in (None, PropPlace.KNEE) else "ankle")]
    radius = max(0.01, min(ROLLER_MAX_RADIUS, (point.at[1] - point.radius) / 2))
    return Disc((point.at[0], radius), radius, "roller")


def _cushion(frame: Frame, at: PropPlace | None) -> Rect:
    """A cushion (format 1.2) under the head, flat on the floor with the head sunk a
    little into it as into a pillow (the body lies on the floor, so the head stays level
    with it); or under the heel, piled from the floor up to the heel, which rests on it."""
    if at is PropPlace.HEAD:
        head = frame.points["head"]
        return Rect(head.at[0] - 0.1, CUSHION_HEIGHT, 0.2, CUSHION_HEIGHT, "cushion")
    heel = frame.points[near_point(frame, "heel")]
    top = max(heel.at[1] - heel.radius, CUSHION_HEIGHT)
    return Rect(heel.at[0] - 0.05, top, 0.1, top, "cushion")


def _towel(frame: Frame) -> Strap:
    """A towel (format 1.2) from the hands round the sole of the working foot: drawn as
    a loop from the near hand to the ball of the near foot's toe and back."""
    hand = frame.points[near_point(frame, "hand")].at
    toe = frame.points[near_point(frame, "toe")].at
    return Strap((hand[0], hand[1]), (toe[0], toe[1]), "towel")


def near_point(frame: Frame, part: str) -> str:
    """The name of the nearer of the two points ``part`` (hand, knee, toe...)."""
    left, right = frame.points[f"left_{part}"], frame.points[f"right_{part}"]
    return left.name if left.at[2] >= right.at[2] else right.name


def _stick_ends(frame: Frame) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """A stick held in both hands (format 1.2) reaches a little beyond each."""
    a, b = frame.points["left_hand"].at, frame.points["right_hand"].at
    return _towards(a, b, -0.3), _towards(a, b, 1.3)


def _band(frame: Frame, at: PropPlace | None) -> Loop:
    part = {PropPlace.THIGHS: "knee", PropPlace.HANDS: "hand"}.get(at, "ankle")  # type: ignore[arg-type]
    a, b = frame.points[f"left_{part}"].at, frame.points[f"right_{part}"].at
    if at is PropPlace.THIGHS:
        a = _towards(frame.points["left_hip"].at, a, 0.75)
        b = _towards(frame.points["right_hip"].at, b, 0.75)
    return Loop((a[0], a[1]), (b[0], b[1]))


def _towards(a: Sequence[float], b: Sequence[float], k: float) -> tuple[float, float, float]:
    return (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k)


def _weight(frame: Frame, at: PropPlace | None) -> Rect:
    """A weight in the near hand, or (no place given) a backpack behind the upper back."""
    if at is PropPlace.HANDS:
        point = frame.points[near_point(frame, "hand")].at
        x, y = point[0] - 0.04, point[1] - 0.02
    else:
        mid = _towards(frame.points["pelvis"].at, frame.points["shoulders"].at, 0.6)
        x, y = mid[0] - frame.facing * 0.1 - 0.04, mid[1] + 0.06
    return Rect(x, y, 0.08, 0.12, "weight")
