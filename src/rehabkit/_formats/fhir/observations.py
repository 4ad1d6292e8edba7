"""A session log as FHIR Observations, so that what a patient logs reaches their record.

Each logged session of an exercise is one Observation coded LOINC 72514-3 (pain severity
0-10, the pain during the exercise) with the rest of the session as components; each
measurement is one Observation coded in the protocol's measurement CodeSystem. They refer
to the plan's Patient (in the same Bundle, with the same fullUrl as in the plan's Bundle)
and to its CarePlan by identifier.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from rehabkit._formats.fhir.definitions import level_code, measurement_system_id
from rehabkit._formats.fhir.dosage import quantity
from rehabkit._formats.fhir.ids import PlanIds, identified_id
from rehabkit._formats.fhir.terms import (
    LOINC,
    PAIN_SCORE,
    PAIN_SCORE_DISPLAY,
    REVIEW_CODE,
    SESSION_CODES,
    Canon,
)
from rehabkit._formats.fhir.words import PAIN_DURING, code_words, say
from rehabkit._model.metrics import low
from rehabkit._model.plan import Plan
from rehabkit._model.rules import Measurement
from rehabkit._model.session_log import MeasurementEntry, Review, SessionEntry, SessionLog
from rehabkit._progression.evidence import newest_first

_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
#: A session is the patient's own report (survey); a measurement is what a clinician
#: finds on examining them (exam), as HL7's observation-category defines the two.
_CATEGORIES = {"survey": "Survey", "exam": "Exam"}


def _score(value: float) -> dict[str, Any]:
    return quantity(value, "{score}")


class ObservationWriter:
    """Writes one plan's Observations: the references and codes they share."""

    def __init__(self, plan: Plan, canon: Canon, ids: PlanIds) -> None:
        self.plan = plan
        self.canon = canon
        self.ids = ids
        self.codes = canon.code_system("exercise-parameter")

    def _code(self, code: str) -> dict[str, Any]:
        display = SESSION_CODES[code][0]
        coding = {"system": self.codes, "code": code, "display": display}
        return {"coding": [coding], "text": code_words(code)}

    def _component(self, code: str, key: str, value: Any) -> dict[str, Any]:
        return {"code": self._code(code), key: value}

    def _common(self, kind: str, *key: str, category: str = "survey") -> dict[str, Any]:
        identifier = self.ids.observation_identifier(kind, *key)
        display = _CATEGORIES[category]
        return {
            "resourceType": "Observation",
            "id": identified_id("Observation", identifier),
            "identifier": [identifier],
            "status": "final",
            "category": [{"coding": [{"system": _CATEGORY, "code": category, "display": display}]}],
        }

    def _refs(self) -> dict[str, Any]:
        return {
            "basedOn": [self.ids.care_plan_reference()],
            "subject": self.ids.patient_reference(),
            "performer": [self.ids.patient_reference()],
        }

    def session(self, e: SessionEntry, number: int) -> dict[str, Any]:
        """One logged session of one exercise; ``number`` tells apart entries of one
        exercise, day and session number (an entry logged twice)."""
        protocol = self.plan.protocol
        known = {ex.id: ex.name for ex in protocol.exercises}
        name = known.get(e.exercise, e.exercise)
        r = self._common(
            "session", e.exercise, e.date.isoformat(), str(e.session or 0), str(number)
        )
        canonical = self.ids.activity_canonical(e.exercise)
        ext: list[dict[str, Any]] = [
            {"url": self.canon.extension("observation-exercise"), "valueCanonical": canonical}
        ]
        if e.session is not None:
            ext.append(
                {"url": self.canon.extension("observation-session"), "valueInteger": e.session}
            )
        r["extension"] = ext
        r["code"] = {
            "coding": [{"system": LOINC, "code": PAIN_SCORE, "display": PAIN_SCORE_DISPLAY}],
            "text": say(PAIN_DURING, exercise=name),
        }
        r |= self._refs()
        r["effectiveDateTime"] = e.date.isoformat()
        if e.pain_during is not None:
            r["valueQuantity"] = _score(e.pain_during)
        else:
            r["dataAbsentReason"] = {"coding": [{"system": _ABSENT, "code": "not-asked"}]}
        if e.note:
            r["note"] = [{"text": e.note}]
        components = list(self._session_components(e))
        if components:
            r["component"] = components
        return r

    def _session_components(self, e: SessionEntry) -> Iterable[dict[str, Any]]:
        yield from self._pain_components(e)
        yield from self._done_components(e)
        for symptom in e.symptoms:
            yield self._component("symptom", "valueCodeableConcept", self._code(symptom.value))

    def _pain_components(self, e: SessionEntry) -> Iterable[dict[str, Any]]:
        """The pain after the session, how long it took to settle, the next morning."""
        if e.pain_after is not None:
            yield self._component("pain-after", "valueQuantity", _score(e.pain_after))
        if e.pain_before is not None:
            yield self._component("pain-before", "valueQuantity", _score(e.pain_before))
        if e.pain_settled_after is not None:
            # Always in minutes, whatever the log used: the conditions compare numbers.
            minutes = e.pain_settled_after.seconds() / 60
            yield self._component("pain-settle-time", "valueQuantity", quantity(minutes, "min"))
        if e.next_morning is not None:
            yield self._component(
                "next-morning", "valueCodeableConcept", self._code(e.next_morning.value)
            )
        if e.effort is not None:
            yield self._component("effort", "valueQuantity", _score(e.effort))
        if e.reps_in_reserve is not None:
            # A Quantity like the scores, so that a condition reads each the same way.
            yield self._component(
                "reps-in-reserve", "valueQuantity", quantity(e.reps_in_reserve, "{repetitions}")
            )

    def _done_components(self, e: SessionEntry) -> Iterable[dict[str, Any]]:
        """The dose the patient did: sets, repetitions, hold, duration and load."""
        for code, count in (("sets-done", e.sets), ("repetitions-done", e.repetitions)):
            if count is not None:
                yield self._component(code, "valueInteger", count)
        for code, amount in (("hold-done", e.hold), ("duration-done", e.duration)):
            if amount is not None:
                seconds = low(amount) or 0.0
                yield self._component(code, "valueQuantity", quantity(seconds, "s"))
        if e.distance is not None:  # always in metres (1.2), as the conditions compare
            yield self._component(
                "distance-done", "valueQuantity", quantity(low(e.distance) or 0.0, "m")
            )
        if e.load is not None:
            yield self._component(
                "load-used", "valueQuantity", quantity(e.load.value, e.load.unit.value)
            )

    def measurement(self, m: MeasurementEntry, number: int) -> dict[str, Any]:
        """One measurement taken on a day; ``number`` tells apart readings of one
        measurement on one day."""
        protocol = self.plan.protocol
        r = self._common("measurement", m.name, m.date.isoformat(), str(number), category="exam")
        system = self.canon.code_system(measurement_system_id(protocol))
        declared = next((d for d in protocol.measurements if d.name == m.name), None)
        if declared:
            r["code"] = {"coding": [{"system": system, "code": m.name}],
                         "text": m.name.replace("_", " ")}  # fmt: skip
        else:
            r["code"] = {"text": m.name}  # not the protocol's: its name, as logged
        r["basedOn"] = [self.ids.care_plan_reference()]
        r["subject"] = self.ids.patient_reference()
        examiner = self.ids.practitioner_reference()
        if examiner is not None:  # the plan's clinician; without one, nobody is guessed
            r["performer"] = [examiner]
        r["effectiveDateTime"] = m.date.isoformat()
        return r | _value(m, declared, system)

    def review(self, review: Review, repeat: int) -> dict[str, Any]:
        """A clinician's review: without it, a stop that asked for one would come back after
        a round trip. The clinician is the performer, by name; what was decided, its note.
        Its identity is the review itself (``repeat`` counts the same review logged again),
        so a log synced again later keeps it."""
        what = hashlib.sha256(repr((review.clinician, review.note)).encode()).hexdigest()[:16]
        r = self._common("review", review.date.isoformat(), what, str(repeat))
        r["code"] = self._code(REVIEW_CODE)
        r["subject"] = self.ids.patient_reference()
        r["basedOn"] = [self.ids.care_plan_reference()]
        r["effectiveDateTime"] = review.date.isoformat()
        if review.clinician:
            r["performer"] = [{"display": review.clinician}]
        if review.note:
            r["note"] = [{"text": review.note}]
        return r


def _value(m: MeasurementEntry, declared: Measurement | None, system: str) -> dict[str, Any]:
    """A measurement's value: a Quantity, a level as a code of the protocol's measurement
    CodeSystem (a grade is a coded value), or present/absent."""
    if m.value is not None and m.unit is not None:
        return {"valueQuantity": quantity(m.value, m.unit.value)}
    if m.level is None:
        return {"valueBoolean": bool(m.present)}
    if declared is None or m.level not in declared.levels:
        return {"valueCodeableConcept": {"text": m.level}}  # no code defined for it
    coding = {"system": system, "code": level_code(m.name, m.level), "display": m.level}
    return {"valueCodeableConcept": {"coding": [coding], "text": m.level}}


def review_observations(log: SessionLog, writer: ObservationWriter) -> list[dict[str, Any]]:
    """Every review, newest first."""
    seen: Counter[str] = Counter()
    found = []
    for r in sorted(log.reviews, key=lambda r: (r.date, repr(r)), reverse=True):
        found.append(writer.review(r, seen[repr(r)]))
        seen[repr(r)] += 1
    return found


def session_observations(log: SessionLog, writer: ObservationWriter) -> list[dict[str, Any]]:
    """Every session, newest first, in the order rehabkit reads them."""
    seen: Counter[tuple[str, str, int]] = Counter()
    found = []
    for e in newest_first(log.entries):
        key = (e.exercise, e.date.isoformat(), e.session or 0)
        found.append(writer.session(e, seen[key]))
        seen[key] += 1
    return found


def measurement_observations(log: SessionLog, writer: ObservationWriter) -> list[dict[str, Any]]:
    """Every measurement, newest first (ties as rehabkit breaks them)."""
    ordered = sorted(log.measurements, key=lambda m: (m.date, repr(m)), reverse=True)
    seen: Counter[tuple[str, str]] = Counter()
    found = []
    for m in ordered:
        key = (m.name, m.date.isoformat())
        found.append(writer.measurement(m, seen[key]))
        seen[key] += 1
    return found
