"""Exercises: their text, joint angles, equipment and pose."""

from __future__ import annotations

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model import words
from rehabkit._model.dosage import Dosage
from rehabkit._model.fields import (
    _member,
    _members,
    _optional_text,
    _text,
    _texts,
    _to_joint,
    _to_limb,
    _to_motion,
    _to_muscles,
    _to_name_origin,
    _to_side,
    _tuple,
)
from rehabkit._model.media import Media
from rehabkit._model.pose import Pose
from rehabkit._model.terms import (
    LIMB_PLACEHOLDERS,
    Joint,
    Laterality,
    Limb,
    Motion,
    Muscle,
    NameOrigin,
    Side,
)
from rehabkit._model.units import Amount, Unit, _amount

__all__ = ["Equipment", "Exercise", "JointAngle"]

# --------------------------------------------------------------------------- exercises


@frozen(kw_only=True)
class JointAngle:
    """A joint position an exercise asks for, e.g. knee flexion 30-60 deg.

    :param joint: The joint.
    :param motion: The movement the angle is measured in.
    :param angle: The angle in deg, one value or a range.
    :param note: A remark, e.g. what changes with the angle.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    joint: Joint = field(converter=_to_joint, validator=_member(Joint))
    motion: Motion = field(converter=_to_motion, validator=_member(Motion))
    angle: Amount = field(validator=_amount(frozenset({Unit.DEGREE}), "a joint angle", 0, 180))
    note: str | None = field(default=None, validator=_optional_text)


@frozen(kw_only=True)
class Equipment:
    """Something the exercise needs, with acceptable alternatives.

    :param name: What it is.
    :param alternatives: What can stand in for it.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_text)
    alternatives: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)


@frozen(kw_only=True)
class Exercise:
    """One exercise: how to do it, what to feel, its dosage overrides and safety notes.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param name: The exercise's name.
    :param name_origin: `source` if the name is the source's own; `editor` if the protocol's editors
        named it.
    :param aliases: Other names clinicians use.
    :param side: Which leg (or arm) works: the affected one, each in turn, or both together.
    :param limb: The limb the exercise works (format 1.2): leg (the default), arm, or none (the
        trunk or neck: side each then means each way in turn, and the other sides nothing). The
        handout says "Which leg", "Which arm" or, for each way in turn, "Which side".
    :param starting_position: How to set up before the first step.
    :param steps: What to do, in order, in plain words. In an exercise one leg does at a time (side:
        affected or each), {leg} and {other leg} stand for the person's legs (format 1.1): a left-
        sided plan's handout says "left leg" and "right leg". An arm exercise (limb: arm, format
        1.2) says {arm} and {other arm} instead.
    :param feel: What the patient should feel working.
    :param target_muscles: The muscles worked, from a controlled vocabulary.
    :param equipment: What the exercise needs.
    :param joint_angles: Joint positions the exercise asks for.
    :param dosage: This exercise's dosage; fields left out come from default_dosage.
    :param easier: Ways to make it easier.
    :param harder: Ways to make it harder.
    :param safety: Safety notes for this exercise.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param pose: How to draw the exercise (format 1.1).
    :param media: The clinic's own pictures and video links (format 1.2), each with its
        licence, attribution and description; a picture goes beside rehabkit's drawing or
        instead of it.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    name: str = field(validator=_text)
    name_origin: NameOrigin = field(
        default=NameOrigin.SOURCE, converter=_to_name_origin, validator=_member(NameOrigin)
    )
    aliases: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    side: Side = field(default=Side.AFFECTED, converter=_to_side, validator=_member(Side))
    limb: Limb = field(default=Limb.LEG, converter=_to_limb, validator=_member(Limb))
    starting_position: str | None = field(default=None, validator=_optional_text)
    steps: tuple[str, ...] = field(converter=_tuple, validator=_texts)
    feel: str = field(validator=_text)
    target_muscles: tuple[Muscle, ...] = field(
        converter=_to_muscles,
        validator=_members(Muscle),
    )
    equipment: tuple[Equipment, ...] = field(default=(), converter=_tuple)
    joint_angles: tuple[JointAngle, ...] = field(default=(), converter=_tuple)
    dosage: Dosage = Dosage()  # noqa: RUF009 (frozen: one shared value is safe)
    easier: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    harder: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    safety: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    pose: Pose | None = None
    media: tuple[Media, ...] = field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        if not self.steps:
            raise FieldError("", "an exercise needs at least one step")

    def angle(self, joint: Joint) -> JointAngle | None:
        """The first angle given for ``joint``, if any."""
        return next((a for a in self.joint_angles if a.joint is joint), None)

    def for_side(self, side: Laterality) -> Exercise:
        """This exercise's text written for a person treated on ``side``: ``{leg}`` and
        ``{other leg}`` (format 1.1) become "left leg" and "right leg", say; in an arm
        exercise, ``{arm}`` and ``{other arm}`` (format 1.2) become "left arm" and "right
        arm"."""
        if self.side is Side.BOTH or self.limb not in LIMB_PLACEHOLDERS:
            return self
        mine, other = words.limb_words(side, self.limb)
        placeholder, other_placeholder = LIMB_PLACEHOLDERS[self.limb]

        def fill(text: str) -> str:
            return text.replace(other_placeholder, other).replace(placeholder, mine)

        return attrs.evolve(
            self,
            starting_position=fill(self.starting_position) if self.starting_position else None,
            steps=tuple(map(fill, self.steps)),
            feel=fill(self.feel),
            easier=tuple(map(fill, self.easier)),
            harder=tuple(map(fill, self.harder)),
            safety=tuple(map(fill, self.safety)),
        )

    def which_leg(self, side: Laterality) -> str | None:
        """The sentence that tells a person treated on ``side`` which leg (or, in an arm
        exercise, which arm) does this exercise; None for an exercise done with both
        together, or one of the trunk or neck (limb: none)."""
        return words.which_leg(self, side)


# --------------------------------------------------------------------------- rules


present_as_public(globals())
