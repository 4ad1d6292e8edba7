"""Hypothesis strategies for session logs of the bundled protocols' plans: sessions often
good enough (in full, little pain) that rules fire, and every kind of measurement."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import attrs
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._model.metrics import low

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


START = dt.date(2026, 12, 1)
U = rk.Unit

_PLANS: dict[str, rk.Plan] = {}


def plan_of(protocol_id: str) -> rk.Plan:
    """The left-sided plan of a bundled protocol (made once: plans are immutable)."""
    if protocol_id not in _PLANS:
        protocol = rk.bundled(protocol_id)
        # Every dated event (the ACL's surgery, the ankle's injury) three weeks before.
        events = {e.id: "2026-11-10" for e in protocol.events} or None
        _PLANS[protocol_id] = personalise(protocol, start=START, side="left", events=events)
    return _PLANS[protocol_id]


_FACTS = ["session", "pain_during", "pain_after", "pain_settled_after", "next_morning", "sets",
          "repetitions", "hold", "duration", "load", "symptoms", "pain_before", "effort",
          "reps_in_reserve"]  # fmt: skip
PROTOCOLS = ["runners-knee", "achilles-example", "achilles-eccentric", "acl-early-rehab",
             "tennis-elbow", "ankle-sprain", "low-back-pain"]  # fmt: skip
SCORES = st.none() | st.integers(0, 10) | st.sampled_from([2.5, 5.5])


def full_part(prescribed: Any) -> Any:
    """All of one part of the dose, as a log records it."""
    need = low(prescribed)
    if need is None:
        return None
    if isinstance(prescribed, (rk.Quantity, rk.Range)):
        return rk.Quantity(need, prescribed.unit)
    return int(need)


def _done(draw: st.DrawFn, prescribed: Any, full: bool, counts: st.SearchStrategy[Any]) -> Any:
    """What was done of one part of the dose: all of it, or anything at all."""
    if full and low(prescribed) is not None:
        return full_part(prescribed)
    return draw(counts)


@st.composite
def session(draw: st.DrawFn, plan: rk.Plan) -> rk.SessionEntry:
    """A session, often a good one (in full, little pain) so that rules do fire."""
    exercises = [ex.id for ex in plan.protocol.exercises]
    # Most sessions are of two exercises, so that runs of sessions build up.
    exercise = draw(st.sampled_from(exercises[:2]) | st.sampled_from(exercises))
    dose = plan.protocol.dosage_for(exercise)
    full, calm = draw(st.booleans()), draw(st.booleans())
    times = st.none() | st.sampled_from([rk.Quantity(5, U.SECOND), rk.Quantity(1, U.MINUTE)])
    settle = draw(st.sampled_from([0, 10]) if calm else st.none() | st.integers(0, 180))
    return rk.SessionEntry(
        date=START + dt.timedelta(days=draw(st.integers(-2, 12))),
        exercise=exercise,
        # Numbers past the schedule's sessions a day count as its last session.
        session=draw(st.none() | st.integers(1, 3)),
        sets=_done(draw, dose.sets, full, st.none() | st.integers(0, 4)),
        repetitions=_done(draw, dose.repetitions, full, st.none() | st.integers(0, 20)),
        hold=_done(draw, dose.hold, full, times),
        duration=_done(draw, dose.duration, full, times),
        pain_during=draw(st.sampled_from([0, 1, 2]) if calm else SCORES),
        pain_after=draw(st.sampled_from([0, 1]) if calm else SCORES),
        # Format 1.2: the pain before the session, and the effort it took (a calm session
        # easy, with repetitions to spare and less pain after than before, so rules fire).
        pain_before=draw(st.sampled_from([2, 3]) if calm else SCORES),
        effort=draw(st.sampled_from([2, 4]) if calm else st.none() | st.integers(0, 10)),
        reps_in_reserve=draw(st.sampled_from([3, 4]) if calm
                             else st.none() | st.integers(0, 10)),
        pain_settled_after=None if settle is None else rk.Quantity(settle, U.MINUTE),
        # A calm session's next morning may be still to come (or never logged).
        next_morning=draw(st.sampled_from([rk.NextMorning.SAME, rk.NextMorning.BETTER, None])
                          if calm else st.none() | st.sampled_from(list(rk.NextMorning))),
        symptoms=[] if calm else draw(st.lists(st.sampled_from(list(rk.Symptom)), max_size=2,
                                               unique=True)),
        load=draw(st.none() | st.sampled_from([rk.Quantity(2.5, U.KILOGRAM),
                                               rk.Quantity(40, U.KILOGRAM),
                                               rk.Quantity(10, U.POUND)])),
    )  # fmt: skip


@st.composite
def measurement(draw: st.DrawFn, m: rk.Measurement) -> rk.MeasurementEntry:
    day = START + dt.timedelta(days=draw(st.integers(0, 20)))
    if m.levels:
        return rk.MeasurementEntry(date=day, name=m.name, level=draw(st.sampled_from(m.levels)))
    if m.unit is None:
        return rk.MeasurementEntry(date=day, name=m.name, present=draw(st.booleans()))
    value = draw(st.integers(0, 140))
    return rk.MeasurementEntry(date=day, name=m.name, value=value, unit=m.unit)


@st.composite
def logs(draw: st.DrawFn, protocol_id: str | rk.Plan) -> tuple[rk.Plan, rk.SessionLog]:
    """A plan (a bundled protocol's, or the one given) and a random log of it."""
    plan = plan_of(protocol_id) if isinstance(protocol_id, str) else protocol_id
    protocol_id = plan.protocol.id
    entries = draw(st.lists(session(plan), max_size=14))
    if entries:
        # An entry logged twice is one session; a second entry for the same session that
        # differs in one fact is merged with it, the worst of each fact counting; one
        # that differs in its number is another session that day (or the same, clipped).
        entries += draw(st.lists(st.sampled_from(entries), max_size=2))
        twins = st.tuples(st.sampled_from(entries), session(plan), st.sampled_from(_FACTS))
        entries += [
            attrs.evolve(entry, **{fact: getattr(other, fact)})
            for entry, other, fact in draw(st.lists(twins, max_size=3))
        ]
    measurements = [
        draw(measurement(m))
        for m in plan.protocol.measurements
        for _ in range(draw(st.integers(0, 2)))
    ]
    return plan, rk.SessionLog(protocol=protocol_id, entries=entries, measurements=measurements)
