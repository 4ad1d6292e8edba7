"""Step 1 of a decision: the stops that bear on an exercise, which are in force, and from
when sessions count again after one that has ended.

A stop is in force while it fires on what was logged last, or, when it asks for a
clinician (``resume: review``), from the day of the evidence that fired it until a review
dated on or after that day. A review ends any stop whose evidence it postdates; only new
evidence after the review fires it again. A stop whose ``effect`` is ``hold`` is in force
the same way, but holds the exercises where they are instead of stopping them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from attrs import frozen

from rehabkit._model.rules import StopCriterion
from rehabkit._model.terms import URGENCY_ORDER, Effect, Resume, Urgency
from rehabkit._progression.assessment import Decision, RuleCheck, Verdict
from rehabkit._progression.evidence import Context, check, combine, evidence_day, last_fired


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
class Stops:
    """The stops that bear on one exercise: what fires now, what still holds, and the
    first day from which sessions count again after a stop that has cleared. Stops in
    force whose effect is ``hold`` are in ``holding``, the others in ``active``."""

    checks: tuple[RuleCheck, ...]
    active: tuple[tuple[StopCriterion, str], ...]
    restart: dt.date | None
    evidence: dt.date | None = None  # the newest day a stop fired on, in force or ended
    holding: tuple[tuple[StopCriterion, str], ...] = ()


def stops_of(stops: Sequence[StopCriterion], ctx: Context, reviews: Sequence[dt.date]) -> Stops:
    """Check every stop that has criteria, the most urgent first."""
    checks: list[RuleCheck] = []
    active: list[tuple[StopCriterion, str]] = []
    holding: list[tuple[StopCriterion, str]] = []
    restart: dt.date | None = None
    evidence: dt.date | None = None
    ctx = attrs.evolve(ctx, for_stop=True)
    for stop in sorted(stops, key=lambda s: URGENCY_ORDER.index(s.urgency)):
        if not stop.criteria:
            continue
        check = _stop_check(stop, ctx)
        checks.append(check)
        fired = _fired_day(stop, check, ctx)
        in_force, since = _stop_state(stop, check, fired, reviews)
        if fired is not None:
            evidence = max(evidence, fired) if evidence else fired
        if in_force is not None:
            (holding if stop.effect is Effect.HOLD else active).append((stop, in_force))
        elif since is not None:
            restart = max(restart, since) if restart else since
    return Stops(
        checks=tuple(checks),
        active=tuple(active),
        restart=restart,
        evidence=evidence,
        holding=tuple(holding),
    )


def _fired_day(stop: StopCriterion, check: RuleCheck, ctx: Context) -> dt.date | None:
    """The day of the evidence behind a stop that fires now, else the newest it fired on."""
    if check.fired:
        return evidence_day(check) or ctx.on
    return last_fired(stop, ctx)


def _stop_state(
    stop: StopCriterion, check: RuleCheck, fired: dt.date | None, reviews: Sequence[dt.date]
) -> tuple[str | None, dt.date | None]:
    """Why a stop is in force (it fires now, or fired earlier and waits for a review the
    log does not record); else the day from which sessions count again after it fired
    (None when it never fired). A review dated on or after the evidence that fired it ends
    it: only new evidence after the review fires it again."""
    if fired is None:
        return None, None
    reviewed = [r for r in reviews if r >= fired]
    if reviewed:
        return None, reviewed[0] + dt.timedelta(days=1)
    if check.fired:
        return "it applies to what was logged last", None
    if stop.resumes() is Resume.REVIEW:
        return f"it fired on {fired.isoformat()} and no review is logged since", None
    return None, fired + dt.timedelta(days=1)


def both(patient: Stops, own: Stops) -> Stops:
    """The patient's stops and an exercise's own, as one: the later restart wins."""
    return Stops(
        checks=patient.checks + own.checks,
        active=patient.active + own.active,
        restart=max((r for r in (patient.restart, own.restart) if r), default=None),
        holding=patient.holding + own.holding,
    )


def held(stops: Stops) -> list[str]:
    """Why nothing may move on while a hold is in force (empty: no hold is)."""
    return [f"hold {s.id} is in force ({why}): {s.text}" for s, why in stops.holding]


def stop_decision(name: str, exercise: str, stops: Stops) -> Decision | None:
    if not stops.active:
        return None
    stop = stops.active[0][0]
    return Decision(
        exercise=exercise,
        verdict=Verdict.STOP,
        rule=stop.id,
        urgency=stop.urgency,
        summary=(
            f"Stop {name}: {stop.text}"
            if stop.urgency is Urgency.STOP_EXERCISE
            else f"Stop {name} and seek help: {stop.text}"
        ),
        rules=stops.checks,
        warnings=tuple(f"stop {s.id} is in force: {w}" for s, w in stops.active),
        review_due=any(s.resumes() is Resume.REVIEW for s, _ in stops.active),
    )
