"""The contact pass: after the joint angles, parts of the body are turned so that what the
body rests on touches its support and nothing floats or sinks.

The angles alone leave a figure as a pose in the air; ``figure.placed`` then lifts it until
its lowest point meets the floor. That lowest point was often not what the body rests on:
a hand or a pointed-down toe held the trunk up, and a body lying on its side lay on its arm
with its top leg a hip's width above the bottom one. This pass names the supports of each
position (the trunk and head lying, the down hip and trunk on one side, the buttocks
sitting on the floor) and turns whatever would reach below them about its joint until it
rests on the same level: a hand on the floor, a foot pointed, the top leg on the bottom
one. A turn found on the start is kept for the end, so that only the movement differs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from rehabkit._model.pose import BodyPosition, Pose, PoseFrame, PropKind
from rehabkit._view.illustrate.figure import (
    HIP_WIDTH,
    RADIUS,
    SHANK,
    Frame,
    Vec,
    placed,
    world_points,
)

Points = dict[str, tuple[Vec, float]]

_TRUNK = ("pelvis", "shoulders", "buttocks", "upper_back")
_ON_SIDE = (BodyPosition.LYING_ON_LEFT_SIDE, BodyPosition.LYING_ON_RIGHT_SIDE)
# Seen from the front, a body on its side shows its width: its trunk is drawn as wide as
# the hips with the thighs, so that it lies on the floor where the down thigh does.
SIDE_TRUNK_RADIUS = HIP_WIDTH / 2 + RADIUS["thigh"]


def frame_geometry(pose: Pose, frame: PoseFrame, working: str | None, arm: bool = False) -> Frame:
    """The figure in one pose (its constraint already solved), resting on its supports
    and placed on the floor. The working side's leg is drawn as working, or its arm where
    ``arm`` (format 1.2)."""
    world = world_points(pose, frame, working)
    if pose.position in _ON_SIDE:
        start = _widened(world_points(pose, pose.start, working))
        world = _on_side(pose, _widened(world), start)
    supports = _supports(pose, world)
    if supports is not None:
        world = _limbs_resting(world, _level(world, supports))
    return placed(pose, world, working, arm)


def top_leg(pose: Pose) -> str:
    """The leg on top of a body lying on one side."""
    return "left" if pose.position is BodyPosition.LYING_ON_RIGHT_SIDE else "right"


def _supports(pose: Pose, world: Points) -> tuple[str, ...] | None:
    """The points a body rests on, where it rests on the floor; None for one that stands,
    kneels or sits on a chair or a seat not drawn (its feet, knees or buttocks are placed
    by ``placed``)."""
    if pose.position in _ON_SIDE:
        down = "right" if top_leg(pose) == "left" else "left"
        return (*_TRUNK, f"{down}_hip")
    if pose.position in (BodyPosition.LYING_ON_BACK, BodyPosition.LYING_ON_FRONT):
        return (*_TRUNK, "head")
    if pose.position is BodyPosition.SITTING and _legs_along_floor(pose, world):
        return ("buttocks",)
    return None


def _legs_along_floor(pose: Pose, world: Points) -> bool:
    """Sitting on the floor: no chair, and no foot a shin's length below the buttocks
    (legs that hang, as on an exercise bike, sit on a seat the pose does not name)."""
    if PropKind.CHAIR in {p.kind for p in pose.props}:
        return False
    feet = _level(world, [f"{s}_{p}" for s in ("left", "right") for p in ("heel", "toe")])
    return _level(world, ["buttocks"]) - feet < SHANK


def _level(world: Points, names: Iterable[str]) -> float:
    return min(world[n][0][1] - world[n][1] for n in names)


def _widened(world: Points) -> Points:
    """The trunk as wide as the body seen from the front; the down shoulder, which the
    body lies on, rolled in under the trunk's outline (its arm moves with it)."""
    out = {n: (v, SIDE_TRUNK_RADIUS) if n in _TRUNK else (v, r) for n, (v, r) in world.items()}
    floor = _level(out, _TRUNK)
    for side in ("left", "right"):
        (shoulder, radius) = out[f"{side}_shoulder"]
        rise = floor - (shoulder[1] - radius)
        if rise > 0:
            for part in (p for p in ("shoulder", "elbow", "hand", "palm") if f"{side}_{p}" in out):
                (v, r) = out[f"{side}_{part}"]
                out[f"{side}_{part}"] = ((v[0], v[1] + rise, v[2]), r)
    return out


def _on_side(pose: Pose, world: Points, start: Points) -> Points:
    """The top leg laid on the bottom one: turned about its hip, in the plane of the
    picture (adduction), until its ankle rests on the bottom ankle. The turn is found on
    the start and kept for the end, so the end shows the movement from rest."""
    top = top_leg(pose)
    down = "right" if top == "left" else "left"
    leg = [f"{top}_{p}" for p in ("knee", "ankle", "heel", "toe")]
    (ankle, r_top), (bottom, r_bottom) = start[f"{top}_ankle"], start[f"{down}_ankle"]
    turn = _turn_to(start[f"{top}_hip"][0], ankle, bottom[1] + r_bottom + r_top)
    return _turned(world, world[f"{top}_hip"][0], leg, turn)


def _limbs_resting(world: Points, level: float) -> Points:
    """Each hand, and each foot, that would reach below the level the body rests on,
    turned about its shoulder (or ankle) until it rests on that level: a hand on the
    floor, a foot pointed."""
    for side in ("left", "right"):
        for pivot, parts, end in (
            ("shoulder", ("elbow", "hand", "palm"), "hand"),
            ("ankle", ("heel", "toe"), "toe"),
            ("ankle", ("heel", "toe"), "heel"),
        ):
            (tip, radius) = world[f"{side}_{end}"]
            if tip[1] - radius < level - 1e-9:
                centre = world[f"{side}_{pivot}"][0]
                turn = _turn_to(centre, tip, level + radius)
                world = _turned(world, centre, [f"{side}_{p}" for p in parts], turn)
    return world


def _turn_to(pivot: Vec, point: Vec, height: float) -> float:
    """The smallest turn (radians, about the axis towards the viewer) that brings
    ``point`` to ``height``; as near as it can where no turn reaches it."""
    dx, dy = point[0] - pivot[0], point[1] - pivot[1]
    reach = math.hypot(dx, dy)
    if reach == 0:
        return 0.0
    sine = max(-1.0, min(1.0, (height - pivot[1]) / reach))
    now = math.atan2(dy, dx)
    turns = (math.asin(sine) - now, math.pi - math.asin(sine) - now)
    return min((math.remainder(t, math.tau) for t in turns), key=abs)


def _turned(world: Points, pivot: Vec, names: Iterable[str], turn: float) -> Points:
    if not turn:
        return world
    c, s = math.cos(turn), math.sin(turn)
    out = dict(world)
    for name in (n for n in names if n in world):  # a palm's mark only where it is drawn
        (v, r) = world[name]
        dx, dy = v[0] - pivot[0], v[1] - pivot[1]
        out[name] = ((pivot[0] + c * dx - s * dy, pivot[1] + s * dx + c * dy, v[2]), r)
    return out
