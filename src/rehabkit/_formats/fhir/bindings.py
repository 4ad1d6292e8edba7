"""The codes each code-valued extension allows: one CodeSystem and one ValueSet per set of
codes, the ValueSet bound (required) to the extension's value, so that a validator
refuses a code rehabkit never writes (a contraction "isometrik", a side "lefft").

``plan-event``'s ``event`` is left unbound: its codes are each protocol's own event ids."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from rehabkit._formats.fhir.terms import Canon, machine_name
from rehabkit._model.terms import (
    Contraction,
    Joint,
    Laterality,
    Limb,
    Motion,
    Parameter,
    ReturnWith,
    Side,
)


@frozen
class CodeSet:
    """One set of codes: its id (of its CodeSystem and ValueSet), title and codes."""

    id: str
    title: str
    codes: tuple[str, ...]


def _values(*kinds: type[enum.Enum]) -> tuple[str, ...]:
    found: list[str] = []
    for kind in kinds:
        found += [str(m.value) for m in kind if m.value not in found]
    return tuple(found)


_JOINT = CodeSet("joint", "Joints", _values(Joint))
#: (extension, part) -> its codes; part "" is the extension's own value.
BOUND: dict[tuple[str, str], CodeSet] = {
    ("exercise-contraction", ""): CodeSet("exercise-contraction", "Contractions",
                                          _values(Contraction)),
    ("exercise-return-with", ""): CodeSet("exercise-return-with", "Ways back to the start",
                                          _values(ReturnWith)),
    ("exercise-limb", ""): CodeSet("exercise-limb", "Limbs", _values(Limb)),
    # A protocol writes affected, each or both; a plan the side resolved, left or right.
    ("exercise-side", ""): CodeSet("exercise-side", "Exercise sides",
                                   (*_values(Side), "left", "right")),
    ("plan-side", ""): CodeSet("plan-side", "Plan sides", _values(Laterality)),
    ("exercise-joint-angle", "joint"): _JOINT,
    ("exercise-joint-angle", "motion"): CodeSet("motion", "Motions", _values(Motion)),
    ("exercise-change", "parameter"): CodeSet("exercise-change-parameter",
                                              "Parameters a rule changes", _values(Parameter)),
    ("exercise-change", "joint"): _JOINT,
}  # fmt: skip


def binding(canon: Canon, extension: str, part: str = "") -> dict[str, str] | None:
    """The required binding of an extension's (or its part's) value, if it has codes."""
    found = BOUND.get((extension, part))
    if found is None:
        return None
    return {"strength": "required", "valueSet": canon.resource("ValueSet", found.id)}


def _code_sets() -> Iterable[CodeSet]:
    return {s.id: s for s in BOUND.values()}.values()


def code_set_resources(
    canon: Canon, version: str, date: str, publisher: str
) -> list[dict[str, Any]]:
    """A CodeSystem and a ValueSet of all its codes for each set of codes."""
    found: list[dict[str, Any]] = []
    for s in _code_sets():
        common = {"version": version, "name": machine_name(s.id), "title": s.title,
                  "status": "active", "date": date, "publisher": publisher}  # fmt: skip
        system = canon.code_system(s.id)
        found.append({
            "resourceType": "CodeSystem", "id": s.id, "url": system, **common,
            "description": f"{s.title}: the codes rehabkit writes.", "caseSensitive": True,
            "content": "complete", "count": len(s.codes),
            "concept": [{"code": c, "display": c.replace("_", " ")} for c in s.codes],
        })  # fmt: skip
        found.append({
            "resourceType": "ValueSet", "id": s.id, "url": canon.resource("ValueSet", s.id),
            **common, "description": f"Every code of {system}.",
            "compose": {"include": [{"system": system}]},
        })  # fmt: skip
    return found
