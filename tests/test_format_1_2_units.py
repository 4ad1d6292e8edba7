"""Issue 24, items 5, 6, 9 (in part) and 10: loads relative to a person's measurement, units
and scores, a stop that ends only the day's exercise, defaults that can be unset and a mixed
schedule. Each test states the feature in a protocol built from data and failed before it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import rehabkit as rk

from .helpers import exercise_data as _exercise
from .helpers import problem_pairs as _problems
from .helpers import protocol_data as _knee

START = dt.date(2026, 12, 1)


def _plan(d: dict[str, Any], **options: Any) -> rk.Plan:
    return rk.personalise(rk.from_data(d), patient="A", side="left", start=START, **options)


# --- Item 10: a default that can be unset; a mixed schedule -------------------------------


def test_an_exercise_unsets_a_default_it_does_not_take() -> None:
    d = _knee()
    # The wall sit is a timed hold: 3 sets, no repetitions, although the default gives 12.
    _exercise(d, "wall-sit")["dosage"]["unset"] = ["repetitions"]
    protocol = rk.from_data(d)
    dose = protocol.dosage_for("wall-sit")
    assert dose.repetitions is None and dose.sets == 3
    assert "repetition" not in dose.describe()
    # The file round-trips and other exercises keep the default.
    assert rk.to_data(protocol) == d
    assert protocol.dosage_for("long-lever-bridge").repetitions == 12
    plan = _plan(d)
    assert plan.dosage_for("wall-sit").repetitions is None
    html = rk.export(plan, "html").decode()
    assert "3 sets of 12" not in html.split("Wall Sit", 1)[1].split("</section>", 1)[0]
    fhir = json.loads(rk.export(plan, "fhir", fhir_version="R5"))
    (wall_sit,) = _activity(fhir, "Wall Sit")
    urls = [x["url"] for x in wall_sit["extension"]]
    assert any(u.endswith("exercise-sets") for u in urls)
    assert not any(u.endswith("exercise-repetitions") for u in urls)
    assert wall_sit["description"].startswith("3 sets, hold 10 s,")


def test_unset_names_a_dosage_field_and_is_plain_when_wrong() -> None:
    d = _knee()
    _exercise(d, "wall-sit")["dosage"]["unset"] = ["colour"]
    problems = _problems(d)
    assert any("exercises[4].dosage.unset" in path for path, _ in problems), problems
    d = _knee()
    _exercise(d, "wall-sit")["dosage"]["unset"] = ["hold"]
    problems = _problems(d)
    assert any("exercises[4].dosage" in path and "hold" in msg for path, msg in problems), problems


def _activity(bundle: dict[str, Any], title: str) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "ActivityDefinition"
        and e["resource"].get("title") == title
    ]


def test_a_mixed_schedule_is_not_headed_with_one_frequency() -> None:
    d = _knee()
    d["default_dosage"]["frequency"] = {"times": 1, "period": 1, "period_unit": "d"}
    _exercise(d, "long-lever-bridge")["dosage"] = {
        "frequency": {"times": 3, "period": 1, "period_unit": "wk"}
    }
    html = rk.export(_plan(d), "html").decode()
    assert "How often: once a day." not in html
    assert "How often: once a day or" not in html
    assert "How often: not the same for every exercise" in html
    # One frequency for all keeps its plain heading.
    html = rk.export(_plan(_knee()), "html").decode()
    assert "How often: once a day or every other day." in html


# --- Item 9 (in part): a stop that only ends the exercise does not say "seek help" ----------


def _only_exercise_stops(d: dict[str, Any]) -> dict[str, Any]:
    d["stop_criteria"] = [s for s in d["stop_criteria"] if s["id"] == "stop-exercise-pain"]
    return d


def test_a_stop_of_the_exercise_alone_does_not_say_seek_help() -> None:
    d = _only_exercise_stops(_knee())
    plan = _plan(d)
    log = rk.SessionLog(
        patient="A",
        entries=(rk.SessionEntry(date=START, exercise="wall-sit", pain_during=7),),
    )
    decision = next(x for x in rk.assess(plan, log, on=START).decisions if x.exercise == "wall-sit")
    assert decision.verdict is rk.Verdict.STOP
    assert "seek help" not in decision.summary and "Stop Wall Sit:" in decision.summary
    assert "Stop and seek help" not in rk.describe(rk.from_data(d))
    assert "Stop and seek help" in rk.describe(rk.bundled("runners-knee"))
    html = rk.export(plan, "html").decode()
    assert "When to stop and get help" not in html and "When to stop" in html
    fhir = rk.export(plan, "fhir", fhir_version="R4").decode()
    assert "get help" not in fhir.replace("Warning signs: stop and get help", "")


def test_stops_that_send_for_help_still_say_so() -> None:
    plan = _plan(_knee())
    html = rk.export(plan, "html").decode()
    assert "When to stop and get help" in html
    fhir = json.loads(rk.export(plan, "fhir", fhir_version="R5"))
    (care_plan,) = [
        e["resource"] for e in fhir["entry"] if e["resource"]["resourceType"] == "CarePlan"
    ]
    text = json.dumps(care_plan)
    assert "Stop and get help: Get urgent medical help" in text
    # The stops of the exercise alone are said apart from those that send for help.
    assert "When to stop: Stop an exercise if it hurts more than 5" in text


# --- Item 6: torque, scores with their range ----------------------------------------------


def _with_scores(d: dict[str, Any]) -> dict[str, Any]:
    d["measurements"] = [
        {"name": "knee_extension_torque", "unit": "N.m",
         "description": "Peak isometric knee extension torque on a dynamometer."},
        {"name": "kujala", "unit": "{score}", "scale": {"low": 0, "high": 100},
         "description": "Kujala anterior knee pain scale."},
        {"name": "pain_on_step_down", "unit": "{score}", "scale": {"low": 0, "high": 10},
         "description": "Pain during a step-down test, 0-10."},
    ]  # fmt: skip
    rule = d["progression_rules"][1]  # the wall sit gives way to the squat
    rule["criteria"] += [
        {"metric": "measurement", "measurement": "kujala", "op": ">=", "value": 80,
         "unit": "{score}"},
        {"metric": "measurement", "measurement": "knee_extension_torque", "op": ">=",
         "value": 100, "unit": "N.m"},
    ]  # fmt: skip
    d["stop_criteria"].append(
        {"id": "step-down-pain", "text": "See your physiotherapist if stepping down hurts"
         " more than 5 out of 10.", "urgency": "see_clinician",
         "criteria": [{"metric": "measurement", "measurement": "pain_on_step_down", "op": ">",
                       "value": 5, "unit": "{score}"}]}
    )  # fmt: skip
    return d


def test_torque_and_scores_are_measurements_with_their_units() -> None:
    d = _with_scores(_knee())
    assert _problems(d) == []
    protocol = rk.from_data(d)
    assert rk.to_data(protocol) == d
    kujala = next(m for m in protocol.measurements if m.name == "kujala")
    assert kujala.scale == rk.IntRange(0, 100)
    words = [c.describe() for c in protocol.progression_rules[1].criteria]
    assert "kujala at least 80 points" in words
    assert "knee_extension_torque at least 100 N.m" in words
    plan = _plan(d)
    html = rk.export(plan, "html").decode()
    assert "stepping down hurts more than 5 out of 10" in html
    fhir = json.loads(rk.export(plan, "fhir", fhir_version="R5"))
    (system,) = [
        e["resource"]
        for e in fhir["entry"]
        if e["resource"]["resourceType"] == "CodeSystem" and "easurements" in e["resource"]["title"]
    ]
    concepts = {c["code"]: c["definition"] for c in system["concept"]}
    assert "score from 0 to 100" in concepts["kujala"]
    assert "N.m" in concepts["knee_extension_torque"]


def test_a_score_criterion_is_decided_by_assess_and_fhir_alike() -> None:
    plan = _plan(_with_scores(_knee()))
    day = START + dt.timedelta(days=2)
    log = rk.SessionLog(
        patient="A",
        entries=(rk.SessionEntry(date=day, exercise="wall-sit", pain_during=1),),
        measurements=(
            rk.MeasurementEntry(date=day, name="pain_on_step_down", value=7, unit="{score}"),
        ),
    )
    decisions = rk.assess(plan, log, on=day).decisions
    assert all(x.verdict is rk.Verdict.STOP and x.rule == "step-down-pain" for x in decisions)
    bundle = json.loads(rk.export(log, "fhir", plan=plan, fhir_version="R4"))
    assert any(
        e["resource"].get("valueQuantity", {}).get("code") == "{score}" for e in bundle["entry"]
    )


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        (lambda d: d["measurements"][1].pop("scale"), "measurements[1].scale", "scale"),
        (lambda d: d["measurements"][0].update(scale={"low": 0, "high": 10}),
         "measurements[0].scale", "scale"),
        (lambda d: d["progression_rules"][1]["criteria"][-2].update(value=120),
         "progression_rules[1].criteria[4].value", "0 to 100"),
        (lambda d: d["stop_criteria"][-1]["criteria"][0].update(unit="N.m"),
         "stop_criteria[10].criteria[0].unit", "{score}"),
    ],
)  # fmt: skip
def test_scores_and_torque_refuse_what_does_not_fit(change: Any, where: str, says: str) -> None:
    d = _with_scores(_knee())
    change(d)
    problems = _problems(d)
    assert any(path == where and says in msg for path, msg in problems), problems


def test_a_logged_score_outside_its_scale_is_a_note_not_evidence() -> None:
    plan = _plan(_with_scores(_knee()))
    log = rk.SessionLog(
        patient="A",
        measurements=(
            rk.MeasurementEntry(date=START, name="pain_on_step_down", value=70, unit="{score}"),
        ),
    )
    result = rk.assess(plan, log, on=START)
    assert all(x.verdict is not rk.Verdict.STOP for x in result.decisions)
    assert any("pain_on_step_down" in n and "0 to 10" in n for n in result.notes)


# --- Item 5: a load relative to a measurement keeps its unit ------------------------------


def _percent_load(d: dict[str, Any]) -> dict[str, Any]:
    _exercise(d, "side-lying-clam")["dosage"] = {
        "load": {"amount": {"value": 70, "unit": "%"}, "increment": {"value": 5, "unit": "%"}}
    }
    d["progression_rules"][4]["change"] = {"parameter": "load", "step": 5, "limit": 85,
                                           "unit": "%"}  # fmt: skip
    return d


def test_a_percent_load_progressed_by_a_kilogram_step_is_refused() -> None:
    assert _problems(_percent_load(_knee())) == []
    d = _percent_load(_knee())
    d["progression_rules"][4]["change"]["unit"] = "kg"
    problems = _problems(d)
    assert any(
        path == "progression_rules[4].change.unit" and "%" in msg and "kg" in msg
        for path, msg in problems
    ), problems
    d = _percent_load(_knee())
    _exercise(d, "side-lying-clam")["dosage"]["load"]["increment"]["unit"] = "kg"
    problems = _problems(d)
    assert any(path == "exercises[2].dosage.load.increment" for path, _ in problems), problems


# --- Item 6: pain before the session, and a criterion comparing two values ---------------


def _analgesic(d: dict[str, Any]) -> dict[str, Any]:
    # Isometrics for tendon pain: go on when pain after the holds is lower than before.
    d["progression_rules"][10]["criteria"] = [
        {"metric": "pain_after", "op": "<", "versus": {"metric": "pain_before"}, "sessions": 2},
    ]
    return d


def _sessions(*pains: tuple[int, int]) -> tuple[rk.SessionEntry, ...]:
    return tuple(
        rk.SessionEntry(
            date=START + dt.timedelta(days=i),
            exercise="inner-range-quads",
            sets=3,
            repetitions=12,
            hold=rk.Quantity(5, "s"),
            pain_during=1,
            pain_before=before,
            pain_after=after,
        )
        for i, (before, after) in enumerate(pains)
    )


def test_pain_before_is_logged_and_judges_an_analgesic_response() -> None:
    d = _analgesic(_knee())
    assert _problems(d) == []
    plan = _plan(d)
    (crit,) = plan.protocol.progression_rules[10].criteria
    assert crit.describe() == (
        "pain after the exercise below pain before the exercise, in each of the last 2 sessions"
    )
    on = START + dt.timedelta(days=1)
    better = rk.SessionLog(patient="A", entries=_sessions((4, 2), (3, 1)))
    same = rk.SessionLog(patient="A", entries=_sessions((4, 2), (3, 3)))
    verdicts = {}
    for name, log in (("better", better), ("same", same)):
        result = rk.assess(plan, log, on=on)
        verdicts[name] = next(
            x for x in result.decisions if x.exercise == "inner-range-quads"
        ).verdict
    assert verdicts == {"better": rk.Verdict.PROGRESS, "same": rk.Verdict.HOLD}
    # The session log carries it to FHIR and back.
    bundle = json.loads(rk.export(better, "fhir", plan=plan, fhir_version="R5"))
    assert "pain-before" in json.dumps(bundle)
    html = rk.export(plan, "html").decode()
    assert "write your pain just before it, your worst pain during it" in html


def test_a_measurement_against_another_side() -> None:
    d = _knee()
    d["measurements"] = [
        {"name": "quadriceps_torque_affected", "unit": "N.m"},
        {"name": "quadriceps_torque_other", "unit": "N.m"},
    ]
    d["progression_rules"][1]["criteria"] = [
        {"metric": "measurement", "measurement": "quadriceps_torque_affected", "op": ">=",
         "unit": "N.m", "versus": {"metric": "measurement",
                                   "measurement": "quadriceps_torque_other", "percent": 90}},
    ]  # fmt: skip
    assert _problems(d) == []
    plan = _plan(d)
    (crit,) = plan.protocol.progression_rules[1].criteria
    assert crit.describe() == ("quadriceps_torque_affected at least 90% of quadriceps_torque_other")

    def fired(affected: float) -> bool | None:
        log = rk.SessionLog(patient="A", measurements=(
            rk.MeasurementEntry(date=START, name="quadriceps_torque_affected", value=affected,
                                unit="N.m"),
            rk.MeasurementEntry(date=START, name="quadriceps_torque_other", value=200,
                                unit="N.m"),
        ))  # fmt: skip
        decision = next(x for x in rk.assess(plan, log, on=START).decisions
                        if x.exercise == "wall-sit")  # fmt: skip
        return next(r for r in decision.rules if r.rule == "wall-sit-to-shallow-squat").fired

    assert fired(185) is True  # 185 >= 0.9 x 200
    assert fired(170) is False


@pytest.mark.parametrize(
    ("versus", "says"),
    [
        ({"metric": "pain_settle_time"}, "versus"),
        ({"metric": "measurement", "measurement": "nothing"}, "versus"),
        ({"metric": "pain_before", "percent": -5}, "percent"),
    ],
)
def test_a_comparison_refuses_what_cannot_be_compared(versus: dict[str, Any], says: str) -> None:
    d = _knee()
    d["progression_rules"][10]["criteria"] = [{"metric": "pain_after", "op": "<", "versus": versus}]
    problems = _problems(d)
    assert any(
        path.startswith("progression_rules[10].criteria[0]") and says in (path + msg)
        for path, msg in problems
    ), problems


def _compared(d: dict[str, Any]) -> dict[str, Any]:
    d = _with_scores(_analgesic(d))
    d["measurements"] += [
        {"name": "quadriceps_torque_affected", "unit": "N.m"},
        {"name": "quadriceps_torque_other", "unit": "N.m"},
    ]
    versus = {"metric": "measurement", "measurement": "quadriceps_torque_other", "percent": 90}
    d["progression_rules"][1]["criteria"].append(
        {"metric": "measurement", "measurement": "quadriceps_torque_affected", "op": ">=",
         "unit": "N.m", "versus": versus}
    )  # fmt: skip
    d["stop_criteria"].append(
        {"id": "weak-side", "text": "See your physiotherapist: the leg is much weaker.",
         "urgency": "see_clinician",
         "criteria": [{"metric": "measurement", "measurement": "quadriceps_torque_affected",
                       "op": "<", "unit": "N.m", "versus": {**versus, "percent": 50}}]}
    )  # fmt: skip
    return d


@pytest.mark.parametrize(
    ("affected", "other", "pains"),
    [
        ((185,), (200,), ((4, 2), (3, 1))),
        ((170, 190), (200,), ((4, 2), (3, 3))),
        ((90, 120), (200, 210), ((2, 4), (5, 1))),
        ((185,), (), ((0, 0), (1, 0))),
        ((95,), (200, 180), ((6, 6),)),
    ],
)
def test_fhir_conditions_compare_two_values_as_assess_does(
    affected: tuple[float, ...], other: tuple[float, ...], pains: tuple[tuple[int, int], ...]
) -> None:
    pytest.importorskip("fhirpathpy")
    from .test_fhir_conditions import agree

    plan = _plan(_compared(_knee()))
    day = START + dt.timedelta(days=len(pains) - 1)
    measured = [("quadriceps_torque_affected", v) for v in affected]
    measured += [("quadriceps_torque_other", v) for v in other]
    log = rk.SessionLog(
        patient="A",
        entries=_sessions(*pains),
        measurements=tuple(
            rk.MeasurementEntry(date=day, name=name, value=v, unit="N.m") for name, v in measured
        ),
    )
    assert agree(plan, log) == []
