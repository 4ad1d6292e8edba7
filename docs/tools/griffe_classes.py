"""The classes of a package Griffe has loaded, each with the class it is when imported: the
one walk the Griffe extensions (griffe_attrs.py, griffe_enums.py) share."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator

import griffe


def classes(pkg: griffe.Module) -> Iterator[tuple[griffe.Class, type]]:
    """Each class defined in the package or its modules (not those re-exported, which
    Griffe holds as aliases), with the class imported from its module; a name that is no
    class once imported is passed over."""
    for member in pkg.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Module):
            yield from classes(member)
        elif isinstance(member, griffe.Class):
            runtime = getattr(importlib.import_module(member.module.path), member.name, None)
            if inspect.isclass(runtime):
                yield member, runtime
