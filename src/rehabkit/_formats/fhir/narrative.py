"""Generated narrative: each resource's key facts as escaped XHTML, so that a FHIR viewer
that knows nothing of rehabkit still shows a person what the resource says (dom-6)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

Row = tuple[str, str]
_XHTML = "http://www.w3.org/1999/xhtml"


def _text(concept: Any) -> str:
    """The words of a CodeableConcept (or an R5 CodeableReference's concept)."""
    if not isinstance(concept, dict):
        return ""
    if "concept" in concept:
        return _text(concept["concept"])
    if concept.get("text"):
        return str(concept["text"])
    codings = concept.get("coding", [])
    return ", ".join(str(c.get("display") or c.get("code", "")) for c in codings)


def _quantity(q: dict[str, Any]) -> str:
    return f"{q.get('value', '')} {q.get('unit', q.get('code', ''))}".strip()


def _value(item: dict[str, Any]) -> str:
    for key, value in item.items():
        if not key.startswith("value"):
            continue
        if key in ("valueQuantity", "valueDuration"):
            return _quantity(value)
        if key == "valueCodeableConcept":
            return _text(value)
        if key == "valueBoolean":
            return "yes" if value else "no"
        return str(value)
    return ""


def _definition(r: dict[str, Any]) -> list[Row]:
    rows = [(r["resourceType"], r.get("title") or r.get("name", "")), ("Status", r["status"])]
    if r.get("version"):
        rows.append(("Version", r["version"]))
    if r.get("description"):
        rows.append(("Description", r["description"]))
    return rows


def _plan_definition(r: dict[str, Any]) -> list[Row]:
    rows = _definition(r)
    rows += [("Goal", _text(g["description"])) for g in r.get("goal", [])]
    rows += [("Action", a.get("title", a.get("id", ""))) for a in r.get("action", [])]
    return rows


def _care_plan(r: dict[str, Any]) -> list[Row]:
    period = r.get("period", {})
    rows = [
        ("Care plan", r.get("title", "")),
        ("For", r["subject"].get("display", "the patient")),
        ("From", f"{period.get('start', '')} to {period.get('end', '')}"),
        ("Status", r["status"]),
    ]
    if r.get("description"):
        rows.append(("Description", r["description"]))
    for activity in r.get("activity", []):
        detail = activity.get("detail")
        if detail:
            rows.append(("Activity", detail.get("description", _text(detail.get("code")))))
        elif "plannedActivityReference" in activity:
            rows.append(("Activity", activity["plannedActivityReference"].get("display", "")))
    return rows


def _patient(r: dict[str, Any]) -> list[Row]:
    rows = [("Patient", r["name"][0]["text"] if r.get("name") else "(no name given)")]
    rows += [("Identifier", i["value"]) for i in r.get("identifier", [])]
    return rows


def _condition(r: dict[str, Any]) -> list[Row]:
    rows = [("Condition", _text(r["code"]))]
    rows += [("Body site", _text(b)) for b in r.get("bodySite", [])]
    return rows


def _service_request(r: dict[str, Any]) -> list[Row]:
    rows = [("Exercise", _text(r["code"])), ("Status", r["status"])]
    for instruction in r.get("patientInstruction", []):
        rows.append(("Instruction", instruction.get("instructionMarkdown", "")))
    return rows


def _observation(r: dict[str, Any]) -> list[Row]:
    rows = [("Observation", _text(r["code"])), ("Date", r.get("effectiveDateTime", ""))]
    value = _value(r)
    rows.append(("Value", value or "not recorded"))
    rows += [(_text(c["code"]), _value(c)) for c in r.get("component", [])]
    rows += [("Note", n["text"]) for n in r.get("note", [])]
    return rows


def _body_structure(r: dict[str, Any]) -> list[Row]:
    if "location" in r:
        words = [_text(q) for q in r.get("locationQualifier", [])] + [_text(r["location"])]
        return [("Body structure", " ".join(words))]
    parts = r.get("includedStructure", [])
    words = [f"{_text(p.get('laterality'))} {_text(p['structure'])}".strip() for p in parts]
    return [("Body structure", ", ".join(words))]


def _practitioner(r: dict[str, Any]) -> list[Row]:
    rows = [("Practitioner", r["name"][0]["text"] if r.get("name") else "(no name given)")]
    rows += [("Contact", t["value"]) for t in r.get("telecom", [])]
    return rows


def _goal(r: dict[str, Any]) -> list[Row]:
    rows = [("Goal", _text(r["description"])), ("Status", r["lifecycleStatus"])]
    for target in r.get("target", []):
        high = target.get("detailRange", {}).get("high")
        if high:
            rows.append((_text(target.get("measure")) or "Target", f"at most {_quantity(high)}"))
    return rows


def _code_system(r: dict[str, Any]) -> list[Row]:
    rows = _definition(r)
    rows += [(c["code"], c.get("display", "")) for c in r.get("concept", [])]
    return rows


_ROWS: dict[str, Callable[[dict[str, Any]], list[Row]]] = {
    "PlanDefinition": _plan_definition,
    "ActivityDefinition": _definition,
    "StructureDefinition": _definition,
    "CodeSystem": _code_system,
    "ValueSet": _definition,
    "CarePlan": _care_plan,
    "Patient": _patient,
    "Condition": _condition,
    "ServiceRequest": _service_request,
    "Observation": _observation,
    "BodyStructure": _body_structure,
    "Practitioner": _practitioner,
    "Goal": _goal,
}


def _div(rows: Iterable[Row]) -> str:
    body = "".join(f"<p><b>{escape(label)}</b>: {escape(text)}</p>" for label, text in rows if text)
    return f'<div xmlns="{_XHTML}">{body}</div>'


def narrative(resource: dict[str, Any]) -> dict[str, str]:
    """The ``text`` element of ``resource``: its key facts, every value escaped."""
    rows = _ROWS[resource["resourceType"]](resource)
    return {"status": "generated", "div": _div(rows)}


def with_narrative(resource: dict[str, Any]) -> dict[str, Any]:
    """``resource`` with its generated narrative, placed where FHIR JSON puts ``text``."""
    head: dict[str, Any] = {
        k: resource[k] for k in ("resourceType", "id", "meta", "language") if k in resource
    }
    rest = {k: v for k, v in resource.items() if k not in head and k != "text"}
    return {**head, "text": narrative(resource), **rest}
