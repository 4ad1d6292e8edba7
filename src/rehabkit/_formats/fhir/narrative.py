"""Generated narrative: each resource's key facts as escaped XHTML, so that a FHIR viewer
that knows nothing of rehabkit still shows a person what the resource says (dom-6). The
labels are in the resource's language (words.py), and the div says which language and,
for Arabic and the other right-to-left languages, which direction it is written in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from rehabkit._core.i18n import is_right_to_left
from rehabkit._formats.fhir import words as w
from rehabkit._formats.fhir.terms import LATERALITY_QUALIFIER
from rehabkit._formats.fhir.words import say, status_words

Row = tuple[str, str]
_XHTML = "http://www.w3.org/1999/xhtml"
# A backslash before ASCII punctuation: how Markdown text is escaped (_core/markdown.py).
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _plain(markdown: str) -> str:
    """Markdown written by ``markdown_literal`` as the text it shows: XHTML is not
    Markdown, so its escapes would show as backslashes."""
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown)


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
    unit = str(q.get("unit", q.get("code", "")))
    # A UCUM annotation ({score}) is no unit a person reads.
    return f"{q.get('value', '')} {'' if unit.startswith('{') else unit}".strip()


def _value(item: dict[str, Any]) -> str:
    for key, value in item.items():
        if not key.startswith("value"):
            continue
        if key in ("valueQuantity", "valueDuration"):
            return _quantity(value)
        if key == "valueCodeableConcept":
            return _text(value)
        if key == "valueBoolean":
            return say(w.YES) if value else say(w.NO)
        return str(value)
    return ""


# A protocol's definitions, in the reader's words; ours in the package keep their type.
_KINDS = {"PlanDefinition": lambda: say(w.PROTOCOL), "ActivityDefinition": lambda: say(w.EXERCISE)}


def _definition(r: dict[str, Any]) -> list[Row]:
    kind = _KINDS[r["resourceType"]]() if r["resourceType"] in _KINDS else r["resourceType"]
    rows = [(kind, r.get("title") or r.get("name", "")), (say(w.STATUS), status_words(r["status"]))]
    if r.get("version"):
        rows.append((say(w.VERSION), r["version"]))
    if r.get("description"):
        rows.append((say(w.DESCRIPTION), r["description"]))
    return rows


def _plan_definition(r: dict[str, Any]) -> list[Row]:
    rows = _definition(r)
    rows += [(say(w.GOAL), _text(g["description"])) for g in r.get("goal", [])]
    rows += [(say(w.ACTION), a.get("title", a.get("id", ""))) for a in r.get("action", [])]
    return rows


def _care_plan(r: dict[str, Any]) -> list[Row]:
    period = r.get("period", {})
    rows = [
        (say(w.CARE_PLAN), r.get("title", "")),
        (say(w.FOR), r["subject"].get("display", say(w.THE_PATIENT))),
        (say(w.PERIOD), say(w.DATES, start=period.get("start", ""), end=period.get("end", ""))),
        (say(w.STATUS), status_words(r["status"])),
    ]
    if r.get("description"):
        rows.append((say(w.DESCRIPTION), r["description"]))
    for activity in r.get("activity", []):
        detail = activity.get("detail")
        if detail:
            rows.append((say(w.ACTIVITY), detail.get("description", _text(detail.get("code")))))
        elif "plannedActivityReference" in activity:
            reference = activity["plannedActivityReference"]
            rows.append((say(w.ACTIVITY), reference.get("display", "")))
    return rows


def _patient(r: dict[str, Any]) -> list[Row]:
    rows = [(say(w.PATIENT), r["name"][0]["text"] if r.get("name") else say(w.NO_NAME))]
    rows += [(say(w.IDENTIFIER), i["value"]) for i in r.get("identifier", [])]
    return rows


def _condition(r: dict[str, Any]) -> list[Row]:
    rows = [(say(w.CONDITION), _text(r["code"]))]
    rows += [(say(w.BODY_SITE), _text(b)) for b in r.get("bodySite", [])]
    return rows


def _service_request(r: dict[str, Any]) -> list[Row]:
    rows = [(say(w.EXERCISE), _text(r["code"])), (say(w.STATUS), status_words(r["status"]))]
    for instruction in r.get("patientInstruction", []):
        rows.append((say(w.INSTRUCTION), _plain(instruction.get("instructionMarkdown", ""))))
    return rows


def _observation(r: dict[str, Any]) -> list[Row]:
    rows = [(say(w.OBSERVATION), _text(r["code"])), (say(w.DATE), r.get("effectiveDateTime", ""))]
    value = _value(r)
    rows.append((say(w.VALUE), value or say(w.NOT_RECORDED)))
    rows += [(_text(c["code"]), _value(c)) for c in r.get("component", [])]
    rows += [(say(w.NOTE), n["text"]) for n in r.get("note", [])]
    return rows


def _side(qualifier: Any) -> str:
    """A laterality qualifier (SNOMED CT) in the resource's language."""
    codes = {c.get("code") for c in (qualifier or {}).get("coding", [])}
    for laterality, (code, _display) in LATERALITY_QUALIFIER.items():
        if code in codes:
            return say(w.SIDES[laterality.value])
    return _text(qualifier)


def _body_structure(r: dict[str, Any]) -> list[Row]:
    if "location" in r:
        sides = [_side(q) for q in r.get("locationQualifier", [])]
        return [(say(w.BODY_SITE), _text(r["location"])), (say(w.SIDE), ", ".join(sides))]
    parts = r.get("includedStructure", [])
    rows = [(say(w.BODY_SITE), ", ".join(_text(p["structure"]) for p in parts))]
    return [*rows, (say(w.SIDE), ", ".join(_side(p.get("laterality")) for p in parts))]


def _practitioner(r: dict[str, Any]) -> list[Row]:
    rows = [(say(w.PRACTITIONER), r["name"][0]["text"] if r.get("name") else say(w.NO_NAME))]
    rows += [(say(w.CONTACT), t["value"]) for t in r.get("telecom", [])]
    return rows


def _goal(r: dict[str, Any]) -> list[Row]:
    rows = [(say(w.GOAL), _text(r["description"]))]
    rows.append((say(w.STATUS), status_words(r["lifecycleStatus"])))
    for target in r.get("target", []):
        high = target.get("detailRange", {}).get("high")
        if high:
            rows.append((say(w.TARGET), say(w.AT_MOST, amount=_quantity(high))))
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


def _div(rows: Iterable[Row], language: str | None) -> str:
    body = "".join(f"<p><b>{escape(label)}</b>: {escape(text)}</p>" for label, text in rows if text)
    # FHIR's narrative takes both lang and xml:lang; dir for a right-to-left language.
    said = "" if language is None else f' lang="{escape(language)}" xml:lang="{escape(language)}"'
    if language is not None and is_right_to_left(language):
        said += ' dir="rtl"'
    return f'<div xmlns="{_XHTML}"{said}>{body}</div>'


def narrative(resource: dict[str, Any]) -> dict[str, str]:
    """The ``text`` element of ``resource``: its key facts, every value escaped."""
    rows = _ROWS[resource["resourceType"]](resource)
    return {"status": "generated", "div": _div(rows, resource.get("language"))}


def with_narrative(resource: dict[str, Any]) -> dict[str, Any]:
    """``resource`` with its generated narrative, placed where FHIR JSON puts ``text``."""
    head: dict[str, Any] = {
        k: resource[k] for k in ("resourceType", "id", "meta", "language") if k in resource
    }
    rest = {k: v for k, v in resource.items() if k not in head and k != "text"}
    return {**head, "text": narrative(resource), **rest}
