"""Advance: the next plan after an assessment, with every step it decided applied.

A changed exercise's level starts the day after the newest session the assessment read,
so that the sessions that earned a step never count again.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rehabkit._core.errors import MismatchError
from rehabkit._core.public import present_as_public
from rehabkit._model.plan import Plan, PlanExercise
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Phase
from rehabkit._model.terms import Direction
from rehabkit._plan.personalise import in_phase, plan_item
from rehabkit._progression.assessment import Assessment, Decision, Verdict
from rehabkit._progression.changes import at_limit, with_value

__all__ = ["advance"]


def _advanced(plan: Plan, item: PlanExercise, decision: Decision, since: dt.date) -> PlanExercise:
    if decision.verdict not in (Verdict.PROGRESS, Verdict.REGRESS):
        return item
    awaiting = _awaiting(decision)
    if decision.to_exercise is not None:
        moved = plan_item(plan.protocol, decision.to_exercise, plan.frequency, since)
        moved = in_phase(plan.protocol, moved, plan.phase)
        if decision.verdict is Verdict.REGRESS:
            moved = _as_left(plan.protocol, moved, item.exercise)
        return attrs.evolve(moved, awaiting_report=awaiting)
    if decision.change is not None and decision.new_value is not None:
        changed = with_value(decision.change, item, decision.new_value)
        return attrs.evolve(changed, since=since, awaiting_report=awaiting)
    return item


def _as_left(protocol: Protocol, item: PlanExercise, came_from: str) -> PlanExercise:
    """An exercise a step back returns to, at the level last tolerated: if a rule moves on
    from it to the exercise given up, that move waited until its own progress changes had
    reached their limits (assess), so it returns with them at their limits."""
    rules = [r for r in protocol.progression_rules
             if r.exercise == item.exercise and r.direction is Direction.PROGRESS]  # fmt: skip
    if not any(r.to_exercise == came_from for r in rules):
        return item
    for rule in rules:
        if rule.change is not None:
            item = at_limit(rule.change, item)
    return item


def _awaiting(decision: Decision) -> dt.date | None:
    """The next-morning report a step counted on before it came (None for a step back)."""
    if decision.verdict is not Verdict.PROGRESS:
        return None
    days = [
        c.waits_for
        for rule in decision.rules
        if rule.rule == decision.rule
        for c in rule.checks
        if c.waits_for is not None
    ]
    return max(days, default=None)


def _enter_phase(
    plan: Plan, items: list[PlanExercise], phase: Phase, since: dt.date
) -> list[PlanExercise]:
    """The plan's exercises in a new phase: the earlier phases' end unless it continues
    them, and its own join, except those a progression rule moves to later. The dose
    fields the phase sets replace those of the exercises kept, whose other fields (a
    progressed load) stay; a changed dose starts a new level (format 1.2)."""
    protocol = plan.protocol
    earlier = _earlier_exercises(protocol, phase)
    kept = items if phase.continues_previous else [i for i in items if i.exercise not in earlier]
    kept = [_with_phase_dose(i, phase, since) for i in kept]
    present = {i.exercise for i in kept}
    later = _progression_targets(protocol)
    new = [x for x in phase.exercises if x not in present and x not in later]
    return kept + [
        in_phase(protocol, plan_item(protocol, x, plan.frequency, since), phase.id) for x in new
    ]


def _with_phase_dose(item: PlanExercise, phase: Phase, since: dt.date) -> PlanExercise:
    dose = phase.override_for(item.exercise).over(item.dosage)
    if dose == item.dosage:
        return item
    return attrs.evolve(item, dosage=dose, since=since)


def _earlier_exercises(protocol: Protocol, phase: Phase) -> set[str]:
    """The exercises of the phases before ``phase``."""
    earlier: set[str] = set()
    for p in protocol.phases:
        if p.id == phase.id:
            break
        earlier |= set(p.exercises)
    return earlier


def _progression_targets(protocol: Protocol) -> set[str]:
    """The exercises a progression rule moves to: they enter a plan by that rule."""
    return {
        r.to_exercise
        for r in protocol.progression_rules
        if r.to_exercise and r.direction is Direction.PROGRESS
    }


def _started(plan: Plan, assessment: Assessment) -> Plan:
    """A plan waiting for its start gate: unchanged until the gate is met, then started on
    the day of the assessment, its phase and every level counted from that day (format
    1.2)."""
    gate = assessment.start
    if gate is None or not gate.ready or plan.started is not None:
        return plan
    day = assessment.on
    items = tuple(attrs.evolve(i, since=day) for i in plan.exercises)
    phase_since = day if plan.phase is not None else None
    return attrs.evolve(plan, exercises=items, started=day, phase_since=phase_since)


def _refuse_other_plan(plan: Plan, assessment: Assessment) -> None:
    if assessment.protocol != plan.protocol.id:
        raise MismatchError(
            f"the assessment is for {assessment.protocol!r}, the plan for {plan.protocol.id!r}"
        )
    if assessment.plan_start is not None and (
        assessment.plan_start != plan.start or assessment.patient != plan.patient
    ):
        raise MismatchError("the assessment was made for another plan")


def advance(plan: Plan, assessment: Assessment) -> Plan:
    """The plan after applying the assessment's progressions, regressions and phase change.

    Stop and hold leave an exercise as it is (a stop is for the clinician to resolve).
    Each changed exercise starts its new level the day after the newest session the
    assessment read, so that the sessions already counted never count again.

    :param plan: the plan that was assessed.
    :param assessment: what ``assess`` decided for it.
    :returns: the next plan; the given one is left as it is.
    :raises MismatchError: if the assessment is of another plan's protocol or patient.
    """
    _refuse_other_plan(plan, assessment)
    since = assessment.level_start()
    decided = {d.exercise: d for d in assessment.decisions}
    items = [
        _advanced(plan, i, decided[i.exercise], since) if i.exercise in decided else i
        for i in plan.exercises
    ]
    if assessment.start is not None:
        return _started(plan, assessment)
    nxt = assessment.next_phase
    if nxt is None or not nxt.ready:
        return _completed(attrs.evolve(plan, exercises=tuple(items)), assessment)
    phase = next(p for p in plan.protocol.phases if p.id == nxt.phase)
    items = _enter_phase(plan, items, phase, since)
    return attrs.evolve(plan, exercises=tuple(items), phase=phase.id, phase_since=since)


def _completed(plan: Plan, assessment: Assessment) -> Plan:
    """The plan with the day its outcome was first reached (format 1.2); a later
    assessment never moves that day."""
    if not assessment.complete or plan.completed is not None:
        return plan
    return attrs.evolve(plan, completed=assessment.on)


present_as_public(globals())
