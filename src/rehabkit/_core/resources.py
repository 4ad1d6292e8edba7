"""Find the schemas and protocols shipped inside the package (or beside it, in a checkout)."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.abc import Traversable

# Text, not pathlib: a cached bundled protocol's first use needs no pathlib (nor the
# urllib.parse and ipaddress it imports), about 3 ms of it.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # src/rehabkit
_CHECKOUT = os.path.dirname(os.path.dirname(_PACKAGE))


def package_file(*parts: str) -> Traversable:
    """A file or folder inside the package. Installed as folders (every install but a zip
    archive) it is a plain path: importlib.resources, and the tempfile module it imports,
    would be about 5 ms of a bundled protocol's first use."""
    if os.path.isdir(_PACKAGE):
        from pathlib import Path

        return Path(_PACKAGE).joinpath(*parts)
    from importlib import resources

    return resources.files("rehabkit").joinpath(*parts)


def data_dir(kind: str) -> Traversable:
    """The ``schemas`` or ``protocols`` folder: in the wheel, else in the source checkout."""
    packaged = package_file(kind)
    if packaged.is_dir():
        return packaged
    from pathlib import Path

    return Path(_CHECKOUT, kind)


def _data_folder(kind: str) -> str | None:
    """``data_dir`` as text where the package is a folder; None in a zip archive."""
    if not os.path.isdir(_PACKAGE):
        return None
    packaged = os.path.join(_PACKAGE, kind)
    return packaged if os.path.isdir(packaged) else os.path.join(_CHECKOUT, kind)


@cache
def schema(name: str) -> dict[str, Any]:
    """A bundled JSON Schema by file stem, e.g. ``protocol``."""
    import json  # here: a cached protocol's first use reads no JSON

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


def bundled_protocol_files() -> dict[str, str | Traversable]:
    """``bundled_protocols``, as text paths where the package is a folder (every install
    but a zip archive), read without pathlib: a cached first use needs nothing more."""
    folder = _data_folder("protocols")
    if folder is None:
        return dict(bundled_protocols())
    return {
        name.rsplit(".", 1)[0]: os.path.join(folder, name)
        for name in sorted(os.listdir(folder))
        if name.endswith(".json")
    }


def read_source(file: str | Traversable) -> bytes:
    """The bytes of a file ``bundled_protocol_files`` gave."""
    if isinstance(file, str):
        with open(file, "rb") as handle:
            return handle.read()
    return file.read_bytes()


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
