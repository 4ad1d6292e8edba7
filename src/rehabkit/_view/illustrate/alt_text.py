"""A figure's description in words, the alt text a screen reader speaks: the position,
the props, the angles, and the movement from the start to the end."""

from __future__ import annotations

import math

from rehabkit._core.i18n import N_, NP_, gettext, ngettext
from rehabkit._model.pose import BodyPosition, Pose, PoseFrame, PropKind, PropPlace, View
from rehabkit._model.words import join_phrases
from rehabkit._view.illustrate.canvas import SCALE
from rehabkit._view.illustrate.figure import BODY_JOINTS, SIDE_JOINTS, Frame

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
    PropKind.CUSHION: N_("a cushion under the heel"),
    PropKind.TOWEL: N_("a towel round the foot, held in both hands"),
}
# Where a prop's place changes what it is said to do: (kind, place) -> words.
_PLACED_PROP_WORDS: dict[tuple[PropKind, PropPlace | None], str] = {
    (PropKind.BAND, PropPlace.THIGHS): N_("a resistance band round the thighs"),
    (PropKind.BAND, PropPlace.HANDS): N_("a resistance band held in the hands"),
    (PropKind.WEIGHT, PropPlace.HANDS): N_("a weight in the hand"),
    (PropKind.WALL, PropPlace.FEET): N_("the feet against a wall"),
    (PropKind.WALL, PropPlace.HANDS): N_("a hand on a wall for balance"),
    (PropKind.CHAIR, PropPlace.HANDS): N_("a hand on the back of a chair for balance"),
    (PropKind.CUSHION, PropPlace.HEAD): N_("a cushion under the head"),
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
        if prop.kind is PropKind.STEP and prop.at is PropPlace.WORKING_FOOT:
            text = _FOOT_ON_STEP[working]
        else:
            text = _PLACED_PROP_WORDS.get((prop.kind, prop.at)) or _PROP_WORDS[prop.kind]
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
    "scapula_retraction": ("shoulder", "shoulder"), "forearm": ("palm", "hand"),
    "wrist": ("hand", "hand"), "trunk_rotation": ("shoulders", "trunk"),
    "trunk_side_bend": ("shoulders", "trunk"), "neck": ("head", "head"),
    "neck_rotation": ("face", "head"), "neck_side_bend": ("head", "head"),
}  # fmt: skip
_WHOLE = ("pelvis", "shoulders", "head", "face")  # points of the body, not of one side


def moving_point(pose: Pose, working: str | None, start: Frame, end: Frame) -> tuple[str, str]:
    """The point the movement is about, and its noun: the joint whose angle changes most
    names it (both legs bending together move the hips); where that point stays put, as
    the foot on the step in a step-up, the part that moves most (the toes of a foot pulled
    up, the upper body of a back bend)."""
    joint = _largest_change(pose, working)
    point, noun = _MOVING_PART[joint]
    if working is None and joint in ("hip", "knee"):
        point, noun = "pelvis", "hips"
    name = point if point in _WHOLE else f"{working or 'right'}_{point}"
    if name in end.points and _moved(start, end, name) >= VISIBLY:
        return name, noun
    return _most_moved(start, end, working or "right")


def _most_moved(start: Frame, end: Frame, side: str) -> tuple[str, str]:
    """The part that moves most, where the joint's own point stays put; the hips where
    they carry a whole-body movement (a step-up lifts them, and the hands with them) or
    nothing visibly moves."""
    candidates = [(f"{side}_{p}", n) for p, n in _SIDE_PARTS] + list(_BODY_PARTS)
    most = max(candidates, key=lambda c: _moved(start, end, c[0]))
    hips = _moved(start, end, "pelvis")
    if hips >= VISIBLY and hips >= _moved(start, end, most[0]) / 2:
        return "pelvis", "hips"
    return most if _moved(start, end, most[0]) >= VISIBLY else ("pelvis", "hips")


VISIBLY = 0.02  # of the body's height: about 3 cm, a movement the eye follows
# What may carry the movement when the joint's own point stays put: (point, noun).
_SIDE_PARTS = (("toe", "foot"), ("heel", "heel"), ("knee", "knee"), ("hand", "hand"))
_BODY_PARTS = (("pelvis", "hips"), ("shoulders", "trunk"))


def _moved(start: Frame, end: Frame, name: str) -> float:
    return math.dist(start.points[name].at[:2], end.points[name].at[:2])


# The part that moves, as the alt text names it: (whose, noun) -> words. "both" is both
# sides together, "top" the upper leg of a body lying on its side.
_PARTS = {
    (whose, noun): text
    for whose, nouns in {
        "both": {
            "leg": N_("both legs"), "heel": N_("both heels"), "knee": N_("both knees"),
            "arm": N_("both arms"), "shoulder": N_("both shoulders"),
            "hand": N_("both hands"), "hips": N_("the hips"), "foot": N_("both feet"),
        },
        "left": {
            "leg": N_("the left leg"), "heel": N_("the left heel"), "knee": N_("the left knee"),
            "arm": N_("the left arm"), "shoulder": N_("the left shoulder"),
            "hand": N_("the left hand"), "hips": N_("the hips"), "foot": N_("the left foot"),
        },
        "right": {
            "leg": N_("the right leg"), "heel": N_("the right heel"),
            "knee": N_("the right knee"), "arm": N_("the right arm"),
            "shoulder": N_("the right shoulder"),
            "hand": N_("the right hand"), "hips": N_("the hips"),
            "foot": N_("the right foot"),
        },
        "body": {"trunk": N_("the upper body"), "head": N_("the head")},
        "top": {
            "leg": N_("the top leg"), "heel": N_("the top heel"), "knee": N_("the top knee"),
            "arm": N_("the top arm"), "shoulder": N_("the top shoulder"),
            "hand": N_("the top hand"), "hips": N_("the hips"), "foot": N_("the top foot"),
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


# A turn about a part's own length (format 1.2), told by the joint's angle, not by where a
# point moves: the figure shows it only as a mark (the palm's, the face's) that moves.
_PALM_TURNS = {
    ("left", True): N_("the left palm turns up"),
    ("left", False): N_("the left palm turns down"),
    ("right", True): N_("the right palm turns up"),
    ("right", False): N_("the right palm turns down"),
    ("both", True): N_("both palms turn up"),
    ("both", False): N_("both palms turn down"),
}
_HEAD_TURNS = {"left": N_("the head turns to the left"), "right": N_("the head turns to the right")}


def _turn_words(pose: Pose, working: str | None, joint: str) -> str:
    """The forearm's turn, palm up or down; the head's, to the left or the right (towards
    the working side, the left where none, when the angle grows)."""
    assert pose.end is not None
    start, end = pose.start, pose.end
    change = _value(end, joint, bool(working)) - _value(start, joint, bool(working))
    if joint == "neck_rotation":
        towards = working or "left"
        return gettext(_HEAD_TURNS[towards if change > 0 else _OTHER[towards]])
    both = working is None or _value(end, joint, False) != _value(start, joint, False)
    return gettext(_PALM_TURNS[("both" if both else working or "both", change > 0)])


_OTHER = {"left": "right", "right": "left"}


# Less than this (in body heights) and the drawing has no arrow (half an SVG unit): the
# words tell no movement the picture does not show.
_DRAWN_MOVE = 0.5 / SCALE


def _movement_words(start: Frame, end: Frame, pose: Pose, working: str | None) -> str | None:
    """How the part that moves moves; None where nothing the picture shows moves (the
    exercise bike's pedalling, given as the working leg's angles, is not drawn)."""
    if (joint := _largest_change(pose, working)) in ("forearm", "neck_rotation"):
        return _turn_words(pose, working, joint)
    name, noun = moving_point(pose, working, start, end)
    if _moved(start, end, name) < _DRAWN_MOVE:
        return None
    point = name.partition("_")[2] or name
    a, b = start.points[name].at, end.points[name].at
    outwards = None
    if pose.view is View.FRONT and not pose.position.value.startswith("lying"):
        middle = start.points["pelvis"].at[0]
        outwards = abs(b[0] - middle) > abs(a[0] - middle)
    across = b[0] - a[0]
    if pose.position in (BodyPosition.LYING_ON_LEFT_SIDE, BodyPosition.LYING_ON_RIGHT_SIDE):
        across = 0.0  # across the picture is along the body, towards the head or the feet
    verb = _direction(across, b[1] - a[1], start.facing, outwards)
    whose, noun = _whose(point, noun, pose, working)
    singular, plural = _VERBS[verb]
    words = gettext("{part} {verb}").format(
        part=gettext(_PARTS[(whose, noun)]),
        verb=ngettext(singular, plural, 2 if whose == "both" else 1),
    )
    if point not in ("heel", "toe") and _still(start, end, "ankle"):
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
    return all(_moved(start, end, f"{s}_{part}") < VISIBLY for s in ("left", "right"))


def _position_words(pose: Pose, working: str | None) -> str:
    parts = [gettext(_POSITION_WORDS[pose.position]), *_prop_words(pose, working)]
    parts += _angle_words(pose.start, working, working is not None)
    return join_phrases(parts)


def alt_text(
    pose: Pose, start: Frame, end: Frame | None, working: str | None, panels: bool = False
) -> str:
    """What the picture shows, in words: the position, the props, the angles, and the
    movement from the start to the end; for two panels, each panel's in turn."""
    text = _position_words(pose, working)
    movement = _movement_words(start, end, pose, working) if end is not None else None
    if movement is not None and panels:
        # Translators: a picture in two panels, {start} the first's words, {end} the second's.
        return gettext("Start: {start}. End: {end}.").format(start=text, end=movement)
    if movement is not None:
        # Translators: between the position and the movement in a picture's description.
        text += gettext("; ") + movement
    return text + "."
