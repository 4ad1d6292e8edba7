"""Properties of assess() over every bundled protocol, with logs Hypothesis writes.

- more pain, on any exercise, never makes any exercise more advanced (nor opens a phase);
- the order of a log's entries, measurements and reviews changes nothing;
- no log that validates makes assess raise, extreme valid values included.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


D = dt.date(2026, 12, 1)
EXAMPLES = Path(__file__).parents[1] / "docs" / "examples" / "progression"


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n - 1)


def plans() -> list[rk.Plan]:
    knee = rk.bundled("runners-knee")
    acl = rk.bundled("acl-early-rehab")
    return [
        personalise(knee, patient="Ana Lopez", start=D, frequency="daily"),
        rk.load(EXAMPLES / "plan-wall-sit-60.json", rk.Plan),
        personalise(rk.bundled("achilles-eccentric"), start=D),
        personalise(rk.bundled("achilles-example"), start=D),
        personalise(acl, start=D, events={"surgery": D - dt.timedelta(days=10)}),
    ]


PLANS = plans()
TIMES = [0, 1, 59, 60, 61, 3600, 10**6]  # seconds, up to the largest a log may hold
pain = st.none() | st.integers(0, 10).map(float) | st.floats(0, 10)


def seconds(values: list[int]) -> st.SearchStrategy[rk.Quantity]:
    return st.sampled_from(values).map(lambda v: rk.Quantity(v, rk.Unit.SECOND))


@st.composite
def entry(draw: st.DrawFn, plan: rk.Plan) -> rk.SessionEntry:
    exercises = [e.id for e in plan.protocol.exercises] + ["not-an-exercise"]
    rare = draw(st.integers(0, 9)) == 0
    return rk.SessionEntry(
        date=day(draw(st.integers(1, 16))),
        exercise=draw(st.sampled_from(exercises)),
        session=draw(st.none() | st.integers(1, 3)),
        sets=draw(st.none() | st.integers(0, 4)),
        repetitions=draw(st.none() | st.integers(0, 16)),
        hold=draw(st.none() | seconds([0, 5, 10, 10**6])),
        pain_during=draw(pain),
        pain_after=draw(pain),
        pain_settled_after=draw(st.none() | seconds(TIMES)),
        next_morning=draw(st.none() | st.sampled_from(list(rk.NextMorning))),
        symptoms=draw(
            st.lists(st.sampled_from(list(rk.Symptom)), max_size=2, unique=True)
            if rare
            else st.just([])
        ),
        load=draw(st.none() | st.sampled_from([0, 5, 10**4]).map(lambda v: rk.Quantity(v, rk.Unit.KILOGRAM))),
        duration=draw(st.none() | seconds([0, 600, 10**6])),
    )  # fmt: skip


@st.composite
def measurement(draw: st.DrawFn, plan: rk.Plan) -> rk.MeasurementEntry:
    m = draw(st.sampled_from(plan.protocol.measurements))
    when = day(draw(st.integers(-30, 16)))
    if m.kind is rk.MeasurementKind.ORDINAL:
        return rk.MeasurementEntry(date=when, name=m.name, level=draw(st.sampled_from(m.levels)))
    if m.kind is rk.MeasurementKind.PRESENCE:
        return rk.MeasurementEntry(date=when, name=m.name, present=draw(st.booleans()))
    value = draw(st.sampled_from([-1e300, 0.0, 10.0, 110.0, 111.0, 1e300]))
    return rk.MeasurementEntry(date=when, name=m.name, value=value, unit=m.unit)


@st.composite
def case(draw: st.DrawFn) -> tuple[rk.Plan, rk.SessionLog, dt.date]:
    plan = draw(st.sampled_from(PLANS))
    entries = draw(st.lists(entry(plan), max_size=25))
    measured = draw(st.lists(measurement(plan), max_size=4)) if plan.protocol.measurements else []
    reviews = draw(st.lists(st.builds(rk.Review, date=st.integers(1, 16).map(day)), max_size=1))
    log = rk.SessionLog(entries=entries, measurements=measured, reviews=reviews)
    return plan, log, day(draw(st.integers(1, 20)))


@given(case(), st.data())
def test_more_pain_on_any_exercise_never_advances_any_exercise(
    c: tuple[rk.Plan, rk.SessionLog, dt.date], data: st.DataObject
) -> None:
    plan, log, on = c
    if not log.entries:
        return
    i = data.draw(st.integers(0, len(log.entries) - 1))
    e = log.entries[i]
    worse = attrs.evolve(
        e, pain_during=min(10.0, (e.pain_during or 0) + data.draw(st.integers(1, 10)))
    )
    entries = list(log.entries)
    entries[i] = worse
    before = rk.assess(plan, log, on=on)
    after = rk.assess(plan, attrs.evolve(log, entries=entries), on=on)
    for b, a in zip(before.decisions, after.decisions, strict=True):
        assert a.verdict.rank <= b.verdict.rank, (e.exercise, b.summary, a.summary)
    if before.next_phase is not None and after.next_phase is not None:
        assert after.next_phase.ready <= before.next_phase.ready


@given(case(), st.randoms(use_true_random=False))
def test_order_of_the_log_changes_nothing(
    c: tuple[rk.Plan, rk.SessionLog, dt.date], rnd: random.Random
) -> None:
    plan, log, on = c
    parts = [list(log.entries), list(log.measurements), list(log.reviews)]
    for part in parts:
        rnd.shuffle(part)
    shuffled = attrs.evolve(log, entries=parts[0], measurements=parts[1], reviews=parts[2])
    assert rk.assess(plan, shuffled, on=on) == rk.assess(plan, log, on=on)


@given(case())
def test_no_valid_log_makes_assess_raise(c: tuple[rk.Plan, rk.SessionLog, dt.date]) -> None:
    plan, log, on = c
    data = json.loads(rk.dumps(log))
    assert rk.validate(data, rk.SessionLog) == []
    result = rk.assess(plan, rk.loads(json.dumps(data), rk.SessionLog), on=on)
    assert len(result.decisions) == len(plan.exercises)
    rk.assess(plan.protocol, log, on=on)  # a bare protocol too


def test_a_settling_time_of_1e308_weeks_is_a_problem_not_a_crash() -> None:
    log = {"entries": [{"date": "2026-12-01", "exercise": "wall-sit",
                        "pain_settled_after": {"value": 1e308, "unit": "wk"}}]}  # fmt: skip
    [problem] = rk.validate(log, rk.SessionLog)
    assert problem.path == "entries[0].pain_settled_after"
    assert "between 0 and 1e+06" in problem.message
