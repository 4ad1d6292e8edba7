"""The domain model: frozen, typed, validated-on-construction attrs classes."""

from __future__ import annotations

import datetime as dt
import enum
import math
import operator
import re
from collections.abc import Callable
from typing import Any, Union

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.i18n import N_, NP_, format_number, gettext, ngettext

__all__ = [
    "Amount",
    "BodyPosition",
    "Code",
    "Comparator",
    "Condition",
    "Constraint",
    "Contraction",
    "Count",
    "Criterion",
    "Direction",
    "Dosage",
    "Equipment",
    "Escalation",
    "Event",
    "Exercise",
    "FlareUp",
    "Frequency",
    "IntRange",
    "Intensity",
    "Joint",
    "JointAngle",
    "Joints",
    "Laterality",
    "Load",
    "Match",
    "Measurement",
    "MeasurementKind",
    "Metric",
    "Motion",
    "Muscle",
    "NameOrigin",
    "PainGuidance",
    "Parameter",
    "ParameterChange",
    "PeriodUnit",
    "Person",
    "Phase",
    "Pose",
    "PoseFrame",
    "ProgressionRule",
    "Prop",
    "PropKind",
    "PropPlace",
    "Protocol",
    "Quantity",
    "Range",
    "Reference",
    "Resume",
    "ReturnWith",
    "Scope",
    "Side",
    "StopCriterion",
    "Symptom",
    "Tempo",
    "TranslationNote",
    "Unit",
    "Urgency",
    "UrgentHelp",
    "View",
]


# --------------------------------------------------------------------------- vocabularies


class Unit(str, enum.Enum):
    """Units of measure, spelled as UCUM codes so they carry over to FHIR unchanged."""

    SECOND = "s"
    MINUTE = "min"
    HOUR = "h"
    DAY = "d"
    WEEK = "wk"
    DEGREE = "deg"
    KILOGRAM = "kg"
    POUND = "[lb_av]"
    CENTIMETRE = "cm"
    PERCENT = "%"


TIME_UNITS = frozenset({Unit.SECOND, Unit.MINUTE, Unit.HOUR, Unit.DAY, Unit.WEEK})
LOAD_UNITS = frozenset({Unit.KILOGRAM, Unit.POUND, Unit.PERCENT})
_SECONDS = {Unit.SECOND: 1, Unit.MINUTE: 60, Unit.HOUR: 3600, Unit.DAY: 86400, Unit.WEEK: 604800}


class PeriodUnit(str, enum.Enum):
    """The period a frequency counts over."""

    DAY = "d"
    WEEK = "wk"


class Side(str, enum.Enum):
    """Which leg (or arm) an exercise works: the affected one, each in turn, or both together."""

    AFFECTED = "affected"
    EACH = "each"
    BOTH = "both"


class Laterality(str, enum.Enum):
    """The side of the body a diagnosis code or a plan is for."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    UNSPECIFIED = "unspecified"


PLACEHOLDER_LEG = "{leg}"
PLACEHOLDER_OTHER_LEG = "{other leg}"
#: What ``{leg}`` and ``{other leg}`` say for each side a plan treats. A generic handout
#: (no plan) and a plan that does not state the side say "treated leg".
LEG_WORDS: dict[Laterality, tuple[str, str]] = {
    Laterality.LEFT: (N_("left leg"), N_("right leg")),
    Laterality.RIGHT: (N_("right leg"), N_("left leg")),
    Laterality.BOTH: (N_("working leg"), N_("other leg")),
    Laterality.UNSPECIFIED: (N_("treated leg"), N_("other leg")),
}


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

    SOURCE = "source"
    EDITOR = "editor"


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


PAIN_METRICS = frozenset({Metric.PAIN_DURING, Metric.PAIN_AFTER})
FLAG_METRICS = frozenset({Metric.NEXT_MORNING_WORSE, Metric.FULL_DOSAGE, Metric.SYMPTOM})
TIMED_METRICS = frozenset({Metric.PAIN_SETTLE_TIME, Metric.TIME_ELAPSED, Metric.TIME_AT_LEVEL})
SESSION_METRICS = PAIN_METRICS | FLAG_METRICS | {Metric.PAIN_SETTLE_TIME, Metric.MEASUREMENT}


class Comparator(str, enum.Enum):
    """How a criterion compares the observed value with its threshold."""

    LT = "<"
    LE = "<="
    EQ = "=="
    GE = ">="
    GT = ">"

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


class Match(str, enum.Enum):
    """Whether all of a rule's criteria must hold, or any one of them."""

    ALL = "all"
    ANY = "any"


class Direction(str, enum.Enum):
    """What a progression rule does when its criteria hold."""

    PROGRESS = "progress"
    REGRESS = "regress"


class Parameter(str, enum.Enum):
    """A dosage or position parameter a rule may change."""

    SETS = "sets"
    REPETITIONS = "repetitions"
    HOLD = "hold"
    LOAD = "load"
    JOINT_ANGLE = "joint_angle"


class Urgency(str, enum.Enum):
    """How urgently a stop criterion sends the patient for help."""

    STOP_EXERCISE = "stop_exercise"
    SEE_CLINICIAN = "see_clinician"
    URGENT = "urgent"


#: Most urgent first: the order stops are shown and decided in, everywhere.
URGENCY_ORDER = (Urgency.URGENT, Urgency.SEE_CLINICIAN, Urgency.STOP_EXERCISE)


class Scope(str, enum.Enum):
    """Whether a stop criterion reads the whole day's log (the person) or one exercise's."""

    PATIENT = "patient"
    EXERCISE = "exercise"


class Resume(str, enum.Enum):
    """What must happen before a stopped programme may move on again.

    ``review``: a clinician's review, recorded in the session log, dated on or after the
    stop. ``clear``: the stop no longer fires, and only sessions after it count.
    """

    REVIEW = "review"
    CLEAR = "clear"


class Contraction(str, enum.Enum):
    """The kind of muscle work: holding still, shortening, lengthening, or both."""

    ISOMETRIC = "isometric"
    CONCENTRIC = "concentric"
    ECCENTRIC = "eccentric"
    CONCENTRIC_ECCENTRIC = "concentric_eccentric"


class ReturnWith(str, enum.Enum):
    """How an eccentric-only exercise gets back to its start: with the other limb or both."""

    OTHER_SIDE = "other_side"
    BOTH_SIDES = "both_sides"


class MeasurementKind(str, enum.Enum):
    """A number with a unit, one of ordered labelled levels, or present/absent."""

    QUANTITY = "quantity"
    ORDINAL = "ordinal"
    PRESENCE = "presence"


# --------------------------------------------------------------------------- validators


def _finite(_: object, a: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(a.name, f"{a.name} must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise FieldError(a.name, f"{a.name} must be a finite number, not {value!r}")


def _whole(minimum: int, maximum: int | None = None) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(a.name, f"{a.name} must be a whole number, not {value!r}")
        if value < minimum:
            raise FieldError(a.name, f"{a.name} must be at least {minimum}, not {value}")
        if maximum is not None and value > maximum:
            raise FieldError(a.name, f"{a.name} must be at most {maximum}, not {value}")

    return check


def _optional_whole(minimum: int, maximum: int | None = None) -> Any:
    return attrs.validators.optional(_whole(minimum, maximum))


# Text is data for people: no control character but tab and newline, no lone surrogate
# (which no encoder can write), no byte-order mark inside text.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")


def _text(_: object, a: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str):
        raise FieldError(a.name, f"{a.name} must be text, not {type(value).__name__}")
    if not value.strip():
        raise FieldError(a.name, f"{a.name} must not be empty")
    bad = _UNPRINTABLE.search(value)
    if bad is not None:
        raise FieldError(
            a.name,
            f"{a.name} contains the character U+{ord(bad.group()):04X} at position"
            f" {bad.start()}: control characters and lone surrogates are not text",
        )


def _optional_text(inst: object, a: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        _text(inst, a, value)


def _texts(inst: object, a: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        _text(inst, a, item)


def _member(kind: type[enum.Enum]) -> Any:
    """A validator: the value is a member of ``kind`` (attrs's instance_of raises a TypeError
    whose message is a tuple of internals; this says what would do)."""

    def check(_: object, a: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            allowed = ", ".join(str(m.value) for m in kind)
            raise FieldError(
                a.name,
                f"{a.name} must be a rehabkit.{kind.__name__} ({allowed}), not {value!r}",
            )

    return check


def _flag(_: object, a: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise FieldError(a.name, f"{a.name} must be True or False, not {value!r}")


def _tuple(value: Any) -> tuple[Any, ...]:
    # Accept any iterable (a list from Python code) but store an immutable tuple.
    if isinstance(value, (str, bytes)):
        raise TypeError("expected a list, not text")
    return tuple(value)


def _in_bounds(value: Amount, low: float, high: float, what: str) -> None:
    lo, hi = (value.value, value.value) if isinstance(value, Quantity) else (value.low, value.high)
    if lo < low or hi > high:
        raise FieldError("", f"{what} must lie between {low:g} and {high:g}, not {_fmt(value)}")


_TIME_WORDS = {
    "s": NP_("{n} second", "{n} seconds"),
    "min": NP_("{n} minute", "{n} minutes"),
    "h": NP_("{n} hour", "{n} hours"),
    "d": NP_("{n} day", "{n} days"),
    "wk": NP_("{n} week", "{n} weeks"),
}


def _count_of(value: Amount | Count) -> int:
    """The count a plural form agrees with: the number, or a range's upper end."""
    top = value if isinstance(value, (int, float)) else getattr(value, "value", None)
    if top is None:
        top = value.high  # type: ignore[union-attr]
    return int(top) if float(top) == int(top) else 2  # a fraction takes the plural


def _number_of(value: Amount | Count) -> str:
    """The number or range alone, as the current language writes numbers."""
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, Quantity):
        return format_number(value.value)
    return f"{format_number(value.low)}-{format_number(value.high)}"


# A number with each unit, as a handout prints it (English keeps the UCUM codes).
_UNIT_FORMS = {
    Unit.SECOND: N_("{n} s"),
    Unit.MINUTE: N_("{n} min"),
    Unit.HOUR: N_("{n} h"),
    Unit.DAY: N_("{n} d"),
    Unit.WEEK: N_("{n} wk"),
    Unit.DEGREE: N_("{n} deg"),
    Unit.KILOGRAM: N_("{n} kg"),
    Unit.POUND: N_("{n} [lb_av]"),
    Unit.CENTIMETRE: N_("{n} cm"),
    Unit.PERCENT: N_("{n} %"),
}


def _say(value: Amount | Count) -> str:
    """An amount as the current language writes it: "2.5 kg", "2,5 kg", "30-60 deg"."""
    if isinstance(value, (int, IntRange)):
        return _number_of(value)
    return gettext(_UNIT_FORMS[value.unit]).format(n=_number_of(value))


def join_phrases(parts: list[str]) -> str:
    """Phrases one after another, with the current language's comma."""
    # Translators: the comma between the phrases of a dose, "3 sets, hold 5 s".
    return gettext(", ").join(parts)


def _fmt_time(value: Amount) -> str:
    """A duration in words: "10 minutes", "2-3 weeks"."""
    forms = _TIME_WORDS.get(value.unit.value)
    if forms is None:
        return _say(value)
    return ngettext(*forms, _count_of(value)).format(n=_number_of(value))


#: "3 sets": a dose's sets, in the handout's glance table and in each dose's words.
SET_FORMS = NP_("{n} set", "{n} sets")


def _plural(count: Count, forms: tuple[str, str]) -> str:
    return ngettext(*forms, _count_of(count)).format(n=_number_of(count))


def _fmt(value: Amount | Count) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, IntRange):
        return f"{value.low}-{value.high}"
    if isinstance(value, Quantity):
        return f"{value.value:g} {value.unit.value}"
    return f"{value.low:g}-{value.high:g} {value.unit.value}"


# --------------------------------------------------------------------------- quantities


@frozen
class Quantity:
    """A number with a unit, such as 5 s or 30 deg.

    :param value: The number.
    :param unit: Its unit.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    value: float = field(validator=_finite)
    unit: Unit = field(validator=_member(Unit))

    def seconds(self) -> float:
        """This duration in seconds (time units only)."""
        return self.value * _SECONDS[self.unit]

    def __str__(self) -> str:
        return _fmt(self)


@frozen
class Range:
    """A closed range of one unit, ``low``-``high``, such as a knee bend of 30-60 deg.

    :param low: The lower end.
    :param high: The upper end.
    :param unit: The unit of both ends.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    low: float = field(validator=_finite)
    high: float = field(validator=_finite)
    unit: Unit = field(validator=_member(Unit))

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise FieldError(
                "", f"low ({self.low:g}) must not be greater than high ({self.high:g})"
            )

    def __str__(self) -> str:
        return _fmt(self)


@frozen
class IntRange:
    """A range of whole numbers, such as 8-12 repetitions.

    :param low: The lower end.
    :param high: The upper end.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    low: int = field(validator=_whole(0))
    high: int = field(validator=_whole(0))

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise FieldError("", f"low ({self.low}) must not be greater than high ({self.high})")

    def __str__(self) -> str:
        return _fmt(self)


Amount = Union[Quantity, Range]
"""A measured amount: one value or a range, with a unit."""
Count = Union[int, IntRange]
"""A count: one whole number or a range of them."""


def _amount(
    units: frozenset[Unit] | None, what: str, low: float = 0, high: float = math.inf
) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: Amount | None) -> None:
        if value is None:
            return
        if not isinstance(value, (Quantity, Range)):
            raise FieldError(
                a.name, f"{a.name} must be a Quantity or a Range, not {type(value).__name__}"
            )
        if units is not None and value.unit not in units:
            allowed = ", ".join(sorted(u.value for u in units))
            raise FieldError(
                a.name, f"{what} must be in one of the units {allowed}, not {value.unit.value}"
            )
        try:
            _in_bounds(value, low, high, what)
        except ValueError as exc:
            raise FieldError(a.name, str(exc)) from None

    return check


def _count(minimum: int, maximum: int | None = None) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: Count | None) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, (int, IntRange)):
            raise FieldError(
                a.name, f"{a.name} must be a whole number or an IntRange, not {value!r}"
            )
        lo, hi = (value, value) if isinstance(value, int) else (value.low, value.high)
        if lo < minimum or (maximum is not None and hi > maximum):
            top = f" and {maximum}" if maximum is not None else ""
            raise FieldError(a.name, f"{a.name} must be at least {minimum}{top}, not {_fmt(value)}")

    return check


# --------------------------------------------------------------------------- dosage


MAX_SESSIONS = 1000  # the longest window of sessions a criterion may look back over
MAX_TIME_VALUE = 1e5  # a time threshold's largest number (about 2 years in minutes)
MAX_TIMES = 24  # sessions in one period: more than hourly is not a home programme
MAX_PERIOD = 366  # days or weeks one period may span


@frozen
class Frequency:
    """How often: ``times`` per ``period`` (up to ``period_max``) days or weeks.

    "Once daily or on alternate days" is ``Frequency(times=1, period=1, period_max=2)``,
    the same shape as FHIR Timing's ``frequency``/``period``/``periodMax``. Format 1.1
    adds ``times_max`` ("2-3 times a day", FHIR ``frequencyMax``), ``as_needed`` ("as
    needed, up to 3 times a day") and ``days_per_week`` ("twice a day, 3 days a week").

    :param times: How many sessions in each period.
    :param period: The length of the period, in period_unit.
    :param period_max: The longest period allowed, when there is a choice (greater than period).
    :param period_unit: The unit of period: d (days) or wk (weeks).
    :param times_max: The most sessions in each period, for a range of times ("2-3 times a day");
        greater than times (format 1.1).
    :param as_needed: True: as needed, up to times (or times_max) per period (format 1.1).
    :param days_per_week: On how many days a week, for a frequency per day ("twice a day, 3 days a
        week") (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    times: int = field(default=1, validator=_whole(1, MAX_TIMES))
    period: int = field(default=1, validator=_whole(1, MAX_PERIOD))
    period_max: int | None = field(default=None, validator=_optional_whole(1, MAX_PERIOD))
    period_unit: PeriodUnit = field(default=PeriodUnit.DAY, validator=_member(PeriodUnit))
    times_max: int | None = field(default=None, validator=_optional_whole(2, MAX_TIMES))
    as_needed: bool = field(default=False, validator=_flag)
    days_per_week: int | None = field(default=None, validator=_optional_whole(1, 7))

    def __attrs_post_init__(self) -> None:
        if self.period_max is not None and self.period_max <= self.period:
            raise FieldError(
                "", f"period_max ({self.period_max}) must be greater than period ({self.period})"
            )
        if self.times_max is not None and self.times_max <= self.times:
            raise FieldError(
                "", f"times_max ({self.times_max}) must be greater than times ({self.times})"
            )
        daily = self.period == 1 and self.period_unit is PeriodUnit.DAY
        if self.days_per_week is not None and not (daily and self.period_max is None):
            raise FieldError("", "days_per_week goes with a frequency per day (period 1, unit d)")

    def options(self) -> tuple[Frequency, ...]:
        """The fixed frequencies this one allows, e.g. daily and alternate days."""
        top = self.period_max or self.period
        return tuple(
            attrs.evolve(self, period=p, period_max=None) for p in range(self.period, top + 1)
        )

    def sessions_per_day(self) -> int:
        """The most sessions this frequency puts on one day (at least 1)."""
        if self.period_unit is PeriodUnit.DAY and self.period == 1:
            return self.times_max or self.times
        return 1

    def describe(self) -> str:
        """Plain English, e.g. "once a day or every other day", "2 to 3 times a day"."""
        day = self.period_unit is PeriodUnit.DAY
        times = ngettext("once", "{n} times", self.times).format(n=self.times)
        if self.times == 2:
            times = gettext("twice")
        if self.times_max is not None:
            times = gettext("{low} to {high} times").format(low=self.times, high=self.times_max)

        def every(p: int) -> str:
            if day:
                return ngettext("a day", "every {n} days", p).format(n=p)
            return ngettext("a week", "every {n} weeks", p).format(n=p)

        text = gettext("{times} {every}").format(times=times, every=every(self.period))
        if self.as_needed:
            text = gettext("as needed, up to {text}").format(text=text)
        if self.days_per_week is not None:
            text += ngettext(", {n} day a week", ", {n} days a week", self.days_per_week).format(
                n=self.days_per_week
            )
        if self.period_max is not None:
            plain = self.times == 1 and self.times_max is None and not self.as_needed
            if plain and day and self.period_max == 2:
                return gettext("{text} or every other day").format(text=text)
            return gettext("{text} to {every}").format(text=text, every=every(self.period_max))
        return text


@frozen(kw_only=True)
class Intensity:
    """How hard: a pain ceiling (0-10 NRS), an RPE (Borg CR10, 0-10) or % of maximal effort.

    ``pain_max`` is the pain this exercise accepts during loading. When set, it replaces
    the protocol's own ``pain_during`` limits for this exercise's sessions (tendinopathy
    programmes accept some pain); stop criteria still apply.

    :param pain_max: The most pain allowed during the exercise, on the 0-10 numeric rating scale.
    :param rpe: Rating of perceived exertion on the Borg CR10 scale (0-10).
    :param percent_max_effort: Percentage of maximal voluntary effort (0-100).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    pain_max: int | None = field(default=None, validator=_count(0, 10))
    rpe: Count | None = field(default=None, validator=_count(0, 10))
    percent_max_effort: Count | None = field(default=None, validator=_count(0, 100))

    def describe(self) -> list[str]:
        """Plain-English phrases, e.g. ["effort 70% of maximum", "pain no more than 5/10"]."""
        parts = []
        if self.percent_max_effort is not None:
            effort = _number_of(self.percent_max_effort)
            # The sign goes in with the number: "{n}% of" reads to gettext tools as "%o".
            parts.append(gettext("effort {percent} of maximum").format(percent=f"{effort}%"))
        if self.rpe is not None:
            parts.append(gettext("exertion {n} out of 10").format(n=_number_of(self.rpe)))
        if self.pain_max is not None:
            parts.append(gettext("pain no more than {n}/10").format(n=self.pain_max))
        return parts


@frozen(kw_only=True)
class Load:
    """External load or resistance, and how much to add when progressing.

    :param description: The load in words, e.g. "light resistance band".
    :param amount: The load as a quantity or range in kg, [lb_av] or %.
    :param increment: How much load to add at each progression (printed, and used by a load change
        without a step).
    :param maximum: The most load a progression may reach (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    description: str | None = field(default=None, validator=_optional_text)
    amount: Amount | None = field(default=None, validator=_amount(LOAD_UNITS, "a load", 0, 1e4))
    increment: Quantity | None = field(
        default=None, validator=_amount(LOAD_UNITS, "an increment", 0, 1e4)
    )
    maximum: Quantity | None = field(
        default=None, validator=_amount(LOAD_UNITS, "a maximum load", 0, 1e4)
    )

    def describe(self) -> str:
        """Plain English, e.g. "5 kg (a backpack), add 2.5 kg when ready, up to 20 kg"."""
        amount = _say(self.amount) if self.amount is not None else None
        text = f"{amount} ({self.description})" if amount and self.description else ""
        parts = [text or amount or self.description or ""]
        if self.increment is not None:
            parts.append(gettext("add {amount} when ready").format(amount=_say(self.increment)))
        if self.maximum is not None:
            parts.append(gettext("up to {amount}").format(amount=_say(self.maximum)))
        return join_phrases([p for p in parts if p])


_time = _amount(TIME_UNITS, "a duration", 0, 1e6)


def _seconds(_: object, a: attrs.Attribute[Any], value: float) -> None:
    _finite(_, a, value)
    if not 0 <= value <= 600:
        raise FieldError(a.name, f"{a.name} is a number of seconds from 0 to 600, not {value:g}")


@frozen(kw_only=True)
class Tempo:
    """Seconds for each part of a repetition: lowering, pause, lifting (e.g. 3-1-1).

    :param eccentric: Seconds lowering (0-600).
    :param pause: Seconds paused between lowering and lifting (0-600, default 0).
    :param concentric: Seconds lifting (0-600).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    eccentric: float = field(validator=_seconds)
    pause: float = field(default=0, validator=_seconds)
    concentric: float = field(validator=_seconds)

    def describe(self) -> str:
        """Plain English, e.g. "lower over 3 s, pause 1 s, lift over 1 s"."""
        parts = [gettext("lower over {n} s").format(n=format_number(self.eccentric))]
        if self.pause:
            parts.append(gettext("pause {n} s").format(n=format_number(self.pause)))
        parts.append(gettext("lift over {n} s").format(n=format_number(self.concentric)))
        return join_phrases(parts)


_CONTRACTION = {
    Contraction.ISOMETRIC: N_("hold still (isometric)"),
    Contraction.CONCENTRIC: N_("lifting phase only (concentric)"),
    Contraction.ECCENTRIC: N_("lowering phase only (eccentric)"),
    Contraction.CONCENTRIC_ECCENTRIC: N_("lift and lower"),
}
_RETURN = {
    ReturnWith.OTHER_SIDE: N_("return to the start with the other leg or arm"),
    ReturnWith.BOTH_SIDES: N_("return to the start using both legs or arms"),
}


@frozen(kw_only=True)
class Dosage:
    """Sets, repetitions, hold, rest, load, intensity and frequency; each may be absent.

    Format 1.1 adds ``duration`` (time as the dose: "10 minutes on a bike"),
    ``contraction``, ``tempo`` and ``return_with`` ("lower on the affected leg, return
    with the other").

    A protocol's default dosage is overlaid field by field by each exercise's own; use
    :meth:`Protocol.dosage_for` for the resolved dosage of an exercise.

    :param sets: Number of sets (at least 1).
    :param repetitions: Repetitions per set (at least 1); None for a hold without repetitions.
    :param hold: How long to hold each repetition (time unit).
    :param rest: Rest between sets (time unit).
    :param load: External load or resistance.
    :param intensity: How hard to work.
    :param frequency: How often to do the exercise.
    :param duration: Time as the dose, e.g. 10 min on a bike (time unit) (format 1.1).
    :param contraction: The muscle work: isometric, concentric, eccentric or concentric_eccentric
        (format 1.1).
    :param tempo: Seconds for each part of a repetition (format 1.1).
    :param return_with: For eccentric-only work, how to get back to the start: other_side ("return
        with the other leg") or both_sides (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    sets: Count | None = field(default=None, validator=_count(1))
    repetitions: Count | None = field(default=None, validator=_count(1))
    hold: Amount | None = field(default=None, validator=_time)
    rest: Amount | None = field(default=None, validator=_time)
    load: Load | None = None
    intensity: Intensity | None = None
    frequency: Frequency | None = None
    duration: Amount | None = field(default=None, validator=_time)
    contraction: Contraction | None = field(
        default=None, validator=attrs.validators.optional(_member(Contraction))
    )
    tempo: Tempo | None = None
    return_with: ReturnWith | None = field(
        default=None, validator=attrs.validators.optional(_member(ReturnWith))
    )

    def over(self, base: Dosage) -> Dosage:
        """This dosage with every field it leaves unset taken from ``base``."""
        values = {
            a.name: getattr(self, a.name)
            if getattr(self, a.name) is not None
            else getattr(base, a.name)
            for a in attrs.fields(Dosage)
        }
        return Dosage(**values)

    def describe(self) -> str:
        """Plain English, e.g. "3 sets of 12 repetitions, hold 5 s"."""
        parts: list[str] = []
        sets = None if self.sets is None else _plural(self.sets, SET_FORMS)
        reps = (
            None
            if self.repetitions is None
            else _plural(self.repetitions, NP_("{n} repetition", "{n} repetitions"))
        )
        if sets and reps:
            parts.append(gettext("{sets} of {repetitions}").format(sets=sets, repetitions=reps))
        elif sets or reps:
            parts.append(sets or reps or "")
        if self.duration is not None:
            parts.append(gettext("for {time}").format(time=_fmt_time(self.duration)))
        if self.hold is not None:
            parts.append(gettext("hold {time}").format(time=_say(self.hold)))
        if self.contraction is not None:
            parts.append(gettext(_CONTRACTION[self.contraction]))
        if self.tempo is not None:
            parts.append(self.tempo.describe())
        if self.return_with is not None:
            parts.append(gettext(_RETURN[self.return_with]))
        if self.rest is not None:
            parts.append(gettext("rest {time} between sets").format(time=_say(self.rest)))
        if self.load is not None and self.load.describe():
            parts.append(self.load.describe())
        if self.intensity is not None:
            parts += self.intensity.describe()
        if self.frequency is not None:
            parts.append(self.frequency.describe())
        return join_phrases(parts)


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

    joint: Joint = field(validator=_member(Joint))
    motion: Motion = field(validator=_member(Motion))
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

    SIDE = "side"
    FRONT = "front"


class PropKind(str, enum.Enum):
    """Things the body rests on or works against; the floor is always drawn."""

    WALL = "wall"
    STEP = "step"
    CHAIR = "chair"
    FOAM_ROLLER = "foam_roller"
    BAND = "band"
    WEIGHT = "weight"


class PropPlace(str, enum.Enum):
    """Where a prop sits on the body: a roller under the knee, a band round the ankles."""

    KNEE = "knee"
    ANKLES = "ankles"
    THIGHS = "thighs"
    BACK = "back"
    HANDS = "hands"
    FEET = "feet"
    WORKING_FOOT = "working_foot"  # a step under the working foot alone, as in a step-up


class Constraint(str, enum.Enum):
    """A contact the drawing keeps by solving the hip angle: the shin upright (the knee
    straight above the ankle), or the feet flat on the floor while lying."""

    SHIN_VERTICAL = "shin_vertical"
    FEET_ON_FLOOR = "feet_on_floor"


#: The joint angles a pose may give, in degrees, and their limits. Flexion is positive,
#: so is abduction and external rotation; the ankle is positive when it bends up
#: (dorsiflexion); trunk is lean from the position's neutral, forwards (or, lying, up off
#: the floor). Limits are the editors' choice: wider than healthy adult ranges, narrow
#: enough that no drawing folds a limb through itself.
JOINT_LIMITS: dict[str, tuple[float, float]] = {
    "trunk": (-30.0, 90.0),
    "hip": (-30.0, 130.0),
    "hip_abduction": (0.0, 60.0),
    "hip_rotation": (0.0, 60.0),
    "knee": (0.0, 150.0),
    "ankle": (-50.0, 30.0),
    "shoulder": (-60.0, 180.0),
    "elbow": (0.0, 150.0),
}


def _joint(_: object, a: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    low, high = JOINT_LIMITS[a.name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise FieldError(a.name, f"{a.name} must be {low:g} to {high:g} degrees, not {value!r}")


@frozen(kw_only=True)
class Joints:
    """Joint angles in degrees (see ``JOINT_LIMITS``); a joint left out is neutral.

    :param trunk: Trunk lean from the position's neutral, in degrees: forwards when upright; up off
        the floor when lying. -30 to 90.
    :param hip: Hip flexion in degrees (negative: extension). -30 to 130.
    :param hip_abduction: Hip abduction in degrees: the leg out to the side. 0 to 60.
    :param hip_rotation: Hip external rotation in degrees: the knee turning out, as in the clam. 0
        to 60.
    :param knee: Knee flexion in degrees (0: straight). 0 to 150.
    :param ankle: Ankle angle in degrees: positive bends the foot up (dorsiflexion), negative points
        it (plantarflexion). -50 to 30.
    :param shoulder: Shoulder flexion in degrees: the arm forwards and up. -60 to 180.
    :param elbow: Elbow flexion in degrees (0: straight). 0 to 150.
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


@frozen(kw_only=True)
class PoseFrame(Joints):
    """The body at one moment: angles for both sides, ``working`` for the working leg and
    arm where they differ, and a ``constraint`` the hip angle is solved to keep.

    Its joint angles are those of :class:`Joints`, documented there.

    :param working: Angles of the working leg and arm where they differ from the other side.
    :param constraint: A contact kept by solving the hip angle: shin_vertical (the knee straight
        above the ankle) or feet_on_floor (lying, feet flat).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    working: Joints | None = None
    constraint: Constraint | None = None


@frozen(kw_only=True)
class Prop:
    """A prop, and where on the body it goes.

    :param kind: The prop; the floor is always drawn.
    :param at: Where on the body: a roller under the knee, a band round the ankles or thighs, a
        weight on the back or in the hands, a step under the feet (their balls, heels hanging off)
        or under the working foot alone (a step-up).
    """

    kind: PropKind
    at: PropPlace | None = None


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
    """

    position: BodyPosition
    view: View = View.SIDE
    start: PoseFrame
    end: PoseFrame | None = None
    props: tuple[Prop, ...] = field(default=(), converter=_tuple)
    origin: NameOrigin = NameOrigin.EDITOR


@frozen(kw_only=True)
class Exercise:
    """One exercise: how to do it, what to feel, its dosage overrides and safety notes.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param name: The exercise's name.
    :param name_origin: `source` if the name is the source's own; `editor` if the protocol's editors
        named it.
    :param aliases: Other names clinicians use.
    :param side: Which leg works: the affected one, each in turn, or both together.
    :param starting_position: How to set up before the first step.
    :param steps: What to do, in order, in plain words. In an exercise one leg does at a time (side:
        affected or each), {leg} and {other leg} stand for the person's legs (format 1.1): a left-
        sided plan's handout says "left leg" and "right leg".
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
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    name: str = field(validator=_text)
    name_origin: NameOrigin = NameOrigin.SOURCE
    aliases: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    side: Side = Side.AFFECTED
    starting_position: str | None = field(default=None, validator=_optional_text)
    steps: tuple[str, ...] = field(converter=_tuple, validator=_texts)
    feel: str = field(validator=_text)
    target_muscles: tuple[Muscle, ...] = field(
        converter=_tuple,
        validator=attrs.validators.deep_iterable(_member(Muscle)),
    )
    equipment: tuple[Equipment, ...] = field(default=(), converter=_tuple)
    joint_angles: tuple[JointAngle, ...] = field(default=(), converter=_tuple)
    dosage: Dosage = Dosage()
    easier: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    harder: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    safety: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    pose: Pose | None = None

    def __attrs_post_init__(self) -> None:
        if not self.steps:
            raise FieldError("", "an exercise needs at least one step")

    def angle(self, joint: Joint) -> JointAngle | None:
        """The first angle given for ``joint``, if any."""
        return next((a for a in self.joint_angles if a.joint is joint), None)

    def for_side(self, side: Laterality) -> Exercise:
        """This exercise's text written for a person treated on ``side``: ``{leg}`` and
        ``{other leg}`` (format 1.1) become "left leg" and "right leg", say."""
        if self.side is Side.BOTH:
            return self
        leg, other = (gettext(words) for words in LEG_WORDS[side])

        def fill(text: str) -> str:
            return text.replace(PLACEHOLDER_OTHER_LEG, other).replace(PLACEHOLDER_LEG, leg)

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
        """The sentence that tells a person treated on ``side`` which leg does this
        exercise; None for an exercise done with both legs together."""
        if self.side is Side.BOTH:
            return None
        if self.side is Side.EACH:
            if side is Laterality.LEFT:
                return gettext("Do it with each leg in turn, starting with your left leg.")
            if side is Laterality.RIGHT:
                return gettext("Do it with each leg in turn, starting with your right leg.")
            return gettext("Do it with each leg in turn.")
        if side is Laterality.BOTH:
            return gettext("Do it with one leg, then do the same with the other leg.")
        return gettext("Do it with your {leg}.").format(leg=gettext(LEG_WORDS[side][0]))


# --------------------------------------------------------------------------- rules


_COMPARATOR_WORDS = {
    Comparator.LT: N_("below"),
    Comparator.LE: N_("at most"),
    Comparator.EQ: N_("exactly"),
    Comparator.GE: N_("at least"),
    Comparator.GT: N_("above"),
}
#: The symptoms in words, as a criterion names them.
SYMPTOM_WORDS = {
    Symptom.SWELLING: N_("swelling"),
    Symptom.LOCKING: N_("locking"),
    Symptom.GIVING_WAY: N_("giving way"),
    Symptom.HEAT: N_("heat"),
    Symptom.REDNESS: N_("redness"),
    Symptom.FEVER: N_("fever"),
    Symptom.UNABLE_TO_BEAR_WEIGHT: N_("unable to bear weight"),
    Symptom.NIGHT_PAIN: N_("night pain"),
    Symptom.CONTINUOUS_PAIN: N_("continuous pain"),
}


@frozen(kw_only=True)
class Criterion:
    """One condition on what a patient logged or on elapsed time, e.g. pain during <= 2/10.

    Per-session metrics must hold in each of the latest ``sessions`` logged sessions of
    the exercise the rule is about. Flags (``next_morning_worse``, ``full_dosage``,
    ``symptom``) are 0 or 1. ``measurement`` names one of the protocol's declared
    measurements; ``symptom`` names the symptom a ``symptom`` criterion looks for.

    :param metric: What is measured: pain_during / pain_after (0-10), pain_settle_time (time),
        next_morning_worse / full_dosage / symptom (0 or 1), sessions_completed, time_elapsed
        (time), measurement (named). (format 1.1) time_at_level: time since the exercise's current
        level began.
    :param op: How the observed value compares with `value`.
    :param value: The threshold (required unless `level` is given).
    :param unit: The threshold's unit (time metrics and measurements only).
    :param sessions: How many latest sessions must all meet it (default 1).
    :param measurement: For metric `measurement`: the name of a declared measurement.
    :param symptom: For metric `symptom`: which symptom.
    :param description: The criterion in plain English.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param level: For an ordinal measurement: the level compared with, one of its levels (format
        1.1).
    :param since: For time_elapsed: the id of a declared event to count from (default: the plan's
        start) (format 1.1).
    :param max_age: For a measurement: the oldest a measurement may be and still count (d or wk)
        (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    metric: Metric = field(validator=_member(Metric))
    op: Comparator = field(validator=_member(Comparator))
    value: float | None = field(default=None, validator=attrs.validators.optional(_finite))
    unit: Unit | None = None
    sessions: int = field(default=1, validator=_whole(1, MAX_SESSIONS))
    measurement: str | None = field(default=None, validator=_optional_text)
    symptom: Symptom | None = None
    description: str | None = field(default=None, validator=_optional_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    level: str | None = field(default=None, validator=_optional_text)
    since: str | None = field(default=None, validator=_optional_text)
    max_age: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "max_age", 0, 3660)
    )

    def __attrs_post_init__(self) -> None:
        m = self.metric
        if (self.value is None) == (self.level is None):
            raise FieldError(
                "", "a criterion gives a value, or (for an ordinal measurement) a level"
            )
        if self.level is not None and m is not Metric.MEASUREMENT:
            raise FieldError("", "only a measurement criterion may give a level")
        if self.since is not None and m is not Metric.TIME_ELAPSED:
            raise FieldError("", "only a time_elapsed criterion counts since an event")
        if self.max_age is not None and m is not Metric.MEASUREMENT:
            raise FieldError("", "only a measurement criterion has a max_age")
        value = self.value if self.value is not None else 0.0
        if m in PAIN_METRICS and not 0 <= value <= 10:
            raise FieldError("", f"a pain score must lie between 0 and 10, not {value:g}")
        if m in FLAG_METRICS and value not in (0, 1):
            raise FieldError("", f"{m.value} is a yes/no flag: its value must be 0 or 1")
        if (m is Metric.SYMPTOM) != (self.symptom is not None):
            raise FieldError("", "a symptom criterion names its symptom, and only it does")
        if (m is Metric.MEASUREMENT) != (self.measurement is not None):
            raise FieldError("", "a measurement criterion names its measurement, and only it does")
        if m in TIMED_METRICS and self.unit not in TIME_UNITS:
            raise FieldError("", f"{m.value} needs a time unit (s, min, h, d, wk)")
        if m in TIMED_METRICS and not 0 <= value <= MAX_TIME_VALUE:
            raise FieldError("", f"{m.value} must lie between 0 and {MAX_TIME_VALUE:g}")
        if m not in TIMED_METRICS and m is not Metric.MEASUREMENT and self.unit is not None:
            raise FieldError("", f"{m.value} takes no unit")
        if m is Metric.SESSIONS_COMPLETED and not (0 <= value <= 10_000 and value == int(value)):
            raise FieldError("", "sessions_completed is a whole number of sessions, at most 10000")

    def threshold(self) -> float:
        """The threshold in the metric's base unit (seconds for times); 0 for a level."""
        value = self.value if self.value is not None else 0.0
        if self.unit in TIME_UNITS:
            return value * _SECONDS[self.unit]
        return value

    def describe(self) -> str:
        """Plain English, e.g. "pain during the exercise at most 2/10 in each of the last 3
        sessions"; the criterion's own ``description`` when it has one."""
        if self.description:
            return self.description
        words = gettext(_COMPARATOR_WORDS[self.op])
        value = self.value if self.value is not None else 0.0
        amount = _say(Quantity(value, self.unit)) if self.unit else format_number(value)
        # A flag criterion reads as the statement if it holds when the flag is set.
        yes = self.op.holds(1, value)
        text = self._statement(words, amount, yes)
        if self.max_age is not None:
            text += gettext(", measured within the last {time}").format(time=_say(self.max_age))
        if self.sessions > 1:
            text += gettext(", in each of the last {n} sessions").format(n=self.sessions)
        return text

    def _statement(self, words: str, amount: str, yes: bool) -> str:
        m = self.metric
        if m is Metric.PAIN_DURING:
            return gettext("pain during the exercise {op} {n}/10").format(op=words, n=amount)
        if m is Metric.PAIN_AFTER:
            return gettext("pain after the exercise {op} {n}/10").format(op=words, n=amount)
        if m is Metric.PAIN_SETTLE_TIME:
            if self.op in (Comparator.LT, Comparator.LE):
                return gettext("pain back to usual within {time}").format(time=amount)
            if self.op is Comparator.GT:
                return gettext("pain took more than {time} to settle").format(time=amount)
            if self.op is Comparator.GE:
                return gettext("pain took at least {time} to settle").format(time=amount)
            return gettext("pain took {op} {time} to settle").format(op=words, time=amount)
        if m is Metric.NEXT_MORNING_WORSE:
            if yes:
                return gettext("worse than usual the next morning")
            return gettext("no worse the next morning")
        if m is Metric.FULL_DOSAGE:
            if yes:
                return gettext("every set and repetition done")
            return gettext("not every set and repetition done")
        if m is Metric.SYMPTOM and self.symptom is not None:
            name = gettext(SYMPTOM_WORDS[self.symptom])
            if yes:
                return gettext("{symptom} reported").format(symptom=name)
            return gettext("no {symptom} reported").format(symptom=name)
        if m is Metric.SESSIONS_COMPLETED:
            return gettext("{op} {n} sessions done").format(op=words, n=amount)
        if m is Metric.TIME_ELAPSED:
            if self.since is None:
                return gettext("{op} {time} since the start").format(op=words, time=amount)
            return gettext("{op} {time} since {event}").format(
                op=words, time=amount, event=self.since
            )
        if m is Metric.TIME_AT_LEVEL:
            return gettext("{op} {time} at the current level").format(op=words, time=amount)
        if self.level is not None:
            return f"{self.measurement} {words} {self.level}"
        return f"{self.measurement} {words} {amount}"


@frozen(kw_only=True)
class ParameterChange:
    """A change of one parameter: add ``step`` each time, never beyond ``limit``.

    Format 1.1: ``limit`` may be left out (no upper limit; a regression stops at zero, or
    at one set or repetition), and a load change may leave out ``step`` to use the
    exercise's ``load.increment`` (progressing) or its negative (regressing).

    :param parameter: Which parameter changes.
    :param step: How much it changes each time (negative to decrease); a load change may leave it
        out to use the exercise's load increment.
    :param limit: The value it never goes beyond (None for no limit, format 1.1).
    :param unit: The unit of step and limit.
    :param joint: For joint_angle: which joint.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    parameter: Parameter = field(validator=_member(Parameter))
    step: float | None = field(default=None, validator=attrs.validators.optional(_finite))
    limit: float | None = field(default=None, validator=attrs.validators.optional(_finite))
    unit: Unit | None = None
    joint: Joint | None = None

    def __attrs_post_init__(self) -> None:
        if (self.parameter is Parameter.JOINT_ANGLE) != (self.joint is not None):
            raise FieldError("", "a joint_angle change names its joint, and only it does")
        if self.step == 0:
            raise FieldError("", "step must not be zero")
        if self.step is None and self.parameter is not Parameter.LOAD:
            raise FieldError("", "only a load change may leave out step (it uses load.increment)")
        if any(v is not None and abs(v) > 1e6 for v in (self.step, self.limit)):
            raise FieldError("", "step and limit must lie between -1000000 and 1000000")


@frozen(kw_only=True)
class ProgressionRule:
    """Moves a patient on (or back) from ``exercise`` when its ``criteria`` hold.

    ``match`` says whether all criteria must hold (the default) or any one. Exactly one
    of ``to_exercise`` (replace the exercise by another) or ``change`` (change one of its
    parameters) says what happens.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param exercise: The id of the exercise the rule applies to.
    :param direction: progress (harder) or regress (easier).
    :param criteria: The criteria checked; see match.
    :param match: all (default): every criterion must hold; any: one is enough.
    :param description: The rule in plain English.
    :param to_exercise: The id of the exercise that replaces it.
    :param change: The parameter change instead of a replacement.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    exercise: str = field(validator=_text)
    direction: Direction = field(validator=_member(Direction))
    criteria: tuple[Criterion, ...] = field(converter=_tuple)
    match: Match = Match.ALL
    description: str = field(validator=_text)
    to_exercise: str | None = field(default=None, validator=_optional_text)
    change: ParameterChange | None = None
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)

    def __attrs_post_init__(self) -> None:
        if (self.to_exercise is None) == (self.change is None):
            raise FieldError("", "a rule gives exactly one of to_exercise or change")
        if not self.criteria:
            raise FieldError("", "a rule needs at least one criterion")


@frozen(kw_only=True)
class StopCriterion:
    """When to stop and seek help.

    ``criteria`` make it computable where a session log can tell; it fires when any one
    holds, or only when all hold if ``match`` is ``all``. ``scope`` (1.1) says whether it
    reads the whole day (``patient``: swelling after one exercise stops them all) or each
    exercise's own sessions (``exercise``: pain above the limit stops that exercise).
    ``resume`` (1.1) says what ends it; by default a stop that sends the patient to a
    clinician lasts until a review is logged, and a plain stop until it no longer fires.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param text: The criterion in plain English, as the patient reads it.
    :param urgency: stop_exercise, see_clinician or urgent.
    :param criteria: Machine-readable form, where a session log can tell.
    :param match: any (default): one criterion is enough; all: every one must hold.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param scope: patient (default): read the whole day's log; exercise: read each exercise's own
        sessions (format 1.1).
    :param resume: What ends the stop: review (a clinician's review in the log) or clear (it no
        longer fires). Default: clear for stop_exercise, review otherwise (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    text: str = field(validator=_text)
    urgency: Urgency = field(validator=_member(Urgency))
    criteria: tuple[Criterion, ...] = field(default=(), converter=_tuple)
    match: Match = Match.ANY
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    scope: Scope = Scope.PATIENT
    resume: Resume | None = None

    def resumes(self) -> Resume:
        """What ends this stop: its own ``resume``, else ``review`` unless it only stops
        the exercise."""
        if self.resume is not None:
            return self.resume
        return Resume.CLEAR if self.urgency is Urgency.STOP_EXERCISE else Resume.REVIEW


@frozen(kw_only=True)
class PainGuidance:
    """How much pain is acceptable: the source's words, and numeric limits with their sources.

    :param summary: The guidance in plain English.
    :param limits: Numeric limits, each citing its source.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param flare_up: Flare-up advice as data (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    summary: str = field(validator=_text)
    limits: tuple[Criterion, ...] = field(default=(), converter=_tuple)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    flare_up: FlareUp | None = None


@frozen(kw_only=True)
class FlareUp:
    """Flare-up advice for the patient (format 1.1): what to do when pain rises but stays
    within the limit, when to restart after a stop, and whom to contact.

    :param advice: What to do when pain rises but stays within the limit.
    :param restart: When and how to restart after a stop.
    :param contact: Whom to contact, and how.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    advice: str = field(validator=_text)
    restart: str = field(validator=_text)
    contact: str = field(validator=_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)


@frozen(kw_only=True)
class Phase:
    """A stage of a programme: the exercises in it and the criteria for entering it.

    Phases run in the order listed. An exercise named by a phase is in play only once
    that phase is entered; entering needs every entry criterion met. Format 1.1 adds
    ``expected_duration`` and ``continues_previous`` (whether the earlier phases'
    exercises carry on; the default).

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param name: The phase's name.
    :param exercises: Ids of the exercises in this phase.
    :param entry_criteria: All must hold to enter the phase.
    :param description: What the phase is for.
    :param expected_duration: How long the phase usually lasts (d or wk); with no entry criteria on
        the next phase, the time in this phase before it may start (format 1.1).
    :param continues_previous: Whether the exercises of earlier phases carry on (default True)
        (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    name: str = field(validator=_text)
    exercises: tuple[str, ...] = field(converter=_tuple, validator=_texts)
    entry_criteria: tuple[Criterion, ...] = field(default=(), converter=_tuple)
    description: str | None = field(default=None, validator=_optional_text)
    expected_duration: Amount | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a duration", 0, 3660)
    )
    continues_previous: bool = True


@frozen(kw_only=True)
class Measurement:
    """A measurement criteria may refer to, e.g. knee flexion range in degrees.

    Format 1.1 adds ``kind``: a ``quantity`` has a ``unit``; an ``ordinal`` measurement
    has labelled ``levels`` from least to most (effusion: zero, trace, 1+, 2+, 3+); a
    ``presence`` measurement is yes or no (extensor lag present or not).

    :param name: Its name, e.g. knee_flexion.
    :param unit: Its unit (quantity measurements only).
    :param description: How it is measured.
    :param kind: quantity (default; needs a unit), ordinal (needs levels) or presence (yes/no)
        (format 1.1).
    :param levels: For an ordinal measurement: its levels, least first (format 1.1).
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_text)
    unit: Unit | None = None
    description: str | None = field(default=None, validator=_optional_text)
    kind: MeasurementKind = MeasurementKind.QUANTITY
    levels: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)

    def __attrs_post_init__(self) -> None:
        if (self.kind is MeasurementKind.QUANTITY) != (self.unit is not None):
            raise FieldError("", "a quantity measurement has a unit, and only it does")
        if (self.kind is MeasurementKind.ORDINAL) != bool(self.levels):
            raise FieldError("", "an ordinal measurement lists its levels, and only it does")
        if len(set(self.levels)) != len(self.levels):
            raise FieldError("", "an ordinal measurement's levels must differ")


@frozen(kw_only=True)
class Event:
    """A dated event a plan must supply (format 1.1), e.g. the day of surgery.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param name: The event's name, e.g. Surgery.
    :param description: What the event is.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    name: str = field(validator=_text)
    description: str | None = field(default=None, validator=_optional_text)


@frozen(kw_only=True)
class Escalation:
    """When the assessment sends the patient back to a clinician (format 1.1).

    ``no_progress_after``: an exercise at one level this long asks for a review.
    ``stale_after``: a log whose newest session is older than this cannot move anyone
    on. A plan past its end always asks for a review.

    :param no_progress_after: An exercise at one level this long (d or wk) asks for a review.
    :param stale_after: A log whose newest session is older than this (d or wk) moves no one on
        (default 14 d).
    :param text: What the patient is told when a review is due.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    no_progress_after: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a time", 1, 520)
    )
    stale_after: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a time", 1, 520)
    )
    text: str = field(validator=_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)


@frozen(kw_only=True)
class UrgentHelp:
    """Where to get urgent help, for one region (an ISO 3166-1 code such as "GB"), or
    for anywhere when ``region`` is None (format 1.1).

    :param region: An ISO 3166-1 alpha-2 country code, such as GB; None, the entry serves any
        region.
    :param text: What to do, in plain words: whom to call and the number.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    region: str | None = field(default=None, validator=_optional_text)
    text: str = field(validator=_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)


# --------------------------------------------------------------------------- provenance


# FHIR's code type, and a uri: what a receiving system accepts (issue 11).
_FHIR_CODE = re.compile(r"[^\s]+( [^\s]+)*")
_URI = re.compile(r"\S+")


def _shaped(pattern: re.Pattern[str], what: str) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: str) -> None:
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise FieldError(a.name, f"{a.name} {value!r} is not {what}")

    return check


@frozen(kw_only=True)
class Code:
    """A code from a terminology (ICD-10-CM, SNOMED CT, ...), possibly for one side.
    ``code`` and ``system`` follow FHIR's code and uri types: no stray whitespace.

    :param system: The code system URI, e.g. http://hl7.org/fhir/sid/icd-10-cm; no spaces.
    :param code: The code: no leading, trailing or doubled spaces (FHIR's code type).
    :param display: Its display text.
    :param laterality: The side the code is for, if it depends on the side.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    system: str = field(validator=[_text, _shaped(_URI, "a URI (it has whitespace)")])
    code: str = field(
        validator=[_text, _shaped(_FHIR_CODE, "a code: no leading, trailing or doubled spaces")]
    )
    display: str = field(validator=_text)
    laterality: Laterality | None = None


@frozen(kw_only=True)
class Condition:
    """The condition a protocol treats. ``body_site`` (1.1) is where, as a SNOMED CT body
    structure without a side: a plan adds the side it treats.

    :param name: Its name.
    :param description: What it is, in plain words.
    :param aliases: Other names.
    :param codes: Codes in standard terminologies.
    :param body_site: Where the condition is, as a SNOMED CT body structure without a side (format
        1.1): a plan adds the side it treats.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_text)
    description: str = field(validator=_text)
    aliases: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    codes: tuple[Code, ...] = field(default=(), converter=_tuple)
    body_site: Code | None = None

    def code_for(self, system: str, laterality: Laterality) -> Code | None:
        """The code in ``system`` for ``laterality``, falling back to an unspecified side."""
        exact = [c for c in self.codes if c.system == system and c.laterality is laterality]
        loose = [
            c
            for c in self.codes
            if c.system == system and c.laterality in (None, Laterality.UNSPECIFIED)
        ]
        found = exact or loose
        return found[0] if found else None


@frozen(kw_only=True)
class Person:
    """An author or reviewer.

    :param name: Full name.
    :param role: Role or qualification.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_text)
    role: str | None = field(default=None, validator=_optional_text)


@frozen(kw_only=True)
class Reference:
    """A source the protocol cites. ``secondary`` marks facts seen only in a summary.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param title: Title.
    :param authors: Authors, as cited.
    :param publisher: Publisher or journal.
    :param date: Publication or last-updated date.
    :param url: Where to read it.
    :param doi: Its DOI, without the https://doi.org/ prefix.
    :param note: What the protocol takes from it.
    :param secondary: True if its facts were seen only in a secondary summary.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    title: str = field(validator=_text)
    authors: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    publisher: str | None = field(default=None, validator=_optional_text)
    date: dt.date | None = None
    url: str | None = field(default=None, validator=_optional_text)
    doi: str | None = field(default=None, validator=_optional_text)
    note: str | None = field(default=None, validator=_optional_text)
    secondary: bool = False

    def citation(self) -> str:
        """A one-line citation: authors. Title. Publisher; date. doi/url."""
        parts = []
        if self.authors:
            parts.append(", ".join(self.authors) + ".")
        parts.append(self.title + ".")
        tail = "; ".join(
            x for x in (self.publisher, self.date.isoformat() if self.date else None) if x
        )
        if tail:
            parts.append(tail + ".")
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(self.url)
        return " ".join(parts)


# --------------------------------------------------------------------------- protocol


# --------------------------------------------------------------------------- reporting

#: The words each reporting item takes (format 1.1), after what CERT (Slade SC et al.,
#: Br J Sports Med 2016;50(23):1428-1437) and TIDieR (Hoffmann TC et al., BMJ
#: 2014;348:g1687) ask a report to say; the lists are the editors' own.
REPORTING_WORDS: dict[str, tuple[frozenset[str], int | None]] = {
    # item: (the words it takes, how many at most; None: any number)
    "provider": (
        frozenset({"physiotherapist", "doctor", "nurse", "exercise_physiologist",
                   "trainer", "surgeon", "self"}),
        None,
    ),
    "format": (frozenset({"individual", "group", "either"}), 1),
    "supervision": (frozenset({"supervised", "unsupervised", "mixed"}), 1),
    "delivery": (
        frozenset({"face_to_face", "written", "video", "telephone", "internet", "app"}), None
    ),
    "adherence": (
        frozenset({"exercise_log", "attendance", "diary", "app", "questionnaire"}), None
    ),
    "motivation": (
        frozenset({"goal_setting", "feedback", "self_monitoring", "reminders", "education",
                   "rewards"}),
        None,
    ),
    "home_programme": (frozenset({"whole", "part", "none"}), 1),
    "non_exercise": (
        frozenset({"education", "advice", "manual_therapy", "taping", "bracing", "orthoses",
                   "medication", "none"}),
        None,
    ),
    "adverse_events": (
        frozenset({"session_log", "clinician_review", "questionnaire"}), None
    ),
    "setting": (
        frozenset({"home", "clinic", "hospital", "gym", "community", "outdoors"}), None
    ),
    "tailoring": (frozenset({"generic", "tailored"}), 1),
    "starting_level": (frozenset(), 0),
    "fidelity": (
        frozenset({"exercise_log", "attendance", "clinician_review", "observation"}), None
    ),
    "rationale": (frozenset(), 0),
}  # fmt: skip


@frozen(kw_only=True)
class Statement:
    """What a protocol says about one reporting item (format 1.1): words from the item's
    list, free text beside them, or that its source does not report it.

    :param kinds: Words from the item's list (:data:`REPORTING_WORDS`), e.g. ``["home"]``.
    :param text: The item in plain English, as the source gives it.
    :param not_reported: True when the source does not report this item; ``text`` may say
        what it does say.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    kinds: tuple[str, ...] = field(default=(), converter=_tuple)
    text: str | None = field(default=None, validator=_optional_text)
    not_reported: bool = field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if not (self.kinds or self.text or self.not_reported):
            raise FieldError("", "a statement needs kinds, text or not_reported")
        if self.not_reported and self.kinds:
            raise FieldError("", "an item the source does not report has no kinds")


@frozen(kw_only=True)
class Reporting:
    """How the programme is delivered, as an exercise report must say (format 1.1): the
    items of CERT and TIDieR the rest of the format does not answer. Each is optional;
    ``rehabkit report`` says which are given.

    :param provider: Who delivers or guides the programme, and their qualifications (CERT 2,
        TIDieR 5).
    :param format: Individual or group (CERT 3, TIDieR 6).
    :param supervision: Supervised or unsupervised, and how (CERT 4).
    :param delivery: How it reaches the patient: face to face, written, video... (TIDieR 6).
    :param adherence: How adherence is measured (CERT 5).
    :param motivation: Motivation strategies (CERT 6).
    :param home_programme: Whether the programme, or part of it, is done at home (CERT 9).
    :param non_exercise: Components beyond exercise, such as education (CERT 10).
    :param adverse_events: How adverse events are recorded (CERT 11).
    :param setting: Where the exercises are done (CERT 12, TIDieR 7).
    :param tailoring: Generic or tailored, and how it is tailored (CERT 14a, 14b, TIDieR 9).
    :param starting_level: The rule for the level each exercise starts at (CERT 15).
    :param fidelity: How adherence and fidelity are assessed (CERT 16a, TIDieR 11).
    :param rationale: Why the programme works: its rationale, theory or goal (TIDieR 2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    provider: Statement | None = None
    format: Statement | None = None
    supervision: Statement | None = None
    delivery: Statement | None = None
    adherence: Statement | None = None
    motivation: Statement | None = None
    home_programme: Statement | None = None
    non_exercise: Statement | None = None
    adverse_events: Statement | None = None
    setting: Statement | None = None
    tailoring: Statement | None = None
    starting_level: Statement | None = None
    fidelity: Statement | None = None
    rationale: Statement | None = None

    def __attrs_post_init__(self) -> None:
        for name, (words, most) in REPORTING_WORDS.items():
            statement: Statement | None = getattr(self, name)
            if statement is None:
                continue
            unknown = sorted(set(statement.kinds) - words)
            if unknown:
                allowed = ", ".join(sorted(words)) or "none (text only)"
                raise FieldError(f"{name}.kinds", f"{name} takes {allowed}, not {unknown[0]!r}")
            if most is not None and len(statement.kinds) > most:
                raise FieldError(f"{name}.kinds", f"{name} takes at most {most} of its words")


@frozen(kw_only=True)
class TranslationNote:
    """Who translated a protocol's text, from which language, and whether a clinician has
    reviewed the translation (format 1.1); the handout's "About" section says so.

    :param from_language: BCP 47 tag of the language translated from.
    :param translator: Who translated it.
    :param reviewed: Whether a clinician has reviewed the translation.
    :param reviewer: The clinician who reviewed it, when one has.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    from_language: str = field(validator=_text)
    translator: Person
    reviewed: bool = field(default=False, validator=_flag)
    reviewer: Person | None = None


@frozen(kw_only=True)
class Protocol:
    """A rehabilitation protocol: the exercises, their dosage, the rules and the safety text.

    Construction checks what one object alone cannot: ids are unique, every reference
    resolves, progression rules form no cycle. It raises :class:`ValidationError` listing
    every problem.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param version: The protocol's own version, e.g. 1.0.0.
    :param title: Title shown to patients and clinicians.
    :param summary: What the protocol is for, in a sentence or two.
    :param language: BCP 47 language tag of the text, e.g. en-GB.
    :param condition: The condition treated.
    :param authors: Who wrote the source protocol.
    :param last_reviewed: When the content was last reviewed or updated.
    :param sources: Every source cited anywhere in the file.
    :param supervision: Who must supervise the programme.
    :param disclaimer: The disclaimer shown with the programme.
    :param duration: Programme length in d or wk.
    :param default_dosage: The dosage every exercise takes unless it overrides a field.
    :param pain_guidance: How much pain is acceptable.
    :param stop_criteria: When to stop and seek help.
    :param measurements: Named measurements criteria may refer to.
    :param phases: Stages of the programme.
    :param exercises: The exercises.
    :param progression_rules: Rules for progressing and regressing.
    :param based_on: The id of the source the protocol is based on (its authors are the protocol's
        editors) (format 1.1).
    :param events: Dated events a plan must supply (surgery, injury) (format 1.1).
    :param escalation: When to send the patient back to a clinician (format 1.1).
    :param urgent_help: Where to get urgent help, by region (format 1.1). The plan's region picks
        the entry; an entry without a region serves anywhere else.
    :param translation: For a translated protocol, who translated it from which language and
        whether a clinician reviewed it (format 1.1); :func:`rehabkit.translate` sets it.
    :param reporting: How the programme is delivered, for a complete exercise report: the
        CERT and TIDieR items the other fields do not answer (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    version: str = field(validator=_text)
    title: str = field(validator=_text)
    summary: str | None = field(default=None, validator=_optional_text)
    language: str = "en"
    condition: Condition
    authors: tuple[Person, ...] = field(converter=_tuple)
    last_reviewed: dt.date
    sources: tuple[Reference, ...] = field(converter=_tuple)
    supervision: str = field(validator=_text)
    disclaimer: str = field(validator=_text)
    duration: Amount | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a duration")
    )
    default_dosage: Dosage = Dosage()
    pain_guidance: PainGuidance
    stop_criteria: tuple[StopCriterion, ...] = field(default=(), converter=_tuple)
    measurements: tuple[Measurement, ...] = field(default=(), converter=_tuple)
    phases: tuple[Phase, ...] = field(default=(), converter=_tuple)
    exercises: tuple[Exercise, ...] = field(converter=_tuple)
    progression_rules: tuple[ProgressionRule, ...] = field(default=(), converter=_tuple)
    based_on: str | None = field(default=None, validator=_optional_text)
    events: tuple[Event, ...] = field(default=(), converter=_tuple)
    escalation: Escalation | None = None
    urgent_help: tuple[UrgentHelp, ...] = field(default=(), converter=_tuple)
    translation: TranslationNote | None = None
    reporting: Reporting | None = None

    def __repr__(self) -> str:
        # One line at the prompt; rehabkit.describe() and to_data() give the rest.
        return (
            f"<Protocol {self.id} {self.version}: {self.title!r}, {len(self.exercises)} exercises>"
        )

    __str__ = __repr__

    def __attrs_post_init__(self) -> None:
        from rehabkit._core.errors import ValidationError
        from rehabkit._documents import checks as _checks

        problems = _checks.protocol_problems(self)
        if problems:
            raise ValidationError(problems)

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError if there is none."""
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise KeyError(exercise_id)

    def urgent_help_for(self, region: str | None) -> UrgentHelp | None:
        """Where to get urgent help in ``region`` (ISO 3166-1, case ignored), else the
        protocol's entry for anywhere, else None."""
        wanted = region.upper() if region else None
        for entry in self.urgent_help:
            if entry.region is not None and entry.region.upper() == wanted:
                return entry
        return next((e for e in self.urgent_help if e.region is None), None)

    def dosage_for(self, exercise_id: str) -> Dosage:
        """The exercise's dosage with the protocol default filling every gap."""
        return self.exercise(exercise_id).dosage.over(self.default_dosage)

    def initial_exercises(self) -> tuple[Exercise, ...]:
        """Exercises in play at the start: all but those a progression rule leads to, and
        those of any phase after the first."""
        later = {
            r.to_exercise
            for r in self.progression_rules
            if r.direction is Direction.PROGRESS and r.to_exercise
        }
        first = set(self.phases[0].exercises) if self.phases else set()
        later |= {x for phase in self.phases[1:] for x in phase.exercises} - first
        return tuple(ex for ex in self.exercises if ex.id not in later)

    def phase_of(self, exercise_id: str) -> Phase | None:
        """The first phase that names this exercise, if any."""
        return next((p for p in self.phases if exercise_id in p.exercises), None)

    def reference(self, reference_id: str) -> Reference:
        """The source with this id; KeyError if there is none."""
        for ref in self.sources:
            if ref.id == reference_id:
                return ref
        raise KeyError(reference_id)
