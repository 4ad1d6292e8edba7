"""Which of a Bundle's Observations are this patient's results: the Bundle's Patient, the
subject each Observation refers to, and the statuses that mean a result stands. What a
FHIR search returns holds more than one log's worth; the rest is read past and reported."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rehabkit._core.errors import Problem
from rehabkit._formats.fhir.values import Unreadable, array, mapping, string

#: Statuses whose result stands. ``preliminary`` is read: a patient's own report is not
#: verified by anyone later, and dropping a preliminary pain of 8 would hide a stop.
#: ``amended`` and ``corrected`` replace an earlier result and are read as it now stands.
READ = frozenset({"final", "amended", "corrected", "preliminary"})
#: Statuses with no result to read: never made, withdrawn, or made in error.
PASSED = frozenset({"registered", "cancelled", "entered-in-error", "unknown"})


#: Most entries read from one Bundle: a log's bounds (5,000 sessions, 2,000 measurements,
#: 500 reviews) and as many again of other resources a search returns beside them. The
#: editors' choice; it keeps a hostile Bundle to seconds.
MAX_ENTRIES = 15_000


def resources(bundle: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Each entry's resource with its path; a badly shaped entry is Unreadable."""
    entries = array(bundle.get("entry", []), "entry")
    if len(entries) > MAX_ENTRIES:
        message = f"{len(entries):,} entries; rehabkit reads at most {MAX_ENTRIES:,} in one Bundle"
        raise Unreadable("entry", message)
    for i, entry in enumerate(entries):
        entry = mapping(entry, f"entry[{i}]")
        at = f"entry[{i}].resource"
        r = mapping(entry.get("resource"), at)
        string(r.get("resourceType"), f"{at}.resourceType")
        yield at, r


class Patient:
    """The Bundle's Patient (if it has one): who the log is of, and how it is referred to."""

    def __init__(self, bundle: Mapping[str, Any], identifier_system: str) -> None:
        self.resource: Mapping[str, Any] = {}
        self.refs: set[str] = set()
        self.system = identifier_system
        found = [(i, e) for i, e in enumerate(bundle.get("entry", []))
                 if e["resource"]["resourceType"] == "Patient"]  # fmt: skip
        if len(found) > 1:
            at = f"entry[{found[1][0]}].resource"
            raise Unreadable(at, "the Bundle holds more than one Patient; a log is one person's")
        if found:
            _, entry = found[0]
            self.resource = entry["resource"]
            self.refs = self._references(entry)

    def _references(self, entry: Mapping[str, Any]) -> set[str]:
        refs = {entry["fullUrl"]} if isinstance(entry.get("fullUrl"), str) else set()
        if isinstance(self.resource.get("id"), str):
            refs.add(f"Patient/{self.resource['id']}")
        return refs

    def identifiers(self) -> list[Mapping[str, Any]]:
        ids = self.resource.get("identifier", [])
        return [i for i in ids if isinstance(i, Mapping)] if isinstance(ids, list) else []

    def identifier(self) -> str | None:
        """The identifier in rehabkit's system (or the one given), wherever it is listed."""
        for ident in self.identifiers():
            if ident.get("system") == self.system and isinstance(ident.get("value"), str):
                return str(ident["value"])
        return None

    def name(self) -> str | None:
        """The first name given, as its text or its parts."""
        names = self.resource.get("name", [])
        found = (_name(n) for n in (names if isinstance(names, list) else []))
        return next((n for n in found if n), None)

    def is_subject(self, reference: Mapping[str, Any]) -> bool:
        """Whether a Reference is to this Patient: by fullUrl, Patient/id, an absolute URL
        ending in Patient/id, or one of its identifiers."""
        ref = reference.get("reference")
        if isinstance(ref, str):
            return ref in self.refs or any(ref.endswith(f"/{r}") for r in self.refs
                                           if r.startswith("Patient/"))  # fmt: skip
        ident = reference.get("identifier")
        return isinstance(ident, Mapping) and any(
            ident.get("system") == i.get("system") and ident.get("value") == i.get("value")
            for i in self.identifiers()
        )


def _name(n: Any) -> str | None:
    """A HumanName as one line: its text, or its given and family names."""
    if not isinstance(n, Mapping):
        return None
    if isinstance(n.get("text"), str) and n["text"].strip():
        return str(n["text"])
    given = n.get("given")
    parts = [*(given if isinstance(given, list) else []), n.get("family")]
    return " ".join(p for p in parts if isinstance(p, str) and p.strip()) or None


def passed_over(r: Mapping[str, Any], at: str, patient: Patient) -> Problem | None:
    """Why an Observation is not this patient's result, or None if it is."""
    status = string(r.get("status"), f"{at}.status")
    if status in PASSED:
        return Problem(f"{at}.status", f"read past: its status is {status}", status)
    if status not in READ:
        raise Unreadable(f"{at}.status", f"not an Observation status: {status!r}", status)
    if not patient.resource:
        return None  # no Patient to compare with: the caller asked for this patient's data
    subject = r.get("subject")
    if subject is None:
        return Problem(f"{at}.subject", "read past: it names no subject")
    if not patient.is_subject(mapping(subject, f"{at}.subject")):
        return Problem(f"{at}.subject", "read past: it is another patient's", subject)
    return None
