"""The programme's two gates (format 1.2): the start gate, checked until the programme
starts, and the outcome, whose criteria complete it.

Until the start gate is met, every exercise is held (a stop still stops: a warning sign
counts before the start too) and no phase is entered. The outcome completes the programme
only once it has started, in its last phase, with no exercise stopped and no hold of the
patient in force; measurements taken before the newest evidence a stop fired on do not
count (as for a phase's entry criteria).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol
from rehabkit._progression.assessment import Decision, GateCheck, Verdict
from rehabkit._progression.evidence import Context, check
from rehabkit._progression.stops import Stops

WAITING = "not started yet: the programme's start criteria are not all met"
STARTING = "the programme's start criteria are met: it starts now (advance the plan)"


def start_check(protocol: Protocol, plan: Plan | None, person: Context) -> GateCheck | None:
    """The start gate, checked; None when the protocol has none or the plan has started."""
    criteria = protocol.start_criteria()
    if not criteria or (plan is not None and plan.started is not None):
        return None
    checks = tuple(check(c, person) for c in criteria)
    return GateCheck(gate="start", ready=all(c.met for c in checks), checks=checks)


def waiting(decision: Decision, ready: bool) -> Decision:
    """A decision before the start: a stop stays a stop, anything else waits for the
    plan to start (``ready``: its start criteria are met)."""
    if decision.verdict is Verdict.STOP:
        return decision
    return Decision(
        exercise=decision.exercise,
        verdict=Verdict.HOLD,
        summary=STARTING if ready else WAITING,
        rules=decision.rules,
        missing=decision.missing,
        warnings=decision.warnings,
    )


def outcome_check(
    protocol: Protocol,
    plan: Plan | None,
    person: Context,
    decisions: Sequence[Decision],
    stops: Stops,
) -> GateCheck | None:
    """The outcome, checked; None when the protocol has none."""
    if protocol.outcome is None:
        return None
    if stops.evidence is not None:
        since = stops.evidence
        person = attrs.evolve(
            person, measurements=[m for m in person.measurements if m.date > since]
        )
    checks = tuple(check(c, person) for c in protocol.outcome.criteria)
    met = all(c.met for c in checks)
    note = _held_back(protocol, plan, decisions, stops) if met else None
    return GateCheck(gate="outcome", ready=met and note is None, checks=checks, note=note)


def _held_back(
    protocol: Protocol, plan: Plan | None, decisions: Sequence[Decision], stops: Stops
) -> str | None:
    """Why met outcome criteria do not yet complete the programme (None: they do)."""
    if any(d.verdict is Verdict.STOP for d in decisions):
        return "an exercise is stopped"
    if stops.holding:
        return "a warning sign holds the programme"
    if plan is not None and protocol.phases and plan.phase != protocol.phases[-1].id:
        return f"the plan is not yet in the last phase, {protocol.phases[-1].id!r}"
    return None
