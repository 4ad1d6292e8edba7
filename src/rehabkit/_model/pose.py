"""Poses (format 1.1): the start and end positions an illustration draws."""

from __future__ import annotations

import enum
from typing import Any

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.fields import (
    _as_member,
    _member,
    _optional_member,
    _to_name_origin,
    _tuple,
)
from rehabkit._model.terms import NameOrigin

__all__ = [
    "BodyPosition",
    "Constraint",
    "Joints",
    "Pose",
    "PoseFrame",
    "Prop",
    "PropKind",
    "PropPlace",
    "View",
]

# --------------------------------------------------------------------------- poses (1.1)


class BodyPosition(str, enum.Enum):
    """How the body rests: on its back, front or one side, sitting, standing or kneeling."""

    LYING_ON_BACK = "lying_on_back"
    LYING_ON_FRONT = "lying_on_front"
    LYING_ON_LEFT_SIDE = "lying_on_left_side"
    LYING_ON_RIGHT_SIDE = "lying_on_right_side"
    SITTING = "sitting"
    STANDING = "standing"
    KNEELING = "kneeling"


class View(str, enum.Enum):
    """Where the drawing is seen from: the person's side, or their front."""

    SIDE = "side"  # seen from the person's side
    FRONT = "front"  # seen from the front


class PropKind(str, enum.Enum):
    """Things the body rests on or works against; the floor is always drawn."""

    WALL = "wall"
    STEP = "step"
    CHAIR = "chair"
    FOAM_ROLLER = "foam_roller"
    BAND = "band"
    WEIGHT = "weight"
    STICK = "stick"  # format 1.2: a stick or pole held in both hands
    CUSHION = "cushion"  # format 1.2: a cushion, pillow or book under the head or the heels
    TOWEL = "towel"  # format 1.2: a towel or strap held in both hands, round the foot


class PropPlace(str, enum.Enum):
    """Where a prop sits on the body: a roller under the knee, a band round the ankles."""

    KNEE = "knee"
    ANKLES = "ankles"
    THIGHS = "thighs"
    BACK = "back"
    HANDS = "hands"
    FEET = "feet"
    WORKING_FOOT = "working_foot"  # a step under the working foot alone, as in a step-up
    HEAD = "head"  # format 1.2: a cushion under the head


class Constraint(str, enum.Enum):
    """A contact the drawing keeps by solving the hip angle: the shin upright (the knee
    straight above the ankle), or the feet flat on the floor while lying."""

    SHIN_VERTICAL = "shin_vertical"  # the shin upright, the knee straight above the ankle
    FEET_ON_FLOOR = "feet_on_floor"  # the feet flat on the floor while lying


#: The joint angles a pose may give, in degrees, and their limits. Flexion is positive,
#: so is abduction and external rotation; the ankle is positive when it bends up
#: (dorsiflexion); trunk is lean from the position's neutral, forwards (or, lying, up off
#: the floor). Limits are the editors' choice: wider than healthy adult ranges, narrow
#: enough that no drawing folds a limb through itself.
#:
#: The upper-limb and spine joints (format 1.2) follow the same rule. The healthy adult
#: ranges they are set at or a little beyond are the American Academy of Orthopaedic
#: Surgeons' averages (Greene BL, Heckman JD, eds. The Clinical Measurement of Joint Motion.
#: AAOS; 1994): shoulder abduction 180, external rotation 90, internal rotation 70,
#: horizontal adduction 135 and abduction 45 (from the arm out to the side); forearm
#: supination and pronation 80; wrist flexion 80 and extension 70; thoracolumbar rotation 45
#: and side bend 35; neck flexion 45, extension 45 (AAOS gives up to 60 in other tables),
#: rotation 60 and side bend 45. The collarbone's movement at the breastbone, which carries
#: the shoulder blade, is about 45 up, 10 down, 15-20 forwards and 15-30 back (Neumann DA.
#: Kinesiology of the Musculoskeletal System, 3rd ed. Elsevier; 2017, chapter 5). Where a
#: limit here is wider than these, the widening is the editors' choice. Checked: the shoulder,
#: forearm and wrist figures against the AAOS column of Norkin and White's table A.1
#: (Measurement of Joint Motion, F.A. Davis). Not checked against a source here: the spine,
#: neck and collarbone figures, quoted as remembered; every limit is wider than them.
JOINT_LIMITS: dict[str, tuple[float, float]] = {
    "trunk": (-30.0, 90.0),
    "hip": (-30.0, 130.0),
    "hip_abduction": (0.0, 60.0),
    "hip_rotation": (0.0, 60.0),
    "knee": (0.0, 150.0),
    "ankle": (-50.0, 30.0),
    "shoulder": (-60.0, 180.0),
    "elbow": (0.0, 150.0),
    # format 1.2: the arm and shoulder blade, for each side
    "shoulder_abduction": (0.0, 180.0),
    "shoulder_rotation": (-90.0, 90.0),
    "shoulder_horizontal": (-45.0, 135.0),
    "scapula_elevation": (-10.0, 45.0),
    "scapula_retraction": (-20.0, 30.0),
    "forearm": (-90.0, 90.0),
    "wrist": (-80.0, 90.0),
    # format 1.2: the spine, for the whole body
    "trunk_rotation": (-60.0, 60.0),
    "trunk_side_bend": (-45.0, 45.0),
    "neck": (-60.0, 60.0),
    "neck_rotation": (-80.0, 80.0),
    "neck_side_bend": (-45.0, 45.0),
}
#: How far back a seat may recline the trunk (format 1.2): sitting only, as in a reclined
#: chair or a bed's raised back; standing, kneeling or lying, ``trunk`` stops at -30. The
#: editors' choice: a back reclined past 60 degrees is nearer lying on the back.
RECLINED_TRUNK_MIN = -60.0


#: The views each position is drawn from. The model holds this, not the drawing, so that
#: a pose no view can draw is refused at validation with its path rather than by every
#: handout: a body lying on its back or front is drawn from the side, on one side from the
#: front (seen from above, the figure would be a line).
SUPPORTED_VIEWS: dict[BodyPosition, frozenset[View]] = {
    BodyPosition.STANDING: frozenset({View.SIDE, View.FRONT}),
    BodyPosition.SITTING: frozenset({View.SIDE, View.FRONT}),
    BodyPosition.KNEELING: frozenset({View.SIDE, View.FRONT}),
    BodyPosition.LYING_ON_BACK: frozenset({View.SIDE}),
    BodyPosition.LYING_ON_FRONT: frozenset({View.SIDE}),
    BodyPosition.LYING_ON_LEFT_SIDE: frozenset({View.FRONT}),
    BodyPosition.LYING_ON_RIGHT_SIDE: frozenset({View.FRONT}),
}


def _joint(_: object, a: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    low, high = JOINT_LIMITS[a.name]
    if a.name == "trunk":
        low = RECLINED_TRUNK_MIN  # below -30 only sitting: Pose checks the position
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise FieldError(a.name, f"{a.name} must be {low:g} to {high:g} degrees, not {value!r}")


# Each pose enumeration's text, as a file writes it, becomes its member (fields._as_member).


def _to_body_position(value: BodyPosition | str) -> BodyPosition:
    return _as_member(BodyPosition, value)


def _to_view(value: View | str) -> View:
    return _as_member(View, value)


def _to_prop_kind(value: PropKind | str) -> PropKind:
    return _as_member(PropKind, value)


def _to_prop_place(value: PropPlace | str) -> PropPlace:
    return _as_member(PropPlace, value)


def _to_constraint(value: Constraint | str) -> Constraint:
    return _as_member(Constraint, value)


@frozen(kw_only=True)
class Joints:
    """Joint angles in degrees (see ``JOINT_LIMITS``); a joint left out is neutral.

    :param trunk: Trunk lean from the position's neutral, in degrees: forwards when upright; up off
        the floor when lying. -30 to 90; sitting, down to -60, a reclined seat (format 1.2).
    :param hip: Hip flexion in degrees (negative: extension). -30 to 130.
    :param hip_abduction: Hip abduction in degrees: the leg out to the side. 0 to 60.
    :param hip_rotation: Hip external rotation in degrees: the knee turning out, as in the clam. 0
        to 60.
    :param knee: Knee flexion in degrees (0: straight). 0 to 150.
    :param ankle: Ankle angle in degrees: positive bends the foot up (dorsiflexion), negative points
        it (plantarflexion). -50 to 30.
    :param shoulder: Shoulder flexion in degrees: the arm forwards and up. -60 to 180.
    :param elbow: Elbow flexion in degrees (0: straight). 0 to 150.
    :param shoulder_abduction: Shoulder abduction in degrees: the arm out to the side and up
        (format 1.2). 0 to 180.
    :param shoulder_rotation: Shoulder rotation in degrees: external (the hand turning out, seen
        with the elbow bent) positive, internal negative (format 1.2). -90 to 90.
    :param shoulder_horizontal: The raised arm swung across the body (horizontal adduction,
        positive) or back (horizontal abduction, negative), from out to the side (format 1.2).
        -45 to 135.
    :param scapula_elevation: The shoulder blade shrugged up (positive) or drawn down
        (negative), as the collarbone's angle (format 1.2). -10 to 45.
    :param scapula_retraction: The shoulder blade squeezed back (positive) or pushed forwards
        (negative), as the collarbone's angle (format 1.2). -20 to 30.
    :param forearm: Forearm rotation in degrees: palm up (supination) positive, palm down
        (pronation) negative (format 1.2). -90 to 90.
    :param wrist: Wrist flexion in degrees (negative: extension, the back of the hand up;
        format 1.2). -80 to 90.
    :param trunk_rotation: Trunk rotation in degrees, towards the working side (the left where
        none) positive (format 1.2). -60 to 60.
    :param trunk_side_bend: Trunk side bend in degrees, towards the working side positive
        (format 1.2). -45 to 45.
    :param neck: Neck flexion in degrees: the chin down (negative: extension, looking up;
        format 1.2). -60 to 60.
    :param neck_rotation: Neck rotation in degrees, the head turning towards the working side
        positive (format 1.2). -80 to 80.
    :param neck_side_bend: Neck side bend in degrees, the ear towards the working side's
        shoulder positive (format 1.2). -45 to 45.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    trunk: float | None = field(default=None, validator=_joint)
    hip: float | None = field(default=None, validator=_joint)
    hip_abduction: float | None = field(default=None, validator=_joint)
    hip_rotation: float | None = field(default=None, validator=_joint)
    knee: float | None = field(default=None, validator=_joint)
    ankle: float | None = field(default=None, validator=_joint)
    shoulder: float | None = field(default=None, validator=_joint)
    elbow: float | None = field(default=None, validator=_joint)
    shoulder_abduction: float | None = field(default=None, validator=_joint)
    shoulder_rotation: float | None = field(default=None, validator=_joint)
    shoulder_horizontal: float | None = field(default=None, validator=_joint)
    scapula_elevation: float | None = field(default=None, validator=_joint)
    scapula_retraction: float | None = field(default=None, validator=_joint)
    forearm: float | None = field(default=None, validator=_joint)
    wrist: float | None = field(default=None, validator=_joint)
    trunk_rotation: float | None = field(default=None, validator=_joint)
    trunk_side_bend: float | None = field(default=None, validator=_joint)
    neck: float | None = field(default=None, validator=_joint)
    neck_rotation: float | None = field(default=None, validator=_joint)
    neck_side_bend: float | None = field(default=None, validator=_joint)


@frozen(kw_only=True)
class PoseFrame(Joints):
    """The body at one moment: angles for both sides, ``working`` for the working leg and
    arm where they differ, and a ``constraint`` the hip angle is solved to keep.

    Its joint angles are those of ``Joints``, documented there.

    :param working: Angles of the working leg and arm where they differ from the other side.
    :param constraint: A contact kept by solving the hip angle: shin_vertical (the knee straight
        above the ankle) or feet_on_floor (lying, feet flat).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    working: Joints | None = None
    constraint: Constraint | None = field(
        default=None,
        converter=attrs.converters.optional(_to_constraint),
        validator=_optional_member(Constraint),
    )


@frozen(kw_only=True)
class Prop:
    """A prop, and where on the body it goes.

    :param kind: The prop; the floor is always drawn.
    :param at: Where on the body: a roller under the knee, a band round the ankles or thighs, a
        weight on the back or in the hands, a step under the feet (their balls, heels hanging off)
        or under the working foot alone (a step-up). A band, weight or stick (format 1.2) held in
        the hands is drawn at the hands. A cushion (format 1.2) goes under the head (``head``) or
        the heels (``ankles``, the default); a towel (format 1.2) is held in both hands and
        looped round the working foot.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    kind: PropKind = field(converter=_to_prop_kind, validator=_member(PropKind))
    at: PropPlace | None = field(
        default=None,
        converter=attrs.converters.optional(_to_prop_place),
        validator=_optional_member(PropPlace),
    )


@frozen(kw_only=True)
class Pose:
    """How to draw an exercise (format 1.1): the body's position, the view, the start
    pose and (for a movement) the end pose, and the props. ``origin`` says whether the
    source shows this pose or it is the editors' reading of the source's words. Angles in
    the exercise's ``joint_angles`` (or the plan's current ones) replace these.

    :param position: How the body rests.
    :param view: Seen from the person's side (default) or front.
    :param start: The starting pose (or the held pose).
    :param end: The end of the movement; None for a hold.
    :param props: Props drawn with the figure.
    :param origin: source: the source shows this pose; editor (default): the editors' reading of the
        source's words.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    position: BodyPosition = field(converter=_to_body_position, validator=_member(BodyPosition))
    view: View = field(default=View.SIDE, converter=_to_view, validator=_member(View))
    start: PoseFrame
    end: PoseFrame | None = None
    props: tuple[Prop, ...] = field(default=(), converter=_tuple)
    origin: NameOrigin = field(
        default=NameOrigin.EDITOR, converter=_to_name_origin, validator=_member(NameOrigin)
    )

    def __attrs_post_init__(self) -> None:
        if self.view not in SUPPORTED_VIEWS[self.position]:
            drawn = " or ".join(sorted(v.value for v in SUPPORTED_VIEWS[self.position]))
            raise FieldError(
                "view",
                f"a pose {self.position.value} cannot be drawn from the {self.view.value}:"
                f" set view to {drawn}",
            )
        low = JOINT_LIMITS["trunk"][0]
        for name, frame in (("start", self.start), ("end", self.end)):
            trunk = frame.trunk if frame is not None else None
            if trunk is not None and trunk < low and self.position is not BodyPosition.SITTING:
                raise FieldError(
                    f"{name}.trunk",
                    f"trunk must be {low:g} to 90 degrees, not {trunk!r}: only sitting may "
                    f"recline the back further (down to {RECLINED_TRUNK_MIN:g})",
                )


present_as_public(globals())
