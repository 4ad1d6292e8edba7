"""assess(): worked scenarios from the runner's-knee protocol, and its properties."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

import rehabkit as rk

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


D = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")
EXAMPLES = Path(__file__).parents[1] / "docs" / "examples" / "progression"


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def start_plan() -> rk.Plan:
    return personalise(KNEE, patient="Ana Lopez", side="left", start=D, frequency="daily")


def good_day(plan: rk.Plan, on: dt.date, pain: float = 1) -> list[rk.SessionEntry]:
    return [
        rk.SessionEntry(
            date=on, exercise=i.exercise, sets=3, repetitions=12, hold=i.dosage.hold,
            pain_during=pain, pain_after=0, next_morning=rk.NextMorning.SAME,
        )
        for i in plan.exercises
    ]  # fmt: skip


def angle(plan: rk.Plan) -> float:
    [wall] = [i for i in plan.exercises if i.exercise == "wall-sit"]
    value = wall.joint_angles[0].angle
    assert isinstance(value, rk.Quantity)
    return value.value


def test_steady_improvement_unlocks_the_squat_on_the_right_day() -> None:
    plan, entries, history = start_plan(), [], []
    for n in range(1, 15):
        result = rk.assess(plan, rk.SessionLog(entries=entries), on=day(n))
        history.append(
            (
                n,
                result.decision("wall-sit").verdict
                if "wall-sit" in {i.exercise for i in plan.exercises}
                else None,
            )
        )
        plan = rk.advance(plan, result)
        entries += good_day(plan, day(n))
        if any(i.exercise == "shallow-squat-band" for i in plan.exercises):
            break
    # two full, low-pain sessions per 10-degree step (30 -> 40 -> 50 -> 60), then three at 60
    assert n == 10
    assert [v for _, v in history].count(rk.Verdict.PROGRESS) == 4
    assert "wall-sit" not in {i.exercise for i in plan.exercises}
    [squat] = [i for i in plan.exercises if i.exercise == "shallow-squat-band"]
    assert squat.since == day(10)
    assert squat.dosage.sets == 3
    assert squat.dosage.repetitions == 12


def test_angle_steps_and_since() -> None:
    plan = start_plan()
    entries = good_day(plan, day(1)) + good_day(plan, day(2))
    result = rk.assess(plan, rk.SessionLog(entries=entries), on=day(3))
    d = result.decision("wall-sit")
    assert d.verdict is rk.Verdict.PROGRESS
    assert d.rule == "wall-sit-deeper"
    assert d.new_value == 40
    nxt = rk.advance(plan, result)
    assert angle(nxt) == 40
    assert [i.since for i in nxt.exercises if i.exercise == "wall-sit"] == [day(3)]
    # the sessions before the change do not count towards the next step
    again = rk.assess(nxt, rk.SessionLog(entries=entries), on=day(3))
    assert again.decision("wall-sit").verdict is rk.Verdict.HOLD


def test_flare_up_regresses_the_squat_to_the_wall_sit() -> None:
    plan = rk.load(EXAMPLES / "plan-squat.json", rk.Plan)
    log = rk.load(EXAMPLES / "log-flare-up.json", rk.SessionLog)
    result = rk.assess(plan, log, on=dt.date(2026, 12, 13))
    d = result.decision("shallow-squat-band")
    assert d.verdict is rk.Verdict.REGRESS
    assert d.to_exercise == "wall-sit"
    [fired] = [r for r in d.rules if r.rule == "shallow-squat-to-wall-sit"]
    pain = next(c for c in fired.checks if c.criterion.metric is rk.Metric.PAIN_DURING)
    assert pain.met is True
    assert pain.values == (7,)
    assert pain.dates == (dt.date(2026, 12, 12),)
    back = rk.advance(plan, result)
    assert "wall-sit" in {i.exercise for i in back.exercises}
    assert angle(back) == 60  # back at the level last tolerated (runners-knee 2.0.0)


def test_flare_up_on_the_wall_sit_makes_it_shallower() -> None:
    plan = rk.load(EXAMPLES / "plan-wall-sit-60.json", rk.Plan)
    entries = [
        rk.SessionEntry(date=day(8), exercise="wall-sit", sets=2, repetitions=6, pain_during=7)
    ]
    d = rk.assess(plan, rk.SessionLog(entries=entries), on=day(9)).decision("wall-sit")
    assert d.verdict is rk.Verdict.REGRESS
    assert d.new_value == 50


def test_swelling_stops_everything_and_beats_progression() -> None:
    plan = start_plan()
    entries = good_day(plan, day(1)) + good_day(plan, day(2))
    entries.append(rk.SessionEntry(date=day(2), exercise="clam", symptoms=(rk.Symptom.SWELLING,)))
    result = rk.assess(plan, rk.SessionLog(entries=entries), on=day(3))
    assert {d.verdict for d in result.decisions} == {rk.Verdict.STOP}
    assert result.decision("wall-sit").rule == "stop-swelling-heat"
    assert "entries for 'clam' were ignored: the protocol has no such exercise" in result.notes
    plan_after = rk.advance(plan, result)
    assert plan_after == plan  # a stop is for the clinician to resolve


def test_urgent_beats_stop_exercise() -> None:
    plan = start_plan()
    symptoms = (rk.Symptom.SWELLING, rk.Symptom.HEAT, rk.Symptom.FEVER)
    entries = [rk.SessionEntry(date=day(1), exercise="wall-sit", symptoms=symptoms)]
    d = rk.assess(plan, rk.SessionLog(entries=entries), on=day(1)).decision("wall-sit")
    assert d.verdict is rk.Verdict.STOP
    assert d.urgency is rk.Urgency.URGENT


def test_sparse_log_holds_and_says_what_is_missing() -> None:
    plan = rk.load(EXAMPLES / "plan-start.json", rk.Plan)
    log = rk.load(EXAMPLES / "log-sparse.json", rk.SessionLog)
    result = rk.assess(plan, log, on=dt.date(2026, 12, 3))
    wall = result.decision("wall-sit")
    assert wall.verdict is rk.Verdict.HOLD
    assert any("needs 2 sessions, 1 logged" in m for m in wall.missing)
    quads = result.decision("inner-range-quads")
    assert quads.verdict is rk.Verdict.HOLD
    assert "no sessions logged" in quads.summary


def test_missing_next_morning_report_blocks_progress() -> None:
    plan = start_plan()
    entries = [
        *good_day(plan, day(1)),
        rk.SessionEntry(
            date=day(2), exercise="wall-sit", sets=3, repetitions=12, pain_during=0, pain_after=0
        ),
    ]
    d = rk.assess(plan, rk.SessionLog(entries=entries), on=day(3)).decision("wall-sit")
    assert d.verdict is rk.Verdict.HOLD
    assert any("next morning not logged for 2026-12-02" in m for m in d.missing)


def test_entries_after_the_date_are_ignored() -> None:
    plan = start_plan()
    entries = good_day(plan, day(5)) + good_day(plan, day(6))
    assert (
        rk.assess(plan, rk.SessionLog(entries=entries), on=day(4)).decision("wall-sit").verdict
        is rk.Verdict.HOLD
    )


def test_protocol_without_plan() -> None:
    entries = good_day(start_plan(), day(1)) + good_day(start_plan(), day(2))
    d = rk.assess(KNEE, rk.SessionLog(entries=entries), on=day(3)).decision("wall-sit")
    assert d.verdict is rk.Verdict.PROGRESS
    assert d.new_value == 40


def test_a_rule_the_log_cannot_supply_is_caught_at_validation() -> None:
    data = rk.to_data(KNEE)
    data["progression_rules"][0]["criteria"].append(
        {
            "metric": "measurement",
            "measurement": "knee_flexion",
            "op": ">=",
            "value": 90,
            "unit": "deg",
        }
    )
    [problem] = rk.validate(data)
    assert problem.path == "progression_rules[0].criteria[4].measurement"
    assert "no session log can supply it" in problem.message


def test_measurement_and_time_criteria() -> None:
    p = rk.bundled("achilles-example")
    plan = personalise(p, start=D)

    def entry_checks(on: int, measured: list[rk.MeasurementEntry]) -> list[bool | None]:
        result = rk.assess(plan, rk.SessionLog(measurements=measured), on=day(on))
        assert result.next_phase is not None and result.next_phase.phase == "load"
        return [c.met for c in result.next_phase.checks]

    assert entry_checks(14, [])[0] is False
    assert entry_checks(15, [])[0] is True
    m = [rk.MeasurementEntry(date=day(3), name="ankle_dorsiflexion", value=8, unit=rk.Unit.DEGREE),
         rk.MeasurementEntry(date=day(9), name="ankle_dorsiflexion", value=12, unit=rk.Unit.DEGREE)]  # fmt: skip
    assert entry_checks(5, m)[1] is False
    assert entry_checks(10, m)[1] is True
    assert entry_checks(2, m)[1] is None


# Properties of assess() live in test_assess_properties.py.


def test_session_log_file_errors_have_paths(tmp_path: Path) -> None:
    bad = {"entries": [{"date": "2026-12-01", "exercise": "wall-sit", "pain_during": 11},
                       {"date": "2026-02-30", "exercise": "wall-sit", "symptoms": ["sneezing"]},
                       {"exercise": "wall-sit", "sest": 3}]}  # fmt: skip
    paths = {p.path for p in rk.validate(bad, rk.SessionLog)}
    assert {
        "entries[0].pain_during",
        "entries[1].date",
        "entries[1].symptoms[0]",
        "entries[2].date",
        "entries[2].sest",
    } <= paths
    target = tmp_path / "log.json"
    target.write_text("{not json")
    with pytest.raises(rk.ValidationError, match="JSON syntax error"):
        rk.load(target, rk.SessionLog)


def test_assess_takes_the_date_as_text_as_personalise_does() -> None:
    """Found following docs/session-log.md: ``assess(..., on="2026-12-02")`` raised a bare
    TypeError from deep inside; now text is read as a date and anything else is a plain
    RehabkitError naming the parameter."""
    plan = personalise(KNEE, start="2026-12-01")
    log = rk.SessionLog(protocol="runners-knee")
    by_text = rk.assess(plan, log, on="2026-12-02")
    assert by_text == rk.assess(plan, log, on=dt.date(2026, 12, 2))
    for wrong in ("2 December", dt.datetime(2026, 12, 2, 9, 0), 20261202, None):
        with pytest.raises(rk.RehabkitError, match=r"^on: .* is not a date YYYY-MM-DD"):
            rk.assess(plan, log, on=wrong)  # type: ignore[arg-type]
    with pytest.raises(rk.RehabkitError, match="start date"):
        personalise(KNEE, start=dt.datetime(2026, 12, 1, 9, 0))


def test_the_same_facts_written_in_other_units_give_the_same_assessment() -> None:
    """Found by the FHIR round trip (which writes holds in seconds): two entries for the same
    session were ordered by their text, so a hold of 1 min and one of 60 s put them in a
    different order and changed which entry a criterion read."""
    plan = personalise(KNEE, start="2026-12-01")

    def log(hold: rk.Quantity) -> rk.SessionLog:
        day = dt.date(2026, 12, 1)
        return rk.SessionLog(
            protocol="runners-knee",
            entries=(
                rk.SessionEntry(date=day, exercise="long-lever-bridge", session=1, hold=hold,
                                pain_during=0, pain_after=0),
                rk.SessionEntry(date=day, exercise="long-lever-bridge", session=1,
                                hold=rk.Quantity(5, rk.Unit.SECOND)),
            ),
        )  # fmt: skip

    minutes = rk.assess(plan, log(rk.Quantity(1, rk.Unit.MINUTE)), on=dt.date(2026, 12, 1))
    seconds = rk.assess(plan, log(rk.Quantity(60, rk.Unit.SECOND)), on=dt.date(2026, 12, 1))
    assert minutes.to_data() == seconds.to_data()
