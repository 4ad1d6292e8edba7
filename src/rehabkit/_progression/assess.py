"""Computable progression: check a protocol's rules against a session log, and advance.

``assess`` is pure: it reads no clock (the date is a parameter) and its answer does not
depend on the order of the log's entries. For each exercise in play it runs four small
steps, the first that decides wins:

1. **stop**: a stop criterion fires now, or fired earlier and asks for a clinician review
   that the log does not yet record;
2. **regress**: a regression rule fires;
3. **progress**: a progression rule fires, and nothing blocks it: the protocol's pain
   limits held on every exercise over the sessions it relied on, the log is recent, the
   plan has not ended, and the target belongs to a phase already entered;
4. **hold**: otherwise, saying what is missing, with flare-up advice and a review prompt
   after too long at one level.

What the log shows lives in ``_evidence`` (sessions, criteria checked), what a change does
in ``_changes``, and the answer's types in ``_assessment``; this module decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
from attrs import frozen

from rehabkit._core.errors import MismatchError
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.metrics import METRICS
from rehabkit._model.plan import Plan, PlanExercise
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Measurement, Phase, ProgressionRule, StopCriterion
from rehabkit._model.session_log import SessionLog
from rehabkit._model.terms import URGENCY_ORDER, Comparator, Direction, Metric, Resume, Scope
from rehabkit._model.units import Quantity, Unit
from rehabkit._plan.personalise import as_date, plan_item
from rehabkit._progression.assessment import Assessment, Decision, PhaseCheck, RuleCheck, Verdict
from rehabkit._progression.changes import describe_change, next_value, with_value
from rehabkit._progression.evidence import (
    Context,
    Log,
    check,
    combine,
    group_log,
    last_fired,
    show_value,
)

__all__ = ["advance", "assess", "refuse_mismatch"]

DEFAULT_STALE_AFTER = Quantity(14, Unit.DAY)
"""Used when a protocol gives no ``escalation.stale_after``: the editors' choice, two weeks
(documented in docs/progression.md), so that old data never moves anyone on."""

# --------------------------------------------------------------------------- step 1: stop


def _stop_check(stop: StopCriterion, ctx: Context) -> RuleCheck:
    checks = tuple(check(c, ctx) for c in stop.criteria)
    return RuleCheck(
        rule=stop.id,
        kind="stop",
        fired=combine(checks, stop.match),
        applicable=True,
        checks=checks,
    )


@frozen(kw_only=True)
class _Stops:
    """The stops that bear on one exercise: what fires now, what still holds, and the
    first day from which sessions count again after a stop that has cleared."""

    checks: tuple[RuleCheck, ...]
    active: tuple[tuple[StopCriterion, str], ...]
    restart: dt.date | None


def _stops(stops: Sequence[StopCriterion], ctx: Context, reviews: Sequence[dt.date]) -> _Stops:
    checks, active, restart = [], [], None
    for stop in sorted(stops, key=lambda s: URGENCY_ORDER.index(s.urgency)):
        if not stop.criteria:
            continue
        check = _stop_check(stop, ctx)
        checks.append(check)
        if check.fired:
            active.append((stop, "it applies to what was logged last"))
            continue
        fired = last_fired(stop, ctx)
        if fired is None:
            continue
        reviewed = [r for r in reviews if r >= fired]
        if stop.resumes() is Resume.REVIEW and not reviewed:
            active.append((stop, f"it fired on {fired.isoformat()} and no review is logged since"))
            continue
        since = (reviewed[0] if reviewed else fired) + dt.timedelta(days=1)
        restart = max(restart, since) if restart else since
    return _Stops(checks=tuple(checks), active=tuple(active), restart=restart)


def _stop_decision(name: str, exercise: str, stops: _Stops) -> Decision | None:
    if not stops.active:
        return None
    stop = stops.active[0][0]
    return Decision(
        exercise=exercise,
        verdict=Verdict.STOP,
        rule=stop.id,
        urgency=stop.urgency,
        summary=f"Stop {name} and seek help: {stop.text}",
        rules=stops.checks,
        warnings=tuple(f"stop {s.id} is in force: {w}" for s, w in stops.active),
        review_due=any(s.resumes() is Resume.REVIEW for s, _ in stops.active),
    )


# --------------------------------------------------------------------------- step 3 gates


def _limits_for(protocol: Protocol, dose: Dosage) -> list[Criterion]:
    """The protocol's pain limits as they apply to one exercise: its own accepted pain
    replaces the protocol's pain-during limits."""
    limits = list(protocol.pain_guidance.limits)
    allowed = dose.intensity.pain_max if dose.intensity else None
    if allowed is None:
        return limits
    own = Criterion(metric=Metric.PAIN_DURING, op=Comparator.LE, value=allowed)
    kept = [c for c in limits if c.metric is not Metric.PAIN_DURING or c.op not in _UPPER]
    return [*kept, own]


_UPPER = (Comparator.LE, Comparator.LT)


@frozen(kw_only=True)
class _Programme:
    """What every exercise's decision may consult: the plan, the log, and the doses."""

    protocol: Protocol
    plan: Plan | None
    log: Log
    items: Mapping[str, PlanExercise]
    start: dt.date
    on: dt.date
    events: Mapping[str, dt.date]
    declared: Mapping[str, Measurement]


def _limit_breaches(prog: _Programme, since: dt.date, only: str | None = None) -> list[str]:
    """Every breach of the protocol's pain limits from ``since`` on, on any exercise (or
    on ``only``)."""
    found = []
    for exercise, sessions in sorted(prog.log.by_exercise.items()):
        if only is not None and exercise != only:
            continue
        item = prog.items.get(exercise)
        dose = item.dosage if item else _dose(prog.protocol, exercise)
        for limit in _limits_for(prog.protocol, dose):
            read = METRICS[limit.metric].read
            if read is None:
                continue
            for s in sessions:
                if s.date < since:
                    break
                value = read(s, dose, limit)
                if value is not None and not limit.op.holds(value, limit.threshold()):
                    found.append(
                        f"{exercise} on {s.date.isoformat()}: {limit.describe()}"
                        f" (logged {show_value(limit.metric, value)})"
                    )
    return found


def _dose(protocol: Protocol, exercise: str) -> Dosage:
    try:
        return protocol.dosage_for(exercise)
    except KeyError:
        return protocol.default_dosage


def _stale_after(protocol: Protocol) -> Quantity:
    e = protocol.escalation
    return e.stale_after if e is not None and e.stale_after is not None else DEFAULT_STALE_AFTER


def _blockers(prog: _Programme, item: PlanExercise, rule: RuleCheck) -> list[str]:
    """Why a progression whose criteria hold must still wait (empty: it may go ahead)."""
    used = [d for c in rule.checks for d in c.dates if d <= prog.on]
    since = min(used) if used else (prog.log.newest or prog.on)
    reasons = [f"pain limit not met: {b}" for b in _limit_breaches(prog, since)]
    own = prog.log.by_exercise.get(item.exercise, [])
    stale = _stale_after(prog.protocol)
    if own and (prog.on - own[0].date).days * 86400 > stale.seconds():
        reasons.append(
            f"the newest session is from {own[0].date.isoformat()}, more than {stale} ago:"
            " restart at the current level first"
        )
    plan = prog.plan
    if plan is not None and prog.on > plan.end and not any(r > plan.end for r in prog.log.reviews):
        reasons.append(f"the plan ended on {plan.end.isoformat()}: a review is due")
    return reasons


def _phase_block(prog: _Programme, target: str) -> str | None:
    phase = prog.protocol.phase_of(target)
    if phase is None or prog.plan is None:
        return None
    entered = [p.id for p in prog.protocol.phases]
    current = entered.index(prog.plan.phase) if prog.plan.phase in entered else -1
    if entered.index(phase.id) <= current:
        return None
    return f"{target} belongs to phase {phase.id!r}, which has not been entered yet"


# --------------------------------------------------------------------------- steps 2 and 3


def _rule_check(
    rule: ProgressionRule, ctx: Context, prog: _Programme, item: PlanExercise
) -> RuleCheck:
    checks = tuple(check(c, ctx) for c in rule.criteria)
    note = None
    if rule.change is not None:
        note = next_value(rule.change, item, rule.direction)[1]
    elif rule.to_exercise is not None and rule.direction is Direction.PROGRESS:
        note = _phase_block(prog, rule.to_exercise)
    return RuleCheck(
        rule=rule.id,
        kind=rule.direction.value,
        fired=combine(checks, rule.match),
        applicable=note is None,
        checks=checks,
        note=note,
    )


def _moved(
    rule: ProgressionRule,
    verdict: Verdict,
    name: str,
    item: PlanExercise,
    checked: list[RuleCheck],
    protocol: Protocol,
) -> Decision:
    if rule.to_exercise is not None:
        target = protocol.exercise(rule.to_exercise).name
        return Decision(
            exercise=item.exercise,
            verdict=verdict,
            rule=rule.id,
            to_exercise=rule.to_exercise,
            rules=tuple(checked),
            summary=f"{verdict.value.capitalize()} from {name} to {target}. {rule.description}",
        )
    assert rule.change is not None
    value = next_value(rule.change, item, rule.direction)[0]
    assert value is not None
    return Decision(
        exercise=item.exercise,
        verdict=verdict,
        rule=rule.id,
        change=rule.change,
        new_value=value,
        rules=tuple(checked),
        summary=f"{verdict.value.capitalize()} {name}:"
        f" {describe_change(rule.change, item, value)}. {rule.description}",
    )


def _regress_instead(
    stopped: Decision,
    stops: _Stops,
    ctx: Context,
    prog: _Programme,
    item: PlanExercise,
    rules: Sequence[ProgressionRule],
) -> Decision | None:
    """A stop that only ends this session of this exercise (scope exercise, resume clear)
    yields to a regression that fires: stop this level and go back to the easier one."""
    minor = all(s.scope is Scope.EXERCISE and s.resumes() is Resume.CLEAR for s, _ in stops.active)
    if not minor:
        return None
    moved = _regression(rules, ctx, prog, item, list(stops.checks))
    return None if moved is None else attrs.evolve(moved, warnings=stopped.warnings)


def _regression(
    rules: Sequence[ProgressionRule],
    ctx: Context,
    prog: _Programme,
    item: PlanExercise,
    checked: list[RuleCheck],
) -> Decision | None:
    """Step 2: the first regression rule of the exercise that fires and applies. Every
    rule checked is appended to ``checked``."""
    for rule in (r for r in rules if r.direction is Direction.REGRESS):
        check = _rule_check(rule, ctx, prog, item)
        checked.append(check)
        if check.fired and check.applicable:
            name = prog.protocol.exercise(item.exercise).name
            return _moved(rule, Verdict.REGRESS, name, item, checked, prog.protocol)
    return None


# --------------------------------------------------------------------------- step 4: hold


def _hold(
    name: str,
    item: PlanExercise,
    ctx: Context,
    prog: _Programme,
    checked: list[RuleCheck],
    blocked: list[str],
) -> Decision:
    missing = tuple(
        dict.fromkeys(
            f"{rc.rule}: {cc.criterion.describe()} - {cc.explanation}"
            for rc in checked
            if rc.kind == "progress" and rc.applicable and rc.fired is None
            for cc in rc.checks
            if cc.met is None
        )
    )
    warnings = list(blocked)
    flare = prog.protocol.pain_guidance.flare_up
    recent = ctx.sessions[0].date if ctx.sessions else None
    if flare is not None and recent is not None and _limit_breaches(prog, recent, item.exercise):
        warnings.append(f"flare-up advice: {flare.advice}")
    review = _review_due(prog, ctx)
    if review:
        warnings.append(review)
    too_easy = [rc for rc in checked if rc.kind == "regress" and rc.fired and not rc.applicable]
    if too_easy:
        summary = (
            f"Hold {name}: it is already as easy as the rules allow"
            f" ({too_easy[0].note}); talk to your physiotherapist about the pain."
        )
    elif blocked:
        summary = f"Hold {name}: the rules for moving on are met, but {blocked[0]}."
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
        warnings=tuple(warnings),
        review_due=bool(review or too_easy) or any("review is due" in b for b in blocked),
    )


def _review_due(prog: _Programme, ctx: Context) -> str | None:
    e = prog.protocol.escalation
    if e is None or e.no_progress_after is None:
        return None
    days = (prog.on - ctx.level_since).days
    reviewed = any(r >= ctx.level_since for r in prog.log.reviews)
    if days * 86400 < e.no_progress_after.seconds() or reviewed:
        return None
    return f"no progress for {days} days (since {ctx.level_since.isoformat()}): {e.text}"


# --------------------------------------------------------------------------- one exercise


def _decide(prog: _Programme, item: PlanExercise, patient: _Stops) -> Decision:
    protocol = prog.protocol
    name = protocol.exercise(item.exercise).name
    level_since = item.since or prog.start
    ctx = _exercise_context(prog, item, level_since)
    own_stops = [s for s in protocol.stop_criteria if s.scope is Scope.EXERCISE]
    own = _stops(own_stops, ctx, prog.log.reviews)
    stops = _Stops(
        checks=patient.checks + own.checks,
        active=patient.active + own.active,
        restart=max((r for r in (patient.restart, own.restart) if r), default=None),
    )
    rules = [r for r in protocol.progression_rules if r.exercise == item.exercise]
    stopped = _stop_decision(name, item.exercise, stops)
    if stopped is not None:
        return _regress_instead(stopped, stops, ctx, prog, item, rules) or stopped
    if stops.restart is not None and stops.restart > level_since:
        level_since = stops.restart  # only sessions after a cleared stop count
        ctx = _exercise_context(prog, item, level_since)
    checked: list[RuleCheck] = list(stops.checks)
    regressed = _regression(rules, ctx, prog, item, checked)
    if regressed is not None:
        return regressed
    blocked: list[str] = []
    for rule in (r for r in rules if r.direction is Direction.PROGRESS):
        check = _rule_check(rule, ctx, prog, item)
        checked.append(check)
        if not (check.fired and check.applicable):
            continue
        blocked = _blockers(prog, item, check)
        if not blocked:
            return _moved(rule, Verdict.PROGRESS, name, item, checked, protocol)
    return _hold(name, item, ctx, prog, checked, blocked)


def _exercise_context(prog: _Programme, item: PlanExercise, since: dt.date) -> Context:
    own = prog.log.by_exercise.get(item.exercise, [])
    return Context(
        sessions=[s for s in own if s.date >= since],
        dose=item.dosage,
        start=prog.start,
        level_since=since,
        on=prog.on,
        events=prog.events,
        measurements=prog.log.measurements,
        declared=prog.declared,
    )


# --------------------------------------------------------------------------- assess


def _in_play(document: Plan | Protocol) -> tuple[Protocol, list[PlanExercise], Plan | None]:
    if isinstance(document, Plan):
        return document.protocol, list(document.exercises), document
    items = [
        PlanExercise(
            exercise=ex.id, dosage=document.dosage_for(ex.id), joint_angles=ex.joint_angles
        )
        for ex in document.initial_exercises()
    ]
    return document, items, None


def _same(a: str | None, b: str | None) -> bool:
    return (
        a is None or b is None or " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    )


def refuse_mismatch(protocol: Protocol, plan: Plan | None, log: SessionLog) -> None:
    """Raise MismatchError for a log of another protocol, or of another patient than the
    plan's (names compared ignoring case and spacing; a side that names no one matches)."""
    if log.protocol is not None and log.protocol != protocol.id:
        raise MismatchError(f"the log is for protocol {log.protocol!r}, not {protocol.id!r}")
    if plan is None:
        return
    if not _same(plan.patient_id, log.patient_id) or not _same(plan.patient, log.patient):
        theirs = log.patient_id or log.patient
        ours = plan.patient_id or plan.patient
        raise MismatchError(f"the log is for patient {theirs!r}, the plan for {ours!r}")


def _notes(protocol: Protocol, items: Sequence[PlanExercise], log: SessionLog) -> list[str]:
    known = {e.id for e in protocol.exercises}
    in_play = {i.exercise for i in items}
    logged = {e.exercise for e in log.entries}
    notes = [
        f"entries for {x!r} were ignored: the protocol has no such exercise"
        for x in sorted(logged - known)
    ]
    notes += [
        f"entries for {x!r} were ignored: it is not in play"
        for x in sorted((logged & known) - in_play)
    ]
    return notes


def _warnings(prog: _Programme) -> list[str]:
    found = []
    stale = _stale_after(prog.protocol)
    newest = prog.log.newest
    if newest is None:
        found.append("nothing is logged up to this date")
    elif (prog.on - newest).days * 86400 > stale.seconds():
        found.append(
            f"the newest session is from {newest.isoformat()},"
            f" more than {stale} before this assessment"
        )
    plan = prog.plan
    if plan is not None and prog.on > plan.end:
        found.append(
            f"the plan ended on {plan.end.isoformat()}:"
            " review the programme with the physiotherapist"
        )
    return found


def _next_phase(prog: _Programme, person: Context) -> PhaseCheck | None:
    plan, phases = prog.plan, prog.protocol.phases
    if plan is None or not phases:
        return None
    ids = [p.id for p in phases]
    here = ids.index(plan.phase) if plan.phase in ids else -1
    if here + 1 >= len(phases):
        return None
    nxt: Phase = phases[here + 1]
    ctx = attrs.evolve(person, level_since=plan.phase_since or plan.start)
    criteria = list(nxt.entry_criteria)
    length = phases[here].expected_duration if here >= 0 else None
    if not criteria and length is not None:
        # No entry criteria: the current phase's expected length is what moves it on.
        shortest = length.value if isinstance(length, Quantity) else length.low
        criteria.append(
            Criterion(metric=Metric.TIME_AT_LEVEL, op=Comparator.GE, value=shortest,
                      unit=length.unit, description=f"at least {shortest:g} {length.unit.value}"
                      " in the current phase")
        )  # fmt: skip
    checks = tuple(check(c, ctx) for c in criteria)
    return PhaseCheck(phase=nxt.id, ready=all(c.met for c in checks), checks=checks)


def assess(document: Plan | Protocol, log: SessionLog, *, on: dt.date | str) -> Assessment:
    """Decide, for every exercise in play, whether to progress, hold, regress or stop.

    Pure and deterministic: ``on`` is the date of the assessment (entries after it are
    ignored), and the order of the log's entries does not matter. Raises
    :class:`MismatchError` for a log of another patient or protocol; otherwise never
    raises for a schema-valid log: entries it cannot use are listed in ``notes``.

    :param document: the plan (or a protocol, assessed from the earliest logged day).
    :param log: what the patient logged.
    :param on: the date of the assessment, a date or ``YYYY-MM-DD``.
    :returns: a decision for each exercise in play, with the evidence and any warnings.
    :raises MismatchError: if the log is another patient's or another protocol's.
    :raises RehabkitError: if ``on`` is not a date.
    """
    on = as_date(on, "on")
    protocol, items, plan = _in_play(document)
    refuse_mismatch(protocol, plan, log)
    grouped = group_log(log, on)
    dated = [e.date for e in log.entries if e.date <= on]
    start = plan.start if plan else (min(dated) if dated else on)
    prog = _Programme(
        protocol=protocol,
        plan=plan,
        log=grouped,
        items={i.exercise: i for i in items},
        start=start,
        on=on,
        events={e.id: e.date for e in plan.events} if plan else {},
        declared={m.name: m for m in protocol.measurements},
    )
    person = Context(
        sessions=[s for s in grouped.by_day if s.date >= start],
        dose=Dosage(),
        start=start,
        level_since=start,
        on=on,
        events=prog.events,
        measurements=grouped.measurements,
        declared=prog.declared,
    )
    patient_stops = [s for s in protocol.stop_criteria if s.scope is Scope.PATIENT]
    stops = _stops(patient_stops, person, grouped.reviews)
    decisions = tuple(_decide(prog, item, stops) for item in items)
    next_phase = _next_phase(prog, person)
    if next_phase is not None and any(d.verdict is Verdict.STOP for d in decisions):
        next_phase = attrs.evolve(next_phase, ready=False)
    return Assessment(
        on=on,
        protocol=protocol.id,
        decisions=decisions,
        notes=tuple(_notes(protocol, items, log)),
        warnings=tuple(_warnings(prog)),
        patient=plan.patient if plan else log.patient,
        patient_id=plan.patient_id if plan else log.patient_id,
        plan_start=plan.start if plan else None,
        plan_end=plan.end if plan else None,
        phase=plan.phase if plan else None,
        next_phase=next_phase,
        last_logged=grouped.newest,
    )


# --------------------------------------------------------------------------- advance


def _advanced(plan: Plan, item: PlanExercise, decision: Decision, since: dt.date) -> PlanExercise:
    if decision.verdict not in (Verdict.PROGRESS, Verdict.REGRESS):
        return item
    if decision.to_exercise is not None:
        return plan_item(plan.protocol, decision.to_exercise, plan.frequency, since)
    if decision.change is not None and decision.new_value is not None:
        return attrs.evolve(with_value(decision.change, item, decision.new_value), since=since)
    return item


def _enter_phase(
    plan: Plan, items: list[PlanExercise], phase: Phase, since: dt.date
) -> list[PlanExercise]:
    earlier = set()
    for p in plan.protocol.phases:
        if p.id == phase.id:
            break
        earlier |= set(p.exercises)
    kept = items if phase.continues_previous else [i for i in items if i.exercise not in earlier]
    present = {i.exercise for i in kept}
    later = {
        r.to_exercise
        for r in plan.protocol.progression_rules
        if r.to_exercise and r.direction is Direction.PROGRESS
    }
    new = [x for x in phase.exercises if x not in present and x not in later]
    return kept + [plan_item(plan.protocol, x, plan.frequency, since) for x in new]


def advance(plan: Plan, assessment: Assessment) -> Plan:
    """The plan after applying the assessment's progressions, regressions and phase change.

    Stop and hold leave an exercise as it is (a stop is for the clinician to resolve).
    Each changed exercise starts its new level the day after the newest session the
    assessment read, so that the sessions already counted never count again.

    :param plan: the plan that was assessed.
    :param assessment: what :func:`assess` decided for it.
    :returns: the next plan; the given one is left as it is.
    :raises MismatchError: if the assessment is of another plan's protocol or patient.
    """
    if assessment.protocol != plan.protocol.id:
        raise MismatchError(
            f"the assessment is for {assessment.protocol!r}, the plan for {plan.protocol.id!r}"
        )
    if assessment.plan_start is not None and (
        assessment.plan_start != plan.start or assessment.patient != plan.patient
    ):
        raise MismatchError("the assessment was made for another plan")
    since = assessment.level_start()
    decided = {d.exercise: d for d in assessment.decisions}
    items = [
        _advanced(plan, i, decided[i.exercise], since) if i.exercise in decided else i
        for i in plan.exercises
    ]
    nxt = assessment.next_phase
    if nxt is None or not nxt.ready:
        return attrs.evolve(plan, exercises=tuple(items))
    phase = next(p for p in plan.protocol.phases if p.id == nxt.phase)
    items = _enter_phase(plan, items, phase, since)
    return attrs.evolve(plan, exercises=tuple(items), phase=phase.id, phase_since=since)
