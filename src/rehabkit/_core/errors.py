"""The error types rehabkit raises, and the Problem record they carry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from rehabkit._core.public import present_as_public

__all__ = [
    "ExportError",
    "FieldError",
    "MismatchError",
    "OptionError",
    "Problem",
    "RehabkitError",
    "ValidationError",
]


def format_path(parts: Iterable[str | int]) -> str:
    """``exercises[2].dosage.sets`` from ``["exercises", 2, "dosage", "sets"]``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class RehabkitError(Exception):
    """Base class of every error rehabkit raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with a document.

    ``path`` is where it is, written like ``exercises[2].dosage.sets`` (empty for the
    document as a whole); ``message`` says what is wrong in plain English; ``value`` is
    the offending value when there is one.

    :param path: Where it is, like ``exercises[2].dosage.sets``; empty for the document as a whole.
    :param message: What is wrong, in plain English.
    :param value: The offending value, when there is one.
    """

    path: str
    message: str
    value: Any = None

    def __str__(self) -> str:
        where = self.path or "(document)"
        return f"{where}: {self.message}"


class ValidationError(RehabkitError, ValueError):
    """A document is invalid; ``problems`` lists every problem found, in order.

    :param problems: Every problem found, in document order.
    :param source: What was read (a file name, or the protocol id), printed before the
        count; None when there is nothing to name.
    """

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}{count} {noun}\n{lines}")


class MismatchError(RehabkitError):
    """Documents that must belong together do not: a session log of another patient or
    protocol than the plan's, or an assessment made for another plan."""


class FieldError(RehabkitError, ValueError):
    """A value the model refuses when an object is built: ``field`` names the field ("" for
    the object as a whole). Reading a document turns it into a :class:`Problem` with the
    field's full path; building objects in Python raises it directly.

    :param field_name: The field at fault ("" for the object as a whole).
    :param message: What is wrong, in plain English.
    """

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


class ExportError(RehabkitError):
    """An exporter is unknown or broken, an option is wrong, or an export failed."""


class OptionError(ExportError):
    """An exporter option is unknown, or its value is wrong (the CLI: a usage error, 2)."""


present_as_public(globals())
