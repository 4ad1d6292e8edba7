"""A Griffe extension: each enumeration's docstring ends with a table of its values and
what each means, so the API reference lists them (progress, hold, regress, stop...).

A value's meaning is the comment on its line in the source (``STOP = "stop"  # ...``), or,
without one, the value in words."""

from __future__ import annotations

import enum
import importlib
import inspect
from typing import Any

import griffe


class EnumValues(griffe.Extension):
    """Adds a "Values" table to every enumeration of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the package once it is loaded."""
        _walk(pkg)


def _walk(module: griffe.Module) -> None:
    for member in module.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Module):
            _walk(member)
        elif isinstance(member, griffe.Class):
            _add_values(member)


def _add_values(cls: griffe.Class) -> None:
    runtime = getattr(importlib.import_module(cls.module.path), cls.name, None)
    if not (inspect.isclass(runtime) and issubclass(runtime, enum.Enum)):
        return
    rows = [f"| `{_cell(m.value)}` | {_cell(_meaning(cls, m))} |" for m in runtime]
    table = "**Values:**\n\n| value | meaning |\n|---|---|\n" + "\n".join(rows)
    if cls.docstring is None:
        cls.docstring = griffe.Docstring(table, parent=cls)
    else:
        cls.docstring.value = f"{cls.docstring.value}\n\n{table}"


def _meaning(cls: griffe.Class, member: enum.Enum) -> str:
    attribute = cls.members.get(member.name)
    lines = cls.module.lines if attribute is not None else []
    if attribute is not None and attribute.lineno is not None and lines:
        line = lines[attribute.lineno - 1]
        _, _, comment = line.partition("  #")
        if comment.strip():
            return comment.strip().lstrip(":").strip()
    return str(member.value).replace("_", " ")


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|")
