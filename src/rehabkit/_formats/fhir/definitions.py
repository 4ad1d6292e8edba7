"""Definitions of what our FHIR output names: a StructureDefinition for every extension, a
CodeSystem for our codes (and one per protocol for its measurements), and the npm-style
FHIR package (``package.tgz``) that FHIR servers and validators load them from."""

from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
from collections.abc import Iterable
from typing import Any

from rehabkit._formats.fhir.bindings import binding, code_set_resources
from rehabkit._formats.fhir.narrative import with_narrative
from rehabkit._formats.fhir.snapshots import snapshot
from rehabkit._formats.fhir.terms import (
    CODE_SYSTEMS,
    EXTENSIONS,
    SESSION_CODES,
    Canon,
    ExtensionSpec,
    ValueType,
    machine_name,
)
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Measurement

FHIR_RELEASES = {"R4": "4.0.1", "R5": "5.0.0"}
_CORE_PACKAGE = {"R4": "hl7.fhir.r4.core", "R5": "hl7.fhir.r5.core"}
_DATE = "2026-11-26"  # when these definitions last changed
PUBLISHER = "rehabkit"


def _version() -> str:
    from rehabkit._version import __version__

    return __version__


def _element(path: str, suffix: str = "", **facts: Any) -> dict[str, Any]:
    return {"id": path + suffix, "path": path, **facts}


def _types(types: Iterable[ValueType]) -> list[dict[str, str]]:
    return [{"code": t} for t in types]


def _bound(spec: ExtensionSpec, canon: Canon, part: str = "") -> dict[str, Any]:
    """A code-valued value's required binding to the ValueSet of its codes (bindings.py)."""
    found = binding(canon, spec.name, part)
    return {} if found is None else {"binding": found}


def _simple_elements(spec: ExtensionSpec, url: str, canon: Canon) -> list[dict[str, Any]]:
    return [
        _element("Extension", short=spec.title, definition=spec.description, max="1"),
        _element("Extension.extension", max="0"),
        _element("Extension.url", patternUri=url),
        _element("Extension.value[x]", min=1, type=_types(spec.types), **_bound(spec, canon)),
    ]


def _complex_elements(spec: ExtensionSpec, url: str, canon: Canon) -> list[dict[str, Any]]:
    most = "*" if spec.repeats else "1"
    elements = [
        _element("Extension", short=spec.title, definition=spec.description, max=most),
        _element(
            "Extension.extension",
            slicing={"discriminator": [{"type": "value", "path": "url"}], "rules": "closed"},
            min=1,
        ),
    ]
    for part, kind, meaning in spec.parts:
        at = f"Extension.extension:{part}"
        elements += [
            {"id": at, "path": "Extension.extension", "sliceName": part, "short": meaning,
             "definition": meaning, "min": 0, "max": "*" if part in spec.repeating else "1"},
            {"id": f"{at}.extension", "path": "Extension.extension.extension", "max": "0"},
            {"id": f"{at}.url", "path": "Extension.extension.url", "patternUri": part},
            {"id": f"{at}.value[x]", "path": "Extension.extension.value[x]", "min": 1,
             "type": _types([kind]), **_bound(spec, canon, part)},
        ]  # fmt: skip
    elements += [
        _element("Extension.url", patternUri=url),
        _element("Extension.value[x]", max="0"),
    ]
    return elements


def structure_definition(spec: ExtensionSpec, canon: Canon, version: str) -> dict[str, Any]:
    """The StructureDefinition of one of our extensions (a differential on Extension)."""
    url = canon.extension(spec.name)
    # R5 has no CarePlan.activity.detail: its content moved to ServiceRequest.
    contexts = [
        {"type": "element", "expression": c}
        for c in spec.contexts
        if not (version == "R5" and c == "CarePlan.activity.detail")
    ]
    build = _complex_elements if spec.parts else _simple_elements
    elements = build(spec, url, canon)
    resource = {
        "resourceType": "StructureDefinition",
        "id": spec.name,
        "url": url,
        "version": _version(),
        "name": machine_name(spec.name),
        "title": spec.title,
        "status": "active",
        "date": _DATE,
        "publisher": PUBLISHER,
        "description": spec.description,
        "fhirVersion": FHIR_RELEASES[version],
        "kind": "complex-type",
        "abstract": False,
        "context": contexts,
        "type": "Extension",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint",
        "snapshot": {"element": snapshot(elements, version)},
        "differential": {"element": elements},
    }
    return with_narrative(resource)


def _count(concepts: list[dict[str, Any]]) -> int:
    """Every concept, those nested under others too (CodeSystem.count)."""
    return sum(1 + _count(c.get("concept", [])) for c in concepts)


def _code_system(
    system_id: str,
    url: str,
    title: str,
    description: str,
    concepts: list[dict[str, str]],
    version: str,
) -> dict[str, Any]:
    resource = {
        "resourceType": "CodeSystem",
        "id": system_id,
        "url": url,
        "version": version,
        "name": machine_name(system_id),
        "title": title,
        "status": "active",
        "date": _DATE,
        "publisher": PUBLISHER,
        "description": description,
        "caseSensitive": True,
        "content": "complete",
        "count": _count(concepts),
        "concept": concepts,
    }
    return with_narrative(resource)


def session_code_system(canon: Canon) -> dict[str, Any]:
    """Our CodeSystem of dose parameters and the facts of a logged session."""
    (name, (title, description)), = CODE_SYSTEMS.items()  # fmt: skip
    concepts = [
        {"code": code, "display": display, "definition": definition}
        for code, (display, definition) in SESSION_CODES.items()
    ]
    return _code_system(name, canon.code_system(name), title, description, concepts, _version())


def measurement_system_id(protocol: Protocol) -> str:
    """The id of the CodeSystem naming a protocol's measurements."""
    return f"{protocol.id}-measurements"


def _scale(m: Measurement) -> str:
    if m.scale is not None:
        return f" A score from {m.scale.low} to {m.scale.high}."
    return f" In {m.unit.value}." if m.unit is not None else ""


def level_code(measurement: str, level: str) -> str:
    """The code of one level of an ordinal measurement, in the protocol's measurement
    CodeSystem: ``effusion.1+``. A level is free text; a FHIR code has no leading,
    trailing or repeated whitespace, so whitespace runs are one space."""
    return f"{measurement}.{' '.join(level.split())}"


def _levels(m: Measurement) -> list[dict[str, Any]]:
    """An ordinal measurement's levels as concepts, least first."""
    return [
        {"code": level_code(m.name, level), "display": level,
         "definition": f"{m.name.replace('_', ' ')}: {level} (level {i + 1} of {len(m.levels)},"
                       " least first)."}
        for i, level in enumerate(m.levels)
    ]  # fmt: skip


def measurement_code_system(protocol: Protocol, canon: Canon) -> dict[str, Any]:
    """The CodeSystem naming the measurements a protocol's criteria read, and the levels
    of its ordinal ones (a coded value, as a grade is)."""
    concepts: list[dict[str, Any]] = []
    for m in protocol.measurements:
        concept: dict[str, Any] = {"code": m.name, "display": m.name.replace("_", " ")}
        concept["definition"] = (m.description or f"The measurement {m.name}.") + _scale(m)
        # Its levels follow it, each a code of its own (flat: readers of a CodeSystem
        # that list only its top-level concepts still find every code we write).
        concepts += [concept, *_levels(m)]
    system_id = measurement_system_id(protocol)
    return _code_system(
        system_id,
        canon.code_system(system_id),
        f"Measurements of {protocol.title}",
        "The measurements the protocol's criteria read, by name.",
        concepts,
        protocol.version,
    )


def definitions(canon: Canon, version: str) -> list[dict[str, Any]]:
    """Every StructureDefinition and our CodeSystem, for FHIR ``version`` R4 or R5."""
    sds = [structure_definition(spec, canon, version) for spec in EXTENSIONS]
    return [*sds, session_code_system(canon)]


def code_sets(canon: Canon) -> list[dict[str, Any]]:
    """The CodeSystem and ValueSet of each code-valued extension's codes (bindings.py)."""
    return [with_narrative(r) for r in code_set_resources(canon, _version(), _DATE, PUBLISHER)]


def package_name(canon: Canon, version: str) -> str:
    """The package's name: the canonical base's host reversed and its path, then the FHIR
    release (``dev.rehabkit.fhir.r4``), as HL7 names a package made for one release
    (hl7.fhir.uv.extensions.r4). The R4 and R5 packages hold different definitions, so
    they must never share a name#version in ``~/.fhir/packages``."""
    host = re.sub(r"^[a-z]+://", "", canon.base).split("/")
    labels = [p for p in reversed(host[0].split(".")) if p] + [p for p in host[1:] if p]
    name = ".".join(re.sub(r"[^a-z0-9-]", "-", label.lower()) for label in labels)
    return f"{name or 'rehabkit.fhir'}.{version.lower()}"


def package_version(protocols: Iterable[tuple[str, str]]) -> str:
    """The package's version: rehabkit's (which versions our definitions), and, when it
    holds protocols, each protocol's id and version as SemVer build metadata
    (``0.1.0+runners-knee.2-0-0``): a package of other protocols, or of a protocol's next
    version, is another name#version, never one a FHIR cache already holds."""
    labels = [f"{pid}.{re.sub(r'[^0-9A-Za-z-]', '-', pv)}" for pid, pv in sorted(set(protocols))]
    return _version() + (f"+{'.'.join(labels)}" if labels else "")


def _index_entry(filename: str, resource: dict[str, Any]) -> dict[str, Any]:
    entry = {"filename": filename, "resourceType": resource["resourceType"]}
    # Index version 2 (the FHIR package spec): tools that trust the index (the package
    # installer, the snapshot generator) need a StructureDefinition's derivation.
    for key in ("id", "url", "version", "kind", "type", "derivation", "content", "supplements"):
        if key in resource:
            entry[key] = resource[key]
    return entry


def fhir_package(
    canon: Canon,
    version: str,
    extra: Iterable[dict[str, Any]] = (),
    protocols: Iterable[tuple[str, str]] = (),
) -> bytes:
    """An npm-style FHIR package (``package.tgz``): package/package.json, .index.json and
    one JSON file per resource — our definitions and any ``extra`` resources, those of
    ``protocols`` (their ids and versions)."""
    resources = [*definitions(canon, version), *code_sets(canon), *extra]
    files: dict[str, bytes] = {}
    index = []
    for r in resources:
        filename = f"{r['resourceType']}-{r['id']}.json"
        files[filename] = json.dumps(r, indent=2, ensure_ascii=False).encode()
        index.append(_index_entry(filename, r))
    manifest = {
        "name": package_name(canon, version),
        "version": package_version(protocols),
        "description": "rehabkit's FHIR extensions and code systems",
        "fhirVersions": [FHIR_RELEASES[version]],
        "type": "fhir.ig",
        "canonical": canon.base,
        "dependencies": {_CORE_PACKAGE[version]: FHIR_RELEASES[version]},
        "author": PUBLISHER,
        "license": "MIT",
    }
    files["package.json"] = json.dumps(manifest, indent=2).encode()
    files[".index.json"] = json.dumps({"index-version": 2, "files": index}, indent=2).encode()
    return _tgz(files)


def _tgz(files: dict[str, bytes]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(files[name])
            info.mode = 0o644
            info.mtime = 0  # the same inputs give the same bytes
            tar.addfile(info, io.BytesIO(files[name]))
    return gzip.compress(raw.getvalue(), mtime=0)
