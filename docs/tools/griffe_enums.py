"""A Griffe extension: each enumeration's docstring ends with a table of its values and
what each means, so the API reference lists them (progress, hold, regress, stop...).

A value's meaning is the comment on its line in the source (``STOP = "stop"  # ...``), or,
without one, the value in words."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Any

import griffe

# Griffe loads an extension by its path, not from a package: its siblings made importable.
sys.path.insert(0, str(Path(__file__).parent))
from griffe_classes import classes


class EnumValues(griffe.Extension):
    """Adds a "Values" table to every enumeration of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the package once it is loaded."""
        for cls, runtime in classes(pkg):
            if issubclass(runtime, enum.Enum):
                _add_values(cls, runtime)


def _add_values(cls: griffe.Class, runtime: type[enum.Enum]) -> None:
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
