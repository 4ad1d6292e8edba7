"""Which sessions a plan's paper log asks about, exercise by exercise, as the programme runs.

A log that lists only the exercises done today leaves the person nowhere to write the
exercise that replaces one later (runner's knee's shallow squat, in place of the wall sit),
and a phased programme's log would show the first phase's exercises for every week. So the
log has a column for each exercise the plan may reach, and each of its sessions is one of:

- *due*: in the plan, on the day its frequency sets;
- *when told*: on its days, but only once the physiotherapist says so: an exercise a
  progression rule moves to, and a later phase's from the first day its time since an event
  allows (the phase's other criteria, a measurement, are for the physiotherapist to check);
  the earlier phases' exercises of a phase that ends them, from that day;
- neither: before a phase can start, or not a day of its frequency.

A later phase whose only criteria are times since dated events starts on a known day: its
sessions are due from then. A phase with no dated time starts when the physiotherapist
says, from the plan's first day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable

from attrs import frozen

from rehabkit._core.i18n import format_short_date, gettext
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.exercise import Exercise
from rehabkit._model.metrics import METRICS, MetricKind
from rehabkit._model.plan import Plan, _period_days, _session_offsets
from rehabkit._model.rules import Phase
from rehabkit._model.terms import Direction
from rehabkit._model.words import join_phrases

Session = tuple[dt.date, int]


@frozen
class Course:
    """One exercise's column: the sessions it is due, and those it is done when told."""

    exercise: Exercise
    due: frozenset[Session]
    when_told: frozenset[Session]


def sessions(plan: Plan, frequency: Frequency, since: dt.date | None = None) -> set[Session]:
    """The (day, session) pairs of ``frequency`` on the plan's calendar, from ``since``."""
    days, offsets = _period_days(frequency), _session_offsets(frequency)
    # The plan's end, the day's sessions and the steps are worked out once, not for each
    # day: a log's columns asked them some 2,000 times, 2 ms of every handout.
    first, end, step = since or plan.start, plan.end, dt.timedelta(days=days)
    numbers = range(1, frequency.sessions_per_day() + 1)
    shifts = [dt.timedelta(days=offset) for offset in offsets]
    found: set[Session] = set()
    period = plan.start
    while period <= end:
        for shift in shifts:
            day = period + shift
            if first <= day <= end:
                found.update((day, n) for n in numbers)
        period += step
    return found


def opening_day(plan: Plan, phase: Phase) -> dt.date | None:
    """The first day a phase's times since dated events allow; None when it has none, or
    counts from an event the plan does not date."""
    days = []
    for c in phase.entry_criteria:
        if not _dated(c):
            continue
        origin = plan.event_date(c.since) if c.since is not None else plan.start
        if origin is None:
            return None
        days.append(origin + dt.timedelta(days=math.ceil(c.threshold() / 86400)))
    return max(days, default=None)


def _dated(criterion: Criterion) -> bool:
    """Whether a criterion is a time since the plan's start or an event: a day on the
    calendar (a time at the current level is not)."""
    spec = METRICS[criterion.metric]
    return spec.kind is MetricKind.ELAPSED and not spec.from_level


def _on_time_alone(phase: Phase) -> bool:
    return all(_dated(c) for c in phase.entry_criteria)


def courses(
    plan: Plan, in_play: list[Exercise], dose: Callable[[Exercise], Dosage]
) -> tuple[list[Course], list[str]]:
    """A column for each exercise the plan may reach, and what the person reads about the
    columns done only when told."""
    often = {ex.id: sessions(plan, dose(ex).frequency or plan.frequency) for ex in in_play}
    found = {ex.id: Course(ex, frozenset(often[ex.id]), frozenset()) for ex in in_play}
    notes = _replacements(plan, in_play, dose, found)
    notes += _later_phases(plan, dose, found)
    order = [ex.id for ex in plan.protocol.exercises]
    kept = [c for c in found.values() if c.due or c.when_told]
    return sorted(kept, key=lambda c: order.index(c.exercise.id)), notes


def _replacements(
    plan: Plan,
    in_play: list[Exercise],
    dose: Callable[[Exercise], Dosage],
    found: dict[str, Course],
) -> list[str]:
    """An exercise a progression rule moves one in play to: on its days, when told."""
    notes = []
    for rule in plan.protocol.progression_rules:
        target = rule.to_exercise
        if rule.direction is not Direction.PROGRESS or target is None or target in found:
            continue
        if rule.exercise not in {ex.id for ex in in_play}:
            continue
        ex = plan.protocol.exercise(target)
        told = sessions(plan, dose(ex).frequency or plan.frequency)
        found[target] = Course(ex, frozenset(), frozenset(told))
        notes.append(
            gettext(
                "{exercise}: in place of the {replaced}, when your physiotherapist says"
                " (the dashed boxes)."
            ).format(exercise=ex.name, replaced=plan.protocol.exercise(rule.exercise).name)
        )
    return notes


def _later_phases(
    plan: Plan, dose: Callable[[Exercise], Dosage], found: dict[str, Course]
) -> list[str]:
    """Each phase after the plan's own: its exercises from the day it can start."""
    phases = plan.protocol.phases
    current = next((n for n, p in enumerate(phases) if p.id == plan.phase), len(phases))
    notes: list[str] = []
    earliest, dated = plan.start, True
    for number, phase in enumerate(phases[current + 1 :], current + 2):
        day = opening_day(plan, phase)
        # A phase starts no earlier than the one before it, and on a known day only when
        # every phase before it does too.
        earliest = max(day or earliest, earliest)
        dated = dated and day is not None and _on_time_alone(phase)
        known = dated
        new = [plan.protocol.exercise(x) for x in phase.exercises if x not in found]
        for ex in new:
            days = sessions(plan, dose(ex).frequency or plan.frequency, earliest)
            found[ex.id] = Course(
                ex, frozenset(days if known else ()), frozenset(() if known else days)
            )
        if not phase.continues_previous:
            _end_earlier(plan, phase, earliest, found)
        if new:
            since = earliest if earliest > plan.start else None
            notes.append(_phase_note(number, phase, [ex.name for ex in new], since, known))
    return notes


def _end_earlier(plan: Plan, phase: Phase, day: dt.date, found: dict[str, Course]) -> None:
    """A phase that ends the earlier phases' exercises: from its first day, those are done
    only until the physiotherapist says the phase has started."""
    ends = set(_earlier(plan, phase))
    for key, course in list(found.items()):
        if key in ends:
            after = {s for s in course.due if s[0] >= day}
            found[key] = Course(course.exercise, course.due - after, course.when_told | after)


def _earlier(plan: Plan, phase: Phase) -> Iterable[str]:
    for p in plan.protocol.phases:
        if p.id == phase.id:
            return
        yield from p.exercises


def _phase_note(
    number: int, phase: Phase, names: list[str], day: dt.date | None, known: bool
) -> str:
    exercises = join_phrases(names)
    if known and day is not None:
        return gettext("{exercises}: phase {number}, {phase}, from {date}.").format(
            exercises=exercises, number=number, phase=phase.name, date=format_short_date(day)
        )
    if day is not None:
        return gettext(
            "{exercises}: phase {number}, {phase}, from {date} at the earliest, when your"
            " physiotherapist says (the dashed boxes)."
        ).format(exercises=exercises, number=number, phase=phase.name, date=format_short_date(day))
    return gettext(
        "{exercises}: phase {number}, {phase}, when your physiotherapist says (the dashed boxes)."
    ).format(exercises=exercises, number=number, phase=phase.name)
