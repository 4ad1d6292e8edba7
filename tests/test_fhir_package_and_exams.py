"""Issue 26, what was left: measurements as a clinician's examinations (coded levels, the
Practitioner performing), goals as Goal resources, a package each FHIR version names
apart with ValueSets bound to its coded extensions, and bundles in one language."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import pytest

import rehabkit as rk

from .fhir_helpers import START

personalise = functools.partial(rk.personalise, allow_example=True)
VERSIONS = ["R4", "R5"]


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _acl_log(clinician: str | None = "Dr Jo") -> tuple[rk.Plan, rk.SessionLog]:
    plan = personalise(
        rk.bundled("acl-early-rehab"), start=START, side="left", patient="Ana",
        patient_id="MRN-1", events={"surgery": "2026-11-27"}, clinician=clinician,
    )  # fmt: skip
    first = plan.exercises[0].exercise
    day = START + dt.timedelta(days=2)
    log = rk.SessionLog(
        protocol=plan.protocol.id, patient="Ana", patient_id="MRN-1",
        entries=[rk.SessionEntry(date=day, exercise=first, pain_during=2)],
        measurements=[
            rk.MeasurementEntry(date=day, name="knee_flexion", value=95, unit=rk.Unit.DEGREE),
            rk.MeasurementEntry(date=day, name="effusion", level="1+"),
            rk.MeasurementEntry(date=day, name="extensor_lag", present=False),
        ],
    )  # fmt: skip
    return plan, log


# ------------------------------------------------------ 1. measurements are examinations


def _category(o: dict[str, Any]) -> set[str]:
    return {c["code"] for cat in o["category"] for c in cat["coding"]}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_measurement_is_a_clinicians_examination_and_a_session_the_patients_report(
    version: str,
) -> None:
    plan, log = _acl_log()
    bundle = json.loads(rk.export(log, "fhir", plan=plan, fhir_version=version))
    [practitioner] = resources(bundle, "Practitioner")  # what the performer refers to
    by_url = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    for o in resources(bundle, "Observation"):
        if o["code"]["coding"][0]["code"] == "72514-3":  # a session: the patient's report
            assert _category(o) == {"survey"}
            assert o["performer"] == [o["subject"]]
        elif "clinician-review" not in json.dumps(o["code"]):
            assert _category(o) == {"exam"}
            assert o["performer"][0]["reference"] == by_url[practitioner["id"]]


def test_without_a_clinician_an_examination_names_no_performer_it_cannot_know() -> None:
    plan, log = _acl_log(clinician=None)
    bundle = json.loads(rk.export(log, "fhir", plan=plan))
    assert not resources(bundle, "Practitioner")
    exams = [o for o in resources(bundle, "Observation") if _category(o) == {"exam"}]
    assert exams and all("performer" not in o for o in exams)


@pytest.mark.parametrize("version", VERSIONS)
def test_an_ordinal_level_is_a_code_of_the_protocols_measurement_code_system(
    version: str,
) -> None:
    plan, log = _acl_log()
    bundle = json.loads(rk.export(log, "fhir", plan=plan, fhir_version=version))
    [effusion] = [o for o in resources(bundle, "Observation")
                  if o["code"].get("coding", [{}])[0].get("code") == "effusion"]  # fmt: skip
    assert "valueString" not in effusion
    [coding] = effusion["valueCodeableConcept"]["coding"]
    system = effusion["code"]["coding"][0]["system"]
    assert coding["system"] == system and coding["display"] == "1+"
    definitions = json.loads(rk.export(plan.protocol, "fhir", fhir_version=version))
    [codes] = [cs for cs in resources(definitions, "CodeSystem") if cs["url"] == system]

    def every(concepts: list[dict[str, Any]]) -> set[str]:
        return {c["code"] for c in concepts} | {
            code for c in concepts for code in every(c.get("concept", []))
        }

    assert coding["code"] in every(codes["concept"])  # the level is defined where it is used


@pytest.mark.parametrize("version", VERSIONS)
def test_examinations_read_back_give_the_same_log_and_assessment(version: str) -> None:
    plan, log = _acl_log()
    back = rk.log_from_fhir(rk.export(log, "fhir", plan=plan, fhir_version=version), plan.protocol)
    assert sorted(back.measurements, key=repr) == sorted(log.measurements, key=repr)
    on = START + dt.timedelta(days=3)
    assert rk.assess(plan, back, on=on) == rk.assess(plan, log, on=on)


# ------------------------------------------------------------------ 2. goals as Goals


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("protocol_id", ["runners-knee", "acl-early-rehab", "low-back-pain"])
def test_a_plans_goals_are_goal_resources_its_care_plan_refers_to(
    version: str, protocol_id: str
) -> None:
    plan = personalise(rk.bundled(protocol_id), start=START, side="left", patient="Ana",
                       events={e.id: "2026-11-27" for e in rk.bundled(protocol_id).events})  # fmt: skip
    bundle = json.loads(rk.export(plan, "fhir", fhir_version=version))
    [care_plan] = resources(bundle, "CarePlan")
    goals = resources(bundle, "Goal")
    pain = plan.protocol.pain_guidance
    assert [g["description"]["text"] for g in goals] == [
        pain.summary,
        *(limit.describe() for limit in pain.limits),
    ]
    urls = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    assert [ref["reference"] for ref in care_plan["goal"]] == [urls[g["id"]] for g in goals]
    [definition] = resources(bundle, "PlanDefinition")
    for goal, defined in zip(goals, definition["goal"], strict=True):
        assert goal["lifecycleStatus"] == "active"
        assert goal["subject"] == care_plan["subject"]
        assert goal.get("target") == defined.get("target")  # the same measurable limits
        assert goal["identifier"][0]["system"].endswith("/identifier/goal")


def test_a_goal_keeps_its_identity_when_the_plan_advances() -> None:
    plan = personalise(rk.bundled("runners-knee"), start=START, side="left", patient_id="M-2")
    first = resources(json.loads(rk.export(plan, "fhir")), "Goal")
    edited = personalise(rk.bundled("runners-knee"), start=START, side="left",
                         patient_id="M-2", clinician="Sam")  # fmt: skip
    again = resources(json.loads(rk.export(edited, "fhir")), "Goal")
    assert [g["id"] for g in first] == [g["id"] for g in again]


# ---------------------------------------------------------- 3. the package's identity


def _manifest(*protocols: rk.Protocol, version: str = "R4") -> dict[str, Any]:
    import io
    import tarfile

    content = rk.fhir_package(protocols, fhir_version=version)
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as tar:
        member = tar.extractfile("package/package.json")
        assert member is not None
        manifest: dict[str, Any] = json.loads(member.read())
    return manifest


def test_r4_and_r5_packages_never_share_a_name_and_version() -> None:
    knee = rk.bundled("runners-knee")
    r4, r5 = _manifest(knee, version="R4"), _manifest(knee, version="R5")
    assert (r4["name"], r4["version"]) != (r5["name"], r5["version"])
    assert r4["name"].endswith(".r4") and r5["name"].endswith(".r5")
    assert r4["dependencies"] == {"hl7.fhir.r4.core": "4.0.1"}


def test_a_packages_version_follows_its_protocols_versions() -> None:
    import attrs

    knee = rk.bundled("runners-knee")
    bare, one = _manifest()["version"], _manifest(knee)["version"]
    newer = _manifest(attrs.evolve(knee, version="9.1.0"))["version"]
    both = _manifest(knee, rk.bundled("acl-early-rehab"))["version"]
    assert len({bare, one, newer, both}) == 4  # four contents, four versions
    assert one == f"{bare}+runners-knee.{knee.version.replace('.', '-')}"
    assert "9-1-0" in newer
    semver = r"[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?"
    import re

    assert all(re.fullmatch(semver, v) for v in (bare, one, newer, both))


# ------------------------------------------------- 3. every code-valued extension bound


def _package(version: str) -> dict[str, dict[str, Any]]:
    import io
    import tarfile

    content = rk.fhir_package([rk.bundled("runners-knee")], fhir_version=version)
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as tar:
        found = {}
        for m in tar.getmembers():
            member = tar.extractfile(m)
            assert member is not None
            found[m.name] = json.loads(member.read())
    return found


def _allowed(files: dict[str, dict[str, Any]]) -> dict[tuple[str, str], set[str]]:
    """(extension url, part) -> the codes its bound ValueSet allows, as a validator reads
    the package: binding -> ValueSet -> the CodeSystems it includes -> their concepts."""
    by_url = {r.get("url"): r for r in files.values()}
    allowed: dict[tuple[str, str], set[str]] = {}
    for sd in (r for r in files.values() if r.get("resourceType") == "StructureDefinition"):
        for element in sd["differential"]["element"]:
            if element["path"].endswith("value[x]") and "binding" in element:
                assert element["binding"]["strength"] == "required"
                vs = by_url[element["binding"]["valueSet"]]
                systems = [by_url[i["system"]] for i in vs["compose"]["include"]]
                part = element["id"].split(":")[1].split(".")[0] if ":" in element["id"] else ""
                allowed[(sd["url"], part)] = {c["code"] for s in systems for c in s["concept"]}
    return allowed


def _codes(bundle: Any, url: str = "", part: str = "") -> list[tuple[str, str, str]]:
    """Every valueCode in a Bundle with its extension's url and part."""
    found: list[tuple[str, str, str]] = []
    if isinstance(bundle, dict):
        here = bundle.get("url", "")
        if "valueCode" in bundle and here.startswith("http"):
            found.append((here, "", bundle["valueCode"]))
        elif "valueCode" in bundle:
            found.append((url, here, bundle["valueCode"]))
        for value in bundle.values():
            found += _codes(value, here if here.startswith("http") else url, part)
    elif isinstance(bundle, list):
        for value in bundle:
            found += _codes(value, url, part)
    return found


def _invalid(files: dict[str, dict[str, Any]], bundle: dict[str, Any]) -> list[tuple[str, ...]]:
    allowed = _allowed(files)
    return [c for c in _codes(bundle) if c[:2] in allowed and c[2] not in allowed[c[:2]]]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_code_valued_extension_is_bound_and_every_code_we_write_is_allowed(
    version: str,
) -> None:
    from rehabkit._formats.fhir.terms import EXTENSIONS

    files = _package(version)
    allowed = _allowed(files)
    base = "https://rehabkit.dev/fhir/StructureDefinition/"
    coded = {(base + s.name, "") for s in EXTENSIONS if s.types == ("code",)}
    coded |= {(base + s.name, p) for s in EXTENSIONS for p, kind, _ in s.parts if kind == "code"}
    assert coded - {(base + "plan-event", "event")} == set(allowed)  # events: each protocol's
    for protocol_id in ("runners-knee", "acl-early-rehab", "tennis-elbow", "low-back-pain"):
        protocol = rk.bundled(protocol_id)
        plan = personalise(protocol, start=START, side="right",
                           events={e.id: "2026-11-27" for e in protocol.events})  # fmt: skip
        for document in (protocol, plan):
            bundle = json.loads(rk.export(document, "fhir", fhir_version=version))
            assert _codes(bundle) and not _invalid(files, bundle)
    bundle = json.loads(rk.export(rk.bundled("runners-knee"), "fhir", fhir_version=version))
    text = json.dumps(bundle).replace('"valueCode": "isometric"', '"valueCode": "isometrik"')
    assert _invalid(files, json.loads(text))  # an invalid code fails the binding
