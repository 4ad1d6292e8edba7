"""Find the schemas and protocols shipped inside the package (or beside it, in a checkout)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.abc import Traversable

_PACKAGE = Path(__file__).resolve().parents[1]  # src/rehabkit/_core/resources.py
_CHECKOUT = _PACKAGE.parents[1]


def package_file(*parts: str) -> Traversable:
    """A file or folder inside the package. Installed as folders (every install but a zip
    archive) it is a plain path: importlib.resources, and the tempfile module it imports,
    would be about 5 ms of a bundled protocol's first use."""
    if _PACKAGE.is_dir():
        return _PACKAGE.joinpath(*parts)
    from importlib import resources

    return resources.files("rehabkit").joinpath(*parts)


def data_dir(kind: str) -> Traversable:
    """The ``schemas`` or ``protocols`` folder: in the wheel, else in the source checkout."""
    packaged = package_file(kind)
    if packaged.is_dir():
        return packaged
    return _CHECKOUT / kind


@cache
def schema(name: str) -> dict[str, Any]:
    """A bundled JSON Schema by file stem, e.g. ``protocol``."""
    text = (data_dir("schemas") / f"{name}.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def schema_names() -> tuple[str, ...]:
    """Stems of the bundled schemas, e.g. ("plan", "protocol")."""
    folder = data_dir("schemas")
    return tuple(
        sorted(e.name.split(".")[0] for e in folder.iterdir() if e.name.endswith(".schema.json"))
    )


def bundled_protocols() -> dict[str, Traversable]:
    """The bundled protocol files by id (their file stem)."""
    folder = data_dir("protocols")
    return {
        entry.name.rsplit(".", 1)[0]: entry
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    }


def bundled_translations() -> dict[tuple[str, str], Traversable]:
    """The bundled translation files by (protocol id, language), from their names
    ``translations/<protocol id>.<language>.json``."""
    folder = data_dir("protocols") / "translations"
    if not folder.is_dir():
        return {}
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        stem, _, suffix = entry.name.rpartition(".")
        protocol_id, _, language = stem.rpartition(".")
        if suffix == "json" and protocol_id and language:
            found[(protocol_id, language)] = entry
    return found
