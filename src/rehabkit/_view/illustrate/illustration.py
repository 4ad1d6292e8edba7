"""Exercise illustrations drawn from the data: the pose as prescribed (this plan's angles),
as deterministic SVG with a title and a description generated from the pose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import evolve, frozen

from rehabkit._core.errors import RehabkitError
from rehabkit._core.extras import needs_extra
from rehabkit._core.public import present_as_public
from rehabkit._model.exercise import Exercise, JointAngle
from rehabkit._model.plan import Plan
from rehabkit._model.pose import (
    JOINT_LIMITS,
    BodyPosition,
    Constraint,
    Joints,
    Pose,
    PoseFrame,
    PropKind,
)
from rehabkit._model.protocol import Protocol
from rehabkit._model.terms import Joint, Laterality, Limb, Motion, Side
from rehabkit._model.units import Range
from rehabkit._view.illustrate.alt_text import alt_text
from rehabkit._view.illustrate.contact import frame_geometry
from rehabkit._view.illustrate.drawing import svg_document
from rehabkit._view.illustrate.figure import (
    following,
    merged,
    solved,
)
from rehabkit._view.illustrate.inputs import as_prescribed
from rehabkit._view.illustrate.panels import panel_layout, panels_svg

__all__ = ["Illustration", "illustrate"]


@frozen
class Illustration:
    """One exercise drawn as prescribed: ``svg`` (a complete SVG document, UTF-8 text)
    and ``alt``, the description a screen reader speaks and the SVG carries.

    :param exercise: The id of the exercise drawn.
    :param svg: A complete SVG document, UTF-8 text.
    :param alt: The description a screen reader speaks; the SVG carries it too.
    :param start: The solved starting position, joint by joint: the drawing's own geometry
        (its points and limbs), whose shape may change between versions.
    :param end: The solved end position; None for a held position.
    :param panels: True where the start and the end are drawn as two panels side by side
        (a large movement), False for one picture (the pale start under the end, with the
        arrow, or a held position); a two-panel drawing is up to twice as wide.
    """

    exercise: str
    svg: str
    alt: str
    # The drawing's geometry is not public API: typed Any so the reference names no
    # private class (it is a figure Frame).
    start: Any
    end: Any
    panels: bool = False

    def png(self, width: int = 800) -> bytes:
        """The drawing as a PNG ``width`` pixels wide, on white; needs the png extra
        (resvg with no system library); without it, MissingExtraError."""
        if isinstance(width, bool) or not isinstance(width, int) or not 16 <= width <= 8000:
            raise RehabkitError(f"width must be 16 to 8000 pixels, not {width!r}")
        with needs_extra("png", "drawing a PNG"):
            import resvg_py
        fonts = _font_dirs()
        png: bytes = resvg_py.svg_to_bytes(
            svg_string=self.svg, width=width, background="#ffffff",
            skip_system_fonts=bool(fonts), font_dirs=fonts,
        )  # fmt: skip
        return png


def _font_dirs() -> list[str]:
    """The handout's own fonts (the pdf extra), for the words of a two-panel drawing; the
    system's where they are not installed."""
    import importlib

    dirs = []
    for name in ("fontpkg_atkinson_hyperlegible", "fontpkg_noto_sans", "fontpkg_amiri"):
        try:
            dirs.append(str(importlib.import_module(name).ROOT / "files"))
        except ImportError:
            continue
    return dirs


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


# --------------------------------------------------------------------------- the public call


def _draw(exercise: Exercise, angles: Sequence[JointAngle], side: Laterality) -> Illustration:
    assert exercise.pose is not None
    working = _working_side(exercise, side)
    pose = _mirrored(prescribed(exercise.pose, angles), working)
    pose = evolve(pose, start=_seated(pose))
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
    layout = panel_layout(pose, start, end, working) if end is not None else None
    alt = alt_text(pose, start, end, working, panels=layout is not None)
    texts = (exercise.name, alt, f"figure-{exercise.id}")
    if layout is not None:
        svg = panels_svg(pose, layout, working, texts)
    else:
        svg = svg_document(pose, start, end, working, texts)
    return Illustration(exercise.id, svg, alt, start, end, panels=layout is not None)


def _seated(pose: Pose) -> PoseFrame:
    """The start, with the feet on the floor where the body sits on a chair and the pose
    gives neither the hip nor a constraint: the thighs then lie along the seat."""
    start = pose.start
    on_chair = any(p.kind is PropKind.CHAIR for p in pose.props)
    if on_chair and start.hip is None and start.constraint is None:
        return evolve(start, constraint=Constraint.FEET_ON_FLOOR)
    return start


def illustrate(document: Protocol | Plan, exercise: str | None = None) -> list[Illustration]:
    """Draw the exercises that have a pose, as prescribed: a plan's current angles and
    side, or a protocol's (the low end of a range). ``exercise`` picks one by id.

    :param document: a Protocol or a Plan.
    :param exercise: one exercise's id; by default every exercise that has a pose.
    :returns: one ``Illustration`` per exercise drawn.
    :raises RehabkitError: if ``exercise`` is not an exercise of the document, or has no pose.
    """
    protocol, side, current = as_prescribed(document)
    chosen = [e for e in protocol.exercises if exercise is None or e.id == exercise]
    if exercise is not None and not chosen:
        raise RehabkitError(f"{protocol.id} has no exercise {exercise!r}")
    return [
        _draw(ex, current.get(ex.id, ex.joint_angles), side) for ex in chosen if ex.pose is not None
    ]


present_as_public(globals())
