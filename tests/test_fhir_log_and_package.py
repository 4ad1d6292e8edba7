"""Session logs to FHIR Observations, and our definitions as a FHIR package: the library
calls and the commands."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.bundle import Bundle as R5Bundle
from fhir.resources.codesystem import CodeSystem as R5CodeSystem
from fhir.resources.R4B.bundle import Bundle as R4Bundle
from fhir.resources.R4B.codesystem import CodeSystem as R4CodeSystem
from fhir.resources.R4B.structuredefinition import StructureDefinition as R4SD
from fhir.resources.structuredefinition import StructureDefinition as R5SD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rehabkit as rk

from .fhir_helpers import START, log_for
from .helpers import run
from .log_strategies import logs

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


def observations(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    ]


# ---------------------------------------------------------------- the log as Observations


@pytest.mark.parametrize(("version", "model"), [("R4", R4Bundle), ("R5", R5Bundle)])
def test_a_log_is_a_bundle_of_observations_about_the_plans_patient(
    version: str, model: Any
) -> None:

    plan, log = log_for("runners-knee")
    bundle = json.loads(rk.export(log, "fhir", plan=plan, fhir_version=version))
    assert model.model_validate(bundle).model_dump(mode="json", exclude_none=True) == bundle
    plan_bundle = json.loads(rk.export(plan, "fhir", fhir_version=version))
    [patient] = [e for e in plan_bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert bundle["entry"][0] == patient  # the same Patient, the same fullUrl
    [care_plan] = [e["resource"] for e in plan_bundle["entry"]
                   if e["resource"]["resourceType"] == "CarePlan"]  # fmt: skip
    found = observations(bundle)
    assert len(found) == len(log.entries) + len(log.measurements)
    for o in found:
        assert o["subject"]["reference"] == patient["fullUrl"]
        assert o["basedOn"][0]["identifier"] == care_plan["identifier"][0]
        assert o["status"] == "final"


def test_each_logged_fact_is_in_its_observation() -> None:
    plan, log = log_for("runners-knee")
    found = observations(json.loads(rk.export(log, "fhir", plan=plan)))
    first = log.entries[0]
    sessions = [o for o in found if o["code"].get("coding", [{}])[0].get("code") == "72514-3"]
    by_key = {(o["effectiveDateTime"], o["valueQuantity"]["value"] if "valueQuantity" in o
               else None): o for o in sessions}  # fmt: skip
    o = by_key[(first.date.isoformat(), 2)]
    parts = {c["code"]["coding"][0]["code"]: c for c in o["component"]}
    assert parts["pain-after"]["valueQuantity"]["value"] == 1
    assert parts["pain-settle-time"]["valueQuantity"] == {
        "value": 20, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"
    }  # fmt: skip
    assert parts["next-morning"]["valueCodeableConcept"]["coding"][0]["code"] == "same"
    assert parts["sets-done"]["valueInteger"] == 3
    assert parts["hold-done"]["valueQuantity"]["value"] == 30
    assert o["note"] == [{"text": "Felt fine <really>"}]
    worse = by_key[((START + dt.timedelta(days=2)).isoformat(), 6)]
    codes = [c["code"]["coding"][0]["code"] for c in worse["component"]]
    assert "symptom" in codes
    settle = next(
        c for c in worse["component"] if c["code"]["coding"][0]["code"] == "pain-settle-time"
    )
    assert settle["valueQuantity"]["value"] == 120  # 2 h, in minutes
    unlogged = [o for o in sessions if "valueQuantity" not in o]
    assert unlogged and all(o["dataAbsentReason"] for o in unlogged)


def test_measurements_are_coded_in_the_protocols_code_system() -> None:
    plan, log = log_for("acl-early-rehab")
    found = observations(json.loads(rk.export(log, "fhir", plan=plan)))
    by_name = {o["code"]["text"]: o for o in found if "72514-3" not in json.dumps(o["code"])}
    flexion = by_name["knee flexion"]
    assert flexion["code"]["coding"][0]["system"].endswith(
        "/CodeSystem/acl-early-rehab-measurements"
    )
    assert flexion["valueQuantity"]["value"] == 95
    # A grade is a coded value (issue 26), not a string: the level is its text and display.
    assert by_name["effusion"]["valueCodeableConcept"]["text"] == "trace"
    assert "coding" in flexion["code"]
    assert by_name["extensor lag"]["valueBoolean"] is False


def test_a_log_needs_its_plan_and_the_plan_must_be_its_patients() -> None:
    plan, log = log_for("runners-knee")
    with pytest.raises(rk.OptionError, match="plan"):
        rk.export(log, "fhir")
    other = personalise(rk.bundled("runners-knee"), patient="Someone Else", start=START)
    with pytest.raises(rk.ExportError, match="patient"):
        rk.export(log, "fhir", plan=other)
    achilles = personalise(rk.bundled("achilles-example"), start=START)
    with pytest.raises(rk.ExportError, match="runners-knee"):
        rk.export(log, "fhir", plan=achilles)
    with pytest.raises(rk.OptionError, match="plan= is for"):
        rk.export(plan, "fhir", plan=plan)


def test_the_command_exports_a_log_with_its_plan(tmp_path: Path) -> None:
    plan, log = log_for("runners-knee")
    rk.dump(plan, tmp_path / "plan.json")
    rk.dump(log, tmp_path / "log.json")
    done = run("export", "log.json", "--plan", "plan.json", "--format", "fhir",
               "-o", "log.fhir.json", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    bundle = json.loads((tmp_path / "log.fhir.json").read_text())
    assert bundle == json.loads(rk.export(log, "fhir", plan=plan))
    for args, message in [
        (("export", "log.json", "--format", "fhir"), "give --plan PLAN"),
        (("export", "log.json", "--plan", "plan.json", "--format", "json"), "fhir only"),
        (("export", "runners-knee", "--plan", "plan.json", "--format", "fhir"), "--plan is for"),
    ]:
        done = run(*args, cwd=tmp_path)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- the FHIR package


def unpack(content: bytes) -> dict[str, Any]:
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as tar:
        return {m.name: json.loads(tar.extractfile(m).read()) for m in tar.getmembers()}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("version", "sd_model", "cs_model"), [("R4", R4SD, R4CodeSystem), ("R5", R5SD, R5CodeSystem)]
)
def test_the_package_is_what_fhir_tooling_loads(version: str, sd_model: Any, cs_model: Any) -> None:
    content = rk.fhir_package([rk.bundled("runners-knee")], fhir_version=version)
    assert content == rk.fhir_package([rk.bundled("runners-knee")], fhir_version=version)
    files = unpack(content)
    manifest = files["package/package.json"]
    # Issue 26: R4 and R5 packages are named apart (the shared name was the defect).
    assert manifest["name"] == f"dev.rehabkit.fhir.{version.lower()}"
    assert manifest["fhirVersions"] == [{"R4": "4.0.1", "R5": "5.0.0"}[version]]
    assert manifest["canonical"] == "https://rehabkit.dev/fhir"
    index = files["package/.index.json"]["files"]
    assert {f"package/{i['filename']}" for i in index} == set(files) - {
        "package/package.json", "package/.index.json"
    }  # fmt: skip
    kinds = {"StructureDefinition": sd_model, "CodeSystem": cs_model}
    for item in index:
        resource = files[f"package/{item['filename']}"]
        assert item["resourceType"] == resource["resourceType"]
        assert item.get("url") == resource.get("url")
        if resource["resourceType"] in kinds:
            model = kinds[resource["resourceType"]]
            assert (
                model.model_validate(resource).model_dump(mode="json", exclude_none=True)
                == resource
            )
    urls = {r.get("url") for r in files.values()}
    assert "https://rehabkit.dev/fhir/PlanDefinition/runners-knee" in urls


def test_the_package_command_and_its_canonical_base(tmp_path: Path) -> None:
    base = "https://fhir.example.org/rehab"
    done = run("fhir-package", "runners-knee", "--canonical-base", base, "-o", "p.tgz",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    files = unpack((tmp_path / "p.tgz").read_bytes())
    assert files["package/package.json"]["name"] == "org.example.fhir.rehab.r4"
    assert all(r["url"].startswith(base) for r in files.values() if "url" in r)
    again = run("fhir-package", "-o", "p.tgz", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run("fhir-package", "--canonical-base", "nope", "-o", "q.tgz", cwd=tmp_path)
    assert bad.returncode == 2 and "canonical_base" in bad.stderr
    assert not (tmp_path / "q.tgz").exists()


# ---------------------------------------------------------------- and back again


def _same_facts(entry: rk.SessionEntry) -> tuple[Any, ...]:
    """An entry's facts with every time in seconds (FHIR carries them in one unit)."""
    seconds = [q.seconds() if q is not None else None
               for q in (entry.hold, entry.duration, entry.pain_settled_after)]  # fmt: skip
    return (entry.date, entry.exercise, entry.session, entry.sets, entry.repetitions,
            entry.pain_during, entry.pain_after, entry.next_morning, set(entry.symptoms),
            entry.load, entry.note, *seconds)  # fmt: skip


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("protocol_id", ["runners-knee", "acl-early-rehab"])
def test_observations_read_back_give_the_same_log_and_assessment(
    protocol_id: str, data: st.DataObject
) -> None:
    plan, log = data.draw(logs(protocol_id))
    bundle = rk.export(log, "fhir", plan=plan)
    back = rk.log_from_fhir(bundle, plan.protocol)
    assert sorted(map(_same_facts, back.entries), key=repr) == sorted(
        map(_same_facts, log.entries), key=repr
    )
    assert sorted(back.measurements, key=repr) == sorted(log.measurements, key=repr)
    on = max([e.date for e in log.entries] + [START])
    assert rk.assess(plan, back, on=on) == rk.assess(plan, log, on=on)


def test_what_cannot_be_read_back_is_a_problem_with_its_path() -> None:
    plan, log = log_for("runners-knee")
    bundle = json.loads(rk.export(log, "fhir", plan=plan))
    bundle["entry"][1]["resource"]["extension"][0]["valueCanonical"] = "https://x.org/other|1"
    bundle["entry"][2]["resource"]["effectiveDateTime"] = "soon"
    with pytest.raises(rk.ValidationError) as caught:
        rk.log_from_fhir(bundle, plan.protocol)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["entry[1].resource.extension", "entry[2].resource.effectiveDateTime"]
    for bad in (b"{", {"resourceType": "Patient"}):
        with pytest.raises(rk.ValidationError):
            rk.log_from_fhir(bad, plan.protocol)


@pytest.mark.parametrize("protocol_id", ["runners-knee", "acl-early-rehab"])
def test_every_field_of_a_log_comes_back(protocol_id: str) -> None:
    plan, log = log_for(protocol_id)  # notes, loads, two sessions a day, undeclared measures
    back = rk.log_from_fhir(rk.export(log, "fhir", plan=plan), plan.protocol)
    assert sorted(map(_same_facts, back.entries), key=repr) == sorted(
        map(_same_facts, log.entries), key=repr
    )
    assert sorted(back.measurements, key=repr) == sorted(log.measurements, key=repr)
    assert (back.patient, back.patient_id, back.protocol) == (
        log.patient, log.patient_id, log.protocol
    )  # fmt: skip
