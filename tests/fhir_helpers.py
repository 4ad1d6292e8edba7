"""The documents the FHIR tests export: every bundled protocol, plans that use every plan
field, and session logs that use every log field."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import rehabkit as rk

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


START = dt.date(2026, 12, 1)
Q = rk.Quantity
U = rk.Unit


def _plans() -> list[rk.Plan]:
    knee = rk.bundled("runners-knee")
    return [
        personalise(
            knee, patient="Ana <Lopez> & Co", patient_id="MRN-7", side="left", start=START,
            clinician="Sam Physio", clinician_contact="020 7946 0000",
        ),
        personalise(knee, start=START, side="right"),
        personalise(rk.bundled("achilles-example"), start=START, side="right"),
        personalise(rk.bundled("achilles-eccentric"), start=START, side="both"),
        personalise(
            rk.bundled("acl-early-rehab"), start=START, side="left",
            events={"surgery": "2026-11-27"}, clinician="Dr Jo",
        ),
    ]  # fmt: skip


def entry(day: int, exercise: str, **facts: Any) -> rk.SessionEntry:
    """One session ``day`` days after START."""
    return rk.SessionEntry(date=START + dt.timedelta(days=day), exercise=exercise, **facts)


def log_for(protocol_id: str) -> tuple[rk.Plan, rk.SessionLog]:
    """A plan of ``protocol_id`` and a log that uses every field a session can record."""
    plan = next(p for p in _plans() if p.protocol.id == protocol_id)
    first, second = (item.exercise for item in plan.exercises[:2])
    entries = [
        entry(0, first, sets=3, repetitions=10, hold=Q(30, U.SECOND), pain_during=2,
              pain_after=1, pain_settled_after=Q(20, U.MINUTE), next_morning=rk.NextMorning.SAME,
              note="Felt fine <really>"),
        entry(0, second, session=1, pain_during=0, pain_after=0),
        entry(0, second, session=2, pain_during=3.5, load=Q(5, U.KILOGRAM),
              duration=Q(2, U.MINUTE)),
        entry(2, first, pain_during=6, pain_settled_after=Q(2, U.HOUR),
              next_morning=rk.NextMorning.WORSE, symptoms=(rk.Symptom.SWELLING,)),
        entry(3, first, symptoms=(rk.Symptom.HEAT, rk.Symptom.FEVER)),
    ]  # fmt: skip
    measurements = [
        rk.MeasurementEntry(date=START, name="knee_flexion", value=95, unit=U.DEGREE),
        rk.MeasurementEntry(date=START + dt.timedelta(days=3), name="effusion", level="trace"),
        rk.MeasurementEntry(date=START + dt.timedelta(days=3), name="extensor_lag", present=False),
    ]
    log = rk.SessionLog(
        protocol=protocol_id, patient=plan.patient, patient_id=plan.patient_id,
        entries=entries, measurements=measurements,
    )  # fmt: skip
    return plan, log


def fhir_documents() -> list[tuple[Any, rk.SessionLog | None]]:
    """(document, None) for protocols and plans; (plan, log) for a plan's session log."""
    protocols = [rk.bundled(p) for p in ("runners-knee", "achilles-example",
                                         "achilles-eccentric", "acl-early-rehab")]  # fmt: skip
    documents: list[tuple[Any, rk.SessionLog | None]] = [(p, None) for p in protocols]
    documents += [(plan, None) for plan in _plans()]
    documents += [log_for(p) for p in ("runners-knee", "acl-early-rehab")]
    return documents
