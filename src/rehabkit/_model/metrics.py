"""The table of metrics: each metric's kind, label, FHIR place and how it is read from a
session log. A new metric of an existing kind is one row here plus its words (words.py)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attrs import frozen

from rehabkit._model.terms import Metric, NextMorning, Symptom
from rehabkit._model.units import DISTANCE_UNITS, IN_BASE, TIME_UNITS, IntRange, Quantity, Range

if TYPE_CHECKING:  # a criterion names its metric: this table reads criteria, not the reverse
    from rehabkit._model.criteria import Criterion
    from rehabkit._model.dosage import Dosage
    from rehabkit._model.session_log import SessionEntry  # a protocol needs no log


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
    distance: Quantity | None = None
    effort: float | None = None
    reps_in_reserve: int | None = None
    pain_before: float | None = None


@frozen
class Session:
    """One logged session of one exercise (or a day's sessions merged, for the person).

    ``symptoms`` are those reported for any exercise that day: swelling is the person's.
    """

    date: dt.date
    entry: SessionEntry | DayEntry
    symptoms: frozenset[str]
    number: int = 1  # which session of the day, as the plan's schedule numbers them


Reader = Callable[[Session, "Dosage", "Criterion"], "float | None"]


class MetricKind(enum.Enum):
    """How a metric is read, checked, worded and carried in FHIR: every part of rehabkit
    dispatches on the kind, so a new metric of an existing kind is one row of METRICS plus
    its words (docs/architecture.md)."""

    PAIN_SCORE = "pain score"  # 0-10, no unit, in each logged session (pain, or effort)
    TIME = "time"  # a duration logged with each session, in a time unit
    ANSWER = "answer"  # yes (1) or no (0): a coded answer logged with each session
    DOSE_DONE = "dose done"  # yes (1) or no (0): the logged dose against the prescribed one
    SYMPTOM = "symptom"  # yes (1) or no (0): the named symptom reported that day
    COUNT = "count"  # sessions logged at the current level, a whole number
    ELAPSED = "elapsed"  # time since a day: the plan's start, an event, or the level's start
    MEASUREMENT = "measurement"  # a declared measurement, in its own unit or levels

    @property
    def flag(self) -> bool:
        """Whether the metric's value is 0 or 1."""
        return self in _FLAGS

    @property
    def timed(self) -> bool:
        """Whether the threshold is a time, written with a time unit."""
        return self in _TIMED


# Looked up once: a member read from its enumeration costs more than the test itself, and
# these are asked of every criterion built.
_FLAGS = (MetricKind.ANSWER, MetricKind.DOSE_DONE, MetricKind.SYMPTOM)
_TIMED = (MetricKind.TIME, MetricKind.ELAPSED)


@frozen
class MetricSpec:
    """One metric: its kind, its label, where a session Observation carries it in FHIR,
    how to read it from one session (per-session kinds), and the kind's details.

    :param kind: How it is read, checked, worded and carried.
    :param label: What it is, in explanations ("pain during the exercise").
    :param read: Its value in one session (None: not logged); per-session kinds only.
    :param fhir_component: The component code of a session Observation that carries it
        (None: the Observation's own value, the pain score).
    :param fhir_yes: For an answer: the code that means yes.
    :param answers: For an answer: every answer a person may give, as logged.
    :param log_field: The session-log field the person fills in (the paper log's column).
    :param next_day: Reported the morning after the session: a session of the assessment
        day has no answer yet, and is waited for rather than missing.
    :param from_level: For an elapsed time: counted from the level's start, not the plan's.
    :param least_is_worst: For a score: the least of one session's entries governs (fewer
        repetitions in reserve is harder), not the most.
    """

    kind: MetricKind
    label: str
    read: Reader | None = None
    fhir_component: str | None = None
    fhir_yes: str | None = None
    answers: tuple[str, ...] = ()
    log_field: str | None = None
    from_level: bool = False
    next_day: bool = False
    least_is_worst: bool = False


def low(value: Any) -> float | None:
    """The low end of a count, amount or range, in seconds for times (and, since 1.2, in
    metres for distances)."""
    if value is None:
        return None
    if isinstance(value, (IntRange, Range)):
        return float(value.low)
    if isinstance(value, Quantity):
        if value.unit in TIME_UNITS or value.unit in DISTANCE_UNITS:
            return value.value * IN_BASE[value.unit]
        return value.value
    return float(value)


def _full_dose(entry: SessionEntry | DayEntry, dose: Dosage) -> float | None:
    """1 if every prescribed part of the dose was done, 0 if not, None if not logged."""
    wanted: list[tuple[float | None, float | None]] = [
        (entry.sets, low(dose.sets)),
        (entry.repetitions, low(dose.repetitions)),
        (low(entry.hold), low(dose.hold)),
        (low(entry.duration), low(dose.duration)),
        (low(entry.distance), low(dose.distance)),
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
        MetricKind.PAIN_SCORE, "pain during the exercise",
        lambda s, _d, _c: s.entry.pain_during, log_field="pain_during",
    ),
    Metric.PAIN_AFTER: MetricSpec(
        MetricKind.PAIN_SCORE, "pain after the exercise",
        lambda s, _d, _c: s.entry.pain_after, "pain-after", log_field="pain_after",
    ),
    Metric.PAIN_SETTLE_TIME: MetricSpec(
        MetricKind.TIME, "how long pain took to settle", _settle, "pain-settle-time",
        log_field="pain_settled_after",
    ),
    Metric.NEXT_MORNING_WORSE: MetricSpec(
        MetricKind.ANSWER, "how it felt the next morning", _morning, "next-morning", "worse",
        tuple(a.value for a in NextMorning), log_field="next_morning", next_day=True,
    ),
    Metric.FULL_DOSAGE: MetricSpec(
        MetricKind.DOSE_DONE, "the dose done", lambda s, d, _c: _full_dose(s.entry, d),
        log_field="full_dosage",
    ),
    Metric.SYMPTOM: MetricSpec(MetricKind.SYMPTOM, "symptoms", _symptom, "symptom"),
    Metric.SESSIONS_COMPLETED: MetricSpec(
        MetricKind.COUNT, "sessions logged at the current level"
    ),
    Metric.TIME_ELAPSED: MetricSpec(MetricKind.ELAPSED, "time since the start or an event"),
    Metric.TIME_AT_LEVEL: MetricSpec(
        MetricKind.ELAPSED, "time at the current level", from_level=True
    ),
    Metric.MEASUREMENT: MetricSpec(MetricKind.MEASUREMENT, "a declared measurement"),
    Metric.EFFORT: MetricSpec(
        MetricKind.PAIN_SCORE, "how hard the exercise felt",
        lambda s, _d, _c: s.entry.effort, "effort", log_field="effort",
    ),
    Metric.REPS_IN_RESERVE: MetricSpec(
        MetricKind.PAIN_SCORE, "repetitions in reserve",
        lambda s, _d, _c: s.entry.reps_in_reserve, "reps-in-reserve",
        log_field="reps_in_reserve", least_is_worst=True,
    ),
    Metric.PAIN_BEFORE: MetricSpec(
        MetricKind.PAIN_SCORE, "pain before the exercise",
        lambda s, _d, _c: s.entry.pain_before, "pain-before", log_field="pain_before",
    ),
}  # fmt: skip


def kind_of(metric: Metric) -> MetricKind:
    """The kind of a metric."""
    return METRICS[metric].kind
