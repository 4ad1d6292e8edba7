"""The table of metrics: what each criterion metric reads from a session log, its unit
rule, its plain-English label and its FHIR field. Adding a metric is one entry here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from attrs import frozen

from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.session_log import NextMorning, SessionEntry
from rehabkit._model.terms import Metric, Symptom
from rehabkit._model.units import TIME_UNITS, IntRange, Quantity, Range

__all__ = ["METRICS", "DayEntry", "MetricSpec", "Reader", "Session", "low"]


@frozen(kw_only=True)
class DayEntry:
    """A day's sessions merged for the person: the worst pain, every symptom. Built from
    entries already validated, so it carries no validators of its own (a year of days is
    merged on every assessment)."""

    date: dt.date
    pain_during: float | None
    pain_after: float | None
    pain_settled_after: Quantity | None
    next_morning: NextMorning | None
    symptoms: tuple[Symptom, ...]
    sets: int | None = None
    repetitions: int | None = None
    hold: Quantity | None = None
    duration: Quantity | None = None
    load: Quantity | None = None


@frozen
class Session:
    """One logged session of one exercise (or a day's sessions merged, for the person).

    ``symptoms`` are those reported for any exercise that day: swelling is the person's.
    """

    date: dt.date
    entry: SessionEntry | DayEntry
    symptoms: frozenset[str]


Reader = Callable[[Session, Dosage, Criterion], "float | None"]


@frozen
class MetricSpec:
    """One metric: its label, how its threshold is written, where FHIR carries it, and
    (for per-session metrics) how to read it from one session."""

    label: str
    unit_rule: str
    fhir: str
    read: Reader | None = None


def low(value: Any) -> float | None:
    """The low end of a count, amount or range, in seconds for times."""
    if value is None:
        return None
    if isinstance(value, (IntRange, Range)):
        return float(value.low)
    if isinstance(value, Quantity):
        return value.seconds() if value.unit in TIME_UNITS else value.value
    return float(value)


def _full_dose(entry: SessionEntry | DayEntry, dose: Dosage) -> float | None:
    """1 if every prescribed part of the dose was done, 0 if not, None if not logged."""
    wanted: list[tuple[float | None, float | None]] = [
        (entry.sets, low(dose.sets)),
        (entry.repetitions, low(dose.repetitions)),
        (low(entry.hold), low(dose.hold)),
        (low(entry.duration), low(dose.duration)),
    ]
    amount = dose.load.amount if dose.load is not None else None
    # The load is compared only when logged: most home programmes never record it.
    if amount is not None and entry.load is not None and entry.load.unit is amount.unit:
        wanted.append((entry.load.value, low(amount)))
    if any(need is not None and done is None for done, need in wanted):
        return None
    return float(all(need is None or done >= need for done, need in wanted if done is not None))


def _settle(s: Session, _d: Dosage, _c: Criterion) -> float | None:
    e = s.entry
    if e.pain_settled_after is not None:
        return e.pain_settled_after.seconds()
    return 0.0 if e.pain_after == 0 else None  # no pain after: nothing to settle


def _morning(s: Session, _d: Dosage, _c: Criterion) -> float | None:
    m = s.entry.next_morning
    return None if m is None else float(m is NextMorning.WORSE)


def _symptom(s: Session, _d: Dosage, c: Criterion) -> float | None:
    return None if c.symptom is None else float(c.symptom.value in s.symptoms)


METRICS: dict[Metric, MetricSpec] = {
    Metric.PAIN_DURING: MetricSpec(
        "pain during the exercise", "0-10, no unit", "painDuring",
        lambda s, _d, _c: s.entry.pain_during,
    ),
    Metric.PAIN_AFTER: MetricSpec(
        "pain after the exercise", "0-10, no unit", "painAfter",
        lambda s, _d, _c: s.entry.pain_after,
    ),
    Metric.PAIN_SETTLE_TIME: MetricSpec(
        "how long pain took to settle", "a time unit", "painSettleTime", _settle
    ),
    Metric.NEXT_MORNING_WORSE: MetricSpec(
        "how it felt the next morning", "0 or 1, no unit", "nextMorningWorse", _morning
    ),
    Metric.FULL_DOSAGE: MetricSpec(
        "the dose done", "0 or 1, no unit", "fullDosage",
        lambda s, d, _c: _full_dose(s.entry, d),
    ),
    Metric.SYMPTOM: MetricSpec("symptoms", "0 or 1, no unit", "symptoms", _symptom),
    Metric.SESSIONS_COMPLETED: MetricSpec(
        "sessions logged at the current level", "a whole number, no unit", "sessionCount"
    ),
    Metric.TIME_ELAPSED: MetricSpec(
        "time since the start or an event", "a time unit", "planStart"
    ),
    Metric.TIME_AT_LEVEL: MetricSpec(
        "time at the current level", "a time unit", "levelStart"
    ),
    Metric.MEASUREMENT: MetricSpec(
        "a declared measurement", "the measurement's unit, or a level", "measurements"
    ),
}  # fmt: skip
