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

Criteria over several sessions are unrolled (``%sessions[0]``, ``%sessions[1]``, ...) so
that no expression needs a variable from an enclosing scope.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from rehabkit._formats.fhir.dosage import num
from rehabkit._formats.fhir.terms import Canon
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.metrics import METRICS, MetricKind, MetricSpec, kind_of, low
from rehabkit._model.rules import Measurement
from rehabkit._model.terms import Comparator, Match, MeasurementKind, Metric

_OPS = {
    Comparator.LT: "<",
    Comparator.LE: "<=",
    Comparator.EQ: "=",
    Comparator.GE: ">=",
    Comparator.GT: ">",
}
_DAY = 86400.0


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _component(session: str, code: str) -> str:
    return f"{session}.component.where(code.coding.code = '{code}')"


def _worst(values: str) -> str:
    return f"{values}.aggregate(iif($total.empty() or $this > $total, $this, $total))"


class _Reader:
    """The numeric value a metric reads from one session (or one day), as FHIRPath."""

    def __init__(self, dose: Dosage, by_day: bool) -> None:
        self.dose = dose
        self.by_day = by_day

    def score(self, s: str, spec: MetricSpec) -> str:
        # A pain score is the Observation's own value, or one of its components.
        at = f"{_component(s, spec.fhir_component)}" if spec.fhir_component else s
        values = f"{at}.value.value"
        return _worst(values) if self.by_day else values

    def time(self, s: str, spec: MetricSpec) -> str:
        # In seconds, as rehabkit reads it: no pain after the session settles at once.
        took = f"{_component(s, spec.fhir_component or '')}.value.value"
        took = _worst(took) if self.by_day else took
        pain_after = self.score(s, METRICS[Metric.PAIN_AFTER])
        return f"iif({took}.exists(), {took} * 60, iif({pain_after} = 0, 0, {{}}))"

    def answer(self, s: str, spec: MetricSpec) -> str:
        codes = f"{_component(s, spec.fhir_component or '')}.value.coding.code"
        return f"iif({codes} contains '{spec.fhir_yes}', 1, iif({codes}.exists(), 0, {{}}))"

    def full_dosage(self, s: str) -> str:
        # The person's day has no dose to compare (rehabkit counts it done).
        if self.by_day:
            return "1"
        # (code, what was prescribed, where the logged number is: a count is an integer
        # value, a time a Quantity in seconds)
        parts = [
            ("sets-done", low(self.dose.sets), "value"),
            ("repetitions-done", low(self.dose.repetitions), "value"),
            ("hold-done", low(self.dose.hold), "value.value"),
            ("duration-done", low(self.dose.duration), "value.value"),
        ]
        needed = [(code, need, at) for code, need, at in parts if need is not None]
        tests = [f"{_component(s, code)}.{at}.first() >= {num(need)}"
                 for code, need, at in needed]  # fmt: skip
        logged = [f"{_component(s, code)}.exists()" for code, _, _ in needed]
        amount = self.dose.load.amount if self.dose.load is not None else None
        need = low(amount)
        if amount is not None and need is not None:
            # Compared only when logged, in the prescribed unit: most people never log it.
            used = f"{_component(s, 'load-used')}.value.where(code = '{amount.unit.value}')"
            tests.append(f"({used}.empty() or {used}.value.first() >= {num(need)})")
        if not tests:
            return "1"
        done = " and ".join(tests)
        if not logged:
            return f"iif({done}, 1, 0)"
        return f"iif({' and '.join(logged)}, iif({done}, 1, 0), {{}})"

    def symptom(self, symptom: str, day: str) -> str:
        # A symptom is the person's: any session that day counts.
        codes = f"{_component(day, 'symptom')}.value.coding.code"
        return f"iif({codes} contains '{symptom}', 1, 0)"


def _compare(value: str, c: Criterion, threshold: float) -> str:
    return f"(({value}) {_OPS[c.op]} {num(threshold)})"


_READ_BY_KIND: dict[MetricKind, Callable[[_Reader, str, MetricSpec], str]] = {
    MetricKind.PAIN_SCORE: _Reader.score,
    MetricKind.TIME: _Reader.time,
    MetricKind.ANSWER: _Reader.answer,
}


def _session_test(c: Criterion, reader: _Reader, k: int) -> str:
    if reader.by_day:
        day = f"%allSessions.where(effective = %allSessions.effective.distinct()[{k}])"
        session = day
    else:
        session = f"%sessions[{k}]"
        day = f"%allSessions.where(effective = {session}.effective)"
    spec = METRICS[c.metric]
    if spec.kind is MetricKind.SYMPTOM:
        value = reader.symptom(c.symptom.value if c.symptom else "", day)
    elif spec.kind is MetricKind.DOSE_DONE:
        value = reader.full_dosage(session)
    else:
        value = _READ_BY_KIND[spec.kind](reader, session, spec)
    return _compare(value, c, c.threshold())


def _sessions_criterion(c: Criterion, reader: _Reader) -> str:
    count = "%allSessions.effective.distinct().count()" if reader.by_day else "%sessions.count()"
    tests = [f"{count} >= {c.sessions}"]
    tests += [_session_test(c, reader, k) for k in range(c.sessions)]
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


def _elapsed(c: Criterion, canon: Canon, by_day: bool) -> str:
    from_level = METRICS[c.metric].from_level
    if from_level and not by_day:
        return _days_since("%levelStart", c)
    if c.since is None or from_level:
        # The person's level (for a phase or a stop) began with the plan.
        return _days_since("%carePlan.period.start", c)
    events = f"%carePlan.extension('{canon.extension('plan-event')}')"
    date = f"{events}.where(extension('event').value = {_literal(c.since)})"
    return _days_since(f"{date}.extension('date').value.first()", c)


def _measurement(c: Criterion, declared: Mapping[str, Measurement]) -> str:
    name = c.measurement or ""
    last = f"%measurements.where(code.coding.code = {_literal(name)}).first()"
    spec = declared.get(name)
    if c.level is not None:
        if spec is None or c.level not in spec.levels:
            return "false"
        at = spec.levels.index(c.level)
        ok = [lv for i, lv in enumerate(spec.levels) if c.op.holds(i, at)]
        test = f"({last}.value in ({' | '.join(map(_literal, ok)) or '{}'}))"
        if not ok:
            test = "false"
    elif c.unit is None:
        present = f"iif({last}.value = true, 1, iif({last}.value = false, 0, {{}}))"
        test = _compare(present, c, c.threshold())
        if spec is not None and spec.kind is not MeasurementKind.PRESENCE:
            test = "false"
    else:
        value = f"{last}.value.where(code = '{c.unit.value}').value"
        threshold = c.value or 0.0  # in the measurement's own unit, as logged
        test = _compare(value, c, threshold)
    if c.max_age is not None:
        days = math.floor(c.max_age.seconds() / _DAY)
        test = f"({test} and {last}.effective >= %asOf - {days} days)"
    return test


def criterion_expression(
    c: Criterion,
    *,
    dose: Dosage,
    by_day: bool,
    declared: Mapping[str, Measurement],
    canon: Canon,
) -> str:
    """One criterion as FHIRPath: over one exercise's sessions, or the person's days."""
    kind = kind_of(c.metric)
    if kind is MetricKind.COUNT:
        count = "%allSessions.effective.distinct().count()" if by_day else "%sessions.count()"
        return _compare(count, c, c.threshold())
    if kind is MetricKind.ELAPSED:
        return _elapsed(c, canon, by_day)
    if kind is MetricKind.MEASUREMENT:
        return _measurement(c, declared)
    return _sessions_criterion(c, _Reader(dose, by_day))


def criteria_expression(
    criteria: Sequence[Criterion],
    match: Match,
    *,
    dose: Dosage,
    by_day: bool,
    declared: Mapping[str, Measurement],
    canon: Canon,
) -> str:
    """Criteria combined as their ``match`` says: all must hold, or any one."""
    joiner = " or " if match is Match.ANY else " and "
    parts = [
        criterion_expression(c, dose=dose, by_day=by_day, declared=declared, canon=canon)
        for c in criteria
    ]
    return joiner.join(parts)
