"""A joint position as a handout says it: the number of degrees, and for a joint bent from
straight (the knee, the hip, the elbow), how much of a bend that is in the words people
use ("a slight bend (knee bend 30 degrees)"): degrees mean little to most patients."""

from __future__ import annotations

from rehabkit._core.i18n import N_, gettext
from rehabkit._model import words
from rehabkit._model.exercise import JointAngle
from rehabkit._model.terms import Joint, Motion
from rehabkit._model.units import Quantity

#: Joints whose flexion is measured from straight (0 degrees), so that a number of degrees
#: says how bent they are.
_FROM_STRAIGHT = frozenset({Joint.KNEE, Joint.HIP, Joint.ELBOW})
#: How bent, up to each number of degrees: the editors' choice of bands, not a source's;
#: the number is always printed beside the words.
_BENDS = (
    (15.0, N_("straight or nearly straight")),
    (45.0, N_("a slight bend")),
    (75.0, N_("a medium bend")),
    (105.0, N_("a right-angle bend")),
    (180.0, N_("a deep bend")),
)


def angle_words(angle: JointAngle) -> str:
    """The joint and its degrees: "knee bend 30 degrees"."""
    return words.angle_words(angle.joint, angle.angle)


def position_words(angle: JointAngle) -> str:
    """The position as a patient reads it: "a slight bend (knee bend 30 degrees)"; a range
    of angles, or a joint not measured from straight, is said in degrees alone."""
    exact = angle_words(angle)
    bent = angle.motion is Motion.FLEXION and angle.joint in _FROM_STRAIGHT
    if not bent or not isinstance(angle.angle, Quantity):
        return exact
    degrees = float(angle.angle.value)
    bend = next(words for most, words in _BENDS if degrees <= most)
    return gettext("{bend} ({position})").format(bend=gettext(bend), position=exact)
