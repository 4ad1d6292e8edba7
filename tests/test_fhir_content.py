"""What our FHIR bundles carry for a receiving system to act safely on them, which no
validator checks: stop criteria and pain limits, defined extensions and codes, narrative,
the side, people and ids, changes as data (issue 11, each reproduced on 754fcf7)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._formats.fhir.definitions import definitions, measurement_code_system
from rehabkit._formats.fhir.terms import EXTENSIONS, SESSION_CODES, Canon

from .fhir_helpers import fhir_documents

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


START = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")


def bundle(document: Any, version: str = "R4", **options: Any) -> dict[str, Any]:
    return json.loads(rk.export(document, "fhir", fhir_version=version, **options))


def resources(b: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == kind]


def left_plan(**extra: Any) -> rk.Plan:
    return personalise(
        KNEE, patient="Ana Lopez", patient_id="MRN-7", side="left", start=START,
        clinician="Sam Physio", clinician_contact="020 7946 0000", **extra,
    )  # fmt: skip


def every_bundle() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for document, log in fhir_documents():
        for version in ("R4", "R5"):
            if log is None:
                out.append((f"{type(document).__name__}-{version}", bundle(document, version)))
            else:
                out.append((f"log-{version}", bundle(log, version, plan=document)))
    return out


BUNDLES = every_bundle()


# ---------------------------------------------------------------- safety in the bundle


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_every_stop_criterion_is_in_the_plan_definition(version: str) -> None:
    [plan_def] = resources(bundle(KNEE, version), "PlanDefinition")
    signs = next(a for a in plan_def["action"] if a["id"] == "warning-signs")
    by_id = {a["id"]: a for a in signs["action"]}
    for stop in KNEE.stop_criteria:
        action = by_id[f"stop-{stop.id}"]
        assert action["description"] == stop.text
        assert action["priority"] == {"urgent": "stat", "see_clinician": "urgent",
                                      "stop_exercise": "routine"}[stop.urgency.value]  # fmt: skip
        assert action["condition"][0]["expression"]["expression"]
    for exercise in (a for a in plan_def["action"] if a.get("definitionCanonical")):
        stops = [c for c in exercise["condition"] if c["kind"] == "stop"]
        described = {c["expression"]["description"] for c in stops}
        # A hold (format 1.2) keeps the exercises going: a warning sign, not a stop condition.
        stopping = {s.text for s in KNEE.stop_criteria if s.effect is rk.Effect.STOP}
        assert stopping <= described, exercise["id"]
        assert not described & {s.text for s in KNEE.stop_criteria if s.effect is rk.Effect.HOLD}


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_both_pain_limits_are_goals(version: str) -> None:
    [plan_def] = resources(bundle(KNEE, version), "PlanDefinition")
    limits = {
        g["description"]["text"]: g.get("target", [{}])[0].get("detailRange", {}).get("high")
        for g in plan_def["goal"][1:]
    }
    assert len(limits) == len(KNEE.pain_guidance.limits) == 4
    highs = sorted(v["value"] for v in limits.values() if v and v["code"] == "{score}")
    assert highs == [2, 5]
    settle = [v for v in limits.values() if v and v["code"] == "min"]
    assert settle and settle[0]["value"] == 60


def test_the_patient_is_told_when_to_stop_in_every_version() -> None:
    plan = left_plan()
    r4_activities = resources(bundle(plan, "R4"), "CarePlan")[0]["activity"]
    requests = resources(bundle(plan, "R5"), "ServiceRequest")
    for stop in KNEE.stop_criteria:
        assert all(stop.text in a["detail"]["description"] for a in r4_activities)
        for request in requests:
            said = " ".join(i["instructionMarkdown"] for i in request["patientInstruction"])
            assert stop.text.split()[0] in said  # Markdown-escaped, so compare unescaped below
    unescaped = requests[0]["patientInstruction"][1]["instructionMarkdown"].replace("\\", "")
    assert all(stop.text in unescaped for stop in KNEE.stop_criteria)


def test_phases_are_nested_actions_with_entry_conditions() -> None:
    achilles = rk.bundled("achilles-example")
    [plan_def] = resources(bundle(achilles), "PlanDefinition")
    phases = [a for a in plan_def["action"] if a["id"].startswith("phase-")]
    assert [p["id"] for p in phases] == [f"phase-{p.id}" for p in achilles.phases]
    load = phases[1]
    assert load["condition"][0]["kind"] == "start"
    assert "ankle_dorsiflexion" in load["condition"][0]["expression"]["expression"]
    assert all(child["definitionCanonical"] for child in load["action"])


# ---------------------------------------------------------------- defined, not just named


def _urls(node: Any) -> set[str]:
    """The url of every extension (not of the parts of a complex one)."""
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "extension" and isinstance(value, list):
                found |= {x["url"] for x in value}
                for x in value:
                    found |= _urls({k: v for k, v in x.items() if k != "extension"})
            else:
                found |= _urls(value)
    elif isinstance(node, list):
        for value in node:
            found |= _urls(value)
    return found


def _codings(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            found.append(node)
        for value in node.values():
            found += _codings(value)
    elif isinstance(node, list):
        for value in node:
            found += _codings(value)
    return found


@pytest.mark.parametrize(("name", "b"), BUNDLES, ids=[n for n, _ in BUNDLES])
def test_every_extension_and_code_of_ours_is_defined(name: str, b: dict[str, Any]) -> None:
    version = name.rsplit("-", 1)[1]
    ours = definitions(Canon(), version)
    defined = {r["url"] for r in ours if r["resourceType"] == "StructureDefinition"}
    used = {u for u in _urls(b) if u.startswith("https://rehabkit.dev/")}
    assert used and used <= defined, used - defined
    systems = {r["url"]: {c["code"] for c in r["concept"]} for r in ours[-1:]}
    for protocol in map(rk.bundled, ("runners-knee", "acl-early-rehab", "achilles-example")):
        r = measurement_code_system(protocol, Canon())
        systems[r["url"]] = {c["code"] for c in r["concept"]}
    for coding in _codings(b):
        if coding["system"].startswith("https://rehabkit.dev/fhir/CodeSystem/"):
            assert coding["code"] in systems.get(coding["system"], set()), coding


def test_our_code_system_holds_every_session_code() -> None:
    [system] = [r for r in definitions(Canon(), "R4") if r["resourceType"] == "CodeSystem"]
    assert {c["code"] for c in system["concept"]} == set(SESSION_CODES)
    assert system["count"] == len(SESSION_CODES)


def test_one_canonical_base_moves_every_url() -> None:
    base = "https://fhir.example-clinic.org/rehab"
    text = rk.export(left_plan(), "fhir", canonical_base=base).decode()
    assert "rehabkit.dev" not in text
    assert f"{base}/StructureDefinition/exercise-sets" in text
    assert f"{base}/PlanDefinition/runners-knee|" in text


@pytest.mark.parametrize("base", ["not a url", "ftp://x.org", "https://x.org/a b", ""])
def test_a_bad_canonical_base_is_an_option_error(base: str) -> None:
    with pytest.raises(rk.OptionError, match="canonical_base"):
        rk.export(KNEE, "fhir", canonical_base=base)


# ---------------------------------------------------------------- narrative


class _Xhtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize(("name", "b"), BUNDLES, ids=[n for n, _ in BUNDLES])
def test_every_resource_has_escaped_generated_narrative(name: str, b: dict[str, Any]) -> None:
    for entry in b["entry"]:
        r = entry["resource"]
        assert r["text"]["status"] == "generated", r["resourceType"]
        div = r["text"]["div"]
        # Then its language, lang and xml:lang (issue 26, tests/test_fhir_languages.py).
        assert div.startswith('<div xmlns="http://www.w3.org/1999/xhtml"')
        parser = _Xhtml()
        parser.feed(div)
        assert set(parser.tags) <= {"div", "p", "b"}, parser.tags
        assert "".join(parser.text).strip()


def test_narrative_escapes_what_people_type() -> None:
    plan = personalise(KNEE, patient="<script>alert(1)</script> & Co", start=START)
    [patient] = resources(bundle(plan), "Patient")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in patient["text"]["div"]
    assert "<script>" not in patient["text"]["div"]


# ---------------------------------------------------------------- the side, people, ids


@pytest.mark.parametrize(("side", "qualifier"), [("left", "7771000"), ("right", "24028007")])
@pytest.mark.parametrize("version", ["R4", "R5"])
def test_the_side_is_resolved_for_a_standard_consumer(
    side: str, qualifier: str, version: str
) -> None:
    plan = personalise(KNEE, start=START, side=side)
    b = bundle(plan, version)
    [condition] = resources(b, "Condition")
    [site] = condition["bodySite"]
    assert site["coding"][0] == {"system": "http://snomed.info/sct", "code": "72696002",
                                 "display": "Knee region structure"}  # fmt: skip
    assert site["text"] == f"{side.capitalize()} knee region structure"
    [structure] = resources(b, "BodyStructure")
    assert site["extension"][0]["valueReference"]["reference"] == f"urn:uuid:{structure['id']}"
    laterality = (structure["locationQualifier"][0] if version == "R4"
                  else structure["includedStructure"][0]["laterality"])  # fmt: skip
    assert laterality["coding"][0]["code"] == qualifier
    assert condition["code"]["coding"][0]["display"].endswith(f"{side} knee")
    dosed = (
        [a["detail"] for a in resources(b, "CarePlan")[0]["activity"]]
        if version == "R4"
        else resources(b, "ServiceRequest")
    )
    sides = {e["valueCode"] for d in dosed for e in d["extension"] if e["url"].endswith("-side")}
    assert "affected" not in sides and side in sides


def test_the_achilles_condition_has_a_coded_body_site() -> None:
    plan = personalise(rk.bundled("achilles-example"), start=START, side="right")
    [condition] = resources(bundle(plan), "Condition")
    assert condition["bodySite"][0]["coding"][0]["code"] == "61352006"


def test_the_clinician_is_a_practitioner() -> None:
    r4, r5 = bundle(left_plan(), "R4"), bundle(left_plan(), "R5")
    [who] = resources(r4, "Practitioner")
    assert who["name"] == [{"text": "Sam Physio"}]
    assert who["telecom"] == [{"system": "other", "value": "020 7946 0000"}]
    [care_plan] = resources(r4, "CarePlan")
    assert care_plan["author"]["reference"] == f"urn:uuid:{who['id']}"
    assert "note" not in care_plan
    for request in resources(r5, "ServiceRequest"):
        assert request["requester"]["reference"].startswith("urn:uuid:")
        assert request["authoredOn"] == START.isoformat()


def test_the_patient_identifier_has_a_system_and_it_is_an_option() -> None:
    [patient] = resources(bundle(left_plan()), "Patient")
    assert patient["identifier"] == [
        {"system": "https://rehabkit.dev/fhir/identifier/patient", "value": "MRN-7"}
    ]
    mrn = "urn:oid:2.16.840.1.113883.2.1.4.1"
    [patient] = resources(bundle(left_plan(), identifier_system=mrn), "Patient")
    assert patient["identifier"][0]["system"] == mrn
    with pytest.raises(rk.OptionError, match="identifier_system"):
        rk.export(left_plan(), "fhir", identifier_system="MRN system")


# ---------------------------------------------------------------- changes as data


def test_every_rule_says_what_it_changes_as_data() -> None:
    [plan_def] = resources(bundle(KNEE), "PlanDefinition")
    children = {c["id"]: c for a in plan_def["action"] for c in a.get("action", [])}
    for rule in KNEE.progression_rules:
        [change] = children[rule.id]["extension"]
        parts = {p["url"]: p for p in change["extension"]}
        if rule.to_exercise:
            assert (
                parts["to-exercise"]["valueCanonical"].endswith(f"-{rule.to_exercise}|1.1.0")
                or f"-{rule.to_exercise}|" in parts["to-exercise"]["valueCanonical"]
            )
        else:
            assert rule.change is not None
            assert parts["parameter"]["valueCode"] == rule.change.parameter.value
            assert parts["step"]["valueQuantity"]["value"] == rule.change.step
    deeper = {p["url"]: p for p in children["wall-sit-deeper"]["extension"][0]["extension"]}
    assert deeper["joint"]["valueCode"] == "knee"
    assert deeper["step"]["valueQuantity"] == {
        "value": 10, "unit": "deg", "system": "http://unitsofmeasure.org", "code": "deg"
    }  # fmt: skip
    assert deeper["limit"]["valueQuantity"]["value"] == 60


def test_a_load_change_without_a_step_uses_the_increment() -> None:
    eccentric = rk.bundled("achilles-eccentric")
    [plan_def] = resources(bundle(eccentric), "PlanDefinition")
    children = {c["id"]: c for a in plan_def["action"] for c in a.get("action", [])}
    parts = {p["url"]: p for p in
             children["heel-drop-straight-knee-less-weight"]["extension"][0]["extension"]}  # fmt: skip
    assert parts["parameter"]["valueCode"] == "load"
    assert parts["step"]["valueQuantity"]["value"] < 0


def test_docs_name_every_extension_code_and_variable() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "fhir.md").read_text()
    for spec in EXTENSIONS:
        assert f"| `{spec.name}` |" in doc, spec.name
    for code in SESSION_CODES:
        assert f"`{code}`" in doc, code
    expressions = json.dumps(bundle(rk.bundled("acl-early-rehab"))) + json.dumps(bundle(KNEE))
    variables = set(re.findall(r"%([A-Za-z]+)", expressions))
    assert variables == {
        "sessions",
        "allSessions",
        "measurements",
        "carePlan",
        "levelStart",
        "asOf",
        "subject",  # the engine's own, named by the searches that declare the others
    }
    for name in variables:
        assert f"| `%{name}` |" in doc, name
