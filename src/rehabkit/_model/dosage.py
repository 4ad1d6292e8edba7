"""The dose: how often, how hard, how many, how long."""

from __future__ import annotations

from typing import Any

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model import words
from rehabkit._model.fields import (
    _finite,
    _flag,
    _member,
    _optional_member,
    _optional_text,
    _optional_whole,
    _texts,
    _to_contraction,
    _to_period_unit,
    _to_return_with,
    _tuple,
    _whole,
)
from rehabkit._model.terms import Contraction, PeriodUnit, ReturnWith
from rehabkit._model.units import (
    ANGLE_UNITS,
    DISTANCE_UNITS,
    LOAD_UNITS,
    SPEED_UNITS,
    TIME_UNITS,
    Amount,
    Count,
    Quantity,
    Range,
    Unit,
    _amount,
    _count,
)

__all__ = ["Dosage", "Frequency", "Intensity", "Load", "Tempo"]

MAX_TIMES = 24  # sessions in one period: more than hourly is not a home programme
MAX_PERIOD = 366  # days or weeks one period may span
MAX_LEVELS = 20  # resistance levels of one load: the editors' bound (a band set has 5-8)
# The heaviest to lightest repetition maximum a load may name: 1 is the single lift, and 30 is
# the editors' bound, beyond the 25-30 repetitions of endurance loading.
MAX_RM = 30


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
    period_unit: PeriodUnit = field(
        default=PeriodUnit.DAY, converter=_to_period_unit, validator=_member(PeriodUnit)
    )
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
        return words.frequency_words(self)


@frozen(kw_only=True)
class Intensity:
    """How hard: a pain ceiling (0-10 NRS), an RPE (Borg CR10, 0-10) or % of maximal effort.

    ``pain_max`` is the pain this exercise accepts during loading. When set, it replaces
    the protocol's own ``pain_during`` limits for this exercise's sessions (tendinopathy
    programmes accept some pain); stop criteria still apply.

    :param pain_max: The most pain allowed during the exercise, on the 0-10 numeric rating scale.
    :param rpe: Rating of perceived exertion on the Borg CR10 scale (0-10).
    :param percent_max_effort: Percentage of maximal voluntary effort (0-100).
    :param reps_in_reserve: Repetitions to keep in reserve at the end of each set (0-10): 0 is to
        the limit, 2 is stopping two short of it (format 1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    pain_max: int | None = field(default=None, validator=_count(0, 10))
    rpe: Count | None = field(default=None, validator=_count(0, 10))
    percent_max_effort: Count | None = field(default=None, validator=_count(0, 100))
    # 0-10: the editors' bound, as wide as the CR10 scale the RIR-based RPE scale maps onto
    # (Zourdos et al. 2016, J Strength Cond Res 30(1):267-275: RPE 10 is 0 in reserve).
    reps_in_reserve: Count | None = field(default=None, validator=_count(0, 10))

    def describe(self) -> list[str]:
        """Plain-English phrases, e.g. ["effort 70% of maximum", "pain no more than 5/10"]."""
        return words.intensity_words(self)


@frozen(kw_only=True)
class Load:
    """External load or resistance, and how much to add when progressing.

    :param description: The load in words, e.g. "light resistance band".
    :param amount: The load as a quantity or range in kg, [lb_av] or %.
    :param increment: How much load to add at each progression (printed, and used by a load change
        without a step).
    :param maximum: The most load a progression may reach (format 1.1).
    :param level: A resistance level, 1 the lightest: the band or machine setting, counted in the
        order of levels when they are named; at most 20, the editors' bound: a set of bands has 5
        to 8 (format 1.2).
    :param levels: The names of the levels, lightest first, e.g. band colours ["yellow", "red",
        "green", "blue"] (format 1.2).
    :param percent_of: The name of a measurement the protocol declares (a quantity, such as a
        maximal voluntary contraction) that ``amount``, in %, is a percent of: "70 % of your
        measured maximum" (format 1.2).
    :param rm: A repetition maximum as the load: 10 is "your 10-repetition maximum", the
        heaviest weight you can lift 10 times (1-30; 30 is the editors' bound) (format 1.2).
    :param measured: In a plan only: the person's measured value of ``percent_of``, which the
        plan sets from its ``measures``; the load is then that percent of it (format 1.2).
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
    level: int | None = field(default=None, validator=_optional_whole(1, MAX_LEVELS))
    levels: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    percent_of: str | None = field(default=None, validator=_optional_text)
    rm: int | None = field(default=None, validator=_optional_whole(1, MAX_RM))
    measured: Quantity | None = None

    def __attrs_post_init__(self) -> None:
        self._relative()
        if len(self.levels) > MAX_LEVELS:
            raise FieldError("levels", f"a load names at most {MAX_LEVELS} levels")
        if len(set(self.levels)) != len(self.levels):
            raise FieldError("levels", "each level is named once")
        if self.levels and self.level is not None and self.level > len(self.levels):
            raise FieldError(
                "level", f"level {self.level} is beyond the {len(self.levels)} levels named"
            )
        self._one_unit()

    def _relative(self) -> None:
        # 1.2: a percent of a measurement is given in %; an RM is a load of its own.
        if self.percent_of is not None and (self.amount is None or self.amount.unit is not
                                            Unit.PERCENT):  # fmt: skip
            raise FieldError(
                "amount", f"a load that is a percent of {self.percent_of!r} gives its amount in %"
            )
        if self.rm is not None and self.percent_of is not None:
            raise FieldError("rm", "a load is an rm or a percent of a measurement, not both")
        if self.measured is not None and self.percent_of is None:
            raise FieldError("measured", "only a load that is a percent of a measurement has one")

    def concrete(self) -> Amount | None:
        """The load for this person: the percent of their measured value, in its unit, when
        a plan has set it; else None."""
        if self.measured is None or self.amount is None:
            return None
        m = self.measured

        def part(value: float) -> float:
            # To a tenth: the editors' choice, finer than any weight or dynamometer setting.
            return round(value * m.value / 100, 1)

        if isinstance(self.amount, Quantity):
            return Quantity(part(self.amount.value), m.unit)
        return Range(part(self.amount.low), part(self.amount.high), m.unit)

    def _one_unit(self) -> None:
        # 1.2: a load, its step and its ceiling are in one unit; 70 % plus 5 kg is no load.
        unit = self.amount.unit if self.amount is not None else None
        for name in ("increment", "maximum"):
            other = getattr(self, name)
            if unit is not None and other is not None and other.unit is not unit:
                raise FieldError(
                    name,
                    f"the load is in {unit.value}, so its {name} must be too,"
                    f" not {other.unit.value}",
                )

    def describe(self) -> str:
        """Plain English, e.g. "5 kg (a backpack), add 2.5 kg when ready, up to 20 kg"."""
        return words.load_words(self)


_time = _amount(TIME_UNITS, "a duration", 0, 1e6)


def _unset_names(inst: Dosage, a: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    names = [f.name for f in attrs.fields(Dosage) if f.name != "unset"]
    for name in value:
        if name not in names:
            raise FieldError(
                a.name, f"unset names a dosage field ({', '.join(names)}), not {name!r}"
            )
        if getattr(inst, name) is not None:
            raise FieldError(a.name, f"unset names {name!r}, which this dosage also gives")


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
        return words.tempo_words(self)


@frozen(kw_only=True)
class Dosage:
    """Sets, repetitions, hold, rest, load, intensity and frequency; each may be absent.

    Format 1.1 adds ``duration`` (time as the dose: "10 minutes on a bike"),
    ``contraction``, ``tempo`` and ``return_with`` ("lower on the affected leg, return
    with the other").

    A protocol's default dosage is overlaid field by field by each exercise's own; use
    ``Protocol.dosage_for`` for the resolved dosage of an exercise.

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
    :param distance: How far to go, e.g. 2 km of walking (m or km) (format 1.2).
    :param speed: How fast, e.g. 5 km/h on a treadmill (km/h or m/s) (format 1.2).
    :param range: How far to move the joint, e.g. 90 deg: the arc of movement allowed (deg)
        (format 1.2).
    :param unset: Names of fields this dosage does not take from the default dosage, e.g.
        ["repetitions"] for a hold in a protocol whose default gives repetitions (format 1.2).
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
        default=None,
        converter=attrs.converters.optional(_to_contraction),
        validator=_optional_member(Contraction),
    )
    tempo: Tempo | None = None
    return_with: ReturnWith | None = field(
        default=None,
        converter=attrs.converters.optional(_to_return_with),
        validator=_optional_member(ReturnWith),
    )
    distance: Amount | None = field(
        default=None, validator=_amount(DISTANCE_UNITS, "a distance", 0, 1e6)
    )
    speed: Amount | None = field(default=None, validator=_amount(SPEED_UNITS, "a speed", 0, 1e3))
    range: Amount | None = field(
        default=None, validator=_amount(ANGLE_UNITS, "a range of movement", 0, 360)
    )
    unset: tuple[str, ...] = field(default=(), converter=_tuple, validator=_unset_names)

    def over(self, base: Dosage) -> Dosage:
        """This dosage with every field it leaves out taken from ``base``, except those it
        names in ``unset``, which stay empty."""
        values = {
            a.name: None
            if a.name in self.unset
            else getattr(self, a.name)
            if getattr(self, a.name) is not None
            else getattr(base, a.name)
            for a in attrs.fields(Dosage)
            if a.name != "unset"
        }
        return Dosage(**values)

    def describe(self) -> str:
        """Plain English, e.g. "3 sets of 12 repetitions, hold 5 s"."""
        return words.dosage_words(self)


present_as_public(globals())
