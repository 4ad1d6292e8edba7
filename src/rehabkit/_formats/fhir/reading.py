"""Observations back to a session log: what a FHIR server holds of a patient's sessions,
read as rehabkit's log so that ``assess`` can run on it. The inverse of
fhir_observations. Every value is read as its FHIR type says (values.py); what is not
this patient's standing result, or not rehabkit's, is read past and reported (whose.py);
anything of ours it cannot read is a problem with its path, all at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rehabkit._core.errors import FieldError, Problem, ValidationError
from rehabkit._formats.fhir import values as v
from rehabkit._formats.fhir.definitions import level_code, measurement_system_id
from rehabkit._formats.fhir.ids import activity_canonical
from rehabkit._formats.fhir.terms import LOINC, PAIN_SCORE, REVIEW_CODE, Canon
from rehabkit._formats.fhir.values import Unreadable
from rehabkit._formats.fhir.whose import Patient, passed_over, resources
from rehabkit._model.integrity import LOG_BOUNDS
from rehabkit._model.protocol import Protocol
from rehabkit._model.session_log import (
    MeasurementEntry,
    Review,
    SessionEntry,
    SessionLog,
)
from rehabkit._model.terms import NextMorning, Symptom
from rehabkit._model.units import Quantity

_SYMPTOMS = {s.value for s in Symptom}
_MORNINGS = {m.value for m in NextMorning}
Read = SessionEntry | MeasurementEntry | Review


class _Reader:
    """Reads one Bundle's Observations for one protocol."""

    def __init__(self, protocol: Protocol, canon: Canon) -> None:
        self.protocol = protocol
        # Any exercise id after the protocol's prefix, at the protocol's version: the
        # exporter writes entries for exercises the protocol lacks (a log may hold them,
        # and assess notes them), so they are read back, not refused.
        prefix = activity_canonical(canon, protocol, "\0").split("\0")
        self.exercise_prefix, self.exercise_suffix = prefix[0], prefix[1]
        self.measurements = canon.code_system(measurement_system_id(protocol))
        #: Each ordinal level's code in the measurement CodeSystem, back to its level.
        self.levels = {level_code(m.name, lv): lv for m in protocol.measurements
                       for lv in m.levels}  # fmt: skip
        self.ours = canon.code_system("exercise-parameter")
        self.observation_exercise = canon.extension("observation-exercise")
        self.observation_session = canon.extension("observation-session")
        self.problems: list[Problem] = []

    def kind(self, r: Mapping[str, Any], at: str) -> str | None:
        """Which of ours an Observation is, from any of its codings; None if not ours."""
        code = r.get("code")
        if code is None:
            raise Unreadable(f"{at}.code", "an Observation needs its code")
        pairs = v.coding_pairs(code, f"{at}.code")
        if (LOINC, PAIN_SCORE) in pairs:
            return "session"
        if (self.ours, REVIEW_CODE) in pairs:
            return "review"
        if any(s == self.measurements for s, _ in pairs):
            return "measurement"
        if not pairs and isinstance(v.mapping(code, f"{at}.code").get("text"), str):
            return "named"  # a measurement the protocol does not declare, by its name
        return None

    def read(self, kind: str, r: Mapping[str, Any], at: str) -> Read | None:
        """One Observation of ours as a log's entry, or a problem (never a crash)."""
        try:
            facts, cls = self._READERS[kind](self, r, at)
        except Unreadable as exc:
            self.problems.append(Problem(exc.path, exc.message, exc.value))
            return None
        try:
            built: Read = cls(**facts)
        except (FieldError, TypeError, ValueError) as exc:
            self.problems.append(Problem(at, str(exc)))
            return None
        return built

    # ------------------------------------------------------------------ sessions

    def session(self, r: Mapping[str, Any], at: str) -> tuple[dict[str, Any], type]:
        """A pain score of one exercise's session, the rest of it in components."""
        ext = self.extensions(r, at)
        facts: dict[str, Any] = {"exercise": self.exercise(ext, at), "date": v.day(r, at)}
        if self.observation_session in ext:
            url, x = ext[self.observation_session]
            facts["session"] = v.integer(x.get("valueInteger"), f"{url}.valueInteger")
        pain = _score_of(r, at)
        if pain is not None:
            facts["pain_during"] = pain
        note = notes(r, at)
        if note:
            facts["note"] = note
        facts.update(self.components(r, at))
        return facts, SessionEntry

    def extensions(self, r: Mapping[str, Any], at: str) -> dict[str, tuple[str, Any]]:
        """Our extensions by URL, each with its path."""
        found = {}
        for i, x in enumerate(v.array(r.get("extension", []), f"{at}.extension")):
            x = v.mapping(x, f"{at}.extension[{i}]")
            if isinstance(x.get("url"), str):
                found[x["url"]] = (f"{at}.extension[{i}]", x)
        return found

    def exercise(self, ext: Mapping[str, tuple[str, Any]], at: str) -> str:
        _, x = ext.get(self.observation_exercise, (f"{at}.extension", {}))
        canonical = x.get("valueCanonical")
        head, tail = self.exercise_prefix, self.exercise_suffix
        if isinstance(canonical, str) and canonical.startswith(head) and canonical.endswith(tail):
            found = canonical[len(head) : len(canonical) - len(tail)]
            if found:
                return found
        raise Unreadable(
            f"{at}.extension", f"no exercise of {self.protocol.id} is {canonical!r}", canonical
        )

    def components(self, r: Mapping[str, Any], at: str) -> dict[str, Any]:
        """What the Observation's components record, symptoms gathered into one tuple."""
        facts: dict[str, Any] = {}
        symptoms: list[str] = []
        for i, c in enumerate(v.array(r.get("component", []), f"{at}.component")):
            where = f"{at}.component[{i}]"
            c = v.mapping(c, where)
            code = v.code_in(c.get("code", {}), f"{where}.code", self.ours)
            if code == "symptom":
                concept = c.get("valueCodeableConcept", {})
                symptoms.append(str(v.code_in(concept, f"{where}.valueCodeableConcept", self.ours)))
            elif code in _COMPONENTS:
                name, key, read = _COMPONENTS[code]
                score = read is v.score and "valueInteger" in c  # as some systems write one
                facts[name] = _score_of(c, where) if score else read(c.get(key), f"{where}.{key}")
            else:
                raise Unreadable(where, f"unknown session component {code!r}", code)
        facts["symptoms"] = _symptoms(symptoms, at)
        return facts

    # --------------------------------------------------- measurements, reviews

    def measurement(self, r: Mapping[str, Any], at: str) -> tuple[dict[str, Any], type]:
        code = v.mapping(r["code"], f"{at}.code")
        name = v.code_in(code, f"{at}.code", self.measurements) or v.string(
            code.get("text"), f"{at}.code.text"
        )
        facts: dict[str, Any] = {"name": name, "date": v.day(r, at)}
        if "valueQuantity" in r:
            facts["value"], facts["unit"] = v.measured(r["valueQuantity"], f"{at}.valueQuantity")
        elif "valueString" in r:
            facts["level"] = v.string(r["valueString"], f"{at}.valueString")
        elif "valueCodeableConcept" in r:
            facts["level"] = self.level(r["valueCodeableConcept"], f"{at}.valueCodeableConcept")
        elif "valueBoolean" in r:
            facts["present"] = v.boolean(r["valueBoolean"], f"{at}.valueBoolean")
        else:
            raise Unreadable(at, "a measurement needs its value (Quantity, string or boolean)")
        return facts, MeasurementEntry

    def level(self, concept: Any, at: str) -> str:
        """A level: our code of it wherever its coding is, else another system's code, else
        the text (a level the protocol does not define is written as text alone)."""
        pairs = v.coding_pairs(concept, at)
        ours = v.code_in(concept, at, self.measurements)
        if ours is not None:
            if ours not in self.levels:
                raise Unreadable(f"{at}.coding", f"{ours!r} is no level of the protocol", ours)
            return self.levels[ours]
        code = next((c for _, c in pairs if c), None)
        return code or v.string(v.mapping(concept, at).get("text"), f"{at}.text")

    def review(self, r: Mapping[str, Any], at: str) -> tuple[dict[str, Any], type]:
        """A clinician's review: its day, who (the performer's name) and what was decided."""
        facts: dict[str, Any] = {"date": v.day(r, at)}
        for i, who in enumerate(v.array(r.get("performer", []), f"{at}.performer")):
            display = v.mapping(who, f"{at}.performer[{i}]").get("display")
            if display is not None:
                facts["clinician"] = v.string(display, f"{at}.performer[{i}].display")
                break
        note = notes(r, at)
        if note:
            facts["note"] = note
        return facts, Review

    _READERS: dict[str, Callable[[_Reader, Mapping[str, Any], str], tuple[dict[str, Any], type]]]


_Reader._READERS = {
    "session": _Reader.session,
    "measurement": _Reader.measurement,
    "named": _Reader.measurement,
    "review": _Reader.review,
}


_SCORE_KEYS = ("valueQuantity", "valueInteger")


def _score_of(r: Mapping[str, Any], at: str) -> float | None:
    """A 0-10 score as a Quantity or an integer. Any other value[x] is a problem: a pain
    of "7" as text read as no pain at all would hide a stop."""
    others = [k for k in r if k.startswith("value") and k not in _SCORE_KEYS]
    if others:
        raise Unreadable(f"{at}.{others[0]}", "a 0-10 score is a Quantity or an integer")
    if "valueQuantity" in r:
        return v.score(r["valueQuantity"], f"{at}.valueQuantity")
    if "valueInteger" in r:
        return v.integer(r["valueInteger"], f"{at}.valueInteger")
    return None


def notes(r: Mapping[str, Any], at: str) -> str | None:
    """The Observation's notes, joined."""
    texts = []
    for i, n in enumerate(v.array(r.get("note", []), f"{at}.note")):
        texts.append(v.string(v.mapping(n, f"{at}.note[{i}]").get("text"), f"{at}.note[{i}].text"))
    return " ".join(texts) or None


def _symptoms(codes: list[str], at: str) -> tuple[Symptom, ...]:
    unknown = [s for s in codes if s not in _SYMPTOMS]
    if unknown:
        raise Unreadable(at, f"unknown symptoms {unknown}", unknown)
    return tuple(Symptom(s) for s in codes)


def _next_morning(concept: Any, at: str) -> NextMorning:
    for _, code in v.coding_pairs(concept, at):
        if code in _MORNINGS:
            return NextMorning(code)
    raise Unreadable(at, "the next morning is better, same or worse", concept)


def _load(value: Any, at: str) -> Quantity:
    number, unit = v.measured(value, at)
    return Quantity(number, unit)


_COMPONENTS: dict[str, tuple[str, str, Callable[[Any, str], Any]]] = {
    "pain-after": ("pain_after", "valueQuantity", v.score),
    "effort": ("effort", "valueQuantity", v.score),
    "reps-in-reserve": ("reps_in_reserve", "valueQuantity", v.whole),
    "pain-before": ("pain_before", "valueQuantity", v.score),
    "pain-settle-time": ("pain_settled_after", "valueQuantity", v.time),
    "next-morning": ("next_morning", "valueCodeableConcept", _next_morning),
    "sets-done": ("sets", "valueInteger", v.integer),
    "repetitions-done": ("repetitions", "valueInteger", v.integer),
    "hold-done": ("hold", "valueQuantity", v.time),
    "duration-done": ("duration", "valueQuantity", v.time),
    "distance-done": ("distance", "valueQuantity", v.distance),
    "load-used": ("load", "valueQuantity", _load),
}


class _Log:
    """What has been read so far, and what was read past."""

    def __init__(self) -> None:
        self.found: dict[type, list[Any]] = {SessionEntry: [], MeasurementEntry: [], Review: []}
        self.skipped: list[Problem] = []
        self.subjects: dict[str, str] = {}


def _sort(r: Mapping[str, Any], at: str, reader: _Reader, patient: Patient) -> str | Problem:
    """Which of ours an Observation is, or why it is read past."""
    why = passed_over(r, at, patient)
    if why is not None:
        return why
    kind = reader.kind(r, at)
    if kind is None:
        return Problem(f"{at}.code", "read past: not a session, measurement or review of ours")
    return kind


def _read_one(reader: _Reader, kind: str, r: Mapping[str, Any], at: str, log: _Log) -> Read | None:
    """One Observation of ours. One known only by its text that cannot be read as a
    measurement is read past, not refused: it may be anything another system wrote, and
    no rule reads a measurement the protocol does not declare."""
    before = len(reader.problems)
    found = reader.read(kind, r, at)
    if kind == "named" and len(reader.problems) > before:
        log.skipped += [Problem(p.path, f"read past: {p.message}", p.value)
                        for p in reader.problems[before:]]  # fmt: skip
        del reader.problems[before:]
    return found


def _read_all(bundle: Mapping[str, Any], reader: _Reader, patient: Patient) -> _Log:
    log = _Log()
    observations = ((at, r) for at, r in resources(bundle) if r["resourceType"] == "Observation")
    for at, r in observations:  # the Patient was read; CarePlans and the rest are not needed
        try:
            kind = _sort(r, at, reader, patient)
        except Unreadable as exc:
            reader.problems.append(Problem(exc.path, exc.message, exc.value))
            continue
        if isinstance(kind, Problem):
            log.skipped.append(kind)
            continue
        found = _read_one(reader, kind, r, at, log)
        if found is not None:
            log.found[type(found)].append(found)
            if not patient.resource:  # then the subjects must agree among themselves
                log.subjects[at] = repr(r.get("subject"))
    return log


def _bound_problems(log: _Log) -> list[Problem]:
    """A log read from FHIR keeps the bounds of a log file."""
    problems = []
    for name, cls in (("entries", SessionEntry), ("measurements", MeasurementEntry),
                      ("reviews", Review)):  # fmt: skip
        limit, count = LOG_BOUNDS[(name,)], len(log.found[cls])
        if count > limit:
            problems.append(Problem("entry", f"{count:,} {name}; a log holds at most {limit:,}"))
    if len(set(log.subjects.values())) > 1:
        problems.append(Problem("entry", "the Observations are of more than one subject, and"
                                " no Patient in the Bundle says whose log this is"))  # fmt: skip
    return problems


def session_log_from_bundle(
    bundle: Mapping[str, Any],
    protocol: Protocol,
    canon: Canon,
    identifier_system: str | None = None,
    skipped: list[Problem] | None = None,
) -> SessionLog:
    """The session log in a Bundle of Observations written for ``protocol``; what is read
    past is added to ``skipped``."""
    reader = _Reader(protocol, canon)
    try:
        list(resources(bundle))  # the Bundle's shape, before anything relies on it
        patient = Patient(bundle, identifier_system or canon.identifier_system("patient"))
    except Unreadable as exc:
        raise ValidationError([Problem(exc.path, exc.message, exc.value)]) from None
    log = _read_all(bundle, reader, patient)
    problems = reader.problems + _bound_problems(log)
    if problems:
        raise ValidationError(problems)
    if skipped is not None:
        skipped.extend(log.skipped)
    entries, measurements = log.found[SessionEntry], log.found[MeasurementEntry]
    return SessionLog(
        protocol=protocol.id,
        patient=patient.name(),
        patient_id=patient.identifier(),
        entries=sorted(entries, key=lambda e: (e.date, e.session or 0, e.exercise)),
        measurements=sorted(measurements, key=lambda m: (m.date, m.name)),
        reviews=sorted(log.found[Review], key=lambda r: r.date),
    )
