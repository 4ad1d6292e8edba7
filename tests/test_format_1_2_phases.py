"""Format 1.2, issue 24 items 7 and 8: phases that change a dose or frequency while keeping
what has progressed; a start gate; outcome criteria that complete the programme.

Each feature is stated in a protocol built from data, then checked as validated (bad values
give a plain problem with its path), shown in the handout, exported to FHIR (R4 and R5) and,
where it is a rule, decided by assess and advance.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

import rehabkit as rk

D = dt.date(2026, 12, 1)
KNEE = rk.to_data(rk.bundled("runners-knee"))
FIRST = ["inner-range-quads", "long-lever-bridge", "side-lying-clam", "hip-abduction", "wall-sit"]


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def phased() -> dict[str, Any]:
    """Runner's knee in two phases: twice a day for two weeks, then once a day, with two
    sets of the clam instead of three."""
    d = copy.deepcopy(KNEE)
    d["phases"] = [
        {
            "id": "early",
            "name": "Early",
            "exercises": FIRST,
            "dosage": {"frequency": {"times": 2, "period": 1, "period_unit": "d"}},
            "expected_duration": {"value": 2, "unit": "wk"},
        },
        {
            "id": "later",
            "name": "Later",
            "exercises": ["wall-sit"],
            "dosage": {"frequency": {"times": 1, "period": 1, "period_unit": "d"}},
            "exercise_dosage": [{"exercise": "side-lying-clam", "dosage": {"sets": 2}}],
        },
    ]
    return d


def gated() -> dict[str, Any]:
    """Runner's knee with a start gate (5 days after the injury, walking pain-free) and an
    outcome (a hop test at 90 % of the other leg)."""
    d = copy.deepcopy(KNEE)
    d["events"] = [{"id": "injury", "name": "Injury"}]
    d["measurements"] = [
        {"name": "walking_pain_free", "kind": "presence", "description": "Walks without pain."},
        {"name": "hop_test", "unit": "%", "description": "Single-leg hop, % of the other leg."},
    ]
    d["start"] = {
        "description": "Start about 5 days after the injury, once walking is pain-free",
        "criteria": [
            {"metric": "time_elapsed", "op": ">=", "value": 5, "unit": "d", "since": "injury"},
            {"metric": "measurement", "measurement": "walking_pain_free", "op": "==", "value": 1},
        ],
    }
    d["outcome"] = {
        "description": "Back to running when your hop test is at least 90% of the other leg",
        "criteria": [
            {"metric": "measurement", "measurement": "hop_test", "op": ">=", "value": 90,
             "unit": "%"},
        ],
    }  # fmt: skip
    return d


def problems(data: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in rk.validate(data, rk.Protocol)}


def good(on: dt.date, exercise: str, session: int = 1) -> rk.SessionEntry:
    values: dict[str, Any] = dict(
        sets=3, repetitions=12, pain_during=0, pain_after=0, next_morning=rk.NextMorning.SAME,
        session=session,
    )  # fmt: skip
    if exercise in ("wall-sit", "inner-range-quads"):
        values["hold"] = rk.Quantity(10 if exercise == "wall-sit" else 5, rk.Unit.SECOND)
    return rk.SessionEntry(date=on, exercise=exercise, **values)


def item(plan: rk.Plan, exercise: str) -> rk.PlanExercise:
    return next(i for i in plan.exercises if i.exercise == exercise)


def html(plan: rk.Plan) -> str:
    out = rk.export(plan, "html")
    return out if isinstance(out, str) else out.decode()


def fhir(plan: rk.Plan | rk.Protocol, version: str) -> dict[str, Any]:
    out = rk.export(plan, "fhir", fhir_version=version)
    return json.loads(out if isinstance(out, str) else out.decode())


def plan_definition(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "PlanDefinition"
    )


def actions(node: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for a in node.get("action", []):
        found[a["id"]] = a
        found.update(actions(a))
    return found


# --------------------------------------------------------------- 7. a phase changes a dose


def test_a_phase_dose_is_validated_with_its_path() -> None:
    assert problems(phased()) == {}
    bad = phased()
    bad["phases"][1]["exercise_dosage"] = [{"exercise": "no-such", "dosage": {"sets": 2}}]
    assert "phases[1].exercise_dosage[0].exercise" in problems(bad)
    bad = phased()
    bad["phases"][1]["dosage"] = {"sets": 0}
    assert any(p.startswith("phases[1].dosage.sets") for p in problems(bad))
    bad = phased()
    bad["phases"][1]["dosage"] = {"sessions": 2}
    assert any(p.startswith("phases[1].dosage") for p in problems(bad))


def test_the_first_phase_dose_is_the_plans_dose() -> None:
    plan = rk.personalise(rk.from_data(phased()), start=D, side="left")
    for i in plan.exercises:
        assert i.dosage.frequency == rk.Frequency(2, 1), i.exercise
    assert len(plan.session_dates("side-lying-clam")) == 7 * plan.weeks  # days, 2 sessions each


def test_a_phase_switch_changes_only_what_it_sets_and_keeps_what_has_progressed() -> None:
    protocol = rk.from_data(phased())
    plan = rk.personalise(protocol, start=D, side="left")
    entries = [
        good(day(n), x, s) for n in (1, 2, 3) for x in (i.exercise for i in plan.exercises)
        for s in (1, 2)
    ]  # fmt: skip
    result = rk.assess(plan, rk.SessionLog(entries=entries), on=day(3))
    assert result.decision("side-lying-clam").verdict is rk.Verdict.PROGRESS
    plan = rk.advance(plan, result)
    assert item(plan, "side-lying-clam").dosage.repetitions == 16
    # Two weeks on, the plan moves into the later phase.
    entries += [good(day(n), x, s) for n in (14, 15) for x in FIRST for s in (1, 2)]
    result = rk.assess(plan, rk.SessionLog(entries=entries), on=day(15))
    assert result.next_phase is not None and result.next_phase.ready
    later = rk.advance(plan, result)
    assert later.phase == "later"
    clam = item(later, "side-lying-clam")
    assert clam.dosage.frequency == rk.Frequency(1, 1)  # the phase's change
    assert clam.dosage.sets == 2  # this exercise's own change
    assert clam.dosage.repetitions >= 16  # what had progressed is kept
    assert clam.since == later.phase_since  # a changed dose is a new level
    bridge = item(later, "long-lever-bridge")
    assert bridge.dosage.frequency == rk.Frequency(1, 1) and bridge.dosage.sets == 3


def test_the_handout_says_what_changes_in_each_phase() -> None:
    plan = rk.personalise(rk.from_data(phased()), start=D, side="left")
    html_text = html(plan)
    assert "twice a day" in html_text
    assert "When this phase starts, all your exercises change to: once a day." in html_text
    assert "When this phase starts, Clam changes to: 2 sets." in html_text


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_fhir_carries_a_phase_dose(version: str) -> None:
    plan = rk.personalise(rk.from_data(phased()), start=D, side="left")
    found = actions(plan_definition(fhir(plan, version)))
    wide = found["phase-later-dose"]
    assert wide["timingTiming"]["repeat"]["frequency"] == 1
    assert "once a day" in wide["description"]
    clam = found["phase-later-dose-side-lying-clam"]
    assert "side-lying-clam|" in clam["definitionCanonical"]
    assert any(
        e["url"].endswith("exercise-sets") and e["valueInteger"] == 2 for e in clam["extension"]
    )
    assert found["phase-early-dose"]["timingTiming"]["repeat"]["frequency"] == 2


# --------------------------------------------------------------- 8. a start gate, an outcome


def test_gates_are_validated_with_their_paths() -> None:
    assert problems(gated()) == {}
    bad = gated()
    bad["start"]["criteria"] = []
    assert "start.criteria" in problems(bad)
    bad = gated()
    bad["outcome"]["criteria"][0]["measurement"] = "no_such"
    assert "outcome.criteria[0].measurement" in problems(bad)
    bad = gated()
    bad["start"]["criteria"][0]["since"] = "surgery"
    assert "start.criteria[0].since" in problems(bad)


def test_assess_waits_for_the_start_gate_then_advance_starts_the_plan() -> None:
    plan = rk.personalise(rk.from_data(gated()), start=D, side="left",
                          events={"injury": day(1)})  # fmt: skip
    assert plan.started is None
    entries = [good(day(n), i.exercise) for n in (1, 2, 3) for i in plan.exercises]
    result = rk.assess(plan, rk.SessionLog(entries=entries), on=day(3))
    assert result.start is not None and not result.start.ready
    assert {d.verdict for d in result.decisions} == {rk.Verdict.HOLD}
    assert "not started" in result.decision("side-lying-clam").summary
    assert rk.advance(plan, result) == plan
    # Day 6 and walking without pain: the programme starts.
    walking = rk.MeasurementEntry(date=day(6), name="walking_pain_free", present=True)
    log = rk.SessionLog(entries=entries, measurements=[walking])
    result = rk.assess(plan, log, on=day(6))
    assert result.start is not None and result.start.ready
    started = rk.advance(plan, result)
    assert started.started == day(6)
    assert all(i.since == day(6) for i in started.exercises)
    # From then on the gate is not read again, and the rules decide.
    later = [good(day(n), i.exercise) for n in (6, 7, 8) for i in plan.exercises]
    result = rk.assess(started, rk.SessionLog(entries=later, measurements=[walking]), on=day(8))
    assert result.start is None
    assert result.decision("side-lying-clam").verdict is rk.Verdict.PROGRESS


def test_a_stop_still_stops_before_the_start() -> None:
    plan = rk.personalise(rk.from_data(gated()), start=D, side="left",
                          events={"injury": day(1)})  # fmt: skip
    entries = [good(day(1), "wall-sit")]
    entries.append(attrs_evolve(entries[0], symptoms=[rk.Symptom.SWELLING]))
    result = rk.assess(plan, rk.SessionLog(entries=entries), on=day(1))
    assert rk.Verdict.STOP in {d.verdict for d in result.decisions}


def attrs_evolve(entry: rk.SessionEntry, **changes: Any) -> rk.SessionEntry:
    import attrs

    return attrs.evolve(entry, session=2, **changes)


def test_the_first_phase_entry_criteria_are_honoured_as_the_start_gate() -> None:
    d = phased()
    d["events"] = [{"id": "injury", "name": "Injury"}]
    d["phases"][0]["entry_criteria"] = [
        {"metric": "time_elapsed", "op": ">=", "value": 5, "unit": "d", "since": "injury"}
    ]
    plan = rk.personalise(rk.from_data(d), start=D, side="left", events={"injury": day(1)})
    result = rk.assess(plan, rk.SessionLog(), on=day(2))
    assert result.start is not None and not result.start.ready
    assert rk.assess(plan, rk.SessionLog(), on=day(6)).start.ready  # type: ignore[union-attr]


def test_assess_says_the_programme_is_complete_when_the_outcome_holds() -> None:
    d = gated()
    del d["start"]
    plan = rk.personalise(rk.from_data(d), start=D, side="left", events={"injury": day(1)})
    entries = [good(day(n), i.exercise) for n in (1, 2) for i in plan.exercises]
    hop = rk.MeasurementEntry(date=day(2), name="hop_test", value=85, unit=rk.Unit.PERCENT)
    result = rk.assess(plan, rk.SessionLog(entries=entries, measurements=[hop]), on=day(2))
    assert result.outcome is not None and not result.outcome.ready and not result.complete
    hop = attrs_evolve_measure(hop, value=92)
    result = rk.assess(plan, rk.SessionLog(entries=entries, measurements=[hop]), on=day(2))
    assert result.outcome is not None and result.outcome.ready and result.complete
    assert result.to_data()["complete"] is True
    assert "complete" in repr(result)


def test_advance_records_the_day_the_programme_was_completed() -> None:
    d = gated()
    del d["start"]
    plan = rk.personalise(rk.from_data(d), start=D, side="left", events={"injury": day(1)})
    entries = [good(day(n), i.exercise) for n in (1, 2) for i in plan.exercises]
    log = rk.SessionLog(entries=entries, measurements=[
        rk.MeasurementEntry(date=day(2), name="hop_test", value=85, unit=rk.Unit.PERCENT)])  # fmt: skip
    assert rk.advance(plan, rk.assess(plan, log, on=day(2))).completed is None
    hop = rk.MeasurementEntry(date=day(3), name="hop_test", value=92, unit=rk.Unit.PERCENT)
    log = rk.SessionLog(entries=entries, measurements=[*log.measurements, hop])
    done = rk.advance(plan, rk.assess(plan, log, on=day(3)))
    assert done.completed == day(3)
    assert "Completed: " + day(3).isoformat() in done.describe()
    # A later assessment never moves the day; a file keeps it.
    again = rk.advance(done, rk.assess(done, log, on=day(5)))
    assert again.completed == day(3)
    assert rk.loads(rk.dumps(again), rk.Plan) == again
    assert rk.to_data(again)["completed"] == day(3).isoformat()
    # A receiving system sees a finished CarePlan.
    for version in ("R4", "R5"):
        bundle = json.loads(rk.export(done, "fhir", fhir_version=version))
        [care] = [e["resource"] for e in bundle["entry"]
                  if e["resource"]["resourceType"] == "CarePlan"]  # fmt: skip
        assert care["status"] == "completed"
        before = json.loads(rk.export(plan, "fhir", fhir_version=version))
        assert "completed" not in {e["resource"].get("status") for e in before["entry"]
                                   if e["resource"]["resourceType"] == "CarePlan"}  # fmt: skip


def attrs_evolve_measure(m: rk.MeasurementEntry, **changes: Any) -> rk.MeasurementEntry:
    import attrs

    return attrs.evolve(m, **changes)


def test_the_outcome_waits_for_the_last_phase() -> None:
    d = phased()
    d["measurements"] = [{"name": "hop_test", "unit": "%"}]
    d["outcome"] = {"criteria": [{"metric": "measurement", "measurement": "hop_test",
                                  "op": ">=", "value": 90, "unit": "%"}]}  # fmt: skip
    plan = rk.personalise(rk.from_data(d), start=D, side="left")
    hop = rk.MeasurementEntry(date=day(2), name="hop_test", value=95, unit=rk.Unit.PERCENT)
    result = rk.assess(plan, rk.SessionLog(measurements=[hop]), on=day(2))
    assert result.outcome is not None and not result.complete
    assert "last phase" in (result.outcome.note or "")


def test_the_handout_says_when_to_start_and_when_it_is_done() -> None:
    plan = rk.personalise(rk.from_data(gated()), start=D, side="left",
                          events={"injury": day(1)})  # fmt: skip
    html_text = html(plan)
    assert (
        "When to start: Start about 5 days after the injury, once walking is pain-free."
        in html_text
    )
    assert (
        "When you are done: Back to running when your hop test is at least 90% of the other leg."
        in html_text
    )


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_fhir_carries_the_start_gate_and_the_outcome(version: str) -> None:
    plan = rk.personalise(rk.from_data(gated()), start=D, side="left",
                          events={"injury": day(1)})  # fmt: skip
    found = actions(plan_definition(fhir(plan, version)))
    start = found["programme-start"]
    assert start["condition"][0]["kind"] == "start"
    assert "5 days after the injury" in start["description"]
    outcome = found["programme-outcome"]
    assert outcome["condition"][0]["kind"] == "stop"
    assert "hop_test" in outcome["condition"][0]["expression"]["expression"]


def test_the_gates_words_are_translated_with_the_protocol() -> None:
    texts = rk.source_texts(rk.from_data(gated()))
    assert texts["start.description"].startswith("Start about 5 days")
    assert texts["outcome.description"].startswith("Back to running")


def test_show_and_describe_say_the_gates_and_the_phase_doses() -> None:
    protocol = rk.from_data({**phased(), **{k: v for k, v in gated().items()
                                            if k in ("start", "outcome", "events", "measurements")}})  # fmt: skip
    text = rk.describe(protocol)
    assert "Start about 5 days after the injury" in text and "Outcome" in text
    assert "Dose from here, every exercise: once a day" in text
    assert "Dose from here, Clam: 2 sets" in text
    plan = rk.personalise(protocol, start=D, side="left", events={"injury": day(1)})
    assert "Not started yet" in plan.describe()
    result = rk.assess(plan, rk.SessionLog(), on=day(2))
    assert "start: not yet" in rk.describe(result)


def test_a_phase_frequency_is_fixed_and_an_exercise_changed_once() -> None:
    bad = phased()
    bad["phases"][1]["dosage"]["frequency"]["period_max"] = 2
    assert "phases[1].dosage.frequency.period_max" in problems(bad)
    bad = phased()
    bad["phases"][1]["exercise_dosage"].append({"exercise": "side-lying-clam", "dosage": {}})
    assert "phases[1].exercise_dosage[1].exercise" in problems(bad)


def test_a_started_plans_handout_no_longer_says_when_to_start() -> None:
    plan = rk.personalise(rk.from_data(gated()), start=D, side="left",
                          events={"injury": day(1)})  # fmt: skip
    walking = rk.MeasurementEntry(date=day(6), name="walking_pain_free", present=True)
    started = rk.advance(plan, rk.assess(plan, rk.SessionLog(measurements=[walking]), on=day(6)))
    assert started.started == day(6)
    assert "When to start" not in html(started)
    assert "When you are done" in html(started)


def test_the_exercise_report_gives_the_gates_and_the_phase_doses() -> None:
    protocol = rk.from_data({**phased(), **{k: v for k, v in gated().items()
                                            if k in ("start", "outcome", "events", "measurements")}})  # fmt: skip
    cert = rk.report(protocol, "cert")
    paths = {part.path for item in cert.items for part in item.parts}
    assert {"start.criteria", "outcome.criteria", "phases[0].dosage", "phases[1].dosage",
            "phases[1].exercise_dosage[0]"} <= paths  # fmt: skip


def test_an_exercise_that_joins_later_takes_what_the_phases_so_far_set() -> None:
    d = phased()
    d["phases"][0]["exercises"] = FIRST[:-1]
    d["phases"][1] = {
        "id": "later", "name": "Later", "exercises": ["wall-sit"],
        "entry_criteria": [{"metric": "time_elapsed", "op": ">=", "value": 1, "unit": "d"}],
        "exercise_dosage": [{"exercise": "wall-sit", "dosage": {"sets": 2}}],
    }  # fmt: skip
    plan = rk.personalise(rk.from_data(d), start=D, side="left")
    assert "wall-sit" not in {i.exercise for i in plan.exercises}
    result = rk.assess(plan, rk.SessionLog(), on=day(2))
    later = rk.advance(plan, result)
    wall = item(later, "wall-sit")
    assert wall.dosage.frequency == rk.Frequency(2, 1)  # the first phase's, still in force
    assert wall.dosage.sets == 2 and wall.dosage.hold == rk.Quantity(10, rk.Unit.SECOND)
