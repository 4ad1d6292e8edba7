"""The evidence in a session log: sessions grouped once, and criteria checked against them.

Sessions are newest first. A criterion is met, not met, or undecided (None) for lack of
data, never met by default.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs
from attrs import frozen

from rehabkit._core.counts import counted
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.metrics import (
    METRICS,
    DayEntry,
    MetricKind,
    Reader,
    Session,
    kind_of,
    low,
)
from rehabkit._model.rules import Escalation, Measurement, StopCriterion
from rehabkit._model.session_log import MeasurementEntry, SessionEntry, SessionLog
from rehabkit._model.terms import Match, Metric, NextMorning, PeriodUnit, Symptom
from rehabkit._model.units import TIME_UNITS, Quantity, Range, Unit
from rehabkit._progression.assessment import CriterionCheck, RuleCheck

# --------------------------------------------------------------------------- the log


@frozen
class Log:
    """The log up to the assessment date, grouped once. Sessions are newest first."""

    by_exercise: dict[str, list[Session]]
    by_day: list[Session]  # one merged session per day: the person's worst of that day
    measurements: tuple[MeasurementEntry, ...]
    reviews: tuple[dt.date, ...]
    newest: dt.date | None
    notes: tuple[str, ...] = ()  # entries of one session that disagree


def newest_first(entries: Iterable[SessionEntry]) -> list[SessionEntry]:
    """Newest first; entries that share a day, exercise and session number are ordered by
    content, so that shuffling the log cannot change the answer."""
    groups: dict[tuple[dt.date, int, str], list[SessionEntry]] = {}
    for e in entries:
        groups.setdefault((e.date, e.session or 0, e.exercise), []).append(e)
    ordered = []
    for key in sorted(groups, reverse=True):
        group = groups[key]
        ordered += group if len(group) == 1 else sorted(group, key=_content, reverse=True)
    return ordered


def _content(entry: SessionEntry) -> str:
    """The entry's facts as text, each time in seconds: how a duration is written (1 min or
    60 s, as a FHIR round trip writes it) must not change the order, nor so the answer."""
    times: dict[str, Any] = {
        name: _in_seconds(value)
        for name in ("hold", "pain_settled_after", "duration")
        if isinstance(value := getattr(entry, name), (Quantity, Range)) and value.unit in TIME_UNITS
    }
    if entry.distance is not None:  # in metres, as FHIR carries it (1.2)
        times["distance"] = Quantity(low(entry.distance) or 0.0, Unit.METRE)
    return repr(attrs.evolve(entry, **times))


def _in_seconds(value: Quantity | Range) -> Quantity | Range:
    per = Quantity(1, value.unit).seconds()
    if isinstance(value, Quantity):
        return Quantity(value.value * per, Unit.SECOND)
    return Range(value.low * per, value.high * per, Unit.SECOND)


def _merge(day: dt.date, group: Sequence[SessionEntry]) -> DayEntry:
    """Entries for one session (or the person's whole day) as one: the worst of each sign
    governs (the most pain, the longest to settle, the worse morning, every symptom) and
    the least of the dose done. One pass: a year of days is merged on every assessment."""
    worst: dict[str, Any] = {}
    mornings = set()
    symptoms: set[Symptom] = set()
    for e in group:
        for name, value, key, most in (
            ("pain_during", e.pain_during, float, True),
            ("pain_after", e.pain_after, float, True),
            ("pain_before", e.pain_before, float, True),
            ("pain_settled_after", e.pain_settled_after, Quantity.seconds, True),
            ("sets", e.sets, float, False),
            ("repetitions", e.repetitions, float, False),
            ("hold", e.hold, Quantity.seconds, False),
            ("duration", e.duration, Quantity.seconds, False),
            ("load", e.load, _kilos, False),
            ("distance", e.distance, _metres, False),
            ("effort", e.effort, float, True),  # the harder session governs
            ("reps_in_reserve", e.reps_in_reserve, float, False),
        ):
            if value is not None and _worse(value, worst.get(name), key, most):
                worst[name] = value
        if e.next_morning is not None:
            mornings.add(e.next_morning)
        symptoms.update(e.symptoms)
    return DayEntry(
        date=day,
        pain_during=worst.get("pain_during"),
        pain_after=worst.get("pain_after"),
        pain_settled_after=worst.get("pain_settled_after"),
        next_morning=next((m for m in MORNINGS_WORST_FIRST if m in mornings), None),
        symptoms=tuple(sorted(symptoms, key=lambda s: s.value)) if symptoms else (),
        sets=worst.get("sets"),
        repetitions=worst.get("repetitions"),
        hold=worst.get("hold"),
        duration=worst.get("duration"),
        load=worst.get("load"),
        distance=worst.get("distance"),
        effort=worst.get("effort"),
        reps_in_reserve=worst.get("reps_in_reserve"),
        pain_before=worst.get("pain_before"),
    )


def _worse(value: Any, so_far: Any, key: Callable[[Any], float], most: bool) -> bool:
    """Whether ``value`` is worse than the worst so far: more of a sign, less of a dose."""
    if so_far is None:
        return True
    return key(value) > key(so_far) if most else key(value) < key(so_far)


def _metres(q: Quantity) -> float:
    return low(q) or 0.0


def _kilos(q: Quantity) -> float:
    return q.value * (0.45359237 if q.unit is Unit.POUND else 1.0)


MORNINGS_WORST_FIRST = (NextMorning.WORSE, NextMorning.SAME, NextMorning.BETTER)
_FACTS = ("pain_during", "pain_after", "pain_settled_after", "next_morning", "sets",
          "repetitions", "hold", "duration", "load", "distance", "effort",
          "reps_in_reserve", "pain_before")  # fmt: skip


def _conflicts(exercise: str, day: dt.date, number: int, group: Sequence[SessionEntry]) -> str:
    """What the entries of one session disagree on, as a note ('' when they agree)."""
    differ = []
    for name in _FACTS:
        values = {v for e in group if (v := _shown_fact(getattr(e, name))) is not None}
        if len(values) > 1:
            differ.append(f"{name} {' and '.join(sorted(values))}")
    if not differ:
        return ""
    return (
        f"conflicting entries for {exercise} on {day.isoformat()} (session {number}):"
        f" {'; '.join(differ)}; the worst of each counts"
    )


def _shown_fact(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Quantity) and value.unit in TIME_UNITS:
        return f"{value.seconds():g} s"
    if isinstance(value, Quantity):
        return f"{value.value:g} {value.unit.value}"
    if isinstance(value, NextMorning):
        return value.value
    return f"{value:g}" if isinstance(value, float) else str(value)


def _sessions_of(
    exercise: str,
    entries: Sequence[SessionEntry],
    per_day: int,
    symptoms: Mapping[dt.date, frozenset[str]],
) -> tuple[list[Session], list[str]]:
    """One exercise's entries as sessions, newest first: entries for the same day and
    session number (at most the schedule's sessions a day) are one session."""
    groups: dict[tuple[dt.date, int], list[SessionEntry]] = {}
    for e in entries:
        groups.setdefault((e.date, min(e.session or 1, per_day)), []).append(e)
    sessions, notes = [], []
    for (day, number), group in sorted(groups.items(), reverse=True):
        unique = list(dict.fromkeys(group))  # a duplicated entry is the same session
        if len(unique) == 1:
            sessions.append(Session(day, unique[0], symptoms[day], number))
            continue
        sessions.append(Session(day, _merge(day, unique), symptoms[day], number))
        note = _conflicts(exercise, day, number, unique)
        if note:
            notes.append(note)
    return sessions, notes


_K = TypeVar("_K")


def group_log(log: SessionLog, on: dt.date, per_day: Mapping[str, int] | None = None) -> Log:
    """The log up to ``on`` as sessions: each exercise's (``per_day`` gives how many
    sessions a day its schedule holds, 1 by default) and the person's days."""
    entries = newest_first(e for e in log.entries if e.date <= on)
    days = _grouped(entries, lambda e: e.date)
    symptoms = _symptoms_by_day(days)
    by_exercise, notes = _by_exercise(entries, per_day or {}, symptoms)
    return Log(
        by_exercise=by_exercise,
        by_day=_merged_days(days, symptoms),
        measurements=tuple(m for m in log.measurements if m.date <= on),
        reviews=tuple(sorted(r.date for r in log.reviews if r.date <= on)),
        newest=entries[0].date if entries else None,
        notes=tuple(sorted(notes)),
    )


def _symptoms_by_day(days: Mapping[dt.date, list[SessionEntry]]) -> dict[dt.date, frozenset[str]]:
    return {d: frozenset(s.value for e in g for s in e.symptoms) for d, g in days.items()}


def _merged_days(
    days: Mapping[dt.date, list[SessionEntry]], symptoms: Mapping[dt.date, frozenset[str]]
) -> list[Session]:
    return [Session(d, _merge(d, g), symptoms[d]) for d, g in days.items()]


def _by_exercise(
    entries: Sequence[SessionEntry],
    per_day: Mapping[str, int],
    symptoms: Mapping[dt.date, frozenset[str]],
) -> tuple[dict[str, list[Session]], list[str]]:
    """Each exercise's sessions, and the notes made grouping them."""
    by_exercise, notes = {}, []
    for name, own in _grouped(entries, lambda e: e.exercise).items():
        by_exercise[name], found = _sessions_of(name, own, per_day.get(name, 1), symptoms)
        notes += found
    return by_exercise, notes


def _grouped(
    entries: Sequence[SessionEntry], key: Callable[[SessionEntry], _K]
) -> dict[_K, list[SessionEntry]]:
    """Entries by a key, each group in the entries' order."""
    groups: dict[_K, list[SessionEntry]] = {}
    for e in entries:
        groups.setdefault(key(e), []).append(e)
    return groups


# --------------------------------------------------------------------------- criteria


@frozen(kw_only=True)
class Context:
    """What one criterion may read: one exercise's sessions (or the person's days)."""

    sessions: Sequence[Session]
    dose: Dosage
    start: dt.date
    level_since: dt.date
    on: dt.date
    events: Mapping[str, dt.date]
    measurements: Sequence[MeasurementEntry]
    declared: Mapping[str, Measurement]
    run_gap: int | None = None  # the most days between two sessions in a row (None: any)
    for_stop: bool = False  # read for a stop: of one day's readings, any that meets counts


def _checked(
    c: Criterion,
    met: bool | None,
    explanation: str,
    values: tuple[float | None, ...] = (),
    dates: tuple[dt.date, ...] = (),
) -> CriterionCheck:
    return CriterionCheck(criterion=c, met=met, values=values, dates=dates, explanation=explanation)


def _elapsed_since(c: Criterion, ctx: Context) -> tuple[dt.date | None, str]:
    if METRICS[c.metric].from_level:
        return _trained_since(ctx), "at this level since"
    if c.since is None:
        return ctx.start, "since the start on"
    return ctx.events.get(c.since), f"since {c.since} on"


def _trained_since(ctx: Context) -> dt.date:
    """When time at the level starts: its first day, or its first session when that came
    later than a run allows (advance dates a level from the day after the sessions that
    earned it; days before the person trains at it again are no time at it)."""
    if ctx.run_gap is None or not ctx.sessions:
        return ctx.level_since
    first = ctx.sessions[-1].date  # newest first
    return first if (first - ctx.level_since).days > ctx.run_gap else ctx.level_since


def _check_elapsed(c: Criterion, ctx: Context) -> CriterionCheck:
    since, what = _elapsed_since(c, ctx)
    if since is None:
        return _checked(c, None, f"the plan gives no date for {c.since!r}")
    days = (ctx.on - since).days
    seconds = float(days * 86400)
    met = c.op.holds(seconds, c.threshold())
    return _checked(
        c, met, f"{counted(days, 'day')} {what} {since.isoformat()}", (seconds,), (since,)
    )


def _measured(entry: MeasurementEntry, spec: Measurement | None) -> float | None:
    if entry.present is not None:
        return float(entry.present)
    if entry.level is not None:
        levels = spec.levels if spec is not None else ()
        return float(levels.index(entry.level)) if entry.level in levels else None
    return entry.value


def _check_measurement(c: Criterion, ctx: Context) -> CriterionCheck:
    found = sorted(
        (m for m in ctx.measurements if m.name == c.measurement),
        key=lambda m: (m.date, repr(m)),
    )
    if not found:
        return _checked(c, None, f"no {c.measurement} measurement logged")
    day = found[-1].date
    if c.max_age is not None and (ctx.on - day).days * 86400 > c.max_age.seconds():
        why = f"the last {c.measurement} measurement ({day}) is older than {c.max_age}"
        return _checked(c, None, why, (), (day,))
    if c.versus is not None:
        return _versus_measurement(c, ctx, [m for m in found if m.date == day])
    readings = [_reading(c, m, ctx) for m in found if m.date == day]
    return _cautious(c, readings, ctx.for_stop)


def _versus_measurement(c: Criterion, ctx: Context, mine: list[MeasurementEntry]) -> CriterionCheck:
    """The newest day's readings against the other measurement's readings of that day
    (1.2): a stop fires on any pair that meets it, anything else needs every pair."""
    versus = c.versus
    assert versus is not None
    day = mine[0].date
    pairs = _comparable_pairs(c, mine, [m for m in ctx.measurements if m.date == day])
    if not pairs:
        why = f"no {versus.measurement} measurement on {day.isoformat()} to compare with"
        return _checked(c, None, why, (), (day,))
    readings = []
    for (m, mv), (o, ov) in pairs:
        met = c.op.holds(mv, versus.threshold(ov))
        why = f"{c.measurement} {_shown(m)}, {versus.measurement} {_shown(o)} on {day}"
        readings.append(_checked(c, met, why, (mv,), (day,)))
    return _cautious(c, readings, ctx.for_stop)


_Valued = tuple[MeasurementEntry, float]


def _comparable_pairs(
    c: Criterion, mine: list[MeasurementEntry], that_day: list[MeasurementEntry]
) -> list[tuple[_Valued, _Valued]]:
    """Each of this measurement's readings with each of the other's, where both have a
    value in the criterion's unit."""
    assert c.versus is not None

    def valued(ms: Iterable[MeasurementEntry]) -> list[_Valued]:
        return [(m, m.value) for m in ms if m.value is not None and m.unit is c.unit]

    others = valued(m for m in that_day if m.name == c.versus.measurement)
    return [(m, o) for m in valued(mine) for o in others]


def _reading(c: Criterion, m: MeasurementEntry, ctx: Context) -> CriterionCheck:
    """One measurement against the criterion."""
    spec = ctx.declared.get(c.measurement or "")
    value = _measured(m, spec)
    if m.unit is not c.unit or value is None or (spec is not None and not spec.fits(value)):
        why = f"{c.measurement} was logged as {_shown(m)}, which this criterion cannot use"
        return _checked(c, None, why, (), (m.date,))
    if c.level is not None:
        threshold = float(spec.levels.index(c.level)) if spec and c.level in spec.levels else None
        if threshold is None:
            return _checked(c, None, f"{c.level!r} is not a level of {c.measurement}")
    else:
        threshold = c.threshold()
    met = c.op.holds(value, threshold)
    return _checked(c, met, f"{c.measurement} {_shown(m)} on {m.date}", (value,), (m.date,))


def _cautious(c: Criterion, readings: list[CriterionCheck], for_stop: bool) -> CriterionCheck:
    """Readings of one day that disagree: a stop fires if any of them meets it, anything
    else needs every one to (the worse reading governs either way); a reading that cannot
    be used leaves the answer unknown unless another one settles it."""
    if len({r.met for r in readings}) == 1:
        return readings[-1]
    settles = next((r for r in readings if r.met is for_stop), None)
    chosen = settles or next(r for r in readings if r.met is None)
    shown = " and ".join(r.explanation.split(" on ")[0].removeprefix(f"{c.measurement} ")
                         for r in readings)  # fmt: skip
    return attrs.evolve(chosen, explanation=f"{chosen.explanation} (that day also {shown}:"
                        " the reading that is worse for the patient counts)")  # fmt: skip


def _shown(m: MeasurementEntry) -> str:
    if m.level is not None:
        return m.level
    if m.present is not None:
        return "present" if m.present else "absent"
    return f"{m.value:g} {m.unit.value if m.unit else ''}".strip()


def run_gap(schedule: Frequency, escalation: Escalation | None = None) -> int:
    """The most days between two sessions that still count as in a row: the protocol's
    ``escalation.max_gap`` when it gives one; else one scheduled session may be missed
    (twice the schedule's interval), and a day always may."""
    if escalation is not None and escalation.max_gap is not None:
        return int(escalation.max_gap.seconds() // 86400)
    days = (schedule.period_max or schedule.period) * (
        7 if schedule.period_unit is PeriodUnit.WEEK else 1
    )
    return max(1, math.ceil(2 * days / schedule.times))


def _run(sessions: Sequence[Session], gap: int | None, need: int) -> tuple[list[Session], str]:
    """Up to ``need`` of the newest sessions in a row (no gap longer than ``gap`` days),
    newest first, and what broke the run ('' when nothing did)."""
    run = list(sessions[:1])
    for newer, older in itertools.pairwise(sessions[:need]):
        days = (newer.date - older.date).days
        if gap is not None and days > gap:
            return run, (
                f"a gap of {counted(days, 'day')}"
                f" ({older.date.isoformat()} to {newer.date.isoformat()});"
                f" sessions more than {counted(gap, 'day')} apart are not in a row"
            )
        run.append(older)
    return run, ""


def _read_session(c: Criterion, s: Session, ctx: Context) -> tuple[float | None, bool]:
    """A session's value for ``c``, and whether it is a next-morning report still to come
    (read as the usual answer, no worse, until it comes)."""
    spec = METRICS[c.metric]
    read = _reader(c)
    assert read is not None
    value = read(s, ctx.dose, c)
    if value is None and spec.next_day and s.date >= ctx.on:
        return 0.0, True
    return value, False


def _check_sessions(c: Criterion, ctx: Context) -> CriterionCheck:
    run, broken = _run(ctx.sessions, ctx.run_gap, c.sessions)
    recent = run[: c.sessions]
    read = [_read_session(c, s, ctx) for s in recent]
    values = tuple(v for v, _ in read)
    dates = tuple(s.date for s in recent)
    if len(recent) < c.sessions:
        return _checked(c, None, _too_few(c, len(recent), broken), values, dates)
    gaps = [d.isoformat() for d, v in zip(dates, values, strict=True) if v is None]
    if gaps:
        why = f"{METRICS[c.metric].label} not logged for {', '.join(gaps)}"
        return _checked(c, None, why, values, dates)
    awaited = [s.date for s, (_, pending) in zip(recent, read, strict=True) if pending]
    return _sessions_checked(c, values, dates, awaited)


def _too_few(c: Criterion, logged: int, broken: object) -> str:
    if broken:
        return f"needs {counted(c.sessions, 'session')} in a row, {logged} since {broken}"
    return f"needs {counted(c.sessions, 'session')}, {logged} logged"


def _sessions_checked(
    c: Criterion,
    values: tuple[float | None, ...],
    dates: tuple[dt.date, ...],
    awaited: list[dt.date],
) -> CriterionCheck:
    """The check of enough sessions, each with its value, saying which next-morning report
    is still to come."""
    met = all(c.op.holds(v, c.threshold()) for v in values if v is not None)
    shown = ", ".join(show_value(c.metric, v) for v in values)
    if not awaited:
        return _checked(c, met, f"logged {shown}", values, dates)
    explanation = (
        f"logged {shown}; the next-morning report on {awaited[0].isoformat()} is still to"
        " come, read as no worse than usual"
    )
    found = _checked(c, met, explanation, values, dates)
    return attrs.evolve(found, waits_for=awaited[0]) if met else found


def _check_count(c: Criterion, ctx: Context) -> CriterionCheck:
    n = len(ctx.sessions)
    return _checked(c, c.op.holds(n, c.threshold()), f"{counted(n, 'session')} logged", (float(n),))


_CHECKS_BY_KIND: dict[MetricKind, Callable[[Criterion, Context], CriterionCheck]] = {
    MetricKind.COUNT: _check_count,
    MetricKind.ELAPSED: _check_elapsed,
    MetricKind.MEASUREMENT: _check_measurement,
}


def check(c: Criterion, ctx: Context) -> CriterionCheck:
    """Whether one criterion holds on ``ctx.on``, with the values and days it read."""
    return _CHECKS_BY_KIND.get(kind_of(c.metric), _check_sessions)(c, ctx)


def show_value(metric: Metric, value: float | None) -> str:
    """A value read for a metric, as an explanation shows it."""
    kind = kind_of(metric)
    if value is None:
        return "-"
    if kind is MetricKind.TIME:
        return f"{value / 60:g} min"
    if kind.flag:
        return "yes" if value else "no"
    return f"{value:g}"


def combine(checks: Sequence[CriterionCheck], match: Match) -> bool | None:
    results = [c.met for c in checks]
    if match is Match.ANY:
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) else True


def _window(stop: StopCriterion) -> int:
    return max((c.sessions for c in stop.criteria), default=1)


def _met(
    c: Criterion, ctx: Context, sessions: Sequence[Session], on: dt.date
) -> tuple[bool | None, dt.date | None]:
    """Whether a criterion held on a past day, and the day of the evidence it read (a
    session's, or a measurement's own day): ``check`` without its explanations, which a
    look back through a year of sessions cannot afford."""
    read = _reader(c)
    if read is None:
        known = [m for m in ctx.measurements if m.date <= on]
        found = check(c, attrs.evolve(ctx, sessions=sessions, on=on, measurements=known))
        evidence = found.dates[0] if found.dates and _is_evidence(c) else None
        return found.met, evidence
    recent = sessions[: c.sessions]
    if len(recent) < c.sessions:
        return None, None
    values = [read(s, ctx.dose, c) for s in recent]
    if any(v is None for v in values):
        return None, None
    threshold = c.threshold()
    return all(c.op.holds(v, threshold) for v in values if v is not None), recent[0].date


def _is_evidence(c: Criterion) -> bool:
    # Elapsed time and session counts are no evidence of anything that happened.
    return kind_of(c.metric) not in (MetricKind.ELAPSED, MetricKind.COUNT)


def _fired_on(
    stop: StopCriterion, ctx: Context, sessions: Sequence[Session], on: dt.date
) -> dt.date | None:
    """The day of the newest evidence that made the stop fire on ``on`` (None: it did not)."""
    results = [_met(c, ctx, sessions, on) for c in stop.criteria]
    met = [r is True for r, _ in results]
    if not (any(met) if stop.match is Match.ANY else all(met)):
        return None
    days = [day for (r, day) in results if r is True and day is not None]
    return max(days, default=on)


def evidence_day(stop: RuleCheck) -> dt.date | None:
    """The day of the newest evidence behind a stop that fires now."""
    days = [c.dates[0] for c in stop.checks if c.met and c.dates and _is_evidence(c.criterion)]
    return max(days, default=None)


def last_fired(stop: StopCriterion, ctx: Context) -> dt.date | None:
    """The day of the newest evidence on which the stop fired, looking back through the
    whole log: a session's day, or a measurement's own day however long it stays valid."""
    n = _window(stop)
    sessions = ctx.sessions
    if n == 1 and all(METRICS[c.metric].read for c in stop.criteria):
        return _last_fired_daily(stop, ctx)
    days = sorted({s.date for s in sessions} | {m.date for m in ctx.measurements}, reverse=True)
    for day in days:
        window = [s for s in sessions if s.date <= day][:n]
        fired = _fired_on(stop, ctx, window, day)
        if fired is not None:
            return fired
    return None


def _reader(c: Criterion) -> Reader | None:
    versus = c.versus
    own, other = METRICS[c.metric].read, METRICS[versus.metric].read if versus else None
    if versus is not None and own is not None and other is not None:
        # Two values of one session: how far the first lies above the threshold the other
        # makes, compared with 0 (the criterion's threshold when it has no value).
        def difference(s: Session, d: Dosage, _c: Criterion) -> float | None:
            a, b = own(s, d, c), other(s, d, c)
            return None if a is None or b is None else a - versus.threshold(b)

        return difference
    if kind_of(c.metric) is MetricKind.SYMPTOM and c.symptom is not None:
        wanted = c.symptom.value  # read once: enum attribute access is slow in a loop
        return lambda s, _d, _c: 1.0 if wanted in s.symptoms else 0.0
    return METRICS[c.metric].read


def _last_fired_daily(stop: StopCriterion, ctx: Context) -> dt.date | None:
    # The common case, one session per criterion and nothing but session metrics, read
    # straight off each session: the look back covers a whole year on every assessment.
    tests = [(_reader(c), c, c.op.function(), c.threshold()) for c in stop.criteria]
    need_all = stop.match is Match.ALL
    for s in ctx.sessions:
        hits = 0
        for read, c, holds, threshold in tests:
            value = read(s, ctx.dose, c) if read is not None else None
            if value is not None and holds(value, threshold):
                hits += 1
                if not need_all:
                    return s.date
            elif need_all:
                break
        if need_all and hits == len(tests):
            return s.date
    return None
