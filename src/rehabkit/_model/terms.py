"""The model's vocabularies: every enumeration a file's words map to, with no words of its own."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable

from rehabkit._core.public import present_as_public

__all__ = [
    "Comparator",
    "Contraction",
    "Direction",
    "Effect",
    "Joint",
    "Laterality",
    "Limb",
    "Match",
    "MeasurementKind",
    "Metric",
    "Motion",
    "Muscle",
    "NameOrigin",
    "NextMorning",
    "Parameter",
    "PeriodUnit",
    "Resume",
    "ReturnWith",
    "Scope",
    "Side",
    "Symptom",
    "Urgency",
]


class NextMorning(str, enum.Enum):
    """How the painful part felt the next morning, compared with usual."""

    BETTER = "better"  # better than usual
    SAME = "same"  # as usual
    WORSE = "worse"  # worse than usual: a sign the load was too much


class PeriodUnit(str, enum.Enum):
    """The period a frequency counts over."""

    DAY = "d"  # a frequency counted per day
    WEEK = "wk"  # a frequency counted per week


class Side(str, enum.Enum):
    """Which leg (or arm) an exercise works: the affected one, each in turn, or both together."""

    AFFECTED = "affected"  # the affected leg or arm only
    EACH = "each"  # each leg or arm in turn
    BOTH = "both"  # both together


class Laterality(str, enum.Enum):
    """The side of the body a diagnosis code or a plan is for."""

    LEFT = "left"  # the left side
    RIGHT = "right"  # the right side
    BOTH = "both"  # both sides
    UNSPECIFIED = "unspecified"  # a side not stated


class Limb(str, enum.Enum):
    """Which limb an exercise works (format 1.2): a leg (the default), an arm, or neither (the
    trunk or neck), where the side means nothing."""

    LEG = "leg"  # a leg (the default)
    ARM = "arm"  # an arm
    NONE = "none"  # neither: the trunk or neck, where the side means nothing


PLACEHOLDER_LEG = "{leg}"
PLACEHOLDER_OTHER_LEG = "{other leg}"
PLACEHOLDER_ARM = "{arm}"  # format 1.2
PLACEHOLDER_OTHER_ARM = "{other arm}"
#: The placeholders each limb's text may hold: (the treated one, the other one).
LIMB_PLACEHOLDERS: dict[Limb, tuple[str, str]] = {
    Limb.LEG: (PLACEHOLDER_LEG, PLACEHOLDER_OTHER_LEG),
    Limb.ARM: (PLACEHOLDER_ARM, PLACEHOLDER_OTHER_ARM),
}
#: What ``{leg}`` and ``{other leg}`` say for each side a plan treats. A generic handout
#: (no plan) and a plan that does not state the side say "treated leg".


class Muscle(str, enum.Enum):
    """Muscle groups a patient is told they should feel working."""

    QUADRICEPS = "quadriceps"
    HAMSTRINGS = "hamstrings"
    GLUTEALS = "gluteals"
    HIP_ABDUCTORS = "hip_abductors"
    HIP_ADDUCTORS = "hip_adductors"
    HIP_FLEXORS = "hip_flexors"
    CALF = "calf"
    TIBIALIS_ANTERIOR = "tibialis_anterior"
    PERONEALS = "peroneals"
    FOOT_INTRINSICS = "foot_intrinsics"
    TRUNK = "trunk"
    ROTATOR_CUFF = "rotator_cuff"
    DELTOID = "deltoid"
    SCAPULAR = "scapular"
    #: (1.2) The forearm muscles that lift the wrist (tennis elbow), that bend it, and that
    #: turn the palm up and down.
    WRIST_EXTENSORS = "wrist_extensors"
    WRIST_FLEXORS = "wrist_flexors"
    FOREARM_ROTATORS = "forearm_rotators"


class Joint(str, enum.Enum):
    """Joints whose angle an exercise specifies."""

    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    SPINE = "spine"


class Motion(str, enum.Enum):
    """The movement a joint angle is measured in."""

    FLEXION = "flexion"
    EXTENSION = "extension"
    ABDUCTION = "abduction"
    ADDUCTION = "adduction"
    DORSIFLEXION = "dorsiflexion"
    PLANTARFLEXION = "plantarflexion"
    INVERSION = "inversion"
    EVERSION = "eversion"
    ROTATION = "rotation"


class NameOrigin(str, enum.Enum):
    """Whether an exercise's name is the source's own, or one the protocol's editors gave it."""

    SOURCE = "source"  # the source's own name
    EDITOR = "editor"  # a name the protocol's editors gave it


class Metric(str, enum.Enum):
    """What a criterion measures. Per-session metrics are read from a session log."""

    PAIN_DURING = "pain_during"  # 0-10 NRS, worst pain during the exercise
    PAIN_AFTER = "pain_after"  # 0-10 NRS, right after the sets
    PAIN_SETTLE_TIME = "pain_settle_time"  # time for pain to return to usual
    NEXT_MORNING_WORSE = "next_morning_worse"  # 1 if worse than usual next morning
    FULL_DOSAGE = "full_dosage"  # 1 if every set and repetition was done
    SYMPTOM = "symptom"  # 1 if the named symptom was present
    SESSIONS_COMPLETED = "sessions_completed"  # count of sessions logged for the exercise
    TIME_ELAPSED = "time_elapsed"  # since the plan started, or since a dated event
    MEASUREMENT = "measurement"  # a named measurement the protocol declares
    TIME_AT_LEVEL = "time_at_level"  # since the exercise's current level began (format 1.1)
    EFFORT = "effort"  # 0-10 RPE (Borg CR10), how hard the session felt (format 1.2)
    REPS_IN_RESERVE = "reps_in_reserve"  # repetitions that could still have been done (1.2)
    PAIN_BEFORE = "pain_before"  # 0-10 NRS, before the session (format 1.2)


class Comparator(str, enum.Enum):
    """How a criterion compares the observed value with its threshold."""

    LT = "<"  # less than the threshold
    LE = "<="  # at most the threshold
    EQ = "=="  # equal to the threshold
    GE = ">="  # at least the threshold
    GT = ">"  # more than the threshold

    def holds(self, observed: float, threshold: float) -> bool:
        """Whether ``observed <op> threshold``."""
        return _COMPARE[self.value](observed, threshold)

    def function(self) -> Callable[[float, float], bool]:
        """The comparison as a plain function, for loops that call it many times."""
        return _COMPARE[self.value]


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    ">=": operator.ge,
    ">": operator.gt,
}


class Symptom(str, enum.Enum):
    """Symptoms a patient can report, used by stop criteria."""

    SWELLING = "swelling"
    LOCKING = "locking"
    GIVING_WAY = "giving_way"
    HEAT = "heat"
    REDNESS = "redness"
    FEVER = "fever"
    UNABLE_TO_BEAR_WEIGHT = "unable_to_bear_weight"
    NIGHT_PAIN = "night_pain"
    CONTINUOUS_PAIN = "continuous_pain"  # format 1.1
    # Format 1.2: warning signs beyond the knee, of the body as a whole and after surgery.
    UNWELL = "unwell"
    WEIGHT_LOSS = "weight_loss"
    WOUND_DISCHARGE = "wound_discharge"
    CALF_PAIN = "calf_pain"
    CHEST_PAIN = "chest_pain"
    BREATHLESSNESS = "breathlessness"
    DIZZINESS = "dizziness"
    FALL = "fall"
    NUMBNESS = "numbness"
    SNAP = "snap"
    LIMP = "limp"
    GROIN_PAIN = "groin_pain"
    # A bone tender to press after an injury: with not bearing weight, the Ottawa rules' sign
    # that an X-ray may be needed.
    BONE_TENDERNESS = "bone_tenderness"
    # Format 1.2: the warning signs of cauda equina syndrome, with back pain.
    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change"
    LEGS_WEAK = "legs_weak"


class Match(str, enum.Enum):
    """Whether all of a rule's criteria must hold, or any one of them."""

    ALL = "all"  # every criterion must hold
    ANY = "any"  # any one criterion is enough


class Direction(str, enum.Enum):
    """What a progression rule does when its criteria hold."""

    PROGRESS = "progress"  # move on: more dose, or a harder exercise
    REGRESS = "regress"  # step back: less dose, or an easier exercise


class Parameter(str, enum.Enum):
    """A dosage or position parameter a rule may change."""

    SETS = "sets"
    REPETITIONS = "repetitions"
    HOLD = "hold"
    LOAD = "load"
    JOINT_ANGLE = "joint_angle"
    # Format 1.2: any quantity of the dose.
    DURATION = "duration"
    DISTANCE = "distance"
    SPEED = "speed"
    RANGE = "range"
    REST = "rest"
    LOAD_LEVEL = "load_level"  # the load's resistance level (a band's colour)
    RPE = "rpe"  # the effort target, Borg CR10
    REPS_IN_RESERVE = "reps_in_reserve"
    PERCENT_MAX_EFFORT = "percent_max_effort"
    RM = "rm"  # the load's repetition maximum: a smaller one is a heavier weight


class Urgency(str, enum.Enum):
    """How urgently a stop criterion sends the patient for help."""

    STOP_EXERCISE = "stop_exercise"  # stop the exercise; no one need be seen
    SEE_CLINICIAN = "see_clinician"  # stop and see the clinician soon
    URGENT = "urgent"  # get urgent help now


#: Most urgent first: the order stops are shown and decided in, everywhere.
URGENCY_ORDER = (Urgency.URGENT, Urgency.SEE_CLINICIAN, Urgency.STOP_EXERCISE)


class Scope(str, enum.Enum):
    """Whether a stop criterion reads the whole day's log (the person) or one exercise's."""

    PATIENT = "patient"  # reads the whole day's log: the person
    EXERCISE = "exercise"  # reads one exercise's sessions


class Resume(str, enum.Enum):
    """What must happen before a stopped programme may move on again.

    ``review``: a clinician's review, recorded in the session log, dated on or after the
    stop. ``clear``: the stop no longer fires, and only sessions after it count.
    """

    REVIEW = "review"  # a clinician's review, logged on or after the stop
    CLEAR = "clear"  # the stop no longer fires; only later sessions count


class Effect(str, enum.Enum):
    """What a stop criterion in force does (format 1.2).

    ``stop``: the exercises stop. ``hold``: the exercises go on, but nothing moves on (no
    progression, no next phase) while it is in force; what ends it is its ``resume``.
    """

    STOP = "stop"  # the exercises stop
    HOLD = "hold"  # the exercises go on, but nothing moves on


class Contraction(str, enum.Enum):
    """The kind of muscle work: holding still, shortening, lengthening, or both."""

    ISOMETRIC = "isometric"  # holding still
    CONCENTRIC = "concentric"  # shortening (lifting)
    ECCENTRIC = "eccentric"  # lengthening (lowering)
    CONCENTRIC_ECCENTRIC = "concentric_eccentric"  # both: lifting and lowering


class ReturnWith(str, enum.Enum):
    """How an eccentric-only exercise gets back to its start: with the other limb or both."""

    OTHER_SIDE = "other_side"  # back to the start with the other limb
    BOTH_SIDES = "both_sides"  # back to the start with both limbs


class MeasurementKind(str, enum.Enum):
    """A number with a unit, one of ordered labelled levels, or present/absent."""

    QUANTITY = "quantity"  # a number with a unit
    ORDINAL = "ordinal"  # one of ordered, labelled levels
    PRESENCE = "presence"  # present or absent


present_as_public(globals())
