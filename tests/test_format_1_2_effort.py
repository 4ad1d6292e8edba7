"""Issue 24, items 3 and 4 (format 1.2): effort can be logged and read by rules, and any
dose quantity can progress.

3. RPE (Borg CR10, 0-10) and repetitions in reserve were in the dose but could not be
   logged nor used by a rule: "add weight when 2 sets of 10 are easy", "work at your
   10-repetition maximum", "increase speed when it feels easy" could not be rules.
4. Only sets, repetitions, hold, load and joint angle could progress: duration, distance,
   speed, range, band resistance level and the effort target were refused.

Each feature is stated in a protocol built from data, and checked to be validated (a bad
value is a plain problem with its path), shown in the handout, exported to FHIR and, as a
rule, decided by assess (and by the FHIR conditions, the same way).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import rehabkit as rk

from .helpers import exercise_data as exercise
from .helpers import protocol_data as knee

D = dt.date(2026, 12, 1)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def plan_of(d: dict[str, Any]) -> rk.Plan:
    return rk.personalise(rk.from_data(d, rk.Protocol), patient="Ana Lopez", side="left",
                          start=D, frequency="daily")  # fmt: skip


def fhir(document: Any, version: str = "R5", **options: Any) -> list[dict[str, Any]]:
    bundle = json.loads(rk.export(document, "fhir", fhir_version=version, **options))
    return [e["resource"] for e in bundle["entry"]]


# --------------------------------------------------------------------------- 3. effort

EASY = {"metric": "effort", "op": "<=", "value": 4, "sessions": 2}
IN_RESERVE = {"metric": "reps_in_reserve", "op": ">=", "value": 3, "sessions": 2}


def with_effort_rule(*criteria: dict[str, Any]) -> dict[str, Any]:
    """Side-lying clams with 1 kg: add 0.5 kg, up to 3 kg, when two sessions in a row are
    done in full and feel easy."""
    d = knee()
    exercise(d, "side-lying-clam")["dosage"] = {
        "sets": 2, "repetitions": 10,
        "load": {"description": "an ankle weight", "amount": {"value": 1, "unit": "kg"}},
        "intensity": {"rpe": 5, "reps_in_reserve": 3},
    }  # fmt: skip
    d["progression_rules"].append({
        "id": "clam-heavier", "exercise": "side-lying-clam", "direction": "progress",
        "criteria": [*criteria, {"metric": "full_dosage", "op": "==", "value": 1,
                                 "sessions": 2}],
        "description": "Add half a kilogram when two sets of 10 feel easy.",
        "change": {"parameter": "load", "step": 0.5, "limit": 3, "unit": "kg"},
    })  # fmt: skip
    return d


def clams(*efforts: float, **facts: Any) -> rk.SessionLog:
    log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
    for n, effort in enumerate(efforts):
        log = log.log_session("side-lying-clam", day(n), pain_during=0, pain_after=0,
                              sets=2, repetitions=10, effort=effort, **facts)  # fmt: skip
    return log


def test_effort_and_reps_in_reserve_are_metrics_a_rule_reads() -> None:
    d = with_effort_rule(EASY, IN_RESERVE)
    assert rk.validate(d, rk.Protocol) == []
    protocol = rk.from_data(d, rk.Protocol)
    rule = next(r for r in protocol.progression_rules if r.id == "clam-heavier")
    words = [c.describe() for c in rule.criteria]
    assert "effort" in words[0] and "4/10" in words[0]
    assert "in reserve" in words[1]


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        ({**EASY, "value": 11}, "effort must lie between 0 and 10, not 11"),
        ({**IN_RESERVE, "value": -1}, "reps_in_reserve must lie between 0 and 10, not -1"),
        ({**EASY, "unit": "min"}, "effort takes no unit"),
    ],
)
def test_a_bad_effort_criterion_is_a_plain_problem_with_its_path(
    criterion: dict[str, Any], message: str
) -> None:
    d = with_effort_rule(criterion)
    problems = rk.validate(d, rk.Protocol)
    at = f"progression_rules[{len(d['progression_rules']) - 1}].criteria[0]"
    assert [(p.path, p.message) for p in problems] == [(at, message)]


@pytest.mark.parametrize(
    ("fact", "value", "path"),
    [("effort", 11, "entries[0].effort"), ("reps_in_reserve", -2, "entries[0].reps_in_reserve"),
     ("reps_in_reserve", 2.5, "entries[0].reps_in_reserve")],
)  # fmt: skip
def test_effort_is_logged_and_a_bad_value_is_refused(fact: str, value: Any, path: str) -> None:
    entry = {"date": "2026-12-01", "exercise": "side-lying-clam", "pain_during": 0}
    good = {"protocol": "runners-knee", "entries": [entry | {"effort": 3, "reps_in_reserve": 4}]}
    assert rk.validate(good, rk.SessionLog) == []
    log = rk.from_data(good, rk.SessionLog)
    assert log.entries[0].effort == 3 and log.entries[0].reps_in_reserve == 4
    assert rk.loads(rk.dumps(log), rk.SessionLog) == log
    bad = {"protocol": "runners-knee", "entries": [entry | {fact: value}]}
    assert [p.path for p in rk.validate(bad, rk.SessionLog)] == [path]
    with pytest.raises(rk.FieldError):
        rk.SessionEntry(date=D, exercise="side-lying-clam", **{fact: value})


def test_assess_adds_weight_when_two_sessions_feel_easy() -> None:
    plan = plan_of(with_effort_rule(EASY))
    easy = rk.assess(plan, clams(3, 4), on=day(1)).decision("side-lying-clam")
    assert easy.verdict is rk.Verdict.PROGRESS, easy
    hard = rk.assess(plan, clams(3, 7), on=day(1)).decision("side-lying-clam")
    assert hard.verdict is rk.Verdict.HOLD
    unknown = rk.assess(plan, clams(3, 4).log_session(
        "side-lying-clam", day(1), pain_during=0, sets=2, repetitions=10, effort=8
    ), on=day(1)).decision("side-lying-clam")  # fmt: skip
    assert unknown.verdict is rk.Verdict.HOLD  # one session logged twice: the harder counts
    heavier = rk.advance(plan, rk.assess(plan, clams(3, 4), on=day(1)))
    item = next(i for i in heavier.exercises if i.exercise == "side-lying-clam")
    assert item.dosage.load is not None and item.dosage.load.amount == rk.Quantity(1.5, "kg")


def test_assess_reads_repetitions_in_reserve_the_least_first() -> None:
    plan = plan_of(with_effort_rule(IN_RESERVE))
    log = clams(5, 5, reps_in_reserve=3)
    assert rk.assess(plan, log, on=day(1)).decision("side-lying-clam").verdict is (
        rk.Verdict.PROGRESS
    )
    log = log.log_session("side-lying-clam", day(1), pain_during=0, sets=2, repetitions=10,
                          reps_in_reserve=1)  # fmt: skip
    assert rk.assess(plan, log, on=day(1)).decision("side-lying-clam").verdict is rk.Verdict.HOLD


def test_the_paper_log_asks_for_effort_when_a_rule_reads_it() -> None:
    plain = rk.export(plan_of(knee()), "html").decode()
    assert "how hard" not in plain
    page = rk.export(plan_of(with_effort_rule(EASY, IN_RESERVE)), "html").decode()
    assert "how hard it felt" in page
    assert "more repetitions you could have done" in page
    assert "stop each set with 3 more repetitions left in you" in page  # the effort target


def test_effort_goes_to_fhir_session_observations_and_back() -> None:
    plan = plan_of(with_effort_rule(EASY, IN_RESERVE))
    log = clams(3, 4, reps_in_reserve=3)
    for version in ("R4", "R5"):
        observations = [r for r in fhir(log, version, plan=plan)
                        if r["resourceType"] == "Observation"]  # fmt: skip
        codes = {c["code"]["coding"][0]["code"]: c for o in observations
                 for c in o.get("component", [])}  # fmt: skip
        assert codes["effort"]["valueQuantity"]["value"] == 3
        assert codes["reps-in-reserve"]["valueQuantity"]["value"] == 3
        plan_resources = fhir(plan, version)
        clam = next(r for r in plan_resources if r["resourceType"] == "ActivityDefinition"
                    and r["url"].endswith("-side-lying-clam"))  # fmt: skip
        targets = {x["url"].rsplit("/", 1)[-1]: x for x in clam["extension"]}
        assert targets["exercise-rpe"]["valueInteger"] == 5
        assert targets["exercise-reps-in-reserve"]["valueInteger"] == 3
    back = rk.log_from_fhir(rk.export(log, "fhir", plan=plan), plan.protocol)
    assert [(e.effort, e.reps_in_reserve) for e in back.entries] == [(3, 3), (4, 3)]


def test_the_fhir_conditions_read_effort_as_assess_does() -> None:
    fhirpathpy = pytest.importorskip("fhirpathpy")
    del fhirpathpy
    from .test_fhir_conditions import agree

    plan = plan_of(with_effort_rule(EASY, IN_RESERVE))
    for log in (
        clams(3, 4, reps_in_reserve=3),
        clams(3, 7, reps_in_reserve=3),
        clams(3, 4, reps_in_reserve=1),
        clams(3, 4, reps_in_reserve=3).log_session(
            "side-lying-clam", day(1), pain_during=0, sets=2, repetitions=10, effort=8,
            reps_in_reserve=1),
    ):  # fmt: skip
        assert agree(plan, log) == []


# --------------------------------------------------------------------------- 4. any dose

BAND = ["yellow", "red", "green", "blue"]

#: (parameter, the exercise's dose, the change, the dose after one step (as data), the
#: handout's words before and after, the FHIR extension and its value after)
DOSES = {
    "duration": (
        {"duration": {"value": 10, "unit": "min"}},
        {"step": 5, "limit": 30, "unit": "min"},
        {"duration": {"value": 15, "unit": "min"}},
        "for 10 minutes", "for 15 minutes", None, 15,  # FHIR: Timing.repeat.duration
    ),
    "distance": (
        {"distance": {"value": 1, "unit": "km"}},
        {"step": 0.5, "limit": 3, "unit": "km"},
        {"distance": {"value": 1.5, "unit": "km"}},
        "cover 1 km", "cover 1.5 km", "exercise-distance", 1.5,
    ),
    "speed": (
        {"speed": {"value": 4, "unit": "km/h"}},
        {"step": 0.5, "limit": 6, "unit": "km/h"},
        {"speed": {"value": 4.5, "unit": "km/h"}},
        "at 4 km/h", "at 4.5 km/h", "exercise-speed", 4.5,
    ),
    "range": (
        {"range": {"value": 60, "unit": "deg"}},
        {"step": 10, "limit": 120, "unit": "deg"},
        {"range": {"value": 70, "unit": "deg"}},
        "move through 60 deg", "move through 70 deg", "exercise-range", 70,
    ),
    "load_level": (
        {"load": {"description": "an exercise band", "level": 1, "levels": BAND}},
        {"step": 1},
        {"load": {"description": "an exercise band", "level": 2, "levels": BAND}},
        "resistance level 1 of 4 (yellow)", "resistance level 2 of 4 (red)",
        "exercise-load-level", 2,
    ),
    "rpe": (
        {"intensity": {"rpe": 5}},
        {"step": 1, "limit": 7},
        {"intensity": {"rpe": 6}},
        "exertion 5 out of 10", "exertion 6 out of 10", "exercise-rpe", 6,
    ),
    "reps_in_reserve": (
        {"intensity": {"reps_in_reserve": 4}},
        {"step": -1, "limit": 1},
        {"intensity": {"reps_in_reserve": 3}},
        "stop each set with 4 more", "stop each set with 3 more", "exercise-reps-in-reserve", 3,
    ),
}  # fmt: skip


def with_dose_rule(parameter: str, dose: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """Hip abduction with the given dose, moved on by one step after two sessions in a row
    with little pain."""
    d = knee()
    exercise(d, "hip-abduction")["dosage"] = {"sets": 1, **dose}
    d["progression_rules"].append({
        "id": "hip-abduction-more", "exercise": "hip-abduction", "direction": "progress",
        "criteria": [{"metric": "pain_during", "op": "<=", "value": 2, "sessions": 2}],
        "description": "A step further after two sessions with little pain.",
        "change": {"parameter": parameter, **change},
    })  # fmt: skip
    return d


def two_easy_sessions() -> rk.SessionLog:
    log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
    for n in range(2):
        log = log.log_session("hip-abduction", day(n), pain_during=1)
    return log


def extension_values(resources: list[dict[str, Any]], name: str) -> list[Any]:
    """Every value of our extension ``name`` anywhere in the resources."""
    found: list[Any] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if str(x.get("url", "")).endswith(f"/{name}"):
                values = [v for k, v in x.items() if k.startswith("value")]
                found.append(values[0] if values else x)  # a complex one: itself
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(resources)
    return found


def number_in(value: Any) -> Any:
    return value.get("value") if isinstance(value, dict) else value


@pytest.mark.parametrize("parameter", DOSES)
def test_any_dose_quantity_progresses(parameter: str) -> None:
    dose, change, after, words, words_after, extension, value = DOSES[parameter]
    d = with_dose_rule(parameter, dose, change)
    assert rk.validate(d, rk.Protocol) == []
    plan = plan_of(d)
    result = rk.assess(plan, two_easy_sessions(), on=day(1))
    decision = result.decision("hip-abduction")
    assert decision.verdict is rk.Verdict.PROGRESS, decision
    nxt = rk.advance(plan, result)
    item = next(i for i in nxt.exercises if i.exercise == "hip-abduction")
    assert item.dosage.describe() != plan.dosage_for("hip-abduction").describe()
    [data] = [i for i in rk.to_data(nxt)["exercises"] if i["exercise"] == "hip-abduction"]
    assert {k: data["dosage"][k] for k in after} == after
    # The plan records the progressed value, and a file keeps it.
    assert rk.loads(rk.dumps(nxt), rk.Plan) == nxt
    # The handout says the dose before and after.
    before_page = rk.export(plan, "html").decode()
    after_page = rk.export(nxt, "html").decode()
    assert words in before_page and words_after not in before_page
    assert words_after in after_page
    # FHIR carries the dose, and the rule's change names the parameter.
    for version in ("R4", "R5"):
        if extension is None:
            assert f'"duration": {value}' in json.dumps(fhir(nxt, version))
            continue
        assert value in [number_in(v) for v in extension_values(fhir(nxt, version), extension)]
        changes = extension_values(fhir(rk.from_data(d, rk.Protocol), version), "exercise-change")
        parts = [p for c in changes for p in c.get("extension", [])]
        assert {"url": "parameter", "valueCode": parameter} in parts


def test_a_dose_change_is_refused_plainly_when_it_cannot_apply() -> None:
    # A distance changed in minutes.
    d = with_dose_rule("distance", {"distance": {"value": 1, "unit": "km"}},
                       {"step": 5, "unit": "min"})  # fmt: skip
    at = f"progression_rules[{len(d['progression_rules']) - 1}].change"
    [problem] = rk.validate(d, rk.Protocol)
    assert problem.path == at and "distance" in problem.message
    # A speed changed for an exercise that gives no speed.
    d = with_dose_rule("speed", {"duration": {"value": 10, "unit": "min"}},
                       {"step": 0.5, "unit": "km/h"})  # fmt: skip
    [problem] = rk.validate(d, rk.Protocol)
    assert problem.path == f"{at}.parameter" and "speed" in problem.message
    # A band level beyond the levels named.
    bad = {"load": {"description": "a band", "level": 5, "levels": BAND}}
    d = with_dose_rule("load_level", bad, {"step": 1})
    [problem] = rk.validate(d, rk.Protocol)
    assert problem.path.endswith("dosage.load.level") and "beyond the 4 levels" in problem.message
    # A distance in kilograms.
    d = with_dose_rule(
        "distance", {"distance": {"value": 1, "unit": "kg"}}, {"step": 1, "unit": "km"}
    )
    [problem] = rk.validate(d, rk.Protocol)
    assert problem.path.endswith("dosage.distance")


def test_a_band_level_stops_at_the_strongest_band() -> None:
    dose = {"load": {"description": "an exercise band", "level": 4, "levels": BAND}}
    plan = plan_of(with_dose_rule("load_level", dose, {"step": 1}))
    decision = rk.assess(plan, two_easy_sessions(), on=day(1)).decision("hip-abduction")
    assert decision.verdict is rk.Verdict.HOLD
    assert "limit" in decision.summary or "limit" in str(decision)


def test_speed_increases_when_walking_feels_easy() -> None:
    """ "Increase the speed by 0.5 km/h when it feels easy": an effort criterion and a
    speed change, together; the glance table shows the distance and the speed."""
    d = knee()
    exercise(d, "hip-abduction")["dosage"] = {
        "sets": 1, "distance": {"value": 2, "unit": "km"}, "speed": {"value": 4, "unit": "km/h"},
    }  # fmt: skip
    d["progression_rules"].append({
        "id": "walk-faster", "exercise": "hip-abduction", "direction": "progress",
        "criteria": [{"metric": "effort", "op": "<=", "value": 3, "sessions": 2}],
        "description": "Walk 0.5 km/h faster when two walks feel easy.",
        "change": {"parameter": "speed", "step": 0.5, "limit": 6, "unit": "km/h"},
    })  # fmt: skip
    plan = plan_of(d)
    log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
    for n, effort in enumerate((3, 2)):
        log = log.log_session("hip-abduction", day(n), pain_during=0, effort=effort)
    result = rk.assess(plan, log, on=day(1))
    assert result.decision("hip-abduction").verdict is rk.Verdict.PROGRESS
    nxt = rk.advance(plan, result)
    assert nxt.dosage_for("hip-abduction").speed == rk.Quantity(4.5, "km/h")
    # The glance table is the clinician's copy's (issue 25: the patient's says each dose once).
    page = rk.export(nxt, "html", clinician_notes=True).decode()
    assert "2 km, 4.5 km/h</td>" in page and "at 4.5 km/h" in page  # glance, dose
    harder = log.log_session("hip-abduction", day(1), pain_during=0, effort=6)
    assert rk.assess(plan, harder, on=day(1)).decision("hip-abduction").verdict is (rk.Verdict.HOLD)


def test_a_change_in_another_unit_of_its_kind_converts() -> None:
    """800 m and a step of 0.5 km make 1.3 km; 1 m/s and a step of 0.5 km/h make 4.1 km/h."""
    for dose, change, field, expected in (
        ({"distance": {"value": 800, "unit": "m"}}, {"step": 0.5, "unit": "km"}, "distance",
         rk.Quantity(1.3, "km")),
        ({"speed": {"value": 1, "unit": "m/s"}}, {"step": 0.5, "unit": "km/h"}, "speed",
         rk.Quantity(4.1, "km/h")),
    ):  # fmt: skip
        plan = plan_of(with_dose_rule(field, dose, change))
        nxt = rk.advance(plan, rk.assess(plan, two_easy_sessions(), on=day(1)))
        got = getattr(nxt.dosage_for("hip-abduction"), field)
        assert got == expected  # rounded, as a plan file keeps it


def test_a_distance_is_logged_and_counts_in_the_full_dose() -> None:
    """A walk of 2 km is done in full at 2000 m and not at 1.5 km; FHIR carries it in
    metres, reads it back, and its conditions agree with assess."""
    d = with_dose_rule("distance", {"distance": {"value": 2, "unit": "km"}},
                       {"step": 0.5, "limit": 5, "unit": "km"})  # fmt: skip
    d["progression_rules"][-1]["criteria"].append(
        {"metric": "full_dosage", "op": "==", "value": 1, "sessions": 2}
    )
    plan = plan_of(d)

    def walks(*distances: rk.Quantity) -> rk.SessionLog:
        log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
        for n, distance in enumerate(distances):
            log = log.log_session("hip-abduction", day(n), pain_during=0, sets=1,
                                  repetitions=12, distance=distance)  # fmt: skip
        return log

    full = walks(rk.Quantity(2000, "m"), rk.Quantity(2, "km"))
    short = walks(rk.Quantity(2, "km"), rk.Quantity(1.5, "km"))
    assert rk.assess(plan, full, on=day(1)).decision("hip-abduction").verdict is (
        rk.Verdict.PROGRESS
    )
    assert rk.assess(plan, short, on=day(1)).decision("hip-abduction").verdict is rk.Verdict.HOLD
    as_prescribed = rk.SessionLog().log_session("hip-abduction", day(0), pain_during=0,
                                                as_prescribed=plan)  # fmt: skip
    assert as_prescribed.entries[0].distance == rk.Quantity(2, "km")
    back = rk.log_from_fhir(rk.export(short, "fhir", plan=plan), plan.protocol)
    assert [e.distance for e in back.entries] == [rk.Quantity(2000, "m"), rk.Quantity(1500, "m")]
    fhirpathpy = pytest.importorskip("fhirpathpy")
    del fhirpathpy
    from .test_fhir_conditions import agree

    assert agree(plan, full) == [] and agree(plan, short) == []


def test_a_step_back_returns_to_a_downward_target_at_its_floor() -> None:
    """A move on waits until fewer repetitions in reserve reach their limit (assess), so a
    step back to the exercise returns with them there, as it does for a load's maximum."""
    from rehabkit._progression.changes import at_limit

    dose = {"intensity": {"reps_in_reserve": 4}}
    plan = plan_of(with_dose_rule("reps_in_reserve", dose, {"step": -1, "limit": 1}))
    [rule] = [r for r in plan.protocol.progression_rules if r.id == "hip-abduction-more"]
    assert rule.change is not None
    [item] = [i for i in plan.exercises if i.exercise == "hip-abduction"]
    back = at_limit(rule.change, item)
    assert back.dosage.intensity is not None and back.dosage.intensity.reps_in_reserve == 1
    # A 1.0 change keeps its reading: a progress that takes sets away is left as it is.
    sets = rk.ParameterChange(parameter="sets", step=-1, limit=1)
    assert at_limit(sets, item) == item
