"""FHIR Bundles: accepted by fhir.resources (R4B for R4, R5), unchanged by a round trip
through those models, and checked for what that library does not check."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import pytest

import rehabkit as rk

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


fhir_r4b = pytest.importorskip("fhir.resources.R4B.bundle")
fhir_r5 = pytest.importorskip("fhir.resources.bundle")

MODELS = {"R4": fhir_r4b.Bundle, "R5": fhir_r5.Bundle}
PUBLICATION_STATUS = {"draft", "active", "retired", "unknown"}
PERIOD_UNITS = {"s", "min", "h", "d", "wk", "mo", "a"}
CONDITION_KINDS = {"applicability", "start", "stop"}
RELATIONSHIPS_R4 = {"before-start", "before", "before-end", "concurrent-with-start", "concurrent",
                    "concurrent-with-end", "after-start", "after", "after-end"}  # fmt: skip


def documents() -> list[tuple[str, Any]]:
    knee = rk.bundled("runners-knee")
    plan = personalise(
        knee, patient="Ana Lopez", patient_id="MRN-7", side="left", start=dt.date(2026, 12, 1),
        clinician="Sam Physio",
    )  # fmt: skip
    achilles = rk.bundled("achilles-example")
    return [
        ("protocol", knee),
        ("plan", plan),
        ("achilles", achilles),
        ("achilles-plan", personalise(achilles, start=dt.date(2026, 12, 1), side="right")),
        ("eccentric", rk.bundled("achilles-eccentric")),
        ("eccentric-plan", personalise(rk.bundled("achilles-eccentric"), start="2026-12-01")),
        ("acl", rk.bundled("acl-early-rehab")),
        (
            "acl-plan",
            personalise(
                rk.bundled("acl-early-rehab"),
                start="2026-12-01",
                side="left",
                events={"surgery": "2026-11-27"},
            ),
        ),
    ]


CASES = [(name, doc, v) for name, doc in documents() for v in ("R4", "R5")]
IDS = [f"{name}-{v}" for name, _, v in CASES]


def bundle(doc: Any, version: str) -> dict[str, Any]:
    return json.loads(rk.export(doc, "fhir", fhir_version=version))


@pytest.mark.parametrize(("name", "doc", "version"), CASES, ids=IDS)
def test_models_accept_and_round_trip_changes_nothing(name: str, doc: Any, version: str) -> None:
    data = bundle(doc, version)
    model = MODELS[version].model_validate(data)  # any exception fails the test
    assert json.loads(model.model_dump_json(exclude_none=True)) == data


@pytest.mark.parametrize(("name", "doc", "version"), CASES, ids=IDS)
def test_deterministic(name: str, doc: Any, version: str) -> None:
    assert rk.export(doc, "fhir", fhir_version=version) == rk.export(
        doc, "fhir", fhir_version=version
    )


def walk(node: Any, path: str = "") -> list[tuple[str, Any]]:
    found = [(path, node)]
    if isinstance(node, dict):
        for k, v in node.items():
            found += walk(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += walk(v, f"{path}[{i}]")
    return found


@pytest.mark.parametrize(("name", "doc", "version"), CASES, ids=IDS)
def test_every_reference_and_canonical_resolves(name: str, doc: Any, version: str) -> None:
    data = bundle(doc, version)
    assert data["type"] == "collection"
    full_urls = {e["fullUrl"] for e in data["entry"]}
    assert len(full_urls) == len(data["entry"])
    canonicals = {
        f"{e['resource']['url']}|{e['resource']['version']}"
        for e in data["entry"]
        if "url" in e["resource"]
    }
    references = canon_refs = 0
    for path, node in walk(data):
        if isinstance(node, dict) and "reference" in node and isinstance(node["reference"], str):
            assert node["reference"] in full_urls, path
            references += 1
        if path.endswith(("instantiatesCanonical", "definitionCanonical")):
            for value in node if isinstance(node, list) else [node]:
                assert value in canonicals, (path, value)
                canon_refs += 1
    assert canon_refs > 0
    if name.endswith("plan"):
        assert references >= 3


@pytest.mark.parametrize(("name", "doc", "version"), CASES, ids=IDS)
def test_value_set_codes_and_timing_invariants(name: str, doc: Any, version: str) -> None:
    data = bundle(doc, version)
    timings = 0
    for path, node in walk(data):
        if not isinstance(node, dict):
            continue
        kind = node.get("resourceType")
        if kind in ("PlanDefinition", "ActivityDefinition"):
            assert node["status"] in PUBLICATION_STATUS
        if kind == "ActivityDefinition":
            assert node["kind"] == "ServiceRequest"
        if kind == "CarePlan":
            assert node["status"] == "active"
            assert node["intent"] == "plan"
        if kind == "ServiceRequest":
            assert node["intent"] == "order"
        if "repeat" in node:
            timings += 1
            rep = node["repeat"]
            if "period" in rep or "periodMax" in rep:
                assert rep.get("periodUnit") in PERIOD_UNITS, path  # tim-2
            if "periodMax" in rep:
                assert rep["periodMax"] > rep["period"], path
            if "duration" in rep:
                assert "durationUnit" in rep, path  # tim-1
            assert "frequency" in rep
        if "condition" in node and isinstance(node["condition"], list):
            for cond in node["condition"]:
                assert cond["kind"] in CONDITION_KINDS
                assert cond["expression"]["language"] == "text/fhirpath"
                assert cond["expression"]["description"]
        for rel in node.get("relatedAction", []):
            assert rel["relationship"] in RELATIONSHIPS_R4
            key = "actionId" if version == "R4" else "targetId"
            assert key in rel
    assert timings > 0


def test_protocol_mapping_facts() -> None:
    knee = rk.bundled("runners-knee")
    data = bundle(knee, "R4")
    resources = [e["resource"] for e in data["entry"]]
    [plan_def] = [r for r in resources if r["resourceType"] == "PlanDefinition"]
    activities = [r for r in resources if r["resourceType"] == "ActivityDefinition"]
    assert len(activities) == 6
    assert plan_def["type"]["coding"][0]["code"] == "clinical-protocol"
    assert {a["label"] for a in plan_def["relatedArtifact"]} == {s.id for s in knee.sources}
    quads = next(a for a in activities if a["title"] == "Inner Range Quads")
    assert quads["timingTiming"]["repeat"] == {
        "frequency": 1,
        "period": 1,
        "periodMax": 2,
        "periodUnit": "d",
    }
    ext = {e["url"].rsplit("/", 1)[-1]: e for e in quads["extension"]}
    assert ext["exercise-sets"]["valueInteger"] == 3
    assert ext["exercise-repetitions"]["valueInteger"] == 12
    assert ext["exercise-hold"]["valueDuration"] == {
        "value": 5,
        "unit": "s",
        "system": "http://unitsofmeasure.org",
        "code": "s",
    }
    assert "3 sets of 12 repetitions, hold 5 s" in quads["description"]
    squat = next(a for a in plan_def["action"] if a["id"] == "shallow-squat-band")
    wall_sit = next(a for a in plan_def["action"] if a["id"] == "wall-sit")
    [moves_on] = [c for c in wall_sit["condition"] if c["kind"] == "stop" and "squat" in
                  c["expression"]["description"]]  # fmt: skip
    # Issue 22: the third newest session (of one day, the worst of its entries), three in a row.
    third = ("(%sessions.where(effective = %sessions.effective.distinct()[2]).value.value"
             ".aggregate(iif($total.empty() or $this > $total, $this, $total))) < 2")  # fmt: skip
    assert third in moves_on["expression"]["expression"]
    assert "%sessions.effective.distinct().count() >= 3" in moves_on["expression"]["expression"]
    assert squat["relatedAction"] == [{"actionId": "wall-sit", "relationship": "after"}]
    pain_targets = [
        g["target"][0]["detailRange"]["high"]["value"]
        for g in plan_def["goal"]
        if g.get("target") and g["target"][0]["measure"]["coding"][0]["code"] == "72514-3"
    ]
    assert pain_targets == [2, 5]  # both limits: acceptable pain, and the most allowed


@pytest.mark.parametrize("side", ["left", "right"])
def test_plan_condition_code_by_side(side: str) -> None:
    plan = personalise(rk.bundled("runners-knee"), start=dt.date(2026, 12, 1), side=side)
    data = bundle(plan, "R5")
    [condition] = [
        e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Condition"
    ]
    assert condition["code"]["coding"][0]["code"] == {"left": "M22.2X2", "right": "M22.2X1"}[side]
    [care] = [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "CarePlan"]
    assert care["addresses"] == [{"reference": {"reference": f"urn:uuid:{condition['id']}"}}]
    requests = [
        e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    ]
    assert len(requests) == len(care["activity"]) == 5
    timing = requests[0]["occurrenceTiming"]["repeat"]
    assert timing["boundsPeriod"] == {"start": "2026-12-01", "end": "2027-02-22"}  # 12 weeks


def test_unknown_version_is_an_error() -> None:
    with pytest.raises(rk.ExportError, match="R4 or R5"):
        rk.export(rk.bundled("runners-knee"), "fhir", fhir_version="R3")


def test_exercise_text_names_the_plans_leg() -> None:
    protocol = rk.bundled("runners-knee")
    left = rk.export(personalise(protocol, side="left", start="2026-12-01"), "fhir").decode()
    generic = rk.export(protocol, "fhir").decode()
    assert "{leg}" not in left and "{other leg}" not in left and "{leg}" not in generic
    assert "on your right leg, with your left leg on top" in left
    assert "with your treated leg on top" in generic


@pytest.mark.parametrize(
    ("field", "value"),
    [("code", "M22.2X2 "), ("code", "M22.2X2  X"), ("code", " M22.2X2"), ("system", "http://x y")],
)
def test_codes_fhir_would_reject_are_problems(field: str, value: str) -> None:
    """Issue 11: a code with doubled or trailing whitespace passed validation and gave an
    invalid bundle (FHIR's code is [^\\s]+( [^\\s]+)*, a uri has no whitespace)."""
    data = rk.to_data(rk.bundled("runners-knee"))
    data["condition"]["codes"][1][field] = value
    assert [p.path for p in rk.validate(data)] == [f"condition.codes[1].{field}"]
    with pytest.raises(rk.ValidationError):
        rk.from_data(data)


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_every_resource_carries_the_protocols_language(version: str) -> None:
    """Issue 11: no resource said what language its text is in."""
    protocol = rk.bundled("runners-knee")
    for document in (protocol, personalise(protocol, side="left", start="2026-12-01")):
        bundle = json.loads(rk.export(document, "fhir", fhir_version=version))
        languages = {e["resource"].get("language") for e in bundle["entry"]}
        assert languages == {"en-GB"}, languages
