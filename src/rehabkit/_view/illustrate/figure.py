"""The geometry of an exercise figure: forward kinematics of a stick figure in 3-D, seen
orthographically from the side or the front, resting on the floor (or a step, chair or
wall). Pure Python, no drawing: ``_illustration`` turns the result into SVG.

Segment lengths are fractions of body height H from Drillis and Contini (1966), as
tabulated in Winter, *Biomechanics and Motor Control of Human Movement* (4th ed., 2009,
figure 4.1): hip 0.530H, knee 0.285H, ankle 0.039H, shoulder 0.818H, chin 0.870H; foot
0.152H, upper arm 0.186H, forearm 0.146H, hand 0.108H; shoulder width 0.259H, hip width
0.191H. Limb thicknesses are the editors' choice, for drawing only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import Any

from attrs import evolve, frozen

from rehabkit._model.pose import (
    BodyPosition,
    Constraint,
    Joints,
    Pose,
    PoseFrame,
    PropKind,
    PropPlace,
    View,
)

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]  # rows

# Lengths in units of body height (Drillis and Contini, via Winter 2009, fig. 4.1).
THIGH = 0.530 - 0.285
SHANK = 0.285 - 0.039
ANKLE_HEIGHT = 0.039
FOOT = 0.152
TRUNK = 0.818 - 0.530
NECK = 0.870 - 0.818
HEAD_RADIUS = (1.0 - 0.870) / 2
UPPER_ARM = 0.186
HAND = 0.108
FOREARM = 0.146 + HAND / 2  # to the middle of the hand
HIP_WIDTH = 0.191
SHOULDER_WIDTH = 0.259
# Half-thicknesses for drawing (editors' choice).
RADIUS = {"trunk": 0.065, "thigh": 0.032, "shank": 0.024, "foot": 0.014, "arm": 0.02}
# Marks that show a turn about a part's own length (format 1.2), editors' choice: the palm
# side of each hand, a nub reaching as far as the fingers curl (about 6 cm of a 1.7 m
# body); and the face, a dot inside the head's outline on the side the head faces.
PALM_REACH, PALM_RADIUS = 0.035, 0.012
FACE_REACH, FACE_RADIUS = 0.05, 0.012
MARKS = ("left_palm", "right_palm", "face")
STEP_HEIGHT = 0.1
SEAT_HEIGHT = 0.26
ROLLER_MAX_RADIUS = 0.06


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _scale(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _unit(a: Vec) -> Vec:
    n = math.sqrt(_dot(a, a))
    return _scale(a, 1 / n) if n else a


def _apply(m: Mat, v: Vec) -> Vec:
    return (_dot(m[0], v), _dot(m[1], v), _dot(m[2], v))


def _mul(m: Mat, n: Mat) -> Mat:
    cols = tuple(zip(*n, strict=True))
    return tuple(tuple(_dot(row, col) for col in cols) for row in m)  # type: ignore[return-value]


def _rot(axis: Vec, degrees: float) -> Mat:
    """Rotation by ``degrees`` about ``axis`` (right-handed), as a matrix (Rodrigues)."""
    x, y, z = _unit(axis)
    t = math.radians(degrees)
    c, s, k = math.cos(t), math.sin(t), 1 - math.cos(t)
    return (
        (c + x * x * k, x * y * k - z * s, x * z * k + y * s),
        (y * x * k + z * s, c + y * y * k, y * z * k - x * s),
        (z * x * k - y * s, z * y * k + x * s, c + z * z * k),
    )


X_AXIS: Vec = (1.0, 0.0, 0.0)  # in body coordinates: anterior
Y_AXIS: Vec = (0.0, 1.0, 0.0)  # superior
Z_AXIS: Vec = (0.0, 0.0, 1.0)  # the person's right
DOWN: Vec = (0.0, -1.0, 0.0)
IDENTITY: Mat = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


@frozen
class Point:
    """A point of the figure in world coordinates (x right, y up, z towards the viewer),
    with the half-thickness of what is drawn there."""

    name: str
    at: Vec
    radius: float


@frozen
class Limb:
    """A segment to draw, from one named point to another."""

    name: str
    start: str
    end: str
    working: bool
    near: bool


@frozen
class Frame:
    """The figure at one moment: its points and limbs."""

    points: dict[str, Point]
    limbs: tuple[Limb, ...]
    facing: float  # +1 when the person faces right (x), -1 left; 0 facing the viewer
    support: float  # the height of what the feet or body rest on


SIDE_JOINTS = (
    "hip", "hip_abduction", "hip_rotation", "knee", "ankle", "shoulder", "elbow",
    # format 1.2: the arm and shoulder blade (the forearm's turn: the palm's mark)
    "shoulder_abduction", "shoulder_rotation", "shoulder_horizontal",
    "scapula_elevation", "scapula_retraction", "forearm", "wrist",
)  # fmt: skip
#: The spine's joints (format 1.2), the same for both sides; a head's turn moves the face.
BODY_JOINTS = ("trunk_rotation", "trunk_side_bend", "neck", "neck_rotation", "neck_side_bend")


@frozen
class Angles:
    """One side's joint angles, resolved (no None)."""

    hip: float
    hip_abduction: float
    hip_rotation: float
    knee: float
    ankle: float
    shoulder: float
    elbow: float
    shoulder_abduction: float
    shoulder_rotation: float
    shoulder_horizontal: float
    scapula_elevation: float
    scapula_retraction: float
    forearm: float
    wrist: float


def _side_angles(frame: PoseFrame, working: bool) -> Angles:
    def pick(name: str) -> float:
        override = getattr(frame.working, name) if working and frame.working else None
        base = getattr(frame, name)
        value = override if override is not None else base
        return float(value) if value is not None else 0.0

    return Angles(**{name: pick(name) for name in SIDE_JOINTS})


def orientation(position: BodyPosition, view: View, working_left: bool) -> tuple[Vec, Vec]:
    """The world directions of the body's anterior and superior axes. The working side is
    drawn nearest the viewer: a left-sided figure faces left, or lies head to the right."""
    flip = -1.0 if working_left else 1.0
    if position in (BodyPosition.STANDING, BodyPosition.SITTING, BodyPosition.KNEELING):
        if view is View.FRONT:
            return (0.0, 0.0, 1.0), (0.0, 1.0, 0.0)
        return (flip, 0.0, 0.0), (0.0, 1.0, 0.0)
    if position is BodyPosition.LYING_ON_BACK:
        return (0.0, 1.0, 0.0), (-flip, 0.0, 0.0)
    if position is BodyPosition.LYING_ON_FRONT:
        return (0.0, -1.0, 0.0), (flip, 0.0, 0.0)
    # Lying on one side, seen from the front: the side down sets where the head is.
    right_down = position is BodyPosition.LYING_ON_RIGHT_SIDE
    return (0.0, 0.0, 1.0), ((-1.0 if right_down else 1.0), 0.0, 0.0)


def _limbs_of_leg(side: str, working: bool, near: bool) -> list[Limb]:
    return [
        Limb(f"{side}_thigh", f"{side}_hip", f"{side}_knee", working, near),
        Limb(f"{side}_shank", f"{side}_knee", f"{side}_ankle", working, near),
        Limb(f"{side}_foot", f"{side}_heel", f"{side}_toe", working, near),
    ]


def _leg(hip: Vec, pelvis: Mat, a: Angles, lateral: float) -> dict[str, Vec]:
    """The knee, ankle, heel and toe of one leg in body coordinates (``lateral`` +1 for
    the right leg, -1 for the left)."""
    thigh_frame = _mul(pelvis, _mul(_rot(X_AXIS, -lateral * a.hip_abduction), _rot(Z_AXIS, a.hip)))
    knee = _add(hip, _scale(_apply(thigh_frame, DOWN), THIGH))
    shank_frame = _mul(thigh_frame, _rot(Z_AXIS, -a.knee))
    shank = _apply(shank_frame, DOWN)
    ankle = _add(knee, _scale(shank, SHANK))
    foot = _apply(_mul(shank_frame, _rot(Z_AXIS, a.ankle)), X_AXIS)
    sole = _add(ankle, _scale(shank, ANKLE_HEIGHT))
    heel = _sub(sole, _scale(foot, 0.035))
    toe = _add(heel, _scale(foot, FOOT))
    points = {"knee": knee, "ankle": ankle, "heel": heel, "toe": toe}
    if a.hip_rotation:
        points = _turn_out(hip, points, a.hip_rotation, lateral)
    return points


def _turn_out(hip: Vec, points: dict[str, Vec], degrees: float, lateral: float) -> dict[str, Vec]:
    """External rotation as in the clam: the leg turns about the line from hip to ankle,
    so the knee opens while the foot stays where it is."""
    axis = _sub(points["ankle"], hip)

    def turned(sign: float) -> dict[str, Vec]:
        m = _rot(axis, sign * degrees)
        return {k: _add(hip, _apply(m, _sub(v, hip))) for k, v in points.items()}

    out, back = turned(1.0), turned(-1.0)
    return out if out["knee"][2] * lateral >= back["knee"][2] * lateral else back


def _turned(frame: Mat, axis: Vec, degrees: float) -> Mat:
    """``frame`` turned about ``axis``; unchanged (to the bit) for no turn."""
    return _mul(frame, _rot(axis, degrees)) if degrees else frame


def _arm(
    shoulder: Vec, trunk: Mat, a: Angles, lateral: float, palm: bool = False
) -> dict[str, Vec]:
    """The shoulder, elbow and hand of one arm in body coordinates (and the palm's mark
    where ``palm``). The shoulder blade carries the shoulder about the breastbone; the arm
    swings in the horizontal plane, lifts out to the side, lifts forwards, then turns about
    its own length (format 1.2)."""
    if a.scapula_elevation or a.scapula_retraction:
        blade = _turned(trunk, X_AXIS, -lateral * a.scapula_elevation)
        blade = _turned(blade, Y_AXIS, -lateral * a.scapula_retraction)
        offset = (0.0, 0.0, lateral * SHOULDER_WIDTH / 2)
        shoulder = _add(_sub(shoulder, _apply(trunk, offset)), _apply(blade, offset))
    upper = _turned(trunk, Y_AXIS, lateral * a.shoulder_horizontal)
    upper = _turned(upper, X_AXIS, -lateral * a.shoulder_abduction)
    upper = _mul(upper, _rot(Z_AXIS, a.shoulder))
    elbow = _add(shoulder, _scale(_apply(upper, DOWN), UPPER_ARM))
    lower = _mul(_turned(upper, Y_AXIS, -lateral * a.shoulder_rotation), _rot(Z_AXIS, a.elbow))
    facing = _palm_facing(a.forearm, lateral)
    if not a.wrist:
        hand = _add(elbow, _scale(_apply(lower, DOWN), FOREARM))
        points = {"shoulder": shoulder, "elbow": elbow, "hand": hand}
    else:
        # A bent wrist: the forearm to the wrist, then the hand's middle bent towards the
        # palm (flexion) or the back of the hand (extension), whichever way the palm faces.
        w = math.radians(a.wrist)
        wrist = _add(elbow, _scale(_apply(lower, DOWN), FOREARM - HAND / 2))
        along = _add(_scale(DOWN, math.cos(w)), _scale(facing, math.sin(w)))
        facing = _sub(_scale(facing, math.cos(w)), _scale(DOWN, math.sin(w)))
        hand = _add(wrist, _scale(_apply(lower, along), HAND / 2))
        points = {"shoulder": shoulder, "elbow": elbow, "hand": hand}
    if palm:
        points["palm"] = _add(points["hand"], _scale(_apply(lower, facing), PALM_REACH))
    return points


def _palm_facing(forearm: float, lateral: float) -> Vec:
    """Which way the palm faces, in the forearm's own frame: towards the body at 0 (the
    thumb forwards on a hanging arm, up on a forearm held forwards), turning forwards (up
    on a forearm held forwards) as the forearm turns palm up, back (down) palm down."""
    t = math.radians(forearm)
    return (math.sin(t), 0.0, -lateral * math.cos(t))


def _spine(
    pelvis: Mat, frame: PoseFrame, working: str | None, lying: bool = False
) -> tuple[Mat, Mat | None]:
    """The upper trunk's frame and the head's (format 1.2): the trunk bends to the side
    and turns, towards the working side (the left where none) when positive; the neck
    bends forwards and to the side (its turn moves the face: ``_face``). Lying, a turn is
    the pelvis's (see ``_pelvis_turn``): the shoulders stay flat."""
    towards = 1.0 if working == "right" else -1.0
    upper = _turned(pelvis, X_AXIS, towards * float(frame.trunk_side_bend or 0.0))
    if not lying:
        upper = _turned(upper, Y_AXIS, -towards * float(frame.trunk_rotation or 0.0))
    if not frame.neck and not frame.neck_side_bend:
        return upper, None
    neck = _turned(IDENTITY, X_AXIS, towards * float(frame.neck_side_bend or 0.0))
    return upper, _turned(neck, Z_AXIS, -float(frame.neck or 0.0))


def _pelvis_turn(pelvis: Mat, frame: PoseFrame, working: str | None) -> Mat:
    """Lying on the floor, the trunk turns at the pelvis (format 1.2): in knee rolls the
    shoulders stay on the floor and the pelvis and the knees roll, so a turn of the upper
    body against the pelvis is drawn as the pelvis turning the other way."""
    towards = 1.0 if working == "right" else -1.0
    return _turned(pelvis, Y_AXIS, towards * float(frame.trunk_rotation or 0.0))


def _body(
    frame: PoseFrame,
    working: str | None,
    lying: bool = False,
    arms: bool = True,
    legs: tuple[str, ...] = ("right", "left"),
    marks: tuple[bool, bool] = (False, False),
) -> dict[str, tuple[Vec, float]]:
    """Every point in body coordinates, with its drawing radius. Lying, the head stays on
    the floor however the trunk lifts (the neck bends), as in a bridge. The solver asks
    for one leg and no arms: each point is computed the same way, whatever else is.
    ``marks``: the palms' marks and the face's, for a pose that turns a forearm or the
    head (``turns_shown``)."""
    trunk_lean = float(frame.trunk or 0.0)
    pelvis = _rot(Z_AXIS, -trunk_lean)
    upper, neck = _spine(pelvis, frame, working, lying)
    if lying:
        pelvis = _pelvis_turn(pelvis, frame, working)
    points: dict[str, tuple[Vec, float]] = {"pelvis": ((0.0, 0.0, 0.0), RADIUS["trunk"])}
    trunk_dir = _apply(pelvis, Y_AXIS)
    shoulders = _scale(_apply(upper, Y_AXIS), TRUNK)
    points["shoulders"] = (shoulders, RADIUS["trunk"])
    # Lying, the head rests on the floor however the trunk lifts, unless the neck bends.
    head_dir = Y_AXIS if lying else _apply(upper, Y_AXIS)
    if neck is not None:
        head_dir = _apply(neck if lying else _mul(upper, neck), Y_AXIS)
    points["head"] = (_add(shoulders, _scale(head_dir, NECK + HEAD_RADIUS)), HEAD_RADIUS)
    if marks[1]:
        head = IDENTITY if lying else upper
        head = head if neck is None else _mul(head, neck)
        points["face"] = (_face(points["head"][0], head, frame, working), FACE_RADIUS)
    # The buttocks and the back: what rests on a seat, a floor or a wall.
    back = _apply(pelvis, (-0.015, 0.0, 0.0))
    points["buttocks"] = (_add(back, _scale(trunk_dir, -0.02)), 0.05)
    points["upper_back"] = (_add(shoulders, _apply(upper, (-0.035, -0.03, 0.0))), 0.03)
    for side, lateral in (("right", 1.0), ("left", -1.0)):
        if side not in legs:
            continue
        angles = _side_angles(frame, working == side)
        hip = _apply(pelvis, (0.0, 0.0, lateral * HIP_WIDTH / 2))
        points[f"{side}_hip"] = (hip, RADIUS["thigh"])
        for name, at in _leg(hip, pelvis, angles, lateral).items():
            kind = {"knee": "thigh", "ankle": "shank"}.get(name, "foot")
            points[f"{side}_{name}"] = (at, RADIUS[kind])
        if not arms:  # the solver needs only the legs and the trunk
            continue
        shoulder = _add(shoulders, _apply(upper, (0.0, 0.0, lateral * SHOULDER_WIDTH / 2)))
        for name, at in _arm(shoulder, upper, angles, lateral, marks[0]).items():
            points[f"{side}_{name}"] = (at, PALM_RADIUS if name == "palm" else RADIUS["arm"])
    return points


def _face(head: Vec, frame: Mat, pose: PoseFrame, working: str | None) -> Vec:
    """The face's mark: forwards of the head's middle, turned about the head's own length
    by the neck's turn, towards the working side (the left where none) when positive."""
    towards = 1.0 if working == "right" else -1.0
    turned = _turned(frame, Y_AXIS, -towards * float(pose.neck_rotation or 0.0))
    return _add(head, _scale(_apply(turned, X_AXIS), FACE_REACH))


def turns_shown(pose: Pose) -> tuple[bool, bool]:
    """Whether the figure marks the palms and the face: where the pose names a forearm's
    turn, or the head's, in any frame (both frames then carry the marks)."""
    frames = [pose.start, *([pose.end] if pose.end is not None else [])]

    def named(joint: str) -> bool:
        return any(
            getattr(f, joint) is not None or getattr(f.working, joint, None) is not None
            for f in frames
        )

    return named("forearm"), named("neck_rotation")


def _to_world(
    body: dict[str, tuple[Vec, float]], anterior: Vec, superior: Vec
) -> dict[str, tuple[Vec, float]]:
    right = _cross(anterior, superior)
    m: Mat = tuple(zip(anterior, superior, right, strict=True))  # type: ignore[assignment]
    return {k: (_apply(m, v), r) for k, (v, r) in body.items()}


def _lowest(points: dict[str, tuple[Vec, float]], names: Iterable[str] | None = None) -> float:
    # The marks of a turn are drawn on the hand or the head; they hold up nothing.
    chosen = (
        {n: p for n, p in points.items() if n not in MARKS}
        if names is None
        else {n: points[n] for n in names}
    )
    return min(v[1] - r for v, r in chosen.values())


_FEET = ("left_heel", "left_toe", "right_heel", "right_toe")


def _support_height(
    pose: Pose, world: dict[str, tuple[Vec, float]], working: str | None
) -> tuple[float, float]:
    """How far to lift the figure so that it rests on its support, and that support's
    height: feet on the floor or a step, buttocks on a chair, the body on the floor."""
    kinds = {p.kind for p in pose.props}
    places = {p.kind: p.at for p in pose.props}
    if pose.position is BodyPosition.STANDING:
        if places.get(PropKind.STEP) is PropPlace.WORKING_FOOT:
            # One foot on the step, the other on the floor: whichever is lower holds.
            up, down = working or "right", "left" if working != "left" else "right"
            on_step = STEP_HEIGHT - _lowest(world, [f"{up}_heel", f"{up}_toe"])
            on_floor = -_lowest(world, [f"{down}_heel", f"{down}_toe"])
            return max(on_step, on_floor), STEP_HEIGHT
        if PropKind.STEP in kinds:
            toes = ["left_toe", "right_toe"]
            return STEP_HEIGHT - _lowest(world, toes), STEP_HEIGHT
        return -_lowest(world, _FEET), 0.0
    if pose.position is BodyPosition.SITTING and PropKind.CHAIR in kinds:
        return SEAT_HEIGHT - _lowest(world, ["buttocks"]), SEAT_HEIGHT
    return -_lowest(world), 0.0


def _solve(
    frame: PoseFrame, check: Callable[[PoseFrame], float], joint: str, low: float, high: float
) -> PoseFrame:
    """The frame with the ``joint`` angle in [low, high] that makes ``check`` zero, by
    bisection; the frame unchanged when no angle there does."""

    def at(value: float) -> PoseFrame:
        changes: dict[str, Any] = {joint: value}
        return evolve(frame, **changes)

    f_low, f_high = check(at(low)), check(at(high))
    if f_low * f_high > 0:
        return frame
    for _ in range(24):  # the hip's range over 2**24: far finer than a degree
        mid = (low + high) / 2
        f_mid = check(at(mid))
        if f_low * f_mid <= 0:
            high = mid
        else:
            low, f_low = mid, f_mid
    return at(round((low + high) / 2, 3))


def world_points(pose: Pose, frame: PoseFrame, working: str | None) -> dict[str, tuple[Vec, float]]:
    """Every point of the figure in one pose, turned to the view but not yet placed on
    its support, with its drawing radius."""
    anterior, superior = orientation(pose.position, pose.view, working == "left")
    body = _body(frame, working, _lying(pose), marks=turns_shown(pose))
    return _to_world(body, anterior, superior)


def placed(
    pose: Pose, world: dict[str, tuple[Vec, float]], working: str | None, arm: bool = False
) -> Frame:
    """The figure lifted onto its support and anchored. The working side's leg is drawn
    as working, or its arm where ``arm`` (format 1.2)."""
    anterior, superior = orientation(pose.position, pose.view, working == "left")
    lift, support = _support_height(pose, world, working)
    lift = max(lift, -_lowest(world))  # whatever the pose, nothing goes through the floor
    shift = -world[_anchor(pose.position, working)][0][0]
    points = {
        name: Point(name, (v[0] + shift, v[1] + lift, v[2]), r) for name, (v, r) in world.items()
    }
    for name in (n for n in MARKS if n in points):  # a palm down on the floor rests on it
        (x, y, z), r = points[name].at, points[name].radius
        points[name] = Point(name, (x, max(y, r), z), r)
    near = _near_side(anterior, superior)
    limbs = [
        Limb("trunk", "pelvis", "shoulders", False, True),
        Limb("neck", "shoulders", "head", False, True),
    ]
    for side in ("left", "right"):
        limbs += _limbs_of_leg(side, working == side and not arm, side == near)
        works = arm and working == side
        limbs += [
            Limb(f"{side}_upper_arm", f"{side}_shoulder", f"{side}_elbow", works, side == near),
            Limb(f"{side}_forearm", f"{side}_elbow", f"{side}_hand", works, side == near),
        ]
        if f"{side}_palm" in points:
            limbs.append(Limb(f"{side}_palm", f"{side}_hand", f"{side}_palm", works, side == near))
    return Frame(points, tuple(limbs), anterior[0], support)


def _lying(pose: Pose) -> bool:
    return pose.position.value.startswith("lying")


def _anchor(position: BodyPosition, working: str | None) -> str:
    """The point that stays put from the start of a movement to its end: the foot one
    stands on, the buttocks one sits on, the shoulders or pelvis one lies on."""
    if position is BodyPosition.STANDING:
        return f"{working or 'right'}_toe"
    if position is BodyPosition.KNEELING:
        return f"{working or 'right'}_knee"
    if position is BodyPosition.SITTING:
        return "buttocks"
    if position in (BodyPosition.LYING_ON_BACK, BodyPosition.LYING_ON_FRONT):
        return "upper_back"
    return "pelvis"


def _near_side(anterior: Vec, superior: Vec) -> str:
    return "right" if _cross(anterior, superior)[2] >= 0 else "left"


@functools.lru_cache(maxsize=256)
def solved(pose: Pose, frame: PoseFrame, working: str | None) -> PoseFrame:
    """The frame with the hip angle its constraint asks for, read on the leg that is not
    working (the one that stays put), or the right leg when both work. Remembered per
    (pose, angles): a handout, its HTML and its PDF draw the same figures; the model's
    objects are frozen, so a remembered answer cannot go stale."""
    assert frame.constraint is not None
    anterior, superior = orientation(pose.position, pose.view, working == "left")
    leg = "left" if working == "right" else "right"

    def points(candidate: PoseFrame) -> dict[str, tuple[Vec, float]]:
        # Only the leg the constraint reads, and no arms: 26 bodies a solve.
        body = _body(candidate, working, _lying(pose), arms=False, legs=(leg,))
        return _to_world(body, anterior, superior)

    def shin_vertical(candidate: PoseFrame) -> float:
        world = points(candidate)
        knee, ankle = world[f"{leg}_knee"][0], world[f"{leg}_ankle"][0]
        return (knee[0] - ankle[0]) * (anterior[0] or 1.0)

    def feet_on_floor(candidate: PoseFrame) -> float:
        world = points(candidate)
        if on_chair:  # the floor is a seat's height below the buttocks, not level with them
            return _lowest(world, sole) - (_lowest(world, ["buttocks"]) - SEAT_HEIGHT)
        body = [n for n in world if not n.startswith(("left_", "right_"))]
        return _lowest(world, sole) - _lowest(world, body)

    sole = [f"{leg}_heel", f"{leg}_toe"]  # whichever of the heel and the toe is lower

    on_chair = any(p.kind is PropKind.CHAIR for p in pose.props)

    check = shin_vertical if frame.constraint is Constraint.SHIN_VERTICAL else feet_on_floor
    if frame.hip is not None and frame.trunk is None:
        # The hip is given: the trunk moves instead (lying: how far the pelvis lifts).
        return _solve(frame, check, "trunk", -30.0, 0.0)
    # On a chair the thigh lies forwards along the seat: the hip is bent by at least 45.
    return _solve(frame, check, "hip", 45.0 if on_chair else -30.0, 130.0)


def following(start: PoseFrame, end: PoseFrame) -> PoseFrame:
    """The end pose in full: the start's angles where the end gives none, the end's own
    working-side angles over the start's, and the end's own constraint."""
    base = merged(evolve(start, constraint=end.constraint), end)
    if end.working is None:
        return base
    own = {n: getattr(end.working, n) for n in SIDE_JOINTS if getattr(end.working, n) is not None}
    working = evolve(start.working, **own) if start.working is not None else end.working
    return evolve(base, working=working)


def merged(frame: PoseFrame, joints: Joints) -> PoseFrame:
    """``frame`` with the angles ``joints`` gives (for both sides) put in its place."""
    given = {
        name: getattr(joints, name)
        for name in ("trunk", *SIDE_JOINTS, *BODY_JOINTS)
        if getattr(joints, name) is not None
    }
    working = frame.working
    if working is not None:
        working = evolve(working, **{k: None for k in given if k in SIDE_JOINTS})
    return evolve(frame, working=working, **given)
