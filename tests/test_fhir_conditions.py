"""Every condition in our PlanDefinitions, evaluated by an independent FHIRPath engine
(fhirpathpy) over a session log converted to Observations, agrees with rehabkit's own
assessment: true exactly when rehabkit finds the criteria met.

The variables are set as docs/fhir.md tells a receiving system to set them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.terms import Match, Scope
from rehabkit._plan.personalise import plan_item
from rehabkit._progression.assess import _schedule
from rehabkit._progression.evidence import Context, check, combine, group_log, run_gap

from .helpers import thorough_after_first
from .log_strategies import PROTOCOLS, START, full_part, logs, plan_of

fhirpathpy = pytest.importorskip("fhirpathpy")
from fhirpathpy.models import models  # noqa: E402

U = rk.Unit


@cache
def compiled(expression: str) -> Callable[..., list[Any]]:
    return fhirpathpy.compile(expression, models["r4"])  # type: ignore[no-any-return]


def evaluate(expression: str, variables: dict[str, Any]) -> list[Any]:
    return compiled(expression)({}, variables)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def schedules(plan: rk.Plan) -> dict[str, rk.Frequency]:
    """Each exercise's schedule as assess reads it: the plan's own item, or the item the
    plan would give an exercise not yet in play (as advancing to it does)."""
    items = {i.exercise: i for i in plan.exercises}
    for ex in plan.protocol.exercises:
        items.setdefault(ex.id, plan_item(plan.protocol, ex.id, plan.frequency))
    return {x: _schedule(item, plan) for x, item in items.items()}


class Truth:
    """rehabkit's own reading of a log, on the log's newest day, as assess reads it."""

    def __init__(self, plan: rk.Plan, log: rk.SessionLog, on: dt.date) -> None:
        self.plan = plan
        self.schedules = schedules(plan)
        per_day = {x: f.sessions_per_day() for x, f in self.schedules.items()}
        self.grouped = group_log(log, on, per_day)
        self.on = on
        self.declared = {m.name: m for m in plan.protocol.measurements}
        self.events = {e.id: e.date for e in plan.events}

    def context(self, exercise: str | None) -> Context:
        if exercise is None:  # the person's days
            sessions = [s for s in self.grouped.by_day if s.date >= self.plan.start]
            dose, gap = Dosage(), None
        else:
            own = self.grouped.by_exercise.get(exercise, [])
            sessions = [s for s in own if s.date >= self.plan.start]
            dose = self.plan.protocol.dosage_for(exercise)
            gap = run_gap(self.schedules[exercise], self.plan.protocol.escalation)
        return Context(
            sessions=sessions, dose=dose, start=self.plan.start, level_since=self.plan.start,
            on=self.on, events=self.events, measurements=self.grouped.measurements,
            declared=self.declared, run_gap=gap,
        )  # fmt: skip

    def met(self, criteria: tuple[Criterion, ...], match: Match, exercise: str | None,
            for_stop: bool = False) -> bool:  # fmt: skip
        ctx = attrs.evolve(self.context(exercise), for_stop=for_stop)
        return combine([check(c, ctx) for c in criteria], match) is True

    def fires(self, stop: rk.StopCriterion, exercise: str | None) -> bool:
        """A stop on an exercise (assess's own stops and the patient's), or as a warning
        sign: the person's days for a stop of the patient; any exercise's sessions for a
        stop of an exercise, as assess checks it on each exercise in turn."""
        if stop.scope is Scope.PATIENT:
            return self.met(stop.criteria, stop.match, None, for_stop=True)
        if exercise is not None:
            return self.met(stop.criteria, stop.match, exercise, for_stop=True)
        exercises = [ex.id for ex in self.plan.protocol.exercises]
        return any(self.met(stop.criteria, stop.match, x, for_stop=True) for x in exercises)


@cache
def care_plan(plan: rk.Plan) -> dict[str, Any]:
    return resources(json.loads(rk.export(plan, "fhir")), "CarePlan")[0]


class Fhir:
    """The log as Observations, and the variables a receiving system would set."""

    def __init__(self, plan: rk.Plan, log: rk.SessionLog, on: dt.date) -> None:
        bundle = json.loads(rk.export(log, "fhir", plan=plan))
        observations = resources(bundle, "Observation")
        self.sessions = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
        self.measurements = [o for o in observations if o not in self.sessions]
        self.care_plan = care_plan(plan)
        self.on = on
        self.start = plan.start.isoformat()

    def variables(self, canonical: str | None) -> dict[str, Any]:
        since_start = [o for o in self.sessions if o["effectiveDateTime"] >= self.start]
        own = [
            o for o in since_start
            if any(x.get("valueCanonical") == canonical for x in o["extension"])
        ]  # fmt: skip
        return {
            "sessions": own,
            "allSessions": since_start,
            "measurements": self.measurements,
            "carePlan": self.care_plan,
            "levelStart": self.start,
            "asOf": self.on.isoformat(),
        }


Expected = Callable[[Truth], bool]


def _every_action(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for a in actions for x in (a, *_every_action(a.get("action", [])))]


@cache
def conditions(plan: rk.Plan) -> list[tuple[str, str, str | None, Expected]]:
    """(what, expression, exercise whose sessions %sessions is, what rehabkit finds) for
    every condition of the plan's PlanDefinition."""
    protocol = plan.protocol
    [definition] = resources(json.loads(rk.export(protocol, "fhir")), "PlanDefinition")
    # Every action at any depth: a phase's exercises are its children (issue 26).
    actions = {a["id"]: a for a in _every_action(definition["action"])}
    children = actions
    found: list[tuple[str, dict[str, Any], str | None, Expected]] = []
    for rule in protocol.progression_rules:
        [cond] = children[rule.id]["condition"]
        found.append(
            (rule.id, cond, rule.exercise, _meets(rule.criteria, rule.match, rule.exercise))
        )
    for ex in protocol.exercises:
        by_text = {c["expression"]["description"]: c for c in actions[ex.id]["condition"]}
        for stop in protocol.stop_criteria:
            if stop.effect is rk.Effect.HOLD:  # holds progression only: a warning sign alone
                assert stop.text not in by_text
                continue
            found.append((f"{ex.id}/{stop.id}", by_text[stop.text], ex.id, _fires(stop, ex.id)))
    for stop in protocol.stop_criteria:
        if stop.criteria:
            [cond] = children[f"stop-{stop.id}"]["condition"]
            found.append((f"warning/{stop.id}", cond, None, _fires(stop, None)))
    for phase in protocol.phases:
        if phase.entry_criteria:
            [cond] = actions[f"phase-{phase.id}"]["condition"]
            found.append((f"phase/{phase.id}", cond, None,
                          _meets(phase.entry_criteria, Match.ALL, None)))  # fmt: skip
    return [(w, c["expression"]["expression"], ex, expected) for w, c, ex, expected in found]


def _meets(criteria: tuple[Criterion, ...], match: Match, exercise: str | None) -> Expected:
    return lambda truth: truth.met(criteria, match, exercise)


def _fires(stop: rk.StopCriterion, exercise: str | None) -> Expected:
    return lambda truth: truth.fires(stop, exercise)


def agree(plan: rk.Plan, log: rk.SessionLog) -> list[str]:
    """The conditions on which fhirpathpy and rehabkit disagree (none, we hope)."""
    on = max([e.date for e in log.entries] + [m.date for m in log.measurements] + [START])
    truth, fhir = Truth(plan, log, on), Fhir(plan, log, on)
    wrong = []
    results: dict[tuple[str, str | None], list[Any]] = {}
    for what, expression, exercise, expected_of in conditions(plan):
        canonical = None
        if exercise is not None:
            url = f"https://rehabkit.dev/fhir/ActivityDefinition/{plan.protocol.id}-{exercise}"
            canonical = f"{url}|{plan.protocol.version}"
        # A person's stop on every exercise's action is one expression: evaluate it once.
        key = (expression, canonical if "%sessions" in expression else None)
        if key not in results:
            results[key] = evaluate(expression, fhir.variables(canonical))
        result = results[key]
        expected = expected_of(truth)
        if (result == [True]) is not expected:
            wrong.append(f"{what}: FHIRPath {result}, rehabkit {expected}")
    return wrong


@pytest.mark.parametrize("protocol_id", thorough_after_first(PROTOCOLS))
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_condition_agrees_with_rehabkit(protocol_id: str, data: st.DataObject) -> None:
    plan, log = data.draw(logs(protocol_id))
    assert agree(plan, log) == []


def _effort_plan() -> rk.Plan:
    """Runner's knee with format 1.2's effort rules: the first two exercises move on when
    effort was easy and repetitions were left in reserve, or when pain after the session
    was lower than before it."""
    d = rk.to_data(rk.bundled("runners-knee"))
    first, second = (r for r in d["progression_rules"] if r.get("direction") == "progress"
                     and r["exercise"] in {e["id"] for e in d["exercises"][:2]})  # fmt: skip
    first["criteria"] = [
        {"metric": "effort", "op": "<=", "value": 4, "sessions": 2},
        {"metric": "reps_in_reserve", "op": ">=", "value": 3, "sessions": 2},
    ]
    second["criteria"] = [
        {"metric": "pain_after", "op": "<", "versus": {"metric": "pain_before"}, "sessions": 2}
    ]
    return rk.personalise(rk.from_data(d, rk.Protocol), start=START, side="left")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_effort_and_versus_conditions_agree_with_rehabkit(data: st.DataObject) -> None:
    """Format 1.2's effort, repetitions in reserve and pain-versus-pain criteria, read by
    fhirpath.js from the logged Observations, decide as assess does."""
    plan, log = data.draw(logs(_effort_plan()))
    assert agree(plan, log) == []


def _days(*pains: float, exercise: str = "wall-sit", **facts: Any) -> list[rk.SessionEntry]:
    return [
        rk.SessionEntry(date=START + dt.timedelta(days=i), exercise=exercise, pain_during=p,
                        pain_settled_after=rk.Quantity(10, U.MINUTE),
                        next_morning=rk.NextMorning.SAME, **facts)
        for i, p in enumerate(pains)
    ]  # fmt: skip


def test_a_good_run_of_wall_sits_moves_on_and_a_bad_one_stops() -> None:
    plan = plan_of("runners-knee")
    dose = {"sets": 3, "repetitions": 12, "hold": rk.Quantity(10, U.SECOND)}  # in full
    good = rk.SessionLog(entries=_days(1, 1, 1, **dose))  # below 2/10 (runners-knee 2.0.0)
    fhir = Fhir(plan, good, START + dt.timedelta(days=2))
    expressions = {w: e for w, e, _, _ in conditions(plan)}
    url = "https://rehabkit.dev/fhir/ActivityDefinition/runners-knee-wall-sit|"
    own = fhir.variables(url + plan.protocol.version)
    assert evaluate(expressions["wall-sit-to-shallow-squat"], own) == [True]
    assert evaluate(expressions["wall-sit/stop-exercise-pain"], own) != [True]
    bad = rk.SessionLog(entries=_days(1, 7, symptoms=(rk.Symptom.SWELLING,)))
    fhir = Fhir(plan, bad, START + dt.timedelta(days=1))
    own = fhir.variables(url + plan.protocol.version)
    assert evaluate(expressions["wall-sit/stop-exercise-pain"], own) == [True]
    assert evaluate(expressions["warning/stop-swelling-heat"], own) == [True]
    assert evaluate(expressions["wall-sit-to-shallow-squat"], own) != [True]
    assert agree(plan, good) == [] and agree(plan, bad) == []


def _good_run(plan: rk.Plan, exercise: str) -> list[rk.SessionEntry]:
    """Three sessions in a row in full without pain, ending in the third week (as far
    apart as the exercise's schedule lets sessions in a row be: from the second week),
    after a first one on the plan's first day."""
    dose = plan.protocol.dosage_for(exercise)
    gap = run_gap(schedules(plan)[exercise], plan.protocol.escalation)
    return [
        rk.SessionEntry(
            date=START + dt.timedelta(days=day), exercise=exercise,
            sets=full_part(dose.sets),
            repetitions=full_part(dose.repetitions),
            hold=full_part(dose.hold),
            duration=full_part(dose.duration),
            pain_during=0, pain_after=0, next_morning=rk.NextMorning.SAME,
            # Format 1.2: easy, with repetitions to spare, less pain after than before.
            pain_before=1, effort=2, reps_in_reserve=4,
        )
        # A first session on the first day: time at a level counts from the level's first
        # day only when the person trained from then (issue 22).
        for day in (0, 16 - 2 * gap, 16 - gap, 16)
    ]  # fmt: skip


MET = [
    rk.MeasurementEntry(date=START + dt.timedelta(days=16), name="knee_flexion", value=120,
                        unit=U.DEGREE),
    rk.MeasurementEntry(date=START + dt.timedelta(days=16), name="effusion", level="zero"),
    rk.MeasurementEntry(date=START + dt.timedelta(days=16), name="extensor_lag", present=False),
    rk.MeasurementEntry(date=START + dt.timedelta(days=16), name="ankle_dorsiflexion", value=15,
                        unit=U.DEGREE),
]  # fmt: skip


def _meeting(protocol: rk.Protocol, day: dt.date) -> list[rk.MeasurementEntry]:
    """A measurement that meets each measurement criterion of the protocol's gates (its
    start, its phases' entries, its outcome), taken on ``day``: the hand-made MET above for
    the ones it names, else the threshold itself (one past it for a strict comparison)."""
    known = {m.name: m for m in MET}
    criteria = [*protocol.start_criteria(), *(c for p in protocol.phases for c in p.entry_criteria),
                *(protocol.outcome.criteria if protocol.outcome else ())]  # fmt: skip
    found: dict[str, rk.MeasurementEntry] = {}
    for c in criteria:
        if c.metric is not rk.Metric.MEASUREMENT or c.measurement is None:
            continue
        name = c.measurement
        if name in known:
            found[name] = attrs.evolve(known[name], date=day)
            continue
        declared = next(m for m in protocol.measurements if m.name == name)
        if declared.unit is None and not declared.levels:
            found[name] = rk.MeasurementEntry(date=day, name=name, present=c.value == 1)
            continue
        step = {">": 1, "<": -1}.get(c.op.value, 0)
        value = max(c.value + step, found[name].value if name in found else 0)  # type: ignore[operator]
        found[name] = rk.MeasurementEntry(date=day, name=name, value=value, unit=declared.unit)
    return list(found.values())


RULES = [(p, r.id) for p in PROTOCOLS for r in rk.bundled(p).progression_rules
         if r.direction is rk.Direction.PROGRESS]  # fmt: skip


@pytest.mark.parametrize(("protocol_id", "rule_id"), RULES)
def test_each_progression_and_phase_fires_when_met(protocol_id: str, rule_id: str) -> None:
    """Random logs seldom meet a progression or a phase's entry: meet each on purpose."""
    plan = plan_of(protocol_id)
    rule = next(r for r in plan.protocol.progression_rules if r.id == rule_id)
    log = rk.SessionLog(
        entries=_good_run(plan, rule.exercise),
        measurements=_meeting(plan.protocol, START + dt.timedelta(days=16)),
    )
    assert agree(plan, log) == []
    truth = Truth(plan, log, START + dt.timedelta(days=16))
    fired = {w for w, _, _, expected in conditions(plan) if expected(truth)}
    assert rule_id in fired
    if plan.protocol.phases[1:]:
        assert f"phase/{plan.protocol.phases[-1].id}" in fired


def _on(day: int) -> dt.date:
    return START + dt.timedelta(days=day)


def _heel_drop(day: int, session: int | None, **facts: Any) -> rk.SessionEntry:
    """A twice-daily heel drop in full, without pain, no worse the next morning."""
    done: dict[str, Any] = {"sets": 3, "repetitions": 15, "pain_during": 0,
                            "next_morning": rk.NextMorning.SAME} | facts  # fmt: skip
    return rk.SessionEntry(date=_on(day), exercise="heel-drop-straight-knee", session=session,
                           **done)  # fmt: skip


READINGS = {
    "two sessions in a row": ([_heel_drop(7, 2), _heel_drop(8, 1)], True),
    "twice on one day": ([_heel_drop(8, 1), _heel_drop(8, 2)], True),
    "a gap of two days breaks a twice-daily run": ([_heel_drop(6, 1), _heel_drop(8, 1)], False),
    "an entry logged twice is one session": ([_heel_drop(8, 1), _heel_drop(8, 1)], False),
    "session 3 of a twice-daily schedule is its session 2": (
        [_heel_drop(8, 2), _heel_drop(8, 3)], False),
    "no number is session 1": ([_heel_drop(8, None), _heel_drop(8, 1)], False),
    "the worst pain of one session counts": (
        [_heel_drop(7, 2), _heel_drop(8, 1), _heel_drop(8, 1, pain_during=3)], False),
    "the least dose of one session counts": (
        [_heel_drop(7, 2), _heel_drop(8, 1), _heel_drop(8, 1, sets=2)], False),
    "the next morning still to come": (
        [_heel_drop(8, 1, next_morning=None), _heel_drop(8, 2, next_morning=None)], True),
    "a next morning not logged for a past day": (
        [_heel_drop(7, 2, next_morning=None), _heel_drop(8, 1)], False),
    "a worse next morning of one entry of a session": (
        [_heel_drop(7, 2), _heel_drop(8, 1), _heel_drop(8, 1, next_morning=rk.NextMorning.WORSE)],
        False),
}  # fmt: skip


@pytest.mark.parametrize("case", READINGS)
def test_conditions_read_sessions_as_assess_does(case: str) -> None:
    """A twice-daily heel drop adds weight after two sessions in a row without pain, in
    full and no worse the next morning: sessions by day and clipped number, merged worst
    first, in a row, with a next morning still to come read as no worse."""
    entries, expected = READINGS[case]
    # Training from the first day, so that the week at the level counts from it (issue 22).
    entries = [_heel_drop(0, 1), *entries]
    plan, log, on = plan_of("achilles-eccentric"), rk.SessionLog(entries=entries), _on(8)
    rule = "heel-drop-straight-knee-add-weight"
    [(expression, met)] = [(e, x) for w, e, _, x in conditions(plan) if w == rule]
    url = "https://rehabkit.dev/fhir/ActivityDefinition/achilles-eccentric-heel-drop-straight-knee"
    variables = Fhir(plan, log, on).variables(f"{url}|{plan.protocol.version}")
    assert (evaluate(expression, variables) == [True]) is expected
    assert met(Truth(plan, log, on)) is expected
    [decision] = [d for d in rk.assess(plan, log, on=on).decisions
                  if d.exercise == "heel-drop-straight-knee"]  # fmt: skip
    assert (decision.verdict is rk.Verdict.PROGRESS) is expected
    assert agree(plan, log) == []


def test_an_exercise_stop_as_a_warning_sign_reads_each_exercise_as_assess_does() -> None:
    """Issue 22, finding 11: the warning sign of a stop that applies to an exercise shows
    exactly when assess stops an exercise for it, not when the person's newest day hurt."""
    plan = plan_of("runners-knee")
    [expression] = [e for w, e, _, _ in conditions(plan) if w == "warning/stop-exercise-pain"]

    def entry(day: int, exercise: str, pain: float) -> rk.SessionEntry:
        return rk.SessionEntry(date=_on(day), exercise=exercise, pain_during=pain)

    cases = [
        # the wall sit hurt in its newest session, another exercise was fine a day later
        ([entry(1, "wall-sit", 7), entry(2, "hip-abduction", 1)], True),
        # an exercise the protocol does not have hurt: no exercise of the plan did
        ([entry(1, "wall-sit", 1), entry(2, "jogging", 7)], False),
        # two bad days of two exercises: the newest session of one of them hurt
        ([entry(1, "wall-sit", 7), entry(2, "hip-abduction", 7)], True),
        ([entry(1, "wall-sit", 1), entry(1, "wall-sit", 7)], True),  # the worst of a day
    ]
    for entries, fires in cases:
        log = rk.SessionLog(entries=entries)
        on = max(e.date for e in entries)
        stopped = {d.exercise for d in rk.assess(plan, log, on=on).decisions
                   if d.verdict is rk.Verdict.STOP and d.rule == "stop-exercise-pain"}  # fmt: skip
        assert bool(stopped) is fires
        result = evaluate(expression, Fhir(plan, log, on).variables(None))
        assert (result == [True]) is fires
        assert agree(plan, log) == []
