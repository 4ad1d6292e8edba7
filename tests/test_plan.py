"""Personalisation: a plan knows its dates and dosages, and is a file too."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._documents.schema import schema_problems

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


START = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def knee() -> rk.Protocol:
    return rk.bundled("runners-knee")


def test_daily_plan_has_a_session_every_day(knee: rk.Protocol) -> None:
    plan = personalise(knee, start=START, weeks=2, frequency="daily")
    dates = plan.session_dates()
    assert len(dates) == 14
    assert dates[0] == START
    assert dates[-1] == dt.date(2026, 12, 14) == plan.end


def test_alternate_days(knee: rk.Protocol) -> None:
    plan = personalise(knee, start=START, weeks=2, frequency="alternate-days")
    assert plan.session_dates() == [START + dt.timedelta(days=2 * i) for i in range(7)]
    assert all(plan.dosage_for(i.exercise).frequency == rk.Frequency(1, 2) for i in plan.exercises)


def test_three_times_a_week() -> None:
    plan = personalise(rk.bundled("achilles-example"), start=START, weeks=4)
    dates = plan.session_dates()
    assert len(dates) == 12
    assert len({d.isocalendar().week for d in dates}) >= 4


def test_frequency_must_be_one_the_protocol_offers(knee: rk.Protocol) -> None:
    with pytest.raises(rk.RehabkitError, match="offers"):
        personalise(knee, start=START, frequency="3/week")


def test_plan_resolves_dosage_and_starting_angle(knee: rk.Protocol) -> None:
    plan = personalise(knee, start=START, side="left", patient="Ana Lopez")
    dose = plan.dosage_for("inner-range-quads")
    assert (dose.sets, dose.repetitions, dose.hold) == (3, 12, rk.Quantity(5, rk.Unit.SECOND))
    [wall] = [i for i in plan.exercises if i.exercise == "wall-sit"]
    assert wall.joint_angles[0].angle == rk.Quantity(30, rk.Unit.DEGREE)  # easiest end first
    assert "shallow-squat-band" not in {i.exercise for i in plan.exercises}
    assert plan.side is rk.Laterality.LEFT
    assert plan.weeks == 12  # the protocol's 12 weeks, past HANDI's minimum 4-8 (2.0.0)


def test_start_is_required(knee: rk.Protocol) -> None:
    with pytest.raises(rk.RehabkitError, match="start"):
        personalise(knee)


def test_plan_round_trip_and_schema(tmp_path: Path, knee: rk.Protocol) -> None:
    plan = personalise(
        knee,
        start=START,
        patient="Ana",
        patient_id="MRN-1",
        clinician="Sam",
        clinician_contact="x@y",
    )
    text = rk.dumps(plan)
    assert schema_problems(json.loads(text), "plan") == []
    assert rk.loads(text, rk.Plan) == plan
    rk.dump(plan, tmp_path / "plan.json")
    assert rk.load(tmp_path / "plan.json", rk.Plan) == plan


def test_plan_file_problems_have_paths(knee: rk.Protocol) -> None:
    data = json.loads(rk.dumps(personalise(knee, start=START)))
    data["weeks"] = 0
    data["exercises"][0]["exercise"] = "no-such"
    data["protocol"]["exercises"][1]["id"] = data["protocol"]["exercises"][0]["id"]
    paths = {p.path for p in rk.validate(data, rk.Plan)}
    assert {"weeks", "protocol.exercises[1].id"} <= paths
    data["weeks"] = 3
    data["protocol"]["exercises"][1]["id"] = "long-lever-bridge"
    assert [p.path for p in rk.validate(data, rk.Plan)] == ["exercises[0].exercise"]


@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    st.integers(1, 20),
    st.sampled_from(["daily", "alternate-days"]),
)
def test_session_dates_lie_within_the_plan_and_ascend(
    start: dt.date, weeks: int, freq: str
) -> None:
    plan = personalise(rk.bundled("runners-knee"), start=start, weeks=weeks, frequency=freq)
    dates = plan.session_dates()
    assert dates == sorted(set(dates))
    assert dates[0] == start
    assert dates[-1] <= plan.end
    step = 1 if freq == "daily" else 2
    assert len(dates) == -(-weeks * 7 // step)
