"""Personalisation: a Protocol plus one person's choices gives a dated Plan."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import attrs
from attrs import field, frozen

from rehabkit._errors import Problem, RehabkitError
from rehabkit._model import (
    Dosage,
    Exercise,
    Frequency,
    JointAngle,
    Laterality,
    PeriodUnit,
    Protocol,
    Quantity,
    Range,
    Unit,
    _optional_text,
    _tuple,
    _whole,
)

if TYPE_CHECKING:
    from rehabkit._progression import Assessment

__all__ = ["Clinician", "Plan", "PlanExercise", "personalise"]

MAX_WEEKS = 104


@frozen(kw_only=True)
class Clinician:
    """Who prescribed the plan and how to reach them."""

    name: str | None = field(default=None, validator=_optional_text)
    contact: str | None = field(default=None, validator=_optional_text)


@frozen(kw_only=True)
class PlanExercise:
    """An exercise in play in a plan, with its current dosage and joint positions.

    ``since`` is when this level began (None: the plan's start); only sessions from then
    on count towards the next progression.
    """

    exercise: str = field(validator=_optional_text)
    dosage: Dosage
    joint_angles: tuple[JointAngle, ...] = field(default=(), converter=_tuple)
    since: dt.date | None = None


def _session_offsets(frequency: Frequency) -> list[int]:
    """Day offsets of the sessions in one period (times spread evenly over it)."""
    days = frequency.period * (7 if frequency.period_unit is PeriodUnit.WEEK else 1)
    if frequency.times >= days:
        return list(range(days))
    return sorted({round(i * days / frequency.times) for i in range(frequency.times)})


@frozen(kw_only=True)
class Plan:
    """A protocol personalised for one person: who, which side, from when, how often.

    ``exercises`` are the exercises currently in play with their resolved dosage; a
    progression replaces them (see issue-4's ``advance``). ``session_dates()`` gives the
    dated schedule.
    """

    protocol: Protocol
    start: dt.date
    weeks: int = field(validator=_whole(1))
    frequency: Frequency
    side: Laterality = Laterality.BOTH
    patient: str | None = field(default=None, validator=_optional_text)
    patient_id: str | None = field(default=None, validator=_optional_text)
    clinician: Clinician | None = None
    exercises: tuple[PlanExercise, ...] = field(converter=_tuple)

    def __attrs_post_init__(self) -> None:
        problems = plan_problems(self)
        if problems:
            from rehabkit._errors import ValidationError

            raise ValidationError(problems)

    @property
    def end(self) -> dt.date:
        """The last day of the plan."""
        return self.start + dt.timedelta(weeks=self.weeks, days=-1)

    def session_dates(self) -> list[dt.date]:
        """Every session date from ``start`` to ``end``, following the chosen frequency."""
        f = self.frequency
        period_days = f.period * (7 if f.period_unit is PeriodUnit.WEEK else 1)
        offsets = _session_offsets(f)
        dates = []
        day = self.start
        while day <= self.end:
            dates += [day + dt.timedelta(days=o) for o in offsets]
            day += dt.timedelta(days=period_days)
        return [d for d in dates if d <= self.end]

    def exercise(self, exercise_id: str) -> Exercise:
        """The protocol's exercise with this id."""
        return self.protocol.exercise(exercise_id)

    def advance(self, assessment: Assessment) -> Plan:
        """The next plan: the assessment's progressions and regressions applied."""
        from rehabkit._progression import advance_plan

        return advance_plan(self, assessment)

    def dosage_for(self, exercise_id: str) -> Dosage:
        """The current, fully resolved dosage of an exercise in play."""
        for item in self.exercises:
            if item.exercise == exercise_id:
                return item.dosage
        raise KeyError(exercise_id)


def plan_problems(plan: Plan) -> list[Problem]:
    """What is inconsistent between a plan and its protocol."""
    ids = {e.id for e in plan.protocol.exercises}
    problems = []
    seen: set[str] = set()
    for i, item in enumerate(plan.exercises):
        if item.exercise not in ids:
            problems.append(
                Problem(
                    f"exercises[{i}].exercise",
                    f"the protocol has no exercise {item.exercise!r}",
                    item.exercise,
                )
            )
        if item.exercise in seen:
            problems.append(
                Problem(
                    f"exercises[{i}].exercise", f"{item.exercise!r} is listed twice", item.exercise
                )
            )
        seen.add(item.exercise)
    if plan.weeks > MAX_WEEKS:
        problems.append(Problem("weeks", f"a plan lasts at most {MAX_WEEKS} weeks", plan.weeks))
    return problems


def _starting_angle(angle: JointAngle) -> JointAngle:
    # A range of positions starts at its easiest (smallest) end; rules move it later.
    if isinstance(angle.angle, Range):
        return attrs.evolve(angle, angle=Quantity(angle.angle.low, angle.angle.unit))
    return angle


def plan_item(
    protocol: Protocol, exercise_id: str, frequency: Frequency, since: dt.date | None = None
) -> PlanExercise:
    """How an exercise enters a plan: its resolved dosage at the plan's ``frequency``
    (unless the exercise fixes its own), and its joint positions at their easiest."""
    ex = protocol.exercise(exercise_id)
    dose = protocol.dosage_for(exercise_id)
    own = ex.dosage.frequency
    if own is None or own.period_max is not None:
        dose = attrs.evolve(dose, frequency=frequency)
    return PlanExercise(
        exercise=exercise_id,
        dosage=dose,
        joint_angles=tuple(_starting_angle(a) for a in ex.joint_angles),
        since=since,
    )


def _choose_frequency(protocol: Protocol, wanted: Frequency | str | None) -> Frequency:
    offered = protocol.default_dosage.frequency or Frequency()
    options = offered.options()
    if wanted is None:
        return options[0]
    if isinstance(wanted, str):
        wanted = parse_frequency(wanted)
    if wanted in options:
        return wanted
    if offered.period_max is None and wanted != offered:
        # The protocol fixes its frequency; a clinician may still prescribe another.
        return wanted
    allowed = ", ".join(o.describe() for o in options)
    raise RehabkitError(f"the protocol offers {allowed}; not {wanted.describe()}")


_NAMED = {
    "daily": Frequency(1, 1),
    "alternate-days": Frequency(1, 2),
    "every-other-day": Frequency(1, 2),
}


def parse_frequency(text: str) -> Frequency:
    """``daily``, ``alternate-days``, ``3/week``, ``2/day`` or ``1/2d`` as a Frequency."""
    key = text.strip().lower()
    if key in _NAMED:
        return _NAMED[key]
    match = re.fullmatch(r"(\d+)\s*/\s*(\d*)\s*(d|day|wk|w|week)", key)
    if not match:
        raise RehabkitError(
            f"cannot read frequency {text!r}: use daily, alternate-days, 3/week, 2/day or 1/2d"
        )
    times, period, unit = match.groups()
    per_week = unit in ("wk", "w", "week")
    return Frequency(
        int(times), int(period or 1), None, PeriodUnit.WEEK if per_week else PeriodUnit.DAY
    )


def personalise(
    protocol: Protocol,
    *,
    patient: str | None = None,
    patient_id: str | None = None,
    side: Laterality | str = Laterality.BOTH,
    start: dt.date | str | None = None,
    frequency: Frequency | str | None = None,
    weeks: int | None = None,
    clinician: str | None = None,
    clinician_contact: str | None = None,
) -> Plan:
    """Turn a protocol into a plan for one person.

    ``frequency`` chooses among what the protocol offers (``"daily"`` or
    ``"alternate-days"`` for "once every 1-2 days"); ``weeks`` defaults to the protocol's
    duration, else 6. ``start`` is required: rehabkit never reads the clock on your behalf.
    """
    if start is None:
        raise RehabkitError("a plan needs a start date")
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError:
            raise RehabkitError(f"start date {start!r} is not a date YYYY-MM-DD") from None
    if isinstance(side, str):
        try:
            side = Laterality(side)
        except ValueError:
            raise RehabkitError(f"side must be left, right or both, not {side!r}") from None
    if weeks is None:
        weeks = _default_weeks(protocol)
    chosen = _choose_frequency(protocol, frequency)
    items = [plan_item(protocol, ex.id, chosen) for ex in protocol.initial_exercises()]
    clin = (
        Clinician(name=clinician, contact=clinician_contact)
        if clinician or clinician_contact
        else None
    )
    return Plan(
        protocol=protocol,
        start=start,
        weeks=weeks,
        frequency=chosen,
        side=side,
        patient=patient,
        patient_id=patient_id,
        clinician=clin,
        exercises=tuple(items),
    )


def _default_weeks(protocol: Protocol) -> int:
    d = protocol.duration
    if d is None:
        return 6
    value = d.value if isinstance(d, Quantity) else d.high
    return max(1, round(value / 7 if d.unit is Unit.DAY else value))
