"""The snapshot of each of our extensions' StructureDefinitions, as SUSHI and the other
tools that build on a package need it.

A snapshot is the base Extension's elements with the differential laid over them: each
differential element replaces the facts it states in the base element of its path, and
each slice of ``Extension.extension`` (a complex extension's parts) gets the base
Extension's elements again under its own ids. ``extension_base.json`` holds the base
Extension's elements for R4 and R5 as fhir-snapshot-generator renders them in a derived
snapshot; ``scripts/update-fhir-snapshot-base`` writes it with that tool, and
tests/test_fhir_interop_tier2.py checks both the file and every snapshot we make against
the tool's own. rehabkit itself never runs Node."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

Element = dict[str, Any]

_PARTS = ("id", "extension", "url", "value[x]")


@cache
def _base(version: str) -> tuple[Element, ...]:
    shipped = resources.files("rehabkit._formats.fhir") / "extension_base.json"
    text = shipped.read_text(encoding="utf-8")
    return tuple(json.loads(text)[version])


def _over(base: Element, stated: Element | None) -> Element:
    element = copy.deepcopy(base)
    element.update(copy.deepcopy(stated or {}))
    return element


def _slice(base: dict[str, Element], head: Element, stated: dict[str, Element]) -> list[Element]:
    """A part of a complex extension: the slice itself, then its own base elements."""
    root = {k: v for k, v in base["Extension.extension"].items() if k != "slicing"}
    elements = [_over(root, head)]
    for part in _PARTS:
        at = f"{head['id']}.{part}"
        moved = dict(base[f"Extension.{part}"], id=at, path=f"Extension.extension.{part}")
        elements.append(_over(moved, stated.get(at)))
    return elements


def snapshot(differential: list[Element], version: str) -> list[Element]:
    """The snapshot elements of an extension with ``differential``, FHIR R4 or R5."""
    base = {e["path"]: e for e in _base(version)}
    stated = {e["id"]: e for e in differential}
    elements = []
    for path, element in base.items():
        elements.append(_over(element, stated.get(path)))
        if path == "Extension.extension":
            for head in (e for e in differential if "sliceName" in e):
                elements += _slice(base, head, stated)
    return elements
