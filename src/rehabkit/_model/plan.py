"""A plan: a protocol personalised for one person, dated, with its exercises in play."""

from __future__ import annotations

import datetime as dt

import attrs
from attrs import field, frozen

from rehabkit._core.counts import counted
from rehabkit._core.errors import Problem, UnknownIdError
from rehabkit._core.public import present_as_public
from rehabkit._model import words
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.exercise import Exercise, JointAngle
from rehabkit._model.fields import (
    MAX_NAME,
    _date,
    _finite,
    _member,
    _optional_date,
    _optional_region,
    _optional_text,
    _optional_text_within,
    _texts_within,
    _to_date,
    _to_laterality,
    _tuple,
    _whole,
)
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Phase
from rehabkit._model.terms import Laterality, PeriodUnit
from rehabkit._model.units import Quantity, Unit, _to_unit

__all__ = ["Clinician", "Plan", "PlanEvent", "PlanExercise", "PlanMeasure"]

MAX_WEEKS = 104
# The plan schema's limit on given names (its texts' limit is fields.MAX_NAME): kept by the
# model too, so that a plan built in code, by the CLI or by a batch row can always be
# written and read back; tests/test_plan_limits.py keeps it equal to the schema's.
MAX_GIVEN_NAMES = 10


@frozen(kw_only=True)
class Clinician:
    """Who prescribed the plan and how to reach them.

    :param name: The clinician's name.
    :param contact: How to reach them.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str | None = field(default=None, validator=_optional_text_within(MAX_NAME))
    contact: str | None = field(default=None, validator=_optional_text_within(MAX_NAME))


@frozen(kw_only=True)
class PlanEvent:
    """The date of one of the protocol's events for this person, e.g. their surgery.

    :param id: The id of an event the protocol declares.
    :param date: When it happened.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_optional_text)
    date: dt.date = field(converter=_to_date, validator=_date)


@frozen(kw_only=True)
class PlanMeasure:
    """One of the person's measured values, e.g. their maximal voluntary contraction 200 N.m,
    that a load given as a percent of it reads (format 1.2).

    :param name: The name of a quantity measurement the protocol declares.
    :param value: The measured value.
    :param unit: Its unit, the measurement's own.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_optional_text)
    value: float = field(validator=_finite)
    unit: Unit = field(converter=_to_unit, validator=_member(Unit))

    def quantity(self) -> Quantity:
        """The measured value as a quantity."""
        return Quantity(self.value, self.unit)


@frozen(kw_only=True)
class PlanExercise:
    """An exercise in play in a plan, with its current dosage and joint positions.

    ``since`` is the first day of this level (None: the plan's start); only sessions on
    or after it count towards the next progression.

    :param exercise: The id of a protocol exercise.
    :param dosage: Its current, fully resolved dosage.
    :param joint_angles: Its current joint positions.
    :param since: The first day of this level (default: the plan's start); only sessions
        on or after it count towards the next step.
    :param awaiting_report: The day of the session whose next-morning report this level's
        step counted on, still to come when the step was taken: a worse report takes the
        step back (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    exercise: str = field(validator=_optional_text)
    dosage: Dosage
    joint_angles: tuple[JointAngle, ...] = field(default=(), converter=_tuple)
    since: dt.date | None = field(
        default=None, converter=attrs.converters.optional(_to_date), validator=_optional_date
    )
    awaiting_report: dt.date | None = field(
        default=None, converter=attrs.converters.optional(_to_date), validator=_optional_date
    )


def _period_days(frequency: Frequency) -> int:
    if frequency.days_per_week is not None:
        return 7
    return frequency.period * (7 if frequency.period_unit is PeriodUnit.WEEK else 1)


def _session_offsets(frequency: Frequency) -> list[int]:
    """Day offsets of the exercise days in one period (spread evenly over it)."""
    days = _period_days(frequency)
    per_period = frequency.days_per_week or frequency.times
    if per_period >= days:
        return list(range(days))
    return sorted({round(i * days / per_period) for i in range(per_period)})


@frozen(kw_only=True)
class Plan:
    """A protocol personalised for one person: who, which side, from when, how often.

    ``exercises`` are the exercises currently in play with their resolved dosage;
    ``rehabkit.advance`` gives the next plan after an assessment. ``session_dates()``
    gives the dated schedule.

    :param protocol: The whole protocol the plan follows, embedded so the plan file stands alone.
    :param start: The first day of the plan.
    :param weeks: How many weeks the plan lasts (1-104).
    :param frequency: The chosen session frequency (a fixed one: no period_max).
    :param side: Which side is treated: left, right or both.
    :param patient: The person's name, as it should be printed.
    :param patient_id: An identifier of the person, e.g. a record number.
    :param patient_family: The person's family name (surname), for records that keep names
        in parts (FHIR's ``HumanName.family``); the printed name stays ``patient``.
    :param patient_given: The person's given names, in order (FHIR's ``HumanName.given``).
    :param clinician: Who prescribed the plan.
    :param exercises: The exercises currently in play, with their current dosage and positions.
    :param events: The dates of the protocol's events for this person (format 1.1).
    :param phase: The id of the protocol phase the plan is in (format 1.1).
    :param phase_since: The first day of that phase (format 1.1).
    :param region: Where the person lives, an ISO 3166-1 alpha-2 code such as GB (format 1.1): it
        picks the protocol's urgent-help text.
    :param measures: The person's measured values that loads given as a percent of a
        measurement read: each such load becomes that percent of the person's value (format
        1.2).
    :param started: The day the programme started, once the protocol's start gate was met (set
        by ``rehabkit.advance``); None while the plan waits for it, or when the protocol
        has no start gate (format 1.2).
    :param completed: The day the programme was completed: its outcome criteria were met (set
        by ``rehabkit.advance``); None until then (format 1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    protocol: Protocol
    start: dt.date = field(converter=_to_date, validator=_date)
    weeks: int = field(validator=_whole(1))
    frequency: Frequency
    side: Laterality = field(
        default=Laterality.BOTH, converter=_to_laterality, validator=_member(Laterality)
    )
    patient: str | None = field(default=None, validator=_optional_text_within(MAX_NAME))
    patient_id: str | None = field(default=None, validator=_optional_text_within(MAX_NAME))
    patient_family: str | None = field(default=None, validator=_optional_text_within(MAX_NAME))
    patient_given: tuple[str, ...] = field(
        default=(), converter=_tuple, validator=_texts_within(MAX_GIVEN_NAMES, MAX_NAME)
    )
    clinician: Clinician | None = None
    exercises: tuple[PlanExercise, ...] = field(converter=_tuple)
    events: tuple[PlanEvent, ...] = field(default=(), converter=_tuple)
    phase: str | None = field(default=None, validator=_optional_text)
    phase_since: dt.date | None = field(
        default=None, converter=attrs.converters.optional(_to_date), validator=_optional_date
    )
    region: str | None = field(default=None, validator=_optional_region)
    started: dt.date | None = field(
        default=None, converter=attrs.converters.optional(_to_date), validator=_optional_date
    )
    measures: tuple[PlanMeasure, ...] = field(default=(), converter=_tuple)
    completed: dt.date | None = field(
        default=None, converter=attrs.converters.optional(_to_date), validator=_optional_date
    )

    def __repr__(self) -> str:
        # One line at the prompt; describe() gives the rest.
        who = " ".join(x for x in (self.patient, f"({self.patient_id})" if self.patient_id
                                   else None) if x) or "no one named"  # fmt: skip
        return (
            f"<Plan {self.protocol.id} {self.protocol.version} for {who}, {self.side.value} side,"
            f" {self.start.isoformat()} to {self.end.isoformat()},"
            f" {counted(len(self.exercises), 'exercise', 'exercises')}>"
        )

    __str__ = __repr__

    def __attrs_post_init__(self) -> None:
        problems = plan_problems(self)
        if problems:
            from rehabkit._core.errors import ValidationError

            raise ValidationError(problems)
        # 1.2: each load that is a percent of a measurement carries the person's value.
        bound = tuple(
            attrs.evolve(i, dosage=with_measures(i.dosage, self.measures)) for i in self.exercises
        )
        if bound != self.exercises:
            object.__setattr__(self, "exercises", bound)

    @property
    def end(self) -> dt.date:
        """The last day of the plan."""
        return self.start + dt.timedelta(weeks=self.weeks, days=-1)

    def session_dates(self, exercise: str | None = None) -> list[dt.date]:
        """Every exercise day from ``start`` to ``end``, following the chosen frequency
        (a twice-daily programme has two sessions on each of these days), or the
        ``exercise``'s own frequency where its dose sets one."""
        f = self.frequency
        if exercise is not None:
            item = next((i for i in self.exercises if i.exercise == exercise), None)
            if item is not None and item.dosage.frequency is not None:
                f = item.dosage.frequency
        period_days = _period_days(f)
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

    def _gate_lines(self) -> list[str]:
        """Whether the programme has started and whether it is complete (format 1.2)."""
        lines = []
        if self.started is not None:
            lines.append(f"Started: {self.started.isoformat()}")
        elif self.protocol.start_criteria():
            lines.append("Not started yet: waiting for the start criteria")
        if self.completed is not None:
            lines.append(f"Completed: {self.completed.isoformat()} (the outcome was reached)")
        return lines

    def _course_lines(self) -> list[str]:
        """Where the plan is in its course: the phase, start, completion, dated events and
        the clinician."""
        p = self.protocol
        lines: list[str] = []
        phase = self.current_phase()
        if phase is not None:
            since = f" since {self.phase_since.isoformat()}" if self.phase_since else ""
            lines.append(f"Phase: {phase.name}{since}")
        lines += self._gate_lines()
        for event in self.events:
            name = next((e.name for e in p.events if e.id == event.id), event.id)
            lines.append(f"{name}: {event.date.isoformat()}")
        if self.clinician is not None:
            lines.append(
                f"Clinician: {self.clinician.name or ''} {self.clinician.contact or ''}".rstrip()
            )
        return lines

    def describe(self) -> str:
        """A short summary a person checks first: who, which side, when, how often, the
        phase, and every exercise in play with its current dose and position."""
        who = self.patient or "(no name)"
        if self.patient_id:
            who += f" ({self.patient_id})"
        side = (
            "side not stated" if self.side is Laterality.UNSPECIFIED else f"{self.side.value} side"
        )
        p = self.protocol
        lines = [
            f"Plan for {who}, {side}",
            f"Protocol: {p.title} ({p.id} {p.version})",
            f"From {self.start.isoformat()} to {self.end.isoformat()}"
            f" ({counted(self.weeks, 'week', 'weeks')}),"
            f" {self.frequency.describe()}",
        ]
        lines += self._course_lines()
        lines.append("Exercises now:")
        for item in self.exercises:
            parts = [item.dosage.describe()]
            parts += [words.angle_words(a.joint, a.angle) for a in item.joint_angles]
            since = f" (this level since {item.since.isoformat()})" if item.since else ""
            lines.append(
                f"  - {p.exercise(item.exercise).name}: {', '.join(x for x in parts if x)}{since}"
            )
        days = self.session_dates()
        if days:
            lines.append(
                f"Exercise days: {len(days)}, {days[0].isoformat()} to {days[-1].isoformat()}"
            )
        return "\n".join(lines)

    def event_date(self, event_id: str) -> dt.date | None:
        """The date of one of the plan's events, if the plan has it."""
        return next((e.date for e in self.events if e.id == event_id), None)

    def current_phase(self) -> Phase | None:
        """The phase the plan is in (None for a protocol without phases)."""
        return next((p for p in self.protocol.phases if p.id == self.phase), None)

    def dosage_for(self, exercise_id: str) -> Dosage:
        """The current, fully resolved dosage of an exercise in play; UnknownIdError (a
        KeyError) for one not in play."""
        for item in self.exercises:
            if item.exercise == exercise_id:
                return item.dosage
        in_play = (item.exercise for item in self.exercises)
        raise UnknownIdError("exercise in play", exercise_id, in_play)


def with_measures(dose: Dosage, measures: tuple[PlanMeasure, ...]) -> Dosage:
    """The dose with its load's ``measured`` value set from the person's measures (or
    cleared when the plan has none for it): format 1.2's load relative to a measurement."""
    load = dose.load
    if load is None or load.percent_of is None:
        return dose
    found = next((m.quantity() for m in measures if m.name == load.percent_of), None)
    if found == load.measured:
        return dose
    return attrs.evolve(dose, load=attrs.evolve(load, measured=found))


def _measure_problems(plan: Plan) -> list[Problem]:
    declared = {m.name: m for m in plan.protocol.measurements}
    problems = []
    seen: set[str] = set()
    for i, measure in enumerate(plan.measures):
        spec = declared.get(measure.name)
        if spec is None or spec.unit is None:
            message = f"the protocol declares no measured quantity {measure.name!r}"
            problems.append(Problem(f"measures[{i}].name", message, measure.name))
        elif measure.unit is not spec.unit:
            message = f"{measure.name!r} is measured in {spec.unit.value}, not {measure.unit.value}"
            problems.append(Problem(f"measures[{i}].unit", message, measure.unit.value))
        if measure.value <= 0:
            message = f"{measure.name!r} is a measured maximum: more than 0, not {measure.value:g}"
            problems.append(Problem(f"measures[{i}].value", message, measure.value))
        if measure.name in seen:
            message = f"{measure.name!r} is given twice"
            problems.append(Problem(f"measures[{i}].name", message, measure.name))
        seen.add(measure.name)
    return problems


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
    try:
        plan.start + dt.timedelta(weeks=min(plan.weeks, MAX_WEEKS))
    except OverflowError:
        problems.append(Problem("start", "the plan would end after the year 9999", plan.start))
    problems += _event_problems(plan)
    problems += _measure_problems(plan)
    phases = [p.id for p in plan.protocol.phases]
    if plan.phase is not None and plan.phase not in phases:
        problems.append(Problem("phase", f"the protocol has no phase {plan.phase!r}", plan.phase))
    if phases and plan.phase is None:
        problems.append(Problem("phase", "the protocol has phases: say which one the plan is in"))
    return problems


def _event_problems(plan: Plan) -> list[Problem]:
    declared = {e.id for e in plan.protocol.events}
    problems = []
    given = [e.id for e in plan.events]
    for i, ident in enumerate(given):
        if ident not in declared:
            problems.append(
                Problem(f"events[{i}].id", f"the protocol declares no event {ident!r}", ident)
            )
        elif given.index(ident) != i:
            problems.append(Problem(f"events[{i}].id", f"event {ident!r} is dated twice", ident))
    for ident in sorted(declared - set(given)):
        problems.append(Problem("events", f"the plan needs the date of event {ident!r}", ident))
    return problems


present_as_public(globals())
