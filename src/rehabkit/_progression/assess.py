"""Computable progression: check a protocol's rules against a session log, and advance.

``assess`` is pure: it reads no clock (the date is a parameter) and its answer does not
depend on the order of the log's entries. For each exercise in play it runs four small
steps, the first that decides wins:

1. **stop**: a stop criterion fires now, or fired earlier and asks for a clinician review
   that the log does not yet record;
2. **regress**: a regression rule fires;
3. **progress**: a progression rule fires, and nothing blocks it: no stop whose effect is
   ``hold`` is in force, the protocol's pain limits held on every exercise over the
   sessions it relied on, the log is recent, the plan has not ended, and the target
   belongs to a phase already entered;
4. **hold**: otherwise, saying what is missing, with flare-up advice and a review prompt
   after too long at one level.

What the log shows lives in ``evidence`` (sessions, criteria checked), what a change does
in ``changes``, and the answer's types in ``assessment``; this module decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

import attrs
from attrs import frozen

from rehabkit._core.counts import counted
from rehabkit._core.errors import MismatchError
from rehabkit._core.public import present_as_public
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.metrics import METRICS, DayEntry, Session
from rehabkit._model.plan import Plan, PlanExercise
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Measurement, Phase, ProgressionRule
from rehabkit._model.session_log import SessionLog
from rehabkit._model.terms import Comparator, Direction, Metric, Resume, Scope
from rehabkit._model.units import Quantity, Unit
from rehabkit._plan.personalise import as_date
from rehabkit._progression.assessment import Assessment, Decision, PhaseCheck, RuleCheck, Verdict
from rehabkit._progression.changes import describe_change, next_value
from rehabkit._progression.evidence import (
    MORNINGS_WORST_FIRST,
    Context,
    Log,
    check,
    combine,
    group_log,
    run_gap,
    show_value,
)
from rehabkit._progression.gates import outcome_check, start_check, waiting
from rehabkit._progression.stops import Stops, both, held, stop_decision, stops_of

__all__ = ["assess"]

DEFAULT_STALE_AFTER = Quantity(14, Unit.DAY)
"""Used when a protocol gives no ``escalation.stale_after``: the editors' choice, two weeks
(documented in docs/progression.md), so that old data never moves anyone on."""

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
        if only is None or exercise == only:
            found += _exercise_breaches(prog, exercise, sessions, since)
    return found


def _exercise_breaches(
    prog: _Programme, exercise: str, sessions: Sequence[Session], since: dt.date
) -> list[str]:
    item = prog.items.get(exercise)
    dose = item.dosage if item else _dose(prog.protocol, exercise)
    return [
        f"{exercise} on {s.date.isoformat()}: {limit.describe()}"
        f" (logged {show_value(limit.metric, value)})"
        for limit in _limits_for(prog.protocol, dose)
        for s, value in _breaking(limit, dose, sessions, since)
    ]


def _breaking(
    limit: Criterion, dose: Dosage, sessions: Sequence[Session], since: dt.date
) -> Iterator[tuple[Session, float]]:
    """The sessions from ``since`` on whose logged value breaks ``limit``, with that value.
    Sessions are newest first, so the first older one ends the search."""
    read = METRICS[limit.metric].read
    if read is None:
        return
    for s in sessions:
        if s.date < since:
            break
        value = read(s, dose, limit)
        if value is not None and not limit.op.holds(value, limit.threshold()):
            yield s, value


def _dose(protocol: Protocol, exercise: str) -> Dosage:
    try:
        return protocol.dosage_for(exercise)
    except KeyError:
        return protocol.default_dosage


def _stale_after(protocol: Protocol) -> Quantity:
    e = protocol.escalation
    return e.stale_after if e is not None and e.stale_after is not None else DEFAULT_STALE_AFTER


def _blockers(prog: _Programme, item: PlanExercise, rule: RuleCheck) -> list[str]:
    """Why a progression whose criteria hold must still wait (empty: it may go ahead). The
    pain limits are judged over the sessions the rule relied on: its window, not the days
    a time criterion counts, so one old breach does not block the level for good."""
    used = [
        d
        for c in rule.checks
        if METRICS[c.criterion.metric].read is not None
        for d in c.dates
        if d <= prog.on
    ]
    since = min(used) if used else (prog.log.newest or prog.on)
    reasons = [f"pain limit not met: {b}" for b in _limit_breaches(prog, since)]
    for reason in (_stale_level(prog, item), _plan_ended(prog)):
        if reason is not None:
            reasons.append(reason)
    return reasons


def _stale_level(prog: _Programme, item: PlanExercise) -> str | None:
    """Old sessions at a level never earn the next one."""
    own = prog.log.by_exercise.get(item.exercise, [])
    stale = _stale_after(prog.protocol)
    if not own or (prog.on - own[0].date).days * 86400 <= stale.seconds():
        return None
    return (
        f"the newest session is from {own[0].date.isoformat()}, more than {stale} ago:"
        " restart at the current level first"
    )


def _plan_ended(prog: _Programme) -> str | None:
    """A plan past its end moves no one on until a review after that end."""
    plan = prog.plan
    if plan is None or prog.on <= plan.end or any(r > plan.end for r in prog.log.reviews):
        return None
    return f"the plan ended on {plan.end.isoformat()}: a review is due"


def _phase_index(protocol: Protocol, phase: str | None) -> int:
    """Where a phase comes in the protocol's order; -1 for none (or one it lacks)."""
    ids = [p.id for p in protocol.phases]
    return ids.index(phase) if phase in ids else -1


def _phase_block(prog: _Programme, target: str) -> str | None:
    phase = prog.protocol.phase_of(target)
    if phase is None or prog.plan is None:
        return None
    current = _phase_index(prog.protocol, prog.plan.phase)
    if _phase_index(prog.protocol, phase.id) <= current:
        return None
    return f"{target} belongs to phase {phase.id!r}, which has not been entered yet"


# --------------------------------------------------------------------------- one exercise


@frozen(kw_only=True)
class _Exercise:
    """One exercise in play, as every step of its decision sees it."""

    item: PlanExercise
    name: str
    rules: tuple[ProgressionRule, ...]  # its own progression and regression rules
    stops: Stops  # the patient's stops and its own
    ctx: Context  # its sessions at the current level
    counted: Context  # those its rules count: none before a stop that has cleared


def _exercise(prog: _Programme, item: PlanExercise, patient: Stops) -> _Exercise:
    protocol = prog.protocol
    name = protocol.exercise(item.exercise).name
    level_since = item.since or prog.start
    ctx = _exercise_context(prog, item, level_since)
    own_stops = [s for s in protocol.stop_criteria if s.scope is Scope.EXERCISE]
    stops = both(patient, stops_of(own_stops, ctx, prog.log.reviews))
    counted = ctx
    if stops.restart is not None and stops.restart > level_since:
        counted = _exercise_context(prog, item, stops.restart)
    return _Exercise(
        item=item,
        name=name,
        rules=tuple(r for r in protocol.progression_rules if r.exercise == item.exercise),
        stops=stops,
        ctx=ctx,
        counted=counted,
    )


def _exercise_context(prog: _Programme, item: PlanExercise, since: dt.date) -> Context:
    own = prog.log.by_exercise.get(item.exercise, [])
    return Context(
        sessions=[s for s in own if s.date >= since],
        dose=item.dosage,
        run_gap=run_gap(_schedule(item, prog.plan), prog.protocol.escalation),
        start=prog.start,
        level_since=since,
        on=prog.on,
        events=prog.events,
        measurements=prog.log.measurements,
        declared=prog.declared,
    )


def _decide(prog: _Programme, item: PlanExercise, patient: Stops) -> Decision:
    """The four steps in order; the first that decides wins."""
    ex = _exercise(prog, item, patient)
    stopped = _stop(prog, ex)
    if stopped is not None:
        return stopped
    checked: list[RuleCheck] = list(ex.stops.checks)  # each step adds the rules it checks
    regressed = _regression(prog, ex, ex.ctx, checked)
    if regressed is not None:
        return regressed
    progressed, blocked = _progression(prog, ex, checked)
    if progressed is not None:
        return progressed
    return _hold(prog, ex, checked, blocked)


# --------------------------------------------------------------------------- the steps


def _stop(prog: _Programme, ex: _Exercise) -> Decision | None:
    """Step 1: a stop in force, unless it only ends this session of this exercise (scope
    exercise, resume clear) and a regression fires: then stop this level and go back to
    the easier one."""
    stopped = stop_decision(ex.name, ex.item.exercise, ex.stops)
    if stopped is None:
        return None
    minor = all(
        s.scope is Scope.EXERCISE and s.resumes() is Resume.CLEAR for s, _ in ex.stops.active
    )
    if not minor:
        return stopped
    # While a stop is in force every session of the level counts (no restart applies).
    moved = _regression(prog, ex, ex.ctx, list(ex.stops.checks))
    return stopped if moved is None else attrs.evolve(moved, warnings=stopped.warnings)


def _regression(
    prog: _Programme, ex: _Exercise, ctx: Context, checked: list[RuleCheck]
) -> Decision | None:
    """Step 2: the first regression rule of the exercise that fires and applies on any
    session of its window. Every rule checked is appended to ``checked``."""
    windows = _regression_windows(prog, ex, ctx)
    for rule in (r for r in ex.rules if r.direction is Direction.REGRESS):
        checks = [_rule_check(rule, window, prog, ex.item) for window in windows]
        check = next((c for c in checks if c.fired), checks[0])
        checked.append(check)
        if check.fired and check.applicable:
            return _moved(rule, Verdict.REGRESS, ex, checked, prog.protocol)
    return None


def _regression_windows(prog: _Programme, ex: _Exercise, ctx: Context) -> list[Context]:
    """Where a regression rule looks: windows ending at each session of the level's newest
    session days, as many days as the longest run a progression of the exercise reads
    (at least 2), so that a breach counts until that many clean days have followed it,
    a stop that cleared notwithstanding. A step taken before its next-morning report came
    also reads that report, which may take the step back."""
    sessions = list(ctx.sessions)
    days = sorted({s.date for s in sessions}, reverse=True)[: max(_progression_window(ex), 2)]
    late = _late_report(prog, ex.item)
    if late is not None:
        sessions.append(late)
        days.append(late.date)
    starts = [i for i, s in enumerate(sessions) if s.date in days] or [0]
    return [attrs.evolve(ctx, sessions=sessions[i:]) for i in starts]


def _progression_window(ex: _Exercise) -> int:
    """The most sessions in a row a progression rule of the exercise reads."""
    return max(
        (
            c.sessions
            for r in ex.rules
            if r.direction is Direction.PROGRESS
            for c in r.criteria
            if METRICS[c.metric].read is not None
        ),
        default=1,
    )


def _late_report(prog: _Programme, item: PlanExercise) -> Session | None:
    """The next-morning report a step counted on before it came (``awaiting_report``), as
    a session of this level: of the exercise itself, or of the one it was moved on from."""
    day = item.awaiting_report
    if day is None:
        return None
    sources = {item.exercise} | {
        r.exercise for r in prog.protocol.progression_rules if r.to_exercise == item.exercise
    }
    reports = [
        s.entry.next_morning
        for name in sorted(sources)
        for s in prog.log.by_exercise.get(name, [])
        if s.date == day and s.entry.next_morning is not None
    ]
    if not reports:
        return None
    worst = min(reports, key=MORNINGS_WORST_FIRST.index)
    report = DayEntry(date=day, pain_during=None, pain_after=None, pain_settled_after=None,
                      next_morning=worst, symptoms=())  # fmt: skip
    return Session(day, report, frozenset())


def _progression(
    prog: _Programme, ex: _Exercise, checked: list[RuleCheck]
) -> tuple[Decision | None, list[str]]:
    """Step 3: the first progression rule that fires, applies and that nothing blocks;
    else None, and what blocked the last rule that fired and applied. Every rule checked
    is appended to ``checked``."""
    blocked: list[str] = []
    for rule in (r for r in ex.rules if r.direction is Direction.PROGRESS):
        check = _rule_check(rule, ex.counted, prog, ex.item)
        checked.append(check)
        if not (check.fired and check.applicable):
            continue
        blocked = held(ex.stops) + _blockers(prog, ex.item, check)
        if not blocked:
            moved = _moved(rule, Verdict.PROGRESS, ex, checked, prog.protocol)
            return attrs.evolve(moved, warnings=_awaited(check)), blocked
    return None, blocked


def _awaited(rule: RuleCheck) -> tuple[str, ...]:
    """A step that counts on a next-morning report still to come says so plainly."""
    days = sorted({c.waits_for for c in rule.checks if c.waits_for is not None})
    return tuple(
        f"this step counts on the next-morning report for {day.isoformat()}: if the morning"
        " after that session is worse than usual, log it and assess again before the next"
        " session"
        for day in days
    )


def _rule_check(
    rule: ProgressionRule, ctx: Context, prog: _Programme, item: PlanExercise
) -> RuleCheck:
    checks = tuple(check(c, ctx) for c in rule.criteria)
    note = None
    if rule.change is not None:
        note = next_value(rule.change, item, rule.direction)[1]
    elif rule.to_exercise is not None and rule.direction is Direction.PROGRESS:
        note = _own_steps_left(prog.protocol, rule, item) or _phase_block(prog, rule.to_exercise)
    return RuleCheck(
        rule=rule.id,
        kind=rule.direction.value,
        fired=combine(checks, rule.match),
        applicable=note is None,
        checks=checks,
        note=note,
    )


def _own_steps_left(protocol: Protocol, rule: ProgressionRule, item: PlanExercise) -> str | None:
    """A move on to another exercise waits until the exercise's own progress changes have
    reached their limits, so that a step back returns to the level last tolerated."""
    for other in protocol.progression_rules:
        if (other.exercise != rule.exercise or other.direction is not Direction.PROGRESS
                or other.change is None):  # fmt: skip
            continue
        value = next_value(other.change, item, Direction.PROGRESS)[0]
        if value is not None:
            return f"{other.id} comes first ({describe_change(other.change, item, value)})"
    return None


def _moved(
    rule: ProgressionRule,
    verdict: Verdict,
    ex: _Exercise,
    checked: list[RuleCheck],
    protocol: Protocol,
) -> Decision:
    item = ex.item
    if rule.to_exercise is not None:
        target = protocol.exercise(rule.to_exercise).name
        return Decision(
            exercise=item.exercise,
            verdict=verdict,
            rule=rule.id,
            to_exercise=rule.to_exercise,
            rules=tuple(checked),
            summary=f"{verdict.value.capitalize()} from {ex.name} to {target}. {rule.description}",
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
        summary=f"{verdict.value.capitalize()} {ex.name}:"
        f" {describe_change(rule.change, item, value)}. {rule.description}",
    )


def _hold(
    prog: _Programme, ex: _Exercise, checked: list[RuleCheck], blocked: list[str]
) -> Decision:
    """Step 4: keep the exercise as it is, saying what is missing."""
    missing = _missing(checked)
    too_easy = [rc for rc in checked if rc.kind == "regress" and rc.fired and not rc.applicable]
    # An exercise no rule can move on is at its planned level, not stuck: the review for
    # want of progress is for the exercises that could progress and have not.
    can_progress = any(r.direction is Direction.PROGRESS for r in ex.rules)
    review = _review_due(prog, ex.ctx.level_since) if can_progress else None
    return Decision(
        exercise=ex.item.exercise,
        verdict=Verdict.HOLD,
        summary=_hold_summary(ex, too_easy, blocked, missing),
        rules=tuple(checked),
        missing=missing,
        warnings=tuple(_hold_warnings(prog, ex, blocked, review, bool(too_easy))),
        review_due=bool(review or too_easy)
        or any("review is due" in b for b in blocked)
        or any(s.resumes() is Resume.REVIEW for s, _ in ex.stops.holding),
    )


def _missing(checked: list[RuleCheck]) -> tuple[str, ...]:
    """What the log lacks to decide the progression rules that could apply, once each."""
    return tuple(
        dict.fromkeys(
            f"{rc.rule}: {cc.criterion.describe()} - {cc.explanation}"
            for rc in checked
            if rc.kind == "progress" and rc.applicable and rc.fired is None
            for cc in rc.checks
            if cc.met is None
        )
    )


def _hold_summary(
    ex: _Exercise, too_easy: list[RuleCheck], blocked: list[str], missing: tuple[str, ...]
) -> str:
    """Why it holds, the first that applies of: no easier level is left, a hold is in
    force, something blocks moving on, nothing is logged, too little is logged, or nothing
    calls for a change."""
    name = ex.name
    if ex.stops.holding:
        return f"Hold {name}: nothing moves on while this holds: {ex.stops.holding[0][0].text}"
    if too_easy:
        return (
            f"Hold {name}: it is already as easy as the rules allow"
            f" ({too_easy[0].note}); talk to your physiotherapist about the pain."
        )
    if blocked:
        return f"Hold {name}: the rules for moving on are met, but {blocked[0]}."
    if not ex.counted.sessions:
        return f"Hold {name}: no sessions logged yet at the current level."
    if missing:
        return f"Hold {name}: not enough data yet to decide on progressing."
    return f"Hold {name}: keep going at the current level."


def _hold_warnings(
    prog: _Programme, ex: _Exercise, blocked: list[str], review: str | None, easiest: bool
) -> list[str]:
    """What blocks moving on, flare-up advice after a breached limit (not at the easiest
    level, where it would ask for a step back the rules cannot take), a review that is due."""
    warnings = list(blocked) + [h for h in held(ex.stops) if h not in blocked]
    flare = prog.protocol.pain_guidance.flare_up
    if flare is not None and not easiest and _flaring(prog, ex):
        warnings.append(f"flare-up advice: {flare.advice}")
    if review:
        warnings.append(review)
    return warnings


def _flaring(prog: _Programme, ex: _Exercise) -> bool:
    """Whether the exercise's newest session that counts breaks a pain limit."""
    sessions = ex.counted.sessions
    return bool(sessions) and bool(_limit_breaches(prog, sessions[0].date, ex.item.exercise))


def _review_due(prog: _Programme, level_since: dt.date) -> str | None:
    """After ``escalation.no_progress_after`` at one level, counted from the level's start
    (a flare does not reset it) or from the newest review since (a review restarts it)."""
    e = prog.protocol.escalation
    if e is None or e.no_progress_after is None:
        return None
    reviewed = [r for r in prog.log.reviews if r >= level_since]
    since = reviewed[-1] if reviewed else level_since
    days = (prog.on - since).days
    if days * 86400 < e.no_progress_after.seconds():
        return None
    since_when = (
        f"since the review on {since.isoformat()}" if reviewed else f"since {since.isoformat()}"
    )
    return f"no progress for {counted(days, 'day')} ({since_when}): {e.text}"


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
    scales = {m.name: m.scale for m in protocol.measurements if m.scale is not None}
    notes += [
        f"{m.name} of {m.date.isoformat()} ({m.value:g}) was ignored: it is scored"
        f" {scale.low} to {scale.high}"
        for m in log.measurements
        if (scale := scales.get(m.name)) is not None
        and m.value is not None
        and not scale.low <= m.value <= scale.high
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
    here = _phase_index(prog.protocol, plan.phase)
    if here + 1 >= len(phases):
        return None
    nxt: Phase = phases[here + 1]
    ctx = attrs.evolve(person, level_since=plan.phase_since or plan.start)
    current = phases[here] if here >= 0 else None
    checks = tuple(check(c, ctx) for c in _entry_criteria(nxt, current))
    return PhaseCheck(phase=nxt.id, ready=all(c.met for c in checks), checks=checks)


def _entry_criteria(phase: Phase, current: Phase | None) -> list[Criterion]:
    criteria = list(phase.entry_criteria)
    length = current.expected_duration if current is not None else None
    if not criteria and length is not None:
        # No entry criteria: the current phase's expected length is what moves it on.
        shortest = length.value if isinstance(length, Quantity) else length.low
        criteria.append(
            Criterion(metric=Metric.TIME_AT_LEVEL, op=Comparator.GE, value=shortest,
                      unit=length.unit, description=f"at least {shortest:g} {length.unit.value}"
                      " in the current phase")
        )  # fmt: skip
    return criteria


def _phase_check(
    prog: _Programme, person: Context, decisions: Sequence[Decision], stops: Stops
) -> PhaseCheck | None:
    """The next phase's entry criteria, checked; never ready while an exercise is stopped
    or a hold of the patient is in force, and never on a measurement taken before the
    newest evidence a stop fired on (swelling after an effusion was graded needs a new
    grading)."""
    if stops.evidence is not None:
        since = stops.evidence
        person = attrs.evolve(
            person, measurements=[m for m in person.measurements if m.date > since]
        )
    next_phase = _next_phase(prog, person)
    stopped = any(d.verdict is Verdict.STOP for d in decisions)
    if next_phase is not None and (stopped or stops.holding):
        return attrs.evolve(next_phase, ready=False)
    return next_phase


def _programme(
    protocol: Protocol, items: list[PlanExercise], plan: Plan | None, log: SessionLog, on: dt.date
) -> _Programme:
    return _Programme(
        protocol=protocol,
        plan=plan,
        log=group_log(log, on, {i.exercise: _schedule(i, plan).sessions_per_day() for i in items}),
        items={i.exercise: i for i in items},
        start=_first_day(plan, log, on),
        on=on,
        events={e.id: e.date for e in plan.events} if plan else {},
        declared={m.name: m for m in protocol.measurements},
    )


def _schedule(item: PlanExercise, plan: Plan | None) -> Frequency:
    """How often the exercise is done: its own frequency, else the plan's."""
    own = item.dosage.frequency
    if own is not None:
        return own
    return plan.frequency if plan is not None else Frequency()


def _first_day(plan: Plan | None, log: SessionLog, on: dt.date) -> dt.date:
    """The plan's start; without a plan, the earliest day logged up to ``on``."""
    if plan:
        return plan.start
    dated = [e.date for e in log.entries if e.date <= on]
    return min(dated) if dated else on


def _person(prog: _Programme) -> Context:
    """The whole person's days since the start, for the patient's stops and the phases."""
    return Context(
        sessions=[s for s in prog.log.by_day if s.date >= prog.start],
        dose=Dosage(),
        start=prog.start,
        level_since=prog.start,
        on=prog.on,
        events=prog.events,
        measurements=prog.log.measurements,
        declared=prog.declared,
    )


def _of_plan(assessment: Assessment, plan: Plan) -> Assessment:
    """An assessment against a plan names the plan's patient, period and phase."""
    return attrs.evolve(
        assessment,
        patient=plan.patient,
        patient_id=plan.patient_id,
        plan_start=plan.start,
        plan_end=plan.end,
        phase=plan.phase,
    )


def assess(document: Plan | Protocol, log: SessionLog, *, on: dt.date | str) -> Assessment:
    """Decide, for every exercise in play, whether to progress, hold, regress or stop.

    Pure and deterministic: ``on`` is the date of the assessment (entries after it are
    ignored), and the order of the log's entries does not matter. Raises
    ``MismatchError`` for a log of another patient or protocol; otherwise never
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
    prog = _programme(protocol, items, plan, log, on)
    person = _person(prog)
    patient_stops = [s for s in protocol.stop_criteria if s.scope is Scope.PATIENT]
    stops = stops_of(patient_stops, person, prog.log.reviews)
    decisions = tuple(_decide(prog, item, stops) for item in items)
    start = start_check(protocol, plan, person)
    if start is not None and (not start.ready or plan is not None):
        # A plan starts when advanced past its gate; without a plan, a met gate is passed.
        decisions = tuple(waiting(d, start.ready) for d in decisions)
        next_phase, outcome = None, None
    else:
        next_phase = _phase_check(prog, person, decisions, stops)
        outcome = outcome_check(protocol, plan, person, decisions, stops)
    assessment = Assessment(
        on=on,
        protocol=protocol.id,
        decisions=decisions,
        notes=(*_notes(protocol, items, log), *prog.log.notes),
        warnings=tuple(_warnings(prog)),
        patient=log.patient,
        patient_id=log.patient_id,
        next_phase=next_phase,
        last_logged=prog.log.newest,
        start=start,
        outcome=outcome,
        complete=outcome is not None and outcome.ready,
    )
    return assessment if plan is None else _of_plan(assessment, plan)


present_as_public(globals())
