"""Exercise illustrations drawn from the data: the pose as prescribed (this plan's angles),
as deterministic SVG with a title and a description generated from the pose."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from attrs import evolve, frozen

from rehabkit._core.errors import RehabkitError
from rehabkit._core.i18n import N_, NP_, gettext, ngettext
from rehabkit._core.public import present_as_public
from rehabkit._model.exercise import Exercise, JointAngle
from rehabkit._model.plan import Plan
from rehabkit._model.pose import (
    JOINT_LIMITS,
    BodyPosition,
    Joints,
    Pose,
    PoseFrame,
    Prop,
    PropKind,
    PropPlace,
    View,
)
from rehabkit._model.protocol import Protocol
from rehabkit._model.terms import Joint, Laterality, Limb, Motion, Side
from rehabkit._model.units import Range
from rehabkit._model.words import join_phrases
from rehabkit._view.illustrate.figure import (
    BODY_JOINTS,
    ROLLER_MAX_RADIUS,
    SEAT_HEIGHT,
    SIDE_JOINTS,
    STEP_HEIGHT,
    Frame,
    following,
    frame_geometry,
    merged,
    solved,
)

__all__ = ["Illustration", "illustrate"]

INK = "#1a1a1a"
ACCENT = "#0b4f8a"  # the working limbs: the handout's accent colour
OTHER = "#5b6670"
FAR = "#9aa5b1"
GHOST = "#c3ccd5"  # the start of a movement
ARROW = "#a34700"  # the handout's warning colour: the eye goes to the movement
PROP = "#767676"
SCALE = 400.0  # SVG units per body height
ASPECT = 4 / 3  # the narrowest picture, width to height
WIDEST = 3.0  # the widest: a body lying flat is about 3 times as wide as its picture is tall


@frozen
class Illustration:
    """One exercise drawn as prescribed: ``svg`` (a complete SVG document, UTF-8 text)
    and ``alt``, the description a screen reader speaks and the SVG carries.

    :param exercise: The id of the exercise drawn.
    :param svg: A complete SVG document, UTF-8 text.
    :param alt: The description a screen reader speaks; the SVG carries it too.
    :param start: The solved starting position, joint by joint.
    :param end: The solved end position; None for a held position.
    """

    exercise: str
    svg: str
    alt: str
    start: Frame
    end: Frame | None

    def png(self, width: int = 800) -> bytes:
        """The drawing as a PNG ``width`` pixels wide, on white; needs the png extra
        (``pip install 'rehabkit[png]'``, resvg with no system library)."""
        if isinstance(width, bool) or not isinstance(width, int) or not 16 <= width <= 8000:
            raise RehabkitError(f"width must be 16 to 8000 pixels, not {width!r}")
        try:
            import resvg_py
        except ImportError:
            raise RehabkitError("PNG needs the png extra: pip install 'rehabkit[png]'") from None
        png: bytes = resvg_py.svg_to_bytes(
            svg_string=self.svg, width=width, background="#ffffff", skip_system_fonts=True
        )
        return png


# --------------------------------------------------------------------------- the pose as prescribed

_JOINT_FIELD = {Joint.HIP: "hip", Joint.KNEE: "knee", Joint.ANKLE: "ankle",
                Joint.SHOULDER: "shoulder", Joint.ELBOW: "elbow", Joint.SPINE: "trunk"}  # fmt: skip
# Format 1.2: a prescribed shoulder abduction, or wrist flexion or extension, is drawn too.
_OTHER_FIELD = {(Joint.SHOULDER, Motion.ABDUCTION): ("shoulder_abduction", 1.0),
                (Joint.WRIST, Motion.FLEXION): ("wrist", 1.0),
                (Joint.WRIST, Motion.EXTENSION): ("wrist", -1.0)}  # fmt: skip


def _field(angle: JointAngle) -> tuple[str | None, float | None]:
    """The pose's joint a prescribed angle sets, and its value there (None, None: none)."""
    value = angle.angle
    low = float(value.low if isinstance(value, Range) else value.value)
    name: str | None
    if (angle.joint, angle.motion) in _OTHER_FIELD:
        name, sign = _OTHER_FIELD[(angle.joint, angle.motion)]
    elif angle.motion in (Motion.FLEXION, Motion.DORSIFLEXION):
        name, sign = _JOINT_FIELD.get(angle.joint), 1.0
    else:
        return None, None
    if name is None:
        return None, None
    # A prescribed angle may pass what a pose can draw (joint angles go to 180 degrees, a
    # hip in a pose to 130): the figure goes as far as it can, and the text says the angle.
    least, most = JOINT_LIMITS[name]
    return name, max(least, min(most, sign * low))


def prescribed(pose: Pose, angles: Sequence[JointAngle]) -> Pose:
    """The pose with the prescribed joint angles (the plan's current ones, or the low end
    of the protocol's range) in every frame."""
    given: dict[str, float] = {}
    for angle in angles:
        name, value = _field(angle)
        if name is not None and value is not None:
            given[name] = value
    if not given:
        return pose
    joints = Joints(**given)
    end = merged(pose.end, joints) if pose.end is not None else None
    return evolve(pose, start=merged(pose.start, joints), end=end)


def _working_side(exercise: Exercise, side: Laterality) -> str | None:
    """The leg (or arm) drawn as working: the plan's side for a one-sided exercise (the left
    where the side is not known: poses are written for it), none for both together or for
    an exercise of the trunk or neck."""
    if exercise.side is Side.BOTH or exercise.limb is Limb.NONE:
        return None
    return "right" if side is Laterality.RIGHT else "left"


def _mirrored(pose: Pose, working: str | None) -> Pose:
    """Poses lying on one side are written with the left (working) leg on top; a
    right-sided plan lies on the other side."""
    swap = {
        BodyPosition.LYING_ON_RIGHT_SIDE: BodyPosition.LYING_ON_LEFT_SIDE,
        BodyPosition.LYING_ON_LEFT_SIDE: BodyPosition.LYING_ON_RIGHT_SIDE,
    }
    if working == "right" and pose.position in swap:
        return evolve(pose, position=swap[pose.position])
    return pose


# --------------------------------------------------------------------------- SVG


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


@frozen
class _Box:
    left: float
    top: float
    width: float
    height: float

    def svg(self, x: float, y: float) -> tuple[str, str]:
        return _fmt(x * SCALE), _fmt(-y * SCALE)

    def view(self) -> tuple[float, float, float, float]:
        """The picture in SVG units: left, top, width and height (the viewBox)."""
        return self.left * SCALE, -self.top * SCALE, self.width * SCALE, self.height * SCALE


def _extent(frames: Sequence[Frame], props: list[tuple[float, float, float]]) -> _Box:
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
    return _Box(left, top, width, height)


def _line(
    box: _Box, a: Sequence[float], b: Sequence[float], colour: str, width: float, part: str
) -> str:
    """A rounded segment; ``part`` names it (class) so tests can measure the drawing."""
    (x1, y1), (x2, y2) = box.svg(a[0], a[1]), box.svg(b[0], b[1])
    return (
        f'<line class="{part}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
        f'stroke-width="{_fmt(width * SCALE)}" stroke-linecap="round"/>'
    )


def _figure(box: _Box, frame: Frame, ghost: bool) -> list[str]:
    """The limbs far side first, then the trunk and head, then the near side."""
    out = []
    order = sorted(frame.limbs, key=lambda limb: (limb.near, limb.name in ("trunk", "neck")))
    for limb in order:
        a, b = frame.points[limb.start], frame.points[limb.end]
        if ghost:
            colour = GHOST
        elif limb.working:
            colour = ACCENT
        elif limb.name in ("trunk", "neck"):
            colour = INK
        else:
            colour = OTHER if limb.near else FAR
        part = f"start-{limb.name}" if ghost else limb.name
        out.append(_line(box, a.at, b.at, colour, 2 * min(a.radius, b.radius), part))
    head = frame.points["head"]
    x, y = box.svg(head.at[0], head.at[1])
    fill = GHOST if ghost else INK
    part = "start-head" if ghost else "head"
    out.append(
        f'<circle class="{part}" cx="{x}" cy="{y}" r="{_fmt(head.radius * SCALE)}" fill="{fill}"/>'
    )
    return out


def _props(pose: Pose, frame: Frame, box: _Box, working: str | None) -> tuple[list[str], list[str]]:
    """Props drawn behind the figure, and props drawn in front of it (a band)."""
    behind = [svg for prop in pose.props for svg in _prop_behind(box, frame, prop, working)]
    front = [svg for prop in pose.props for svg in _prop_in_front(box, frame, prop)]
    left, right = box.left, box.left + box.width
    floor = _line(box, (left + 0.006, 0.0), (right - 0.006, 0.0), PROP, 0.01, "floor")
    return [floor, *behind], front


def _prop_behind(box: _Box, frame: Frame, prop: Prop, working: str | None) -> list[str]:
    """A wall, step, chair or roller, which the figure stands, sits or lies against."""
    if prop.kind is PropKind.WALL:
        return [_wall(box, frame)]
    if prop.kind is PropKind.STEP:
        under_one_foot = prop.at is PropPlace.WORKING_FOOT
        return [_step_under(box, frame, working) if under_one_foot else _step(box, frame)]
    if prop.kind is PropKind.CHAIR:
        return _chair(box, frame)
    if prop.kind is PropKind.FOAM_ROLLER:
        return [_roller(box, frame, prop.at)]
    return []


def _prop_in_front(box: _Box, frame: Frame, prop: Prop) -> list[str]:
    """A band or a weight, which would be hidden behind the limbs."""
    if prop.kind is PropKind.BAND:
        return [_band(box, frame, prop.at)]
    if prop.kind is PropKind.WEIGHT:
        return [_weight(box, frame, prop.at)]
    if prop.kind is PropKind.STICK:
        return [_stick(box, frame)]
    return []


def _wall(box: _Box, frame: Frame) -> str:
    """A wall just behind the back, a little higher than the head."""
    back = -frame.facing
    p = frame.points
    x = max(pt.at[0] * back + pt.radius for n, pt in p.items() if n in _BACK) * back
    top = p["head"].at[1] + 0.1
    wall_x = x + back * 0.012
    return _line(box, (wall_x, 0.0), (wall_x, top), PROP, 0.024, "wall")


def _chair(box: _Box, frame: Frame) -> list[str]:
    """A seat under the buttocks, and its back behind them: upright, or reclined behind
    the upper back where the trunk leans back past it (format 1.2)."""
    seat = frame.points["buttocks"].at[0]
    back_x = seat - frame.facing * 0.12
    top = SEAT_HEIGHT + 0.25
    reclined = _reclined_back(frame)
    if reclined is not None:
        return [
            _rect(box, seat - 0.12, SEAT_HEIGHT, 0.24, 0.02),
            _line(box, (back_x, 0.0), (back_x, SEAT_HEIGHT), PROP, 0.02, "chair-leg"),
            _line(box, (back_x, SEAT_HEIGHT), reclined, PROP, 0.02, "chair-back"),
        ]
    return [
        _rect(box, seat - 0.12, SEAT_HEIGHT, 0.24, 0.02),
        _line(box, (back_x, 0.0), (back_x, top), PROP, 0.02, "chair-back"),
    ]


def _reclined_back(frame: Frame) -> tuple[float, float] | None:
    """The top of a reclined chair back, just behind the upper back; None where the upper
    back is in front of an upright chair back (or the figure faces the viewer)."""
    upper = frame.points["upper_back"]
    back_x = frame.points["buttocks"].at[0] - frame.facing * 0.12
    if not frame.facing or (upper.at[0] - back_x) * frame.facing >= 0:
        return None
    return upper.at[0] - frame.facing * (upper.radius + 0.012), upper.at[1]


_BACK = ("pelvis", "shoulders")


def _step_under(box: _Box, frame: Frame, working: str | None) -> str:
    """A step under the working foot, reaching forwards from under its heel."""
    side = working or "right"
    heel, toe = frame.points[f"{side}_heel"].at[0], frame.points[f"{side}_toe"].at[0]
    forwards = frame.facing or 1.0
    near, far = heel - forwards * 0.05, toe + forwards * 0.15
    return _rect(box, min(near, far), STEP_HEIGHT, abs(far - near), STEP_HEIGHT)


def _step(box: _Box, frame: Frame) -> str:
    """A step under the balls of the feet, reaching forwards: the heels hang off its edge."""
    toes = [frame.points["left_toe"].at[0], frame.points["right_toe"].at[0]]
    if not frame.facing:
        return _rect(box, min(toes) - 0.1, STEP_HEIGHT, max(toes) - min(toes) + 0.2, STEP_HEIGHT)
    edge = (max(toes) if frame.facing > 0 else min(toes)) - frame.facing * 0.05
    far = edge + frame.facing * 0.3
    return _rect(box, min(edge, far), STEP_HEIGHT, 0.3, STEP_HEIGHT)


def _rect(box: _Box, x: float, top: float, width: float, height: float) -> str:
    sx, sy = box.svg(x, top)
    return (
        f'<rect x="{sx}" y="{sy}" width="{_fmt(width * SCALE)}" height="{_fmt(height * SCALE)}"'
        f' fill="#e4e8ec" stroke="{PROP}" stroke-width="2"/>'
    )


def _roller(box: _Box, frame: Frame, at: PropPlace | None) -> str:
    point = frame.points[_near_point(frame, "knee" if at in (None, PropPlace.KNEE) else "ankle")]
    radius = max(0.01, min(ROLLER_MAX_RADIUS, (point.at[1] - point.radius) / 2))
    x, y = box.svg(point.at[0], radius)
    return (
        f'<circle cx="{x}" cy="{y}" r="{_fmt(radius * SCALE)}" fill="#e4e8ec" '
        f'stroke="{PROP}" stroke-width="2"/>'
    )


def _near_point(frame: Frame, part: str) -> str:
    left, right = frame.points[f"left_{part}"], frame.points[f"right_{part}"]
    return left.name if left.at[2] >= right.at[2] else right.name


def _stick_ends(frame: Frame) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """A stick held in both hands (format 1.2) reaches a little beyond each."""
    a, b = frame.points["left_hand"].at, frame.points["right_hand"].at
    return _towards(a, b, -0.3), _towards(a, b, 1.3)


def _stick(box: _Box, frame: Frame) -> str:
    return _line(box, *_stick_ends(frame), PROP, 0.012, "stick")


def _band(box: _Box, frame: Frame, at: PropPlace | None) -> str:
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
        f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="none" stroke="{ARROW}" '
        f'stroke-width="4" stroke-dasharray="10 6"/>'
    )


def _towards(a: Sequence[float], b: Sequence[float], k: float) -> tuple[float, float, float]:
    return (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k)


def _weight(box: _Box, frame: Frame, at: PropPlace | None) -> str:
    if at is PropPlace.HANDS:
        point = frame.points[_near_point(frame, "hand")].at
        x, y = point[0] - 0.04, point[1] - 0.02
    else:  # a backpack
        mid = _towards(frame.points["pelvis"].at, frame.points["shoulders"].at, 0.6)
        x, y = mid[0] - frame.facing * 0.1 - 0.04, mid[1] + 0.06
    return _rect(box, x, y, 0.08, 0.12)


def _arrow(box: _Box, start: Frame, end: Frame, name: str) -> list[str]:
    a, b = start.points[name].at, end.points[name].at
    (x1, y1), (x2, y2) = box.svg(a[0], a[1]), box.svg(b[0], b[1])
    fx1, fy1, fx2, fy2 = float(x1), float(y1), float(x2), float(y2)
    length = math.hypot(fx2 - fx1, fy2 - fy1)
    if length < 12:
        return []
    ux, uy = (fx2 - fx1) / length, (fy2 - fy1) / length
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


def _inside(box: _Box, x: float, y: float, margin: float) -> bool:
    """Whether an SVG point, with ``margin`` around it, lies inside the picture."""
    left, top, width, height = box.view()
    right, bottom = left + width, top + height
    return left + margin <= x <= right - margin and top + margin <= y <= bottom - margin


def _svg(
    pose: Pose, start: Frame, end: Frame | None, working: str | None, texts: tuple[str, str, str]
) -> str:
    title, alt, ident = texts
    final = end or start
    box = _extent([start, *([end] if end else [])], _prop_room(pose, final))
    body = _drawing(pose, box, start, end, working)
    view = " ".join(_fmt(v) for v in box.view())
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


def _prop_room(pose: Pose, final: Frame) -> list[tuple[float, float, float]]:
    """Circles (x, y, radius) the box must also hold: the wall above the head, the chair's
    back, the step."""
    kinds = {p.kind for p in pose.props}
    room: list[tuple[float, float, float]] = []
    if PropKind.WALL in kinds:
        room.append((final.points["head"].at[0], final.points["head"].at[1] + 0.1, 0.05))
    if PropKind.CHAIR in kinds:
        room.append((final.points["buttocks"].at[0], SEAT_HEIGHT + 0.25, 0.15))
        if (reclined := _reclined_back(final)) is not None:
            room.append((*reclined, 0.03))
    if PropKind.STEP in kinds:
        room.append((final.points["pelvis"].at[0], STEP_HEIGHT, 0.35))
    if PropKind.STICK in kinds:
        room += [(x, y, 0.01) for x, y, _ in _stick_ends(final)]
    return room


def _drawing(
    pose: Pose, box: _Box, start: Frame, end: Frame | None, working: str | None
) -> list[str]:
    """Back to front: the props behind, the start as a ghost, the end (or the held
    position), the props in front, and the arrow of the movement."""
    final = end or start
    behind, front = _props(pose, final, box, working)
    body: list[str] = [*behind]
    if end is not None:
        body += _figure(box, start, ghost=True)
    body += _figure(box, final, ghost=False)
    body += front
    if end is not None:
        body += _arrow(box, start, end, moving_point(pose, working, start, end)[0])
    return body


# --------------------------------------------------------------------------- alt text

_POSITION_WORDS = {
    BodyPosition.LYING_ON_BACK: N_("Lying on the back"),
    BodyPosition.LYING_ON_FRONT: N_("Lying on the front"),
    BodyPosition.LYING_ON_LEFT_SIDE: N_("Lying on the left side"),
    BodyPosition.LYING_ON_RIGHT_SIDE: N_("Lying on the right side"),
    BodyPosition.SITTING: N_("Sitting"),
    BodyPosition.STANDING: N_("Standing"),
    BodyPosition.KNEELING: N_("Kneeling"),
}
_PROP_WORDS = {
    PropKind.WALL: N_("back against a wall"),
    PropKind.STEP: N_("on the edge of a step"),
    PropKind.CHAIR: N_("on a chair"),
    PropKind.FOAM_ROLLER: N_("a foam roller under the knee"),
    PropKind.BAND: N_("a resistance band round the ankles"),
    PropKind.WEIGHT: N_("a weight on the back"),
    PropKind.STICK: N_("a stick held in both hands"),
}
_FOOT_ON_STEP = {
    "left": N_("the left foot on a step"),
    "right": N_("the right foot on a step"),
    None: N_("the working foot on a step"),
}
# Each joint's state on the working side, whole phrases so that each language can agree
# its words: (side, joint) -> (bent, behind the body, straight).
_JOINT_STATES = {
    ("left", "knee"): (N_("the left knee bent to {n} degrees"), None, N_("the left knee straight")),
    ("right", "knee"): (
        N_("the right knee bent to {n} degrees"), None, N_("the right knee straight")
    ),
    ("left", "hip"): (
        N_("the left hip bent to {n} degrees"),
        N_("the left hip {n} degrees behind the body"),
        N_("the left hip straight"),
    ),
    ("right", "hip"): (
        N_("the right hip bent to {n} degrees"),
        N_("the right hip {n} degrees behind the body"),
        N_("the right hip straight"),
    ),
}  # fmt: skip
_BOTH_BENT = {"knee": N_("knees bent to {n} degrees"), "hip": N_("hips bent to {n} degrees")}


def _prop_words(pose: Pose, working: str | None) -> list[str]:
    words = []
    for prop in pose.props:
        text = _PROP_WORDS[prop.kind]
        if prop.kind is PropKind.BAND and prop.at is PropPlace.THIGHS:
            text = N_("a resistance band round the thighs")
        if prop.kind is PropKind.BAND and prop.at is PropPlace.HANDS:
            text = N_("a resistance band held in the hands")
        if prop.kind is PropKind.WEIGHT and prop.at is PropPlace.HANDS:
            text = N_("a weight in the hand")
        if prop.kind is PropKind.STEP and prop.at is PropPlace.WORKING_FOOT:
            text = _FOOT_ON_STEP[working]
        words.append(gettext(text))
    return words


def _angle_words(frame: PoseFrame, working: str | None, sided: bool) -> list[str]:
    words = [_joint_words(frame, joint, working) for joint in ("knee", "hip")]
    return [w for w in words if w is not None]


def _joint_words(frame: PoseFrame, joint: str, working: str | None) -> str | None:
    """Both knees (or hips) bent together, or the working one's state; None to say nothing."""
    both = getattr(frame, joint)
    own = getattr(frame.working, joint) if frame.working is not None else None
    if both and round(both) > 0 and own is None:
        return gettext(_BOTH_BENT[joint]).format(n=round(both))
    if own is not None and working is not None:
        return _working_joint_words(working, joint, own)
    return None


def _working_joint_words(working: str, joint: str, own: float) -> str:
    """The working knee or hip: bent, behind the body (a hip only), or straight."""
    bent, behind, straight = _JOINT_STATES[(working, joint)]
    if round(own) > 0:
        return gettext(bent).format(n=round(own))
    if round(own) < 0 and behind is not None:
        return gettext(behind).format(n=-round(own))
    return gettext(straight)


def _value(frame: PoseFrame, joint: str, working: bool) -> float:
    own = getattr(frame.working, joint, None) if working and frame.working else None
    base = getattr(frame, joint)
    return float(own if own is not None else base if base is not None else 0.0)


def _largest_change(pose: Pose, working: str | None) -> str:
    """The joint whose angle changes most from the start to the end."""
    assert pose.end is not None
    start, end = pose.start, pose.end
    return max(
        ("trunk", *SIDE_JOINTS, *BODY_JOINTS),
        key=lambda j: abs(_value(end, j, bool(working)) - _value(start, j, bool(working))),
    )


# The joint that moves most, and the part of the body the words follow: its point and noun.
_MOVING_PART = {
    "trunk": ("pelvis", "hips"), "hip": ("ankle", "leg"), "knee": ("heel", "heel"),
    "ankle": ("heel", "heel"), "hip_abduction": ("ankle", "leg"),
    "hip_rotation": ("knee", "knee"), "shoulder": ("hand", "arm"), "elbow": ("hand", "hand"),
    # format 1.2
    "shoulder_abduction": ("hand", "arm"), "shoulder_rotation": ("hand", "hand"),
    "shoulder_horizontal": ("hand", "arm"), "scapula_elevation": ("shoulder", "shoulder"),
    "scapula_retraction": ("shoulder", "shoulder"), "forearm": ("hand", "hand"),
    "wrist": ("hand", "hand"), "trunk_rotation": ("shoulders", "trunk"),
    "trunk_side_bend": ("shoulders", "trunk"), "neck": ("head", "head"),
    "neck_rotation": ("head", "head"), "neck_side_bend": ("head", "head"),
}  # fmt: skip
_WHOLE = ("pelvis", "shoulders", "head")  # points of the body, not of one side


def moving_point(pose: Pose, working: str | None, start: Frame, end: Frame) -> tuple[str, str]:
    """The point the movement is about, and its noun: the joint whose angle changes most
    names it (both legs bending together move the hips); where that point stays put, as
    the foot on the step in a step-up, the hips."""
    joint = _largest_change(pose, working)
    point, noun = _MOVING_PART[joint]
    if working is None and joint in ("hip", "knee"):
        point, noun = "pelvis", "hips"
    name = point if point in _WHOLE else f"{working or 'right'}_{point}"
    if math.dist(start.points[name].at[:2], end.points[name].at[:2]) < 0.02:
        return "pelvis", "hips"
    return name, noun


# The part that moves, as the alt text names it: (whose, noun) -> words. "both" is both
# sides together, "top" the upper leg of a body lying on its side.
_PARTS = {
    (whose, noun): text
    for whose, nouns in {
        "both": {
            "leg": N_("both legs"), "heel": N_("both heels"), "knee": N_("both knees"),
            "arm": N_("both arms"), "shoulder": N_("both shoulders"),
            "hand": N_("both hands"), "hips": N_("the hips"),
        },
        "left": {
            "leg": N_("the left leg"), "heel": N_("the left heel"), "knee": N_("the left knee"),
            "arm": N_("the left arm"), "shoulder": N_("the left shoulder"),
            "hand": N_("the left hand"), "hips": N_("the hips"),
        },
        "right": {
            "leg": N_("the right leg"), "heel": N_("the right heel"),
            "knee": N_("the right knee"), "arm": N_("the right arm"),
            "shoulder": N_("the right shoulder"),
            "hand": N_("the right hand"), "hips": N_("the hips"),
        },
        "body": {"trunk": N_("the upper body"), "head": N_("the head")},
        "top": {
            "leg": N_("the top leg"), "heel": N_("the top heel"), "knee": N_("the top knee"),
            "arm": N_("the top arm"), "shoulder": N_("the top shoulder"),
            "hand": N_("the top hand"), "hips": N_("the hips"),
        },
    }.items()
    for noun, text in nouns.items()
}  # fmt: skip
# What the part does: (one part, two parts), so each language conjugates its own verbs.
# Arabic verbs agree with the part's gender, which this table does not know, so the Arabic
# catalog names the movement with a verbal noun after the part ("الكعبان: ارتفاع").
_VERBS = {
    "lift": NP_("lifts", "lift"),
    "lower": NP_("lowers", "lower"),
    "forwards": NP_("moves forwards", "move forwards"),
    "back": NP_("moves back", "move back"),
    "lift forwards": NP_("lifts and moves forwards", "lift and move forwards"),
    "lift back": NP_("lifts and moves back", "lift and move back"),
    "lower forwards": NP_("lowers and moves forwards", "lower and move forwards"),
    "lower back": NP_("lowers and moves back", "lower and move back"),
    # format 1.2: upright and seen from the front, across the picture is sideways
    "out": NP_("moves out to the side", "move out to the side"),
    "in": NP_("moves in towards the body", "move in towards the body"),
    "lift out": NP_("lifts out to the side", "lift out to the side"),
    "lift in": NP_("lifts and moves in towards the body", "lift and move in towards the body"),
    "lower out": NP_("lowers and moves out to the side", "lower and move out to the side"),
    "lower in": NP_("lowers in towards the body", "lower in towards the body"),
}


def _movement_words(start: Frame, end: Frame, pose: Pose, working: str | None) -> str:
    name, noun = moving_point(pose, working, start, end)
    point = name.partition("_")[2] or name
    a, b = start.points[name].at, end.points[name].at
    outwards = None
    if pose.view is View.FRONT and not pose.position.value.startswith("lying"):
        middle = start.points["pelvis"].at[0]
        outwards = abs(b[0] - middle) > abs(a[0] - middle)
    verb = _direction(b[0] - a[0], b[1] - a[1], start.facing, outwards)
    whose, noun = _whose(point, noun, pose, working)
    singular, plural = _VERBS[verb]
    words = gettext("{part} {verb}").format(
        part=gettext(_PARTS[(whose, noun)]),
        verb=ngettext(singular, plural, 2 if whose == "both" else 1),
    )
    if point != "heel" and _still(start, end, "ankle"):
        words += gettext(" while the feet stay where they are")
    return words


def _direction(dx: float, dy: float, facing: float, outwards: bool | None = None) -> str:
    """The key of ``_VERBS`` for a move by (dx, dy): up or down, forwards or back (or,
    where ``outwards`` is given, out to the side or in), or both when neither is less
    than half the other."""
    vertical = "lift" if dy > 0 else "lower"
    horizontal = "forwards" if dx * (facing or 1) > 0 else "back"
    if outwards is not None:
        horizontal = "out" if outwards else "in"
    if min(abs(dx), abs(dy)) > 0.5 * max(abs(dx), abs(dy)):
        return f"{vertical} {horizontal}"
    return vertical if abs(dy) >= abs(dx) else horizontal


def _whose(point: str, noun: str, pose: Pose, working: str | None) -> tuple[str, str]:
    """Whose part moves, as ``_PARTS`` keys it: the hips are both sides; a body lying
    on its side moves its top leg."""
    if point == "pelvis":
        return "both", "hips"
    if point in _WHOLE:
        return "body", noun
    if working is None:
        return "both", noun
    lying_on_side = pose.position in (
        BodyPosition.LYING_ON_LEFT_SIDE, BodyPosition.LYING_ON_RIGHT_SIDE
    )  # fmt: skip
    return ("top" if lying_on_side else working), noun


def _still(start: Frame, end: Frame, part: str) -> bool:
    return all(
        math.dist(start.points[f"{s}_{part}"].at[:2], end.points[f"{s}_{part}"].at[:2]) < 0.02
        for s in ("left", "right")
    )


def alt_text(pose: Pose, start: Frame, end: Frame | None, working: str | None) -> str:
    """What the picture shows, in words: the position, the props, the angles, and the
    movement from the start to the end."""
    parts = [gettext(_POSITION_WORDS[pose.position]), *_prop_words(pose, working)]
    parts += _angle_words(pose.start, working, working is not None)
    text = join_phrases(parts)
    if end is not None:
        # Translators: between the position and the movement in a picture's description.
        text += gettext("; ") + _movement_words(start, end, pose, working)
    return text + "."


# --------------------------------------------------------------------------- the public call


def _draw(exercise: Exercise, angles: Sequence[JointAngle], side: Laterality) -> Illustration:
    assert exercise.pose is not None
    working = _working_side(exercise, side)
    pose = _mirrored(prescribed(exercise.pose, angles), working)
    if pose.start.constraint is not None:
        pose = evolve(pose, start=solved(pose, pose.start, working))
    if pose.end is not None:
        end_frame = following(pose.start, pose.end)
        if end_frame.constraint is not None:
            end_frame = solved(pose, end_frame, working)
        pose = evolve(pose, end=end_frame)
    arm = exercise.limb is Limb.ARM  # the working arm is drawn in the accent colour
    start = frame_geometry(pose, pose.start, working, arm)
    end = frame_geometry(pose, pose.end, working, arm) if pose.end is not None else None
    alt = alt_text(pose, start, end, working)
    svg = _svg(pose, start, end, working, (exercise.name, alt, f"figure-{exercise.id}"))
    return Illustration(exercise.id, svg, alt, start, end)


def illustrate(document: Protocol | Plan, exercise: str | None = None) -> list[Illustration]:
    """Draw the exercises that have a pose, as prescribed: a plan's current angles and
    side, or a protocol's (the low end of a range). ``exercise`` picks one by id.

    :param document: a Protocol or a Plan.
    :param exercise: one exercise's id; by default every exercise that has a pose.
    :returns: one :class:`Illustration` per exercise drawn.
    :raises RehabkitError: if ``exercise`` is not an exercise of the document, or has no pose.
    """
    protocol, side, current = _as_prescribed(document)
    chosen = [e for e in protocol.exercises if exercise is None or e.id == exercise]
    if exercise is not None and not chosen:
        raise RehabkitError(f"{protocol.id} has no exercise {exercise!r}")
    return [
        _draw(ex, current.get(ex.id, ex.joint_angles), side) for ex in chosen if ex.pose is not None
    ]


def _as_prescribed(
    document: object,
) -> tuple[Protocol, Laterality, dict[str, tuple[JointAngle, ...]]]:
    """The protocol, the side, and the current joint angles of each exercise: a plan's,
    or none for a protocol (each exercise then has its own)."""
    plan = document if isinstance(document, Plan) else None
    protocol = plan.protocol if plan is not None else document
    if not isinstance(protocol, Protocol):
        raise RehabkitError(f"cannot illustrate {type(document).__name__}")
    if plan is None:
        return protocol, Laterality.UNSPECIFIED, {}
    return protocol, plan.side, {i.exercise: i.joint_angles for i in plan.exercises}


present_as_public(globals())
