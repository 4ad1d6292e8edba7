"""Personalisation: a Protocol plus one person's choices gives a dated Plan."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import attrs
from attrs import field, frozen

from rehabkit._errors import Problem, RehabkitError
from rehabkit._i18n import check_language, primary
from rehabkit._model import (
    Dosage,
    Exercise,
    Frequency,
    JointAngle,
    Laterality,
    PeriodUnit,
    Phase,
    Protocol,
    Quantity,
    Range,
    Unit,
    _optional_text,
    _tuple,
    _whole,
)
from rehabkit._translation import Translation, bundled_translation, translate

__all__ = ["Clinician", "Plan", "PlanEvent", "PlanExercise", "personalise"]

MAX_WEEKS = 104


@frozen(kw_only=True)
class Clinician:
    """Who prescribed the plan and how to reach them.

    :param name: The clinician's name.
    :param contact: How to reach them.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str | None = field(default=None, validator=_optional_text)
    contact: str | None = field(default=None, validator=_optional_text)


@frozen(kw_only=True)
class PlanEvent:
    """The date of one of the protocol's events for this person, e.g. their surgery.

    :param id: The id of an event the protocol declares.
    :param date: When it happened.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_optional_text)
    date: dt.date


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
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    exercise: str = field(validator=_optional_text)
    dosage: Dosage
    joint_angles: tuple[JointAngle, ...] = field(default=(), converter=_tuple)
    since: dt.date | None = None


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
    :func:`rehabkit.advance` gives the next plan after an assessment. ``session_dates()``
    gives the dated schedule.

    :param protocol: The whole protocol the plan follows, embedded so the plan file stands alone.
    :param start: The first day of the plan.
    :param weeks: How many weeks the plan lasts (1-104).
    :param frequency: The chosen session frequency (a fixed one: no period_max).
    :param side: Which side is treated: left, right or both.
    :param patient: The person's name, as it should be printed.
    :param patient_id: An identifier of the person, e.g. a record number.
    :param clinician: Who prescribed the plan.
    :param exercises: The exercises currently in play, with their current dosage and positions.
    :param events: The dates of the protocol's events for this person (format 1.1).
    :param phase: The id of the protocol phase the plan is in (format 1.1).
    :param phase_since: The first day of that phase (format 1.1).
    :param region: Where the person lives, an ISO 3166-1 alpha-2 code such as GB (format 1.1): it
        picks the protocol's urgent-help text.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
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
    events: tuple[PlanEvent, ...] = field(default=(), converter=_tuple)
    phase: str | None = field(default=None, validator=_optional_text)
    phase_since: dt.date | None = None
    region: str | None = field(default=None, validator=_optional_text)

    def __repr__(self) -> str:
        # One line at the prompt; describe() gives the rest.
        who = " ".join(x for x in (self.patient, f"({self.patient_id})" if self.patient_id
                                   else None) if x) or "no one named"  # fmt: skip
        return (
            f"<Plan {self.protocol.id} {self.protocol.version} for {who}, {self.side.value} side,"
            f" {self.start.isoformat()} to {self.end.isoformat()},"
            f" {len(self.exercises)} exercises>"
        )

    __str__ = __repr__

    def __attrs_post_init__(self) -> None:
        problems = plan_problems(self)
        if problems:
            from rehabkit._errors import ValidationError

            raise ValidationError(problems)

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
            f"From {self.start.isoformat()} to {self.end.isoformat()} ({self.weeks} weeks),"
            f" {self.frequency.describe()}",
        ]
        phase = self.current_phase()
        if phase is not None:
            since = f" since {self.phase_since.isoformat()}" if self.phase_since else ""
            lines.append(f"Phase: {phase.name}{since}")
        for event in self.events:
            name = next((e.name for e in p.events if e.id == event.id), event.id)
            lines.append(f"{name}: {event.date.isoformat()}")
        if self.clinician is not None:
            lines.append(
                f"Clinician: {self.clinician.name or ''} {self.clinician.contact or ''}".rstrip()
            )
        lines.append("Exercises now:")
        for item in self.exercises:
            parts = [item.dosage.describe()]
            parts += [f"{a.joint.value} bend {a.angle}" for a in item.joint_angles]
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
    try:
        plan.start + dt.timedelta(weeks=min(plan.weeks, MAX_WEEKS))
    except OverflowError:
        problems.append(Problem("start", "the plan would end after the year 9999", plan.start))
    problems += _event_problems(plan)
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


def _starting_angle(protocol: Protocol, exercise_id: str, angle: JointAngle) -> JointAngle:
    # A range that a rule progresses (the wall sit's 30-60 degrees) is a choice of
    # positions: start at its easiest (smallest) end, and rules move it later. Any other
    # range is a movement through it (a mini squat from 0 to 45 degrees): keep it whole.
    progressed = any(
        r.exercise == exercise_id and r.change is not None and r.change.joint is angle.joint
        for r in protocol.progression_rules
    )
    if progressed and isinstance(angle.angle, Range):
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
        joint_angles=tuple(_starting_angle(protocol, exercise_id, a) for a in ex.joint_angles),
        since=since,
    )


def _choose_frequency(protocol: Protocol, wanted: Frequency | str | None) -> Frequency:
    offered = protocol.default_dosage.frequency or Frequency()
    options = offered.options()
    if wanted is None:
        return offered  # no silent choice: the plan keeps every option the protocol gives
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
    """``daily``, ``alternate-days``, ``3/week``, ``2/day`` or ``1/2d`` as a Frequency.

    :param text: the frequency in words.
    :returns: the Frequency.
    :raises RehabkitError: for text it cannot read, saying what it accepts.
    """
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
    side: Laterality | str = Laterality.UNSPECIFIED,
    start: dt.date | str | None = None,
    frequency: Frequency | str | None = None,
    weeks: int | None = None,
    clinician: str | None = None,
    clinician_contact: str | None = None,
    events: Mapping[str, dt.date | str] | None = None,
    region: str | None = None,
    language: str | None = None,
    translation: Translation | None = None,
) -> Plan:
    """Turn a protocol into a plan for one person.

    ``frequency`` chooses among what the protocol offers (``"daily"`` or
    ``"alternate-days"`` for "once every 1-2 days"); left out, the plan keeps every option
    the protocol gives. ``side`` left out is recorded as not stated, never as both.
    ``weeks`` defaults to the protocol's duration (its longest), else 6. ``start`` is
    required: rehabkit never reads the clock on your behalf.
    ``events`` dates the protocol's events (``{"surgery": "2026-11-20"}``); a protocol
    with phases starts in its first. ``region`` (ISO 3166-1, "GB") picks where the
    handout tells the person to get urgent help. ``language`` ("es") puts the plan, and
    so its handouts, in that language: the protocol's text from ``translation``, or from
    the translation rehabkit ships, and rehabkit's own words from its catalogs.

    :param protocol: the protocol.
    :param patient: the person's name, as printed.
    :param patient_id: an identifier of the person, e.g. a medical record number.
    :param side: ``left``, ``right``, ``both`` or ``unspecified`` (the default).
    :param start: the first day, a date or ``YYYY-MM-DD``.
    :param frequency: one of the protocol's frequencies, e.g. ``"daily"``.
    :param weeks: how long the plan lasts (1 to 104).
    :param clinician: the prescribing clinician's name.
    :param clinician_contact: how to reach them.
    :param events: the dates of the protocol's events, e.g. ``{"surgery": "2026-11-20"}``.
    :param region: the person's country (ISO 3166-1, e.g. ``"GB"``): where to get urgent help.
    :param language: the language of the plan (BCP 47, e.g. ``"es"``); default: the protocol's.
    :param translation: the protocol's text in that language; default: the bundled one.
    :returns: the plan.
    :raises RehabkitError: for a bad value, saying which and why; a language with no
        translation of the protocol, or with none of rehabkit's own words, names what is
        missing (:class:`ValidationError` lists every text a translation leaves out).

    >>> import rehabkit
    >>> plan = rehabkit.personalise(rehabkit.bundled("runners-knee"), start="2026-12-01",
    ...                             side="left", patient="Ana Lopez")
    >>> plan.side.value, plan.weeks
    ('left', 8)
    """
    if start is None:
        raise RehabkitError("a plan needs a start date")
    start = as_date(start, "start date")
    protocol = _in_language(protocol, language, translation)
    if isinstance(side, str):
        try:
            side = Laterality(side.strip().lower())
        except ValueError:
            raise RehabkitError(f"side must be left, right or both, not {side!r}") from None
    if weeks is None:
        weeks = _default_weeks(protocol)
    chosen = _choose_frequency(protocol, frequency)
    items = [plan_item(protocol, ex.id, chosen) for ex in protocol.initial_exercises()]
    dated = tuple(
        PlanEvent(id=k, date=as_date(v, f"event {k!r}")) for k, v in (events or {}).items()
    )
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
        events=dated,
        phase=protocol.phases[0].id if protocol.phases else None,
        phase_since=start if protocol.phases else None,
        region=region,
    )


def _in_language(
    protocol: Protocol, language: str | None, translation: Translation | None
) -> Protocol:
    """The protocol in the plan's language: translated when the language differs."""
    if translation is not None:
        if language is not None and primary(language) != primary(translation.language):
            raise RehabkitError(
                f"language {language!r} but the translation is into {translation.language!r}"
            )
        language = translation.language
    if language is None or primary(language) == primary(protocol.language):
        return protocol
    check_language(language)
    if translation is None:
        translation = bundled_translation(protocol, language)
    return translate(protocol, translation)


def as_date(value: dt.date | str, what: str) -> dt.date:
    """A date given as a date or as ``YYYY-MM-DD``; anything else (a datetime too, whose
    day depends on a time zone) is a :class:`RehabkitError` naming ``what``."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise RehabkitError(f"{what}: {value!r} is not a date YYYY-MM-DD")


def _default_weeks(protocol: Protocol) -> int:
    d = protocol.duration
    if d is None:
        return 6
    value = d.value if isinstance(d, Quantity) else d.high
    return max(1, round(value / 7 if d.unit is Unit.DAY else value))
