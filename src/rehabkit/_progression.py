"""Computable progression: check a protocol's rules against a session log.

``assess`` is pure: it reads no clock (the date is a parameter) and its answer does not
depend on the order of the log's entries. Stop criteria beat everything, a regression
beats a progression, and too little data means "hold", saying what is missing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from attrs import frozen

from rehabkit._log import MeasurementEntry, NextMorning, SessionEntry, SessionLog
from rehabkit._model import (
    TIME_UNITS,
    Criterion,
    Direction,
    Dosage,
    IntRange,
    Load,
    Match,
    Metric,
    Parameter,
    ParameterChange,
    ProgressionRule,
    Protocol,
    Quantity,
    Range,
    StopCriterion,
    Unit,
    Urgency,
)
from rehabkit._plan import Plan, PlanExercise, plan_item

__all__ = ["Assessment", "CriterionCheck", "Decision", "RuleCheck", "Verdict", "assess"]


class Verdict(str, enum.Enum):
    """What to do with an exercise, from most to least cautious."""

    STOP = "stop"
    REGRESS = "regress"
    HOLD = "hold"
    PROGRESS = "progress"

    @property
    def rank(self) -> int:
        """0 for stop ... 3 for progress: a higher rank is a more advanced decision."""
        return list(Verdict).index(self)


@frozen(kw_only=True)
class CriterionCheck:
    """One criterion checked: met (True/False) or undecided (None) for lack of data.

    ``values`` and ``dates`` are the logged values that decided it, newest first.
    """

    criterion: Criterion
    met: bool | None
    values: tuple[float | None, ...]
    dates: tuple[dt.date, ...]
    explanation: str


@frozen(kw_only=True)
class RuleCheck:
    """A progression rule or stop criterion, with every criterion it checked."""

    rule: str
    kind: str  # "stop", "regress" or "progress"
    fired: bool | None
    applicable: bool
    checks: tuple[CriterionCheck, ...]
    note: str | None = None


@frozen(kw_only=True)
class Decision:
    """The verdict for one exercise, the rule behind it, and every rule checked on the way."""

    exercise: str
    verdict: Verdict
    summary: str
    rule: str | None = None
    to_exercise: str | None = None
    change: ParameterChange | None = None
    new_value: float | None = None
    urgency: Urgency | None = None
    rules: tuple[RuleCheck, ...] = ()
    missing: tuple[str, ...] = ()


@frozen(kw_only=True)
class Assessment:
    """Decisions for every exercise in play on a date; ``notes`` say what was ignored."""

    on: dt.date
    protocol: str
    decisions: tuple[Decision, ...]
    notes: tuple[str, ...] = ()

    def decision(self, exercise_id: str) -> Decision:
        """The decision for one exercise; KeyError if it is not in play."""
        for d in self.decisions:
            if d.exercise == exercise_id:
                return d
        raise KeyError(exercise_id)


# --------------------------------------------------------------------------- sessions


@frozen
class _Session:
    """One exercise's data on one day; symptoms are those reported for any exercise that day."""

    date: dt.date
    entry: SessionEntry
    symptoms: frozenset[str]


@frozen
class _Days:
    """The log up to the assessment date, grouped once: by day and exercise, and by day."""

    by_exercise: dict[str, dict[dt.date, SessionEntry]]
    symptoms: dict[dt.date, frozenset[str]]
    by_day: dict[dt.date, list[SessionEntry]]


def _group(entries: Iterable[SessionEntry], on: dt.date) -> _Days:
    by_key: dict[tuple[str, dt.date], list[SessionEntry]] = {}
    by_day: dict[dt.date, list[SessionEntry]] = {}
    for e in entries:
        if e.date <= on:
            by_key.setdefault((e.exercise, e.date), []).append(e)
            by_day.setdefault(e.date, []).append(e)
    by_exercise: dict[str, dict[dt.date, SessionEntry]] = {}
    for (exercise, day), group in by_key.items():
        # Two entries for one exercise on one day: pick one by content, not by position,
        # so that shuffling the log cannot change the answer.
        chosen = group[0] if len(group) == 1 else max(group, key=repr)
        by_exercise.setdefault(exercise, {})[day] = chosen
    symptoms = {
        day: frozenset(s.value for e in group for s in e.symptoms) for day, group in by_day.items()
    }
    return _Days(by_exercise, symptoms, by_day)


def _sessions(days: _Days, exercise: str, since: dt.date | None) -> list[_Session]:
    own = days.by_exercise.get(exercise, {})
    return [
        _Session(day, own[day], days.symptoms.get(day, frozenset()))
        for day in sorted(own, reverse=True)
        if since is None or day >= since
    ]


def _worst(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _patient_sessions(days: _Days, start: dt.date) -> list[_Session]:
    """One session per day across all exercises: the worst pain, every symptom reported.

    Stop criteria are about the person, not one exercise: swelling logged after the wall
    sit stops every exercise.
    """
    sessions = []
    for day in sorted((d for d in days.by_day if d >= start), reverse=True):
        group = days.by_day[day]
        settle = _worst(
            e.pain_settled_after.seconds() if e.pain_settled_after else None for e in group
        )
        mornings = {e.next_morning for e in group if e.next_morning is not None}
        merged = SessionEntry(
            date=day,
            exercise="(all)",
            pain_during=_worst(e.pain_during for e in group),
            pain_after=_worst(e.pain_after for e in group),
            pain_settled_after=None if settle is None else Quantity(settle, Unit.SECOND),
            next_morning=NextMorning.WORSE
            if NextMorning.WORSE in mornings
            else next(iter(mornings), None),
            symptoms=tuple(sorted({s for e in group for s in e.symptoms}, key=lambda s: s.value)),
        )
        sessions.append(_Session(day, merged, frozenset(s.value for s in merged.symptoms)))
    return sessions


def _low(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, (IntRange, Range)):
        return float(value.low)
    if isinstance(value, Quantity):
        return value.seconds() if value.unit in TIME_UNITS else value.value
    return float(value)


def _full_dose(entry: SessionEntry, dose: Dosage) -> float | None:
    wanted = [(entry.sets, dose.sets), (entry.repetitions, dose.repetitions)]
    if dose.hold is not None:
        done = entry.hold.seconds() if entry.hold is not None else None
        wanted.append((done, dose.hold))  # type: ignore[arg-type]
    if any(need is not None and done is None for done, need in wanted):
        return None
    return float(all(need is None or done >= _low(need) for done, need in wanted))  # type: ignore[operator]


def _session_value(metric: Metric, s: _Session, dose: Dosage, c: Criterion) -> float | None:
    e = s.entry
    if metric is Metric.PAIN_DURING:
        return e.pain_during
    if metric is Metric.PAIN_AFTER:
        return e.pain_after
    if metric is Metric.PAIN_SETTLE_TIME:
        if e.pain_settled_after is not None:
            return e.pain_settled_after.seconds()
        if e.pain_after == 0:
            return 0.0  # no pain after: nothing to settle
        return None
    if metric is Metric.NEXT_MORNING_WORSE:
        return None if e.next_morning is None else float(e.next_morning is NextMorning.WORSE)
    if metric is Metric.FULL_DOSAGE:
        return _full_dose(e, dose)
    if metric is Metric.SYMPTOM and c.symptom is not None:
        return float(c.symptom.value in s.symptoms)
    return None


_WHAT = {
    Metric.PAIN_DURING: "pain during the exercise",
    Metric.PAIN_AFTER: "pain after the exercise",
    Metric.PAIN_SETTLE_TIME: "how long pain took to settle",
    Metric.NEXT_MORNING_WORSE: "how it felt the next morning",
    Metric.FULL_DOSAGE: "sets and repetitions done",
    Metric.SYMPTOM: "symptoms",
}


@frozen(kw_only=True)
class _Context:
    exercise: str
    sessions: list[_Session]
    dose: Dosage
    start: dt.date
    on: dt.date
    measurements: Sequence[MeasurementEntry]


def _check(c: Criterion, ctx: _Context) -> CriterionCheck:
    threshold = c.threshold()
    if c.metric is Metric.SESSIONS_COMPLETED:
        n = len(ctx.sessions)
        met = c.op.holds(n, threshold)
        return CriterionCheck(
            criterion=c, met=met, values=(float(n),), dates=(), explanation=f"{n} sessions logged"
        )
    if c.metric is Metric.TIME_ELAPSED:
        seconds = float((ctx.on - ctx.start).days * 86400)
        days = (ctx.on - ctx.start).days
        return CriterionCheck(
            criterion=c,
            met=c.op.holds(seconds, threshold),
            values=(seconds,),
            dates=(ctx.start,),
            explanation=f"{days} days since {ctx.start.isoformat()}",
        )
    if c.metric is Metric.MEASUREMENT:
        found = sorted(
            (m for m in ctx.measurements if m.name == c.measurement and m.date <= ctx.on),
            key=lambda m: (m.date, m.value),
        )
        if not found:
            return CriterionCheck(
                criterion=c,
                met=None,
                values=(),
                dates=(),
                explanation=f"no {c.measurement} measurement logged",
            )
        last = found[-1]
        if last.unit is not c.unit:
            return CriterionCheck(
                criterion=c,
                met=None,
                values=(last.value,),
                dates=(last.date,),
                explanation=f"{c.measurement} was logged in {last.unit.value}, not {_unit(c)}",
            )
        return CriterionCheck(
            criterion=c,
            met=c.op.holds(last.value, threshold),
            values=(last.value,),
            dates=(last.date,),
            explanation=f"{c.measurement} {last.value:g} {last.unit.value} on {last.date}",
        )
    recent = ctx.sessions[: c.sessions]
    values = tuple(_session_value(c.metric, s, ctx.dose, c) for s in recent)
    dates = tuple(s.date for s in recent)
    what = _WHAT.get(c.metric, c.metric.value)
    decided: bool | None
    if len(recent) < c.sessions:
        decided, explanation = None, f"needs {c.sessions} sessions, {len(recent)} logged"
    elif any(v is None for v in values):
        gaps = ", ".join(d.isoformat() for d, v in zip(dates, values, strict=True) if v is None)
        decided, explanation = None, f"{what} not logged for {gaps}"
    else:
        decided = all(c.op.holds(v, threshold) for v in values if v is not None)
        explanation = "logged " + ", ".join(_show(c.metric, v) for v in values)
    return CriterionCheck(
        criterion=c, met=decided, values=values, dates=dates, explanation=explanation
    )


def _unit(c: Criterion) -> str:
    return c.unit.value if c.unit is not None else "no unit"


def _show(metric: Metric, value: float | None) -> str:
    if value is None:
        return "-"
    if metric is Metric.PAIN_SETTLE_TIME:
        return f"{value / 60:g} min"
    if metric in (Metric.NEXT_MORNING_WORSE, Metric.FULL_DOSAGE, Metric.SYMPTOM):
        return "yes" if value else "no"
    return f"{value:g}"


def _combine(checks: Sequence[CriterionCheck], match: Match) -> bool | None:
    results = [c.met for c in checks]
    if match is Match.ANY:
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) else True


# --------------------------------------------------------------------------- parameters


def _current(change: ParameterChange, item: PlanExercise) -> float | None:
    if change.parameter is Parameter.JOINT_ANGLE:
        for angle in item.joint_angles:
            if angle.joint is change.joint:
                return _low(angle.angle)
        return None
    dose = item.dosage
    if change.parameter is Parameter.SETS:
        return _low(dose.sets)
    if change.parameter is Parameter.REPETITIONS:
        return _low(dose.repetitions)
    if change.parameter is Parameter.HOLD:
        return None if dose.hold is None else _low_in(dose.hold, change.unit)
    if dose.load is None or dose.load.amount is None:
        return None
    return _low_in(dose.load.amount, change.unit)


def _low_in(amount: Quantity | Range, unit: Unit | None) -> float:
    value = amount.value if isinstance(amount, Quantity) else amount.low
    if unit is not None and unit is not amount.unit and {unit, amount.unit} <= TIME_UNITS:
        return Quantity(value, amount.unit).seconds() / Quantity(1, unit).seconds()
    return value


def _next_value(change: ParameterChange, current: float) -> float | None:
    """The changed value, or None when the parameter already sits at its limit."""
    if change.step > 0:
        return None if current >= change.limit else min(current + change.step, change.limit)
    return None if current <= change.limit else max(current + change.step, change.limit)


def _describe_change(change: ParameterChange, value: float) -> str:
    unit = f" {change.unit.value}" if change.unit else ""
    if change.parameter is Parameter.JOINT_ANGLE and change.joint is not None:
        return f"{change.joint.value} angle to {value:g}{unit}"
    return f"{change.parameter.value} to {value:g}{unit}"


# --------------------------------------------------------------------------- assess


def _in_play(document: Plan | Protocol) -> tuple[Protocol, list[PlanExercise], dt.date | None]:
    if isinstance(document, Plan):
        return document.protocol, list(document.exercises), document.start
    items = [
        PlanExercise(
            exercise=ex.id, dosage=document.dosage_for(ex.id), joint_angles=ex.joint_angles
        )
        for ex in document.initial_exercises()
    ]
    return document, items, None


_URGENCY_ORDER = (Urgency.URGENT, Urgency.SEE_CLINICIAN, Urgency.STOP_EXERCISE)


def _stop_checks(stops: Sequence[StopCriterion], ctx: _Context) -> list[RuleCheck]:
    result = []
    for stop in sorted(stops, key=lambda s: _URGENCY_ORDER.index(s.urgency)):
        if not stop.criteria:
            continue
        checks = tuple(_check(c, ctx) for c in stop.criteria)
        result.append(
            RuleCheck(
                rule=stop.id,
                kind="stop",
                fired=_combine(checks, stop.match),
                applicable=True,
                checks=checks,
            )
        )
    return result


def _rule_check(rule: ProgressionRule, ctx: _Context, item: PlanExercise) -> RuleCheck:
    checks = tuple(_check(c, ctx) for c in rule.criteria)
    note = None
    applicable = True
    if rule.change is not None:
        current = _current(rule.change, item)
        if current is None:
            applicable, note = False, f"the current {rule.change.parameter.value} is not set"
        elif _next_value(rule.change, current) is None:
            applicable = False
            note = f"{rule.change.parameter.value} is already at its limit ({rule.change.limit:g})"
    return RuleCheck(
        rule=rule.id,
        kind=rule.direction.value,
        fired=_combine(checks, rule.match),
        applicable=applicable,
        checks=checks,
        note=note,
    )


def _decide(
    protocol: Protocol,
    item: PlanExercise,
    ctx: _Context,
    stops: Sequence[StopCriterion],
    stop_checks: Sequence[RuleCheck],
) -> Decision:
    name = protocol.exercise(item.exercise).name
    checked: list[RuleCheck] = list(stop_checks)
    for check in stop_checks:
        if check.fired:
            stop = next(s for s in stops if s.id == check.rule)
            return Decision(
                exercise=item.exercise,
                verdict=Verdict.STOP,
                rule=stop.id,
                urgency=stop.urgency,
                summary=f"Stop {name} and seek help: {stop.text}",
                rules=tuple(checked),
            )
    rules = [r for r in protocol.progression_rules if r.exercise == item.exercise]
    by_kind = {
        Direction.REGRESS: [r for r in rules if r.direction is Direction.REGRESS],
        Direction.PROGRESS: [r for r in rules if r.direction is Direction.PROGRESS],
    }
    for direction, verdict in (
        (Direction.REGRESS, Verdict.REGRESS),
        (Direction.PROGRESS, Verdict.PROGRESS),
    ):
        for rule in by_kind[direction]:
            check = _rule_check(rule, ctx, item)
            checked.append(check)
            if not (check.fired and check.applicable):
                continue
            if rule.to_exercise is not None:
                target = protocol.exercise(rule.to_exercise).name
                return Decision(
                    exercise=item.exercise,
                    verdict=verdict,
                    rule=rule.id,
                    to_exercise=rule.to_exercise,
                    rules=tuple(checked),
                    summary=f"{verdict.value.capitalize()} from {name} to {target}."
                    f" {rule.description}",
                )
            assert rule.change is not None
            current = _current(rule.change, item)
            assert current is not None
            value = _next_value(rule.change, current)
            assert value is not None
            return Decision(
                exercise=item.exercise,
                verdict=verdict,
                rule=rule.id,
                change=rule.change,
                new_value=value,
                rules=tuple(checked),
                summary=f"{verdict.value.capitalize()} {name}:"
                f" {_describe_change(rule.change, value)}. {rule.description}",
            )
    missing = tuple(
        dict.fromkeys(
            f"{rc.rule}: {cc.criterion.describe()} - {cc.explanation}"
            for rc in checked
            if rc.kind == "progress" and rc.applicable and rc.fired is None
            for cc in rc.checks
            if cc.met is None
        )
    )
    blocked = [rc for rc in checked if rc.kind == "regress" and rc.fired and not rc.applicable]
    if blocked:
        summary = (
            f"Hold {name}: it is already as easy as the rules allow"
            f" ({blocked[0].note}); talk to your physiotherapist about the pain."
        )
    elif not ctx.sessions:
        summary = f"Hold {name}: no sessions logged yet at the current level."
    elif missing:
        summary = f"Hold {name}: not enough data yet to decide on progressing."
    else:
        summary = f"Hold {name}: keep going at the current level."
    return Decision(
        exercise=item.exercise,
        verdict=Verdict.HOLD,
        summary=summary,
        rules=tuple(checked),
        missing=missing,
    )


def assess(document: Plan | Protocol, log: SessionLog, *, on: dt.date) -> Assessment:
    """Decide, for every exercise in play, whether to progress, hold, regress or stop.

    Pure and deterministic: ``on`` is the date of the assessment (entries after it are
    ignored), and the order of the log's entries does not matter. Never raises for a
    schema-valid log: entries it cannot use are listed in ``Assessment.notes``.
    """
    protocol, items, start = _in_play(document)
    known = {e.id for e in protocol.exercises}
    in_play = {i.exercise for i in items}
    notes = []
    if log.protocol is not None and log.protocol != protocol.id:
        notes.append(f"the log is for protocol {log.protocol!r}, not {protocol.id!r}")
    for ident in sorted({e.exercise for e in log.entries} - known):
        notes.append(f"entries for {ident!r} were ignored: the protocol has no such exercise")
    for ident in sorted(({e.exercise for e in log.entries} & known) - in_play):
        notes.append(f"entries for {ident!r} were ignored: it is not in play")
    dated = [e.date for e in log.entries if e.date <= on]
    start = start or (min(dated) if dated else on)
    days = _group(log.entries, on)
    patient = _Context(
        exercise="(all)",
        sessions=_patient_sessions(days, start),
        dose=Dosage(),
        start=start,
        on=on,
        measurements=log.measurements,
    )
    stop_checks = _stop_checks(protocol.stop_criteria, patient)
    decisions = []
    for item in items:
        since = item.since if item.since is not None else start
        ctx = _Context(
            exercise=item.exercise,
            sessions=_sessions(days, item.exercise, since),
            dose=item.dosage,
            start=start,
            on=on,
            measurements=log.measurements,
        )
        decisions.append(_decide(protocol, item, ctx, protocol.stop_criteria, stop_checks))
    return Assessment(on=on, protocol=protocol.id, decisions=tuple(decisions), notes=tuple(notes))


# --------------------------------------------------------------------------- advance


def _with_value(change: ParameterChange, item: PlanExercise, value: float) -> PlanExercise:
    if change.parameter is Parameter.JOINT_ANGLE:
        angles = tuple(
            attrs.evolve(a, angle=Quantity(value, change.unit or a.angle.unit))
            if a.joint is change.joint
            else a
            for a in item.joint_angles
        )
        return attrs.evolve(item, joint_angles=angles)
    dose = item.dosage
    if change.parameter is Parameter.SETS:
        dose = attrs.evolve(dose, sets=int(value))
    elif change.parameter is Parameter.REPETITIONS:
        dose = attrs.evolve(dose, repetitions=int(value))
    elif change.parameter is Parameter.HOLD:
        unit = change.unit or (dose.hold.unit if dose.hold else Unit.SECOND)
        dose = attrs.evolve(dose, hold=Quantity(value, unit))
    else:
        load = dose.load or Load()
        unit = change.unit or (load.amount.unit if load.amount else Unit.KILOGRAM)
        dose = attrs.evolve(dose, load=attrs.evolve(load, amount=Quantity(value, unit)))
    return attrs.evolve(item, dosage=dose)


def advance_plan(plan: Plan, assessment: Assessment) -> Plan:
    """The plan after applying the assessment's progressions and regressions.

    Stop and hold leave an exercise as it is (a stop is for the clinician to resolve).
    Each changed exercise restarts its count of sessions from the assessment's date.
    """
    if assessment.protocol != plan.protocol.id:
        from rehabkit._errors import RehabkitError

        raise RehabkitError(
            f"the assessment is for {assessment.protocol!r}, the plan for {plan.protocol.id!r}"
        )
    changed = []
    for item in plan.exercises:
        try:
            decision = assessment.decision(item.exercise)
        except KeyError:
            changed.append(item)
            continue
        if decision.verdict in (Verdict.PROGRESS, Verdict.REGRESS):
            if decision.to_exercise is not None:
                changed.append(
                    plan_item(plan.protocol, decision.to_exercise, plan.frequency, assessment.on)
                )
                continue
            if decision.change is not None and decision.new_value is not None:
                updated = _with_value(decision.change, item, decision.new_value)
                changed.append(attrs.evolve(updated, since=assessment.on))
                continue
        changed.append(item)
    return attrs.evolve(plan, exercises=tuple(changed))
