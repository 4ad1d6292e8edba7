"""The evidence in a session log: sessions grouped once, and criteria checked against them.

Sessions are newest first. A criterion is met, not met, or undecided (None) for lack of
data, never met by default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from attrs import frozen

from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.metrics import METRICS, DayEntry, MetricKind, Reader, Session, kind_of
from rehabkit._model.rules import Measurement, StopCriterion
from rehabkit._model.session_log import MeasurementEntry, NextMorning, SessionEntry, SessionLog
from rehabkit._model.terms import Match, Metric, Symptom
from rehabkit._model.units import TIME_UNITS, Quantity, Range, Unit
from rehabkit._progression.assessment import CriterionCheck

# --------------------------------------------------------------------------- the log


@frozen
class Log:
    """The log up to the assessment date, grouped once. Sessions are newest first."""

    by_exercise: dict[str, list[Session]]
    by_day: list[Session]  # one merged session per day: the person's worst of that day
    measurements: tuple[MeasurementEntry, ...]
    reviews: tuple[dt.date, ...]
    newest: dt.date | None


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
    return repr(attrs.evolve(entry, **times))


def _in_seconds(value: Quantity | Range) -> Quantity | Range:
    per = Quantity(1, value.unit).seconds()
    if isinstance(value, Quantity):
        return Quantity(value.value * per, Unit.SECOND)
    return Range(value.low * per, value.high * per, Unit.SECOND)


def _merge(day: dt.date, group: Sequence[SessionEntry]) -> DayEntry:
    """The person's day: the worst of each sign across the day's sessions."""
    during = after = None
    settle: Quantity | None = None
    mornings = set()
    symptoms: set[Symptom] = set()
    for e in group:
        if e.pain_during is not None and (during is None or e.pain_during > during):
            during = e.pain_during
        if e.pain_after is not None and (after is None or e.pain_after > after):
            after = e.pain_after
        took = e.pain_settled_after
        if took is not None and (settle is None or took.seconds() > settle.seconds()):
            settle = took
        if e.next_morning is not None:
            mornings.add(e.next_morning)
        symptoms.update(e.symptoms)
    morning = next((m for m in _MORNING_WORST_FIRST if m in mornings), None)
    return DayEntry(
        date=day,
        pain_during=during,
        pain_after=after,
        pain_settled_after=settle,
        next_morning=morning,
        symptoms=tuple(sorted(symptoms, key=lambda s: s.value)) if symptoms else (),
    )


_MORNING_WORST_FIRST = (NextMorning.WORSE, NextMorning.SAME, NextMorning.BETTER)


def group_log(log: SessionLog, on: dt.date) -> Log:
    entries = newest_first(e for e in log.entries if e.date <= on)
    days: dict[dt.date, list[SessionEntry]] = {}
    for e in entries:
        days.setdefault(e.date, []).append(e)
    symptoms = {d: frozenset(s.value for e in g for s in e.symptoms) for d, g in days.items()}
    by_exercise: dict[str, list[Session]] = {}
    for e in entries:
        by_exercise.setdefault(e.exercise, []).append(Session(e.date, e, symptoms[e.date]))
    by_day = [Session(d, _merge(d, g), symptoms[d]) for d, g in days.items()]
    return Log(
        by_exercise=by_exercise,
        by_day=by_day,
        measurements=tuple(m for m in log.measurements if m.date <= on),
        reviews=tuple(sorted(r.date for r in log.reviews if r.date <= on)),
        newest=entries[0].date if entries else None,
    )


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
        return ctx.level_since, "at this level since"
    if c.since is None:
        return ctx.start, "since the start on"
    return ctx.events.get(c.since), f"since {c.since} on"


def _check_elapsed(c: Criterion, ctx: Context) -> CriterionCheck:
    since, what = _elapsed_since(c, ctx)
    if since is None:
        return _checked(c, None, f"the plan gives no date for {c.since!r}")
    days = (ctx.on - since).days
    seconds = float(days * 86400)
    met = c.op.holds(seconds, c.threshold())
    return _checked(c, met, f"{days} days {what} {since.isoformat()}", (seconds,), (since,))


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
    last = found[-1]
    spec = ctx.declared.get(c.measurement or "")
    if c.max_age is not None and (ctx.on - last.date).days * 86400 > c.max_age.seconds():
        why = f"the last {c.measurement} measurement ({last.date}) is older than {c.max_age}"
        return _checked(c, None, why, (), (last.date,))
    value = _measured(last, spec)
    if last.unit is not c.unit or value is None:
        why = f"{c.measurement} was logged as {_shown(last)}, which this criterion cannot use"
        return _checked(c, None, why, (), (last.date,))
    if c.level is not None:
        threshold = float(spec.levels.index(c.level)) if spec and c.level in spec.levels else None
        if threshold is None:
            return _checked(c, None, f"{c.level!r} is not a level of {c.measurement}")
    else:
        threshold = c.threshold()
    met = c.op.holds(value, threshold)
    return _checked(
        c, met, f"{c.measurement} {_shown(last)} on {last.date}", (value,), (last.date,)
    )


def _shown(m: MeasurementEntry) -> str:
    if m.level is not None:
        return m.level
    if m.present is not None:
        return "present" if m.present else "absent"
    return f"{m.value:g} {m.unit.value if m.unit else ''}".strip()


def _check_sessions(c: Criterion, ctx: Context) -> CriterionCheck:
    read = METRICS[c.metric].read
    assert read is not None
    recent = ctx.sessions[: c.sessions]
    values = tuple(read(s, ctx.dose, c) for s in recent)
    dates = tuple(s.date for s in recent)
    what = METRICS[c.metric].label
    if len(recent) < c.sessions:
        return _checked(
            c, None, f"needs {c.sessions} sessions, {len(recent)} logged", values, dates
        )
    if any(v is None for v in values):
        gaps = ", ".join(d.isoformat() for d, v in zip(dates, values, strict=True) if v is None)
        return _checked(c, None, f"{what} not logged for {gaps}", values, dates)
    met = all(c.op.holds(v, c.threshold()) for v in values if v is not None)
    shown = ", ".join(show_value(c.metric, v) for v in values)
    return _checked(c, met, f"logged {shown}", values, dates)


def _check_count(c: Criterion, ctx: Context) -> CriterionCheck:
    n = len(ctx.sessions)
    return _checked(c, c.op.holds(n, c.threshold()), f"{n} sessions logged", (float(n),))


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


def _met(c: Criterion, ctx: Context, sessions: Sequence[Session], on: dt.date) -> bool | None:
    """Whether a criterion held on a past day: ``check`` without its explanations, which
    a look back through a year of sessions cannot afford."""
    read = METRICS[c.metric].read
    if read is None:
        return check(c, attrs.evolve(ctx, sessions=sessions, on=on)).met
    recent = sessions[: c.sessions]
    if len(recent) < c.sessions:
        return None
    values = [read(s, ctx.dose, c) for s in recent]
    if any(v is None for v in values):
        return None
    threshold = c.threshold()
    return all(c.op.holds(v, threshold) for v in values if v is not None)


def _fired(stop: StopCriterion, ctx: Context, sessions: Sequence[Session], on: dt.date) -> bool:
    results = [_met(c, ctx, sessions, on) for c in stop.criteria]
    if stop.match is Match.ANY:
        return any(r is True for r in results)
    return all(r is True for r in results)


def last_fired(stop: StopCriterion, ctx: Context) -> dt.date | None:
    """The newest day on which the stop fired, looking back through the whole log."""
    n = _window(stop)
    sessions = ctx.sessions
    if n == 1 and all(METRICS[c.metric].read for c in stop.criteria):
        return _last_fired_daily(stop, ctx)
    for i in range(len(sessions)):
        if _fired(stop, ctx, sessions[i : i + n], sessions[i].date):
            return sessions[i].date
    return None


def _reader(c: Criterion) -> Reader | None:
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
