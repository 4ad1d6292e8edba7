"""The rules of assess(), one scenario each: pain limits everywhere, stops that persist,
sessions counted as sessions and once, phases, ranges, escalation.

The number in a test's name is the finding of issue 7 it reproduces; each test says what
the main branch answered before the fix.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


D = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def plan(protocol: rk.Protocol = KNEE, **options: Any) -> rk.Plan:
    options.setdefault("frequency", "daily")
    return personalise(protocol, patient="Ana Lopez", side="left", start=D, **options)


def entry(on: dt.date, exercise: str, pain: float = 1, **fields: Any) -> rk.SessionEntry:
    values: dict[str, Any] = dict(
        sets=3, repetitions=12, pain_during=pain, pain_after=0, next_morning=rk.NextMorning.SAME
    )
    if exercise == "wall-sit":
        values["hold"] = rk.Quantity(10, rk.Unit.SECOND)
    values.update(fields)
    return rk.SessionEntry(date=on, exercise=exercise, **values)


def good_days(p: rk.Plan, *days: int) -> list[rk.SessionEntry]:
    return [entry(day(n), i.exercise) for n in days for i in p.exercises]


def variant(protocol: rk.Protocol, change: Any) -> rk.Protocol:
    data = rk.to_data(protocol)
    change(data)
    return rk.from_data(data)


# ---------------------------------------------------------------- 1. pain limits everywhere


def test_1_pain_on_other_exercises_stops_them_and_holds_the_wall_sit() -> None:
    # main: clam and hip abduction "keep going at the current level"; wall sit PROGRESS.
    p = plan()
    entries = good_days(p, 1)
    entries += [entry(day(2), "wall-sit")]
    entries += [entry(day(2), "side-lying-clam", pain=8), entry(day(2), "hip-abduction", pain=8)]
    entries += [entry(day(2), "inner-range-quads", next_morning=rk.NextMorning.WORSE)]
    result = rk.assess(p, rk.SessionLog(entries=entries), on=day(2))
    for ex in ("side-lying-clam", "hip-abduction"):
        d = result.decision(ex)
        assert d.verdict is rk.Verdict.STOP
        assert d.rule == "stop-exercise-pain"
    wall = result.decision("wall-sit")
    assert wall.verdict is rk.Verdict.HOLD
    assert any("pain limit not met" in w and "side-lying-clam" in w for w in wall.warnings)
    assert any("inner-range-quads" in w and "next morning" in w for w in wall.warnings)


def test_1_the_stop_text_and_its_check_agree() -> None:
    [stop] = [s for s in KNEE.stop_criteria if s.id == "stop-exercise-pain"]
    assert "5 out of 10" in stop.text
    [c] = stop.criteria
    assert (c.metric, c.op, c.value) == (rk.Metric.PAIN_DURING, rk.Comparator.GT, 5)


def test_1_an_exercise_may_accept_more_pain_than_the_protocol() -> None:
    # Tendinopathy loading: the exercise's own pain_max replaces the protocol's pain limits.
    def allow(data: dict[str, Any]) -> None:
        wall = next(e for e in data["exercises"] if e["id"] == "wall-sit")
        wall["dosage"]["intensity"] = {"pain_max": 4}

    relaxed = variant(KNEE, allow)
    p = plan(relaxed)
    entries = [entry(day(n), "wall-sit", pain=4) for n in (1, 2)]
    strict = rk.assess(plan(), rk.SessionLog(entries=entries), on=day(2))
    assert strict.decision("wall-sit").verdict is rk.Verdict.HOLD
    # The rule's own criterion (pain <= 2) still holds the wall sit; the limit itself no
    # longer blocks: no "pain limit not met" warning for the accepted pain.
    loose = rk.assess(p, rk.SessionLog(entries=entries), on=day(2))
    assert not [w for w in loose.decision("wall-sit").warnings if "pain limit" in w]
    assert [w for w in strict.decision("wall-sit").warnings if "pain limit" in w] == []


# ---------------------------------------------------------------- 2. stops persist


def test_2_swelling_holds_until_a_clinician_review_is_logged() -> None:
    # main: swelling and heat on day 1, two clean days after: the wall sit went to 40.
    p = plan()
    entries = [entry(day(1), "wall-sit", symptoms=[rk.Symptom.SWELLING, rk.Symptom.HEAT])]
    entries += good_days(p, 2, 3)
    log = rk.SessionLog(entries=entries)
    result = rk.assess(p, log, on=day(3))
    wall = result.decision("wall-sit")
    assert wall.verdict is rk.Verdict.STOP
    assert wall.rule == "stop-swelling-heat"
    assert wall.review_due
    assert "no review is logged" in wall.warnings[0]
    # A review on day 3 ends the stop; only sessions after it count towards a step.
    reviewed = rk.SessionLog(entries=entries, reviews=[rk.Review(date=day(3), clinician="J Ames")])
    after = rk.assess(p, reviewed, on=day(3))
    assert after.decision("wall-sit").verdict is rk.Verdict.HOLD
    more = rk.SessionLog(entries=entries + good_days(p, 4, 5), reviews=reviewed.reviews)
    assert rk.assess(p, more, on=day(5)).decision("wall-sit").verdict is rk.Verdict.PROGRESS


def test_2_a_cleared_stop_counts_only_the_sessions_after_it() -> None:
    p = plan()
    entries = [entry(day(1), "wall-sit", pain=7), entry(day(2), "wall-sit")]
    result = rk.assess(p, rk.SessionLog(entries=entries), on=day(2))
    # pain 7 on day 1 (a stop that clears): day 2 alone is not two sessions
    assert result.decision("wall-sit").verdict is rk.Verdict.HOLD
    entries.append(entry(day(3), "wall-sit"))
    result = rk.assess(p, rk.SessionLog(entries=entries), on=day(3))
    assert result.decision("wall-sit").verdict is rk.Verdict.PROGRESS


# ---------------------------------------------------------------- 3. sessions are sessions


def twice_daily() -> rk.Protocol:
    def twice(data: dict[str, Any]) -> None:
        data["default_dosage"]["frequency"] = {"times": 2, "period": 1, "period_unit": "d"}

    return variant(KNEE, twice)


def test_3_two_sessions_on_one_day_are_two_sessions() -> None:
    # main: the two were one, and one of them was silently dropped.
    p = plan(twice_daily(), frequency=None)
    assert p.frequency.times == 2
    log = rk.SessionLog(
        entries=[entry(day(1), "wall-sit", session=1), entry(day(1), "wall-sit", session=2)]
    )
    result = rk.assess(p, log, on=day(1))
    d = result.decision("wall-sit")
    assert d.verdict is rk.Verdict.PROGRESS
    [check] = [c for c in d.rules if c.rule == "wall-sit-deeper"]
    assert check.checks[0].dates == (day(1), day(1))


def test_3_no_session_of_a_day_is_dropped() -> None:
    p = plan(twice_daily(), frequency=None)
    quiet = entry(day(1), "wall-sit", session=1, pain=1)
    sore = entry(day(1), "wall-sit", session=2, pain=7)
    for order in ([quiet, sore], [sore, quiet]):
        result = rk.assess(p, rk.SessionLog(entries=order), on=day(1))
        assert result.decision("wall-sit").verdict is rk.Verdict.STOP


# ---------------------------------------------------------------- 4. counted once


def test_4_sessions_that_earned_a_step_do_not_count_again() -> None:
    # main: after advance on day 2, day 2's sessions at 30 degrees counted again, so one
    # more session on day 3 deepened the wall sit to 50.
    p = plan()
    log = rk.SessionLog(entries=good_days(p, 1, 2))
    first = rk.assess(p, log, on=day(2))
    assert first.decision("wall-sit").new_value == 40
    nxt = rk.advance(p, first)
    [wall] = [i for i in nxt.exercises if i.exercise == "wall-sit"]
    assert wall.since == day(3)
    log = rk.SessionLog(entries=log.entries + tuple(good_days(nxt, 3)))
    assert rk.assess(nxt, log, on=day(3)).decision("wall-sit").verdict is rk.Verdict.HOLD


# ---------------------------------------------------------------- 5. phases


def test_5_a_later_phase_is_gated_by_its_entry_criteria() -> None:
    # main: the loaded single-leg raise was reached after 3 days.
    achilles = rk.bundled("achilles-example")
    p = personalise(achilles, start=D)
    assert p.phase == "settle"
    assert "single-heel-raise" not in {i.exercise for i in p.exercises}
    entries = [
        rk.SessionEntry(date=day(n), exercise="double-heel-raise", sets=3, repetitions=15,
                        pain_during=2, next_morning=rk.NextMorning.SAME)
        for n in (1, 3)
    ]  # fmt: skip
    result = rk.assess(p, rk.SessionLog(entries=entries), on=day(3))
    d = result.decision("double-heel-raise")
    assert d.verdict is rk.Verdict.HOLD
    [rule] = [r for r in d.rules if r.rule == "double-to-single"]
    assert rule.fired and not rule.applicable
    assert "phase 'load'" in (rule.note or "")
    assert result.next_phase is not None and not result.next_phase.ready
    # Two weeks and a dorsiflexion of 10 degrees open the phase.
    measured = rk.MeasurementEntry(date=day(15), name="ankle_dorsiflexion", value=11,
                                   unit=rk.Unit.DEGREE)  # fmt: skip
    log = rk.SessionLog(entries=entries, measurements=[measured])
    result = rk.assess(p, log, on=day(15))
    assert result.next_phase is not None and result.next_phase.ready
    nxt = rk.advance(p, result)
    assert nxt.phase == "load" and nxt.phase_since == day(4)
    assert "double-heel-raise" in {i.exercise for i in nxt.exercises}  # continues


def test_5_phases_are_shown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "achilles-example"]) == 0
    out = capsys.readouterr().out
    assert "Phases" in out and "Build load" in out and "ankle_dorsiflexion" in out


# ---------------------------------------------------------------- 6. ranges


def test_6_a_movement_range_stays_a_range() -> None:
    # main: advancing to a mini squat of 0-45 degrees printed "knee bend 0 degrees".
    def squat_range(data: dict[str, Any]) -> None:
        squat = next(e for e in data["exercises"] if e["id"] == "shallow-squat-band")
        squat["joint_angles"] = [
            {"joint": "knee", "motion": "flexion", "angle": {"low": 0, "high": 45, "unit": "deg"}}
        ]

    protocol = variant(KNEE, squat_range)
    p = plan(protocol)
    [wall] = [i for i in p.exercises if i.exercise == "wall-sit"]
    assert wall.joint_angles[0].angle == rk.Quantity(30, rk.Unit.DEGREE)  # progressed: a choice
    result = rk.assess(p, rk.SessionLog(entries=good_days(p, 1, 2)), on=day(2))
    done = rk.Assessment(
        on=day(9), protocol=protocol.id, patient=p.patient, plan_start=p.start,
        decisions=(rk.Decision(exercise="wall-sit", verdict=rk.Verdict.PROGRESS, summary="",
                               to_exercise="shallow-squat-band"),),
    )  # fmt: skip
    assert result.decision("wall-sit").verdict is rk.Verdict.PROGRESS
    squat = next(i for i in rk.advance(p, done).exercises if i.exercise == "shallow-squat-band")
    assert squat.joint_angles[0].angle == rk.Range(0, 45, rk.Unit.DEGREE)


# ---------------------------------------------------------------- 7. escalation


def test_7_months_of_pain_at_3_to_5_ask_for_a_review() -> None:
    # main: "hold" for ever, nothing said.
    p = plan(weeks=12)
    entries = [entry(day(n), "wall-sit", pain=4) for n in range(1, 50)]
    result = rk.assess(p, rk.SessionLog(entries=entries), on=day(49))
    wall = result.decision("wall-sit")
    assert wall.verdict is rk.Verdict.HOLD
    assert wall.review_due
    assert any("no progress for 48 days" in w for w in wall.warnings)
    assert any(w.startswith("flare-up advice") for w in wall.warnings)


def test_7_the_plans_end_brings_a_review_prompt() -> None:
    p = plan(weeks=1)
    entries = good_days(p, 8, 9)
    result = rk.assess(p, rk.SessionLog(entries=entries), on=day(9))
    assert any("the plan ended on 2026-12-07" in w for w in result.warnings)
    wall = result.decision("wall-sit")
    assert wall.verdict is rk.Verdict.HOLD and wall.review_due


def test_7_stale_data_moves_no_one_on() -> None:
    # main: --on months after the last entry still said PROGRESS.
    p = plan(weeks=26)
    result = rk.assess(p, rk.SessionLog(entries=good_days(p, 1, 2)), on=day(90))
    assert result.decision("wall-sit").verdict is rk.Verdict.HOLD
    assert any("more than 14 d" in w for w in result.warnings)


def test_7_a_log_for_another_patient_is_refused(tmp_path: Path) -> None:
    # main: assessed silently.
    p = plan()
    log = rk.SessionLog(patient="Ben Ode", entries=good_days(p, 1, 2))
    with pytest.raises(rk.MismatchError, match="Ben Ode"):
        rk.assess(p, log, on=day(2))
    plan_file, log_file = tmp_path / "plan.json", tmp_path / "log.json"
    rk.dump(p, plan_file)
    rk.dump(log, log_file)
    assert main(["assess", str(plan_file), str(log_file)]) == 1


def test_7_a_measurement_has_a_freshness_window() -> None:
    def fresh(data: dict[str, Any]) -> None:
        load = next(p for p in data["phases"] if p["id"] == "load")
        load["entry_criteria"][1]["max_age"] = {"value": 7, "unit": "d"}

    achilles = variant(rk.bundled("achilles-example"), fresh)
    p = personalise(achilles, start=D)
    old = rk.MeasurementEntry(date=day(2), name="ankle_dorsiflexion", value=12, unit=rk.Unit.DEGREE)
    result = rk.assess(p, rk.SessionLog(measurements=[old]), on=day(20))
    assert result.next_phase is not None
    check = result.next_phase.checks[1]
    assert check.met is None and "older than 7 d" in check.explanation


def test_7_a_minimum_time_at_a_level() -> None:
    def wait(data: dict[str, Any]) -> None:
        rule = next(r for r in data["progression_rules"] if r["id"] == "wall-sit-deeper")
        rule["criteria"].append({"metric": "time_at_level", "op": ">=", "value": 1, "unit": "wk"})

    p = plan(variant(KNEE, wait))
    log = rk.SessionLog(entries=good_days(p, 1, 2))
    assert rk.assess(p, log, on=day(2)).decision("wall-sit").verdict is rk.Verdict.HOLD
    log = rk.SessionLog(entries=good_days(p, 1, 2, 7, 8))
    assert rk.assess(p, log, on=day(8)).decision("wall-sit").verdict is rk.Verdict.PROGRESS


def test_assess_json_names_the_patient_the_period_and_every_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = plan(weeks=1)
    plan_file, log_file = tmp_path / "plan.json", tmp_path / "log.json"
    rk.dump(p, plan_file)
    rk.dump(rk.SessionLog(patient="Ana Lopez", entries=good_days(p, 8, 9)), log_file)
    assert main(["assess", str(plan_file), str(log_file), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["patient"] == "Ana Lopez"
    assert (out["plan_start"], out["plan_end"]) == ("2026-12-01", "2026-12-07")
    assert any("plan ended" in w for w in out["warnings"])
    assert any(d["warnings"] for d in out["decisions"])
