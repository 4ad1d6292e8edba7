"""Observations back to a session log: what a FHIR server holds of a patient's sessions,
read as rehabkit's log so that ``assess`` can run on it. The inverse of
fhir_observations; anything it cannot read is a problem with its path, all at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from rehabkit._core.errors import FieldError, Problem, ValidationError
from rehabkit._formats.fhir.definitions import measurement_system_id
from rehabkit._formats.fhir.ids import activity_canonical
from rehabkit._formats.fhir.terms import LOINC, PAIN_SCORE, Canon
from rehabkit._model.protocol import Protocol
from rehabkit._model.session_log import MeasurementEntry, NextMorning, SessionEntry, SessionLog
from rehabkit._model.terms import Symptom
from rehabkit._model.units import Quantity, Unit

_SYMPTOMS = {s.value for s in Symptom}


class _Reader:
    """Reads one Bundle's Observations for one protocol."""

    def __init__(self, protocol: Protocol, canon: Canon) -> None:
        self.protocol = protocol
        self.exercises = {activity_canonical(canon, protocol, ex.id): ex.id
                          for ex in protocol.exercises}  # fmt: skip
        self.measurements = canon.code_system(measurement_system_id(protocol))
        self.observation_exercise = canon.extension("observation-exercise")
        self.observation_session = canon.extension("observation-session")
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, value: Any = None) -> None:
        self.problems.append(Problem(path, message, value))

    def observation(self, r: Mapping[str, Any], at: str) -> SessionEntry | MeasurementEntry | None:
        """A pain score is a session; any other Observation a measurement. An Observation
        that is not shaped as we write them is a problem, not a crash."""
        codings = (r.get("code") or {}).get("coding") or [{}]
        try:
            if codings[0].get("system") == LOINC and codings[0].get("code") == PAIN_SCORE:
                return self.session(r, at)
            return self.measurement(r, at)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self.problem(at, f"cannot read this Observation: {exc}")
            return None

    def session(self, r: Mapping[str, Any], at: str) -> SessionEntry | None:
        ext = {x.get("url"): x for x in r.get("extension", []) if isinstance(x, Mapping)}
        canonical = str(ext.get(self.observation_exercise, {}).get("valueCanonical"))
        exercise = self.exercises.get(canonical)
        if exercise is None:
            self.problem(f"{at}.extension", f"no exercise of {self.protocol.id} is {canonical!r}")
            return None
        facts: dict[str, Any] = {"exercise": exercise, "date": self.date(r, at)}
        facts.update(self.session_facts(r, ext))
        facts.update(self.component_facts(r, at))
        built = self.build(SessionEntry, facts, at)
        return built if isinstance(built, SessionEntry) else None

    def session_facts(self, r: Mapping[str, Any], ext: Mapping[Any, Any]) -> dict[str, Any]:
        """What the Observation itself records: which session of the day, pain, a note."""
        facts: dict[str, Any] = {}
        session = ext.get(self.observation_session, {}).get("valueInteger")
        if session is not None:
            facts["session"] = session
        if "valueQuantity" in r:
            facts["pain_during"] = r["valueQuantity"].get("value")
        if r.get("note"):
            facts["note"] = " ".join(n.get("text", "") for n in r["note"])
        return facts

    def component_facts(self, r: Mapping[str, Any], at: str) -> dict[str, Any]:
        """What the Observation's components record, symptoms gathered into one tuple."""
        facts: dict[str, Any] = {}
        symptoms = []
        for i, c in enumerate(r.get("component", [])):
            code = _code(c.get("code"))
            if code == "symptom":
                symptoms.append(_code(c.get("valueCodeableConcept")))
            elif code in _COMPONENTS:
                name, read = _COMPONENTS[code]
                facts[name] = read(c)
            else:
                self.problem(f"{at}.component[{i}]", f"unknown session component {code!r}", code)
        facts["symptoms"] = self.symptoms(symptoms, at)
        return facts

    def symptoms(self, codes: list[str | None], at: str) -> tuple[Symptom, ...]:
        """The symptoms we know; the others are one problem."""
        unknown = [s for s in codes if s not in _SYMPTOMS]
        if unknown:
            self.problem(at, f"unknown symptoms {unknown}", unknown)
        return tuple(Symptom(s) for s in codes if s in _SYMPTOMS)

    def measurement(self, r: Mapping[str, Any], at: str) -> MeasurementEntry | None:
        code = r.get("code") or {}
        coding = code.get("coding") or [{}]
        if coding[0].get("system") == self.measurements:
            name = coding[0].get("code")
        elif "coding" not in code and code.get("text"):
            name = code["text"]  # a measurement the protocol does not declare
        else:
            self.problem(f"{at}.code", f"not a measurement of {self.protocol.id}")
            return None
        facts: dict[str, Any] = {"name": name, "date": self.date(r, at)}
        if "valueQuantity" in r:
            facts["value"] = r["valueQuantity"].get("value")
            facts["unit"] = _unit(r["valueQuantity"].get("code"))
        elif "valueString" in r:
            facts["level"] = r["valueString"]
        elif "valueBoolean" in r:
            facts["present"] = r["valueBoolean"]
        built = self.build(MeasurementEntry, facts, at)
        return built if isinstance(built, MeasurementEntry) else None

    def date(self, r: Mapping[str, Any], at: str) -> dt.date | None:
        text = str(r.get("effectiveDateTime", ""))[:10]
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(f"{at}.effectiveDateTime", "a session needs its date", text)
            return None

    def build(self, cls: Any, facts: dict[str, Any], at: str) -> Any:
        if facts.get("date") is None:
            return None
        try:
            return cls(**facts)
        except (FieldError, TypeError, ValueError) as exc:
            self.problem(at, str(exc))
            return None


def _code(concept: Any) -> str | None:
    if not isinstance(concept, Mapping):
        return None
    coding = concept.get("coding") or [{}]
    return coding[0].get("code") if isinstance(coding[0], Mapping) else None


def _unit(code: Any) -> Unit:
    return Unit(code)


def _seconds(c: Mapping[str, Any]) -> Quantity:
    return Quantity(c["valueQuantity"]["value"], Unit.SECOND)


_COMPONENTS: dict[str, tuple[str, Callable[[Mapping[str, Any]], Any]]] = {
    "pain-after": ("pain_after", lambda c: c["valueQuantity"]["value"]),
    "effort": ("effort", lambda c: c["valueQuantity"]["value"]),
    "reps-in-reserve": ("reps_in_reserve", lambda c: int(c["valueQuantity"]["value"])),
    "pain-before": ("pain_before", lambda c: c["valueQuantity"]["value"]),
    "pain-settle-time": (
        "pain_settled_after",
        lambda c: Quantity(c["valueQuantity"]["value"], Unit.MINUTE),
    ),
    "next-morning": ("next_morning", lambda c: NextMorning(_code(c["valueCodeableConcept"]))),
    "sets-done": ("sets", lambda c: c["valueInteger"]),
    "repetitions-done": ("repetitions", lambda c: c["valueInteger"]),
    "hold-done": ("hold", _seconds),
    "duration-done": ("duration", _seconds),
    "distance-done": ("distance", lambda c: Quantity(c["valueQuantity"]["value"], Unit.METRE)),
    "load-used": (
        "load",
        lambda c: Quantity(c["valueQuantity"]["value"], _unit(c["valueQuantity"]["code"])),
    ),
}


def _patient(bundle: Mapping[str, Any]) -> tuple[str | None, str | None]:
    for entry in bundle.get("entry", []):
        r = entry.get("resource", {})
        if r.get("resourceType") == "Patient":
            name = (r.get("name") or [{}])[0].get("text")
            ident = (r.get("identifier") or [{}])[0].get("value")
            return name, ident
    return None, None


def _observations(bundle: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Each Observation of the Bundle with its path; its other resources are not read."""
    for i, entry in enumerate(bundle.get("entry", [])):
        r = entry.get("resource", {}) if isinstance(entry, Mapping) else {}
        if r.get("resourceType") == "Observation":
            yield f"entry[{i}].resource", r


def session_log_from_bundle(
    bundle: Mapping[str, Any], protocol: Protocol, canon: Canon
) -> SessionLog:
    """The session log in a Bundle of Observations written for ``protocol``."""
    reader = _Reader(protocol, canon)
    entries: list[SessionEntry] = []
    measurements: list[MeasurementEntry] = []
    for at, r in _observations(bundle):
        found = reader.observation(r, at)
        if isinstance(found, SessionEntry):
            entries.append(found)
        elif isinstance(found, MeasurementEntry):
            measurements.append(found)
    if reader.problems:
        raise ValidationError(reader.problems)
    patient, patient_id = _patient(bundle)
    return SessionLog(
        protocol=protocol.id,
        patient=patient,
        patient_id=patient_id,
        entries=sorted(entries, key=lambda e: (e.date, e.session or 0, e.exercise)),
        measurements=sorted(measurements, key=lambda m: (m.date, m.name)),
    )
