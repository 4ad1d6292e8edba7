"""The base Extension's elements as fhir-snapshot-generator renders them in a derived
snapshot (src/rehabkit/_formats/fhir/extension_base.json): the snapshot it makes of an
extension that states nothing of its own."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from .fhir_packages import RELEASES, install_and_snapshot

SHIPPED = Path(__file__).parents[1] / "src/rehabkit/_formats/fhir/extension_base.json"
_URL = "https://example.org/fhir/StructureDefinition/nothing"


def _bare_package(version: str) -> bytes:
    sd = {
        "resourceType": "StructureDefinition", "id": "nothing", "url": _URL,
        "name": "Nothing", "status": "active", "fhirVersion": RELEASES[version],
        "kind": "complex-type", "abstract": False, "type": "Extension",
        "context": [{"type": "element", "expression": "Element"}],
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint",
        "differential": {"element": [{"id": "Extension", "path": "Extension"}]},
    }  # fmt: skip
    files = {
        "package/StructureDefinition-nothing.json": sd,
        "package/package.json": {"name": f"example.nothing.{version.lower()}", "version": "1.0.0",
                                 "fhirVersions": [RELEASES[version]], "dependencies": {
                                     f"hl7.fhir.{version.lower()}.core": RELEASES[version]}},
    }  # fmt: skip
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, content in files.items():
            data = json.dumps(content).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue())


def generated_base() -> dict[str, list[dict[str, Any]]]:
    """What extension_base.json must hold, made by the snapshot generator now."""
    base = {}
    for version in RELEASES:
        with tempfile.TemporaryDirectory() as where:
            made = install_and_snapshot(_bare_package(version), version, Path(where))
        assert not made["errors"], made["errors"]
        base[version] = made["snapshots"][_URL]
    return base


def write() -> None:
    SHIPPED.write_text(json.dumps(generated_base(), indent=1, ensure_ascii=False) + "\n")
