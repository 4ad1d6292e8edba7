"""Criteria as FHIRPath a receiving system can evaluate over the FHIR data it holds.

An expression is true exactly when rehabkit's own assessment finds the criteria met; it is
false or empty when they are not, or when the data to decide is missing. The variables
(documented in docs/fhir.md) are:

- ``%sessions``: this exercise's session Observations since its current level began
  (LOINC 72514-3 with the ``observation-exercise`` extension), newest first;
- ``%allSessions``: every session Observation since the plan's start, newest first;
- ``%measurements``: the patient's measurement Observations, newest first;
- ``%carePlan``: the patient's CarePlan (its period and ``plan-event`` extensions);
- ``%levelStart``: the date the exercise's current level began;
- ``%asOf``: the date the condition is evaluated for (normally today).

Sessions are read as rehabkit reads them (docs/fhir.md, "How a condition reads sessions"):
an exercise's Observations of one day and one session number, clipped to its schedule's
sessions a day, are one session whose worst of each sign counts; "the last N sessions" are
N in a row, no gap longer than the schedule allows; a next-morning report for a session on
or after ``%asOf`` is still to come, read as no worse. FHIRPath has no group-by: a
condition lists the distinct session keys, newest first, and reads the k-th session as the
Observations with the k-th key. Criteria over several sessions are unrolled (session 0,
1, ...) so that no expression needs a variable from an enclosing scope.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from attrs import frozen

from rehabkit._formats.fhir.definitions import level_code
from rehabkit._formats.fhir.dosage import num
from rehabkit._formats.fhir.terms import Canon
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.metrics import METRICS, MetricKind, MetricSpec, kind_of, low
from rehabkit._model.rules import Measurement
from rehabkit._model.terms import Comparator, Match, MeasurementKind, Metric
from rehabkit._model.units import Unit

_OPS = {
    Comparator.LT: "<",
    Comparator.LE: "<=",
    Comparator.EQ: "=",
    Comparator.GE: ">=",
    Comparator.GT: ">",
}
_DAY = 86400.0


def literal(text: str) -> str:
    """A FHIRPath string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def coded(codings: str, system: str, code: str) -> str:
    """The codings of ``system`` with ``code``: matched on both, so that another coding
    beside ours (a local code, a translation) never hides it, nor one of another system
    with the same code stands for it."""
    return f"{codings}.where(system = {literal(system)} and code = {literal(code)})"


def _has(concept: str, system: str, code: str) -> str:
    return f"{coded(f'{concept}.coding', system, code)}.exists()"


def in_unit(quantities: str, unit: str) -> str:
    """The quantities' values converted to the UCUM ``unit`` (empty for one that cannot
    be): a hold logged as 4000 ms is 4 s, never 4000 (FHIRPath's ``toQuantity``)."""
    return f"{quantities}.select(toQuantity({literal(unit)}).value)"


def _worst(values: str, most: bool = True) -> str:
    """The highest of the values (the lowest, with ``most`` false); empty when none is."""
    than = ">" if most else "<"
    return f"{values}.aggregate(iif($total.empty() or $this {than} $total, $this, $total))"


@frozen
class SessionReading:
    """How a condition finds one exercise's sessions among its Observations.

    :param per_day: the sessions a day the exercise's schedule holds: Observations of one
        day whose ``observation-session`` numbers (1 when absent) clip to the same number,
        ``min(number, per_day)``, are one session.
    :param run_gap: the most days between two sessions that are still in a row (None: any).
    :param source: the exercise's session Observations, newest first.
    :param level_start: the date its current level began.
    """

    per_day: int = 1
    run_gap: int | None = None
    source: str = "%sessions"
    level_start: str = "%levelStart"


#: The person's days: every session Observation, one group per day, never broken by a gap.
PERSON = SessionReading(source="%allSessions", level_start="%carePlan.period.start")


class _Groups:
    """The sessions as groups of Observations, newest first: ``group(k)`` is the k-th
    session's Observations (a day's, for the person), whose worst of each sign counts."""

    def __init__(self, reading: SessionReading, canon: Canon) -> None:
        self.source = reading.source
        self.gap = reading.run_gap
        self.key = "effective"
        if reading.per_day > 1:
            number = f"extension('{canon.extension('observation-session')}').value"
            p = reading.per_day
            clipped = f"iif({number}.exists(), iif({number} > {p}, {p}, {number}), 1)"
            self.key = f"(effective.toString() & '#' & {clipped}.toString())"
        self.keys = (
            f"{self.source}.effective.distinct()"
            if self.key == "effective"
            else f"{self.source}.select({self.key}).distinct()"
        )

    @property
    def count(self) -> str:
        return f"{self.keys}.count()"

    def group(self, k: int) -> str:
        return f"{self.source}.where({self.key} = {self.keys}[{k}])"

    def date(self, k: int) -> str:
        if self.key == "effective":
            return f"{self.keys}[{k}]"
        return f"{self.group(k)}.effective.first()"

    def day(self, k: int) -> str:
        """Every session Observation of the k-th session's day (symptoms are the person's)."""
        if self.source == "%allSessions" and self.key == "effective":
            return self.group(k)
        return f"%allSessions.where(effective = {self.date(k)})"

    def in_a_row(self, n: int) -> list[str]:
        """The first ``n`` sessions have no gap longer than the run allows."""
        if self.gap is None:
            return []
        return [f"({self.date(k + 1)} >= {self.date(k)} - {self.gap} days)" for k in range(n - 1)]


class _Reader:
    """The numeric value a metric reads from one session's Observations (or one day's):
    the worst of each sign, the least of the dose done, as rehabkit merges them.

    :param system: the CodeSystem of the components' codes (and of coded answers)."""

    def __init__(self, dose: Dosage, by_day: bool, system: str) -> None:
        self.dose = dose
        self.by_day = by_day
        self.system = system

    def part(self, g: str, code: str) -> str:
        """The components coded ``code`` in our system, whatever other codings they carry."""
        return f"{g}.component.where({_has('code', self.system, code)})"

    def score(self, g: str, spec: MetricSpec) -> str:
        # A pain score is the Observation's own value, or one of its components.
        at = self.part(g, spec.fhir_component) if spec.fhir_component else g
        return _worst(f"{at}.value.value", most=not spec.least_is_worst)

    def time(self, g: str, spec: MetricSpec) -> str:
        # In seconds, as rehabkit reads it, whatever unit it was logged in: no pain after
        # the session settles at once.
        took = _worst(in_unit(f"{self.part(g, spec.fhir_component or '')}.value", "s"))
        pain_after = self.score(g, METRICS[Metric.PAIN_AFTER])
        return f"iif({took}.exists(), {took}, iif({pain_after} = 0, 0, {{}}))"

    def answer(self, g: str, spec: MetricSpec) -> str:
        answers = f"{self.part(g, spec.fhir_component or '')}.value"
        yes = _has(answers, self.system, spec.fhir_yes or "")
        return f"iif({yes}, 1, iif({answers}.coding.exists(), 0, {{}}))"

    def full_dosage(self, g: str) -> str:
        # The person's day has no dose to compare (rehabkit counts it done).
        if self.by_day:
            return "1"
        # (code, what was prescribed, its UCUM unit: a count is an integer value, a time
        # or a distance a Quantity converted to seconds or metres); the least of each counts
        parts = [
            ("sets-done", low(self.dose.sets), None),
            ("repetitions-done", low(self.dose.repetitions), None),
            ("hold-done", low(self.dose.hold), "s"),
            ("duration-done", low(self.dose.duration), "s"),
            ("distance-done", low(self.dose.distance), "m"),  # 1.2
        ]
        done_values = [
            (f"{self.part(g, code)}.value" if unit is None
             else in_unit(f"{self.part(g, code)}.value", unit), need)
            for code, need, unit in parts if need is not None
        ]  # fmt: skip
        tests = [f"{values}.all($this >= {num(need)})" for values, need in done_values]
        logged = [f"{values}.exists()" for values, _ in done_values]
        load = self._load(g)
        if load:
            tests.append(load)
        if not tests:
            return "1"
        done = " and ".join(tests)
        if not logged:
            return f"iif({done}, 1, 0)"
        return f"iif({' and '.join(logged)}, iif({done}, 1, 0), {{}})"

    def _load(self, g: str) -> str:
        """The least load used (in kilos), compared only when logged in the prescribed
        unit: most people never log it."""
        amount = self.dose.load.amount if self.dose.load is not None else None
        need = low(amount)
        if amount is None or need is None:
            return ""
        used = f"{self.part(g, 'load-used')}.value"
        kilos = f"iif(code = '{Unit.POUND.value}', value * {_POUND_KILOS}, value)"
        least = f"{used}.where({kilos} = {_worst(f'{used}.select({kilos})', most=False)})"
        own = f"{least}.where(code = '{amount.unit.value}')"
        return f"({own}.empty() or {own}.value.first() >= {num(need)})"

    def symptom(self, symptom: str, day: str) -> str:
        # A symptom is the person's: any session that day counts.
        found = _has(f"{self.part(day, 'symptom')}.value", self.system, symptom)
        return f"iif({found}, 1, 0)"


_POUND_KILOS = 0.45359237


def _compare(value: str, c: Criterion, threshold: float) -> str:
    return f"(({value}) {_OPS[c.op]} {num(threshold)})"


_READ_BY_KIND: dict[MetricKind, Callable[[_Reader, str, MetricSpec], str]] = {
    MetricKind.PAIN_SCORE: _Reader.score,
    MetricKind.TIME: _Reader.time,
    MetricKind.ANSWER: _Reader.answer,
}


def _session_test(c: Criterion, reader: _Reader, groups: _Groups, k: int) -> str:
    spec = METRICS[c.metric]
    if spec.kind is MetricKind.SYMPTOM:
        value = reader.symptom(c.symptom.value if c.symptom else "", groups.day(k))
    elif spec.kind is MetricKind.DOSE_DONE:
        value = reader.full_dosage(groups.group(k))
    else:
        value = _READ_BY_KIND[spec.kind](reader, groups.group(k), spec)
    if c.versus is not None:  # 1.2: against another score of the same session
        v = c.versus
        other = _READ_BY_KIND[kind_of(v.metric)](reader, groups.group(k), METRICS[v.metric])
        threshold = f"({other}) * {num(v.percent / 100)} + {num(v.offset)}"
        return f"(({value}) {_OPS[c.op]} ({threshold}))"
    if spec.next_day:
        # A report the morning after a session of the assessment day (or later) is still
        # to come: read as the usual answer, no worse, until it comes.
        value = f"iif(({value}).exists(), {value}, iif({groups.date(k)} >= %asOf, 0, {{}}))"
    return _compare(value, c, c.threshold())


def _sessions_criterion(c: Criterion, reader: _Reader, groups: _Groups) -> str:
    tests = [f"{groups.count} >= {c.sessions}", *groups.in_a_row(c.sessions)]
    tests += [_session_test(c, reader, groups, k) for k in range(c.sessions)]
    return "(" + " and ".join(tests) + ")"


def _days_since(start: str, c: Criterion) -> str:
    """``(asOf - start) in days <op> threshold``, in whole days as rehabkit counts them."""
    days = c.threshold() / _DAY
    op = c.op
    if not days.is_integer():
        if op is Comparator.EQ:
            return "false"
        days = math.ceil(days) if op in (Comparator.GE, Comparator.LT) else math.floor(days)
    return f"(%asOf {_OPS[op]} {start} + {int(days)} days)"


def _trained_since(reading: SessionReading) -> str:
    """When time at the level starts: its first day, or its first session when that came
    later than a run allows (as rehabkit's evidence reads it)."""
    if reading.run_gap is None:
        return reading.level_start
    first = _worst(f"{reading.source}.effective", most=False)
    late = f"{first}.exists() and {first} > {reading.level_start} + {reading.run_gap} days"
    return f"iif({late}, {first}, {reading.level_start})"


def _elapsed(c: Criterion, canon: Canon, reading: SessionReading) -> str:
    if METRICS[c.metric].from_level:
        # The person's level (for a phase or a stop) began with the plan. Days before the
        # first session at a level, beyond what a run allows, are no time at it.
        return _days_since(_trained_since(reading), c)
    if c.since is None:
        return _days_since("%carePlan.period.start", c)
    events = f"%carePlan.extension('{canon.extension('plan-event')}')"
    date = f"{events}.where(extension('event').value = {literal(c.since)})"
    return _days_since(f"{date}.extension('date').value.first()", c)


def _measurement(
    c: Criterion, declared: Mapping[str, Measurement], for_stop: bool, system: str
) -> str:
    """The newest day's readings of a measurement: a stop fires on any that meets it,
    anything else needs every one (as rehabkit reads readings of one day that disagree)."""
    name = c.measurement or ""
    named = f"%measurements.where({_has('code', system, name)})"
    readings = f"{named}.where(effective = {named}.first().effective)"
    if c.versus is not None:
        found = _versus_readings(c, readings, for_stop, system)
        if c.max_age is not None:
            days = math.floor(c.max_age.seconds() / _DAY)
            found = f"({found} and {named}.first().effective >= %asOf - {days} days)"
        return found
    test = _reading_test(c, declared.get(name), system)
    found = (
        f"{readings}.exists({test})"
        if for_stop
        else (f"({readings}.exists() and {readings}.all({test}))")
    )
    if c.max_age is not None:
        days = math.floor(c.max_age.seconds() / _DAY)
        found = f"({found} and {named}.first().effective >= %asOf - {days} days)"
    return found


def _versus_readings(c: Criterion, readings: str, for_stop: bool, system: str) -> str:
    """The newest day's readings against the other measurement's readings of that day (1.2).
    Every pair meets ``a >= k b + d`` exactly when the least a meets it against the greatest
    b (k >= 0), and any pair does when the greatest a meets it against the least b; the
    other way round for < and <=."""
    v = c.versus
    assert v is not None
    unit = c.unit.value if c.unit else ""
    other = (
        f"%measurements.where({_has('code', system, v.measurement or '')}"
        f" and effective = {readings}.first().effective)"
    )
    mine_values = f"{readings}.value.where(code = '{unit}').value"
    other_values = f"{other}.value.where(code = '{unit}').value"
    rising = c.op in (Comparator.GE, Comparator.GT)
    mine_most = rising == for_stop  # the a to test: greatest for a stop on >=, else least
    a = _worst(mine_values, most=mine_most)
    b = _worst(other_values, most=not mine_most)
    threshold = f"{b} * {num(v.percent / 100)} + {num(v.offset)}"
    return f"({a}.exists() and {b}.exists() and ({a} {_OPS[c.op]} {threshold}))"


def _level_test(c: Criterion, spec: Measurement | None, system: str) -> str:
    """Whether one reading's level meets the criterion: our code of it (a coded value, as
    rehabkit writes a grade), or the level as text (as another system may write it)."""
    if spec is None or c.level not in spec.levels:
        return "false"
    at = spec.levels.index(c.level)
    ok = [lv for i, lv in enumerate(spec.levels) if c.op.holds(i, at)]
    if not ok:
        return "false"
    codes = " | ".join(literal(level_code(spec.name, lv)) for lv in ok)
    coded = f"$this.value.coding.where(system = {literal(system)} and code in ({codes})).exists()"
    return f"({coded} or $this.value in ({' | '.join(map(literal, ok))}))"


def _reading_test(c: Criterion, spec: Measurement | None, system: str) -> str:
    """Whether one reading (``$this``) meets the criterion."""
    if c.level is not None:
        return _level_test(c, spec, system)
    if c.unit is None:
        if spec is not None and spec.kind is not MeasurementKind.PRESENCE:
            return "false"
        present = "iif($this.value = true, 1, iif($this.value = false, 0, {}))"
        return _compare(present, c, c.threshold())
    value = f"$this.value.where(code = '{c.unit.value}').value"
    if spec is not None and spec.scale is not None:  # a score off its scale is no evidence
        value += f".where($this >= {spec.scale.low} and $this <= {spec.scale.high})"
    return _compare(value, c, c.value or 0.0)  # in the measurement's own unit, as logged


def criterion_expression(
    c: Criterion,
    *,
    dose: Dosage,
    by_day: bool,
    declared: Mapping[str, Measurement],
    canon: Canon,
    measured: str = "",
    reading: SessionReading | None = None,
    for_stop: bool = False,
) -> str:
    """One criterion as FHIRPath: over one exercise's sessions (read as ``reading`` says),
    or the person's days. ``measured`` is the CodeSystem of the protocol's measurements:
    a measurement Observation counts by its coding in that system."""
    reading = PERSON if by_day else reading or SessionReading()
    kind = kind_of(c.metric)
    if kind is MetricKind.ELAPSED:
        return _elapsed(c, canon, reading)
    if kind is MetricKind.MEASUREMENT:
        return _measurement(c, declared, for_stop, measured)
    groups = _Groups(reading, canon)
    if kind is MetricKind.COUNT:
        return _compare(groups.count, c, c.threshold())
    reader = _Reader(dose, by_day, canon.code_system("exercise-parameter"))
    return _sessions_criterion(c, reader, groups)


def criteria_expression(
    criteria: Sequence[Criterion],
    match: Match,
    *,
    dose: Dosage,
    by_day: bool,
    declared: Mapping[str, Measurement],
    canon: Canon,
    measured: str = "",
    reading: SessionReading | None = None,
    for_stop: bool = False,
) -> str:
    """Criteria combined as their ``match`` says: all must hold, or any one."""
    joiner = " or " if match is Match.ANY else " and "
    parts = [
        criterion_expression(
            c,
            dose=dose,
            by_day=by_day,
            declared=declared,
            canon=canon,
            measured=measured,
            reading=reading,
            for_stop=for_stop,
        )
        for c in criteria
    ]
    return joiner.join(parts)
