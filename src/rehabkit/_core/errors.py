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
    "MissingExtraError",
    "OptionError",
    "Problem",
    "RehabkitError",
    "UnknownIdError",
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
    the object as a whole). Reading a document turns it into a ``Problem`` with the
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


class MissingExtraError(RehabkitError, ImportError):
    """An optional dependency is not installed: ``extra`` names the extra that provides it
    and ``name`` the module that is missing; the message says how to install the extra.
    An ``ImportError`` too, so code that already catches one keeps working.

    :param extra: The extra that provides the module, such as ``"pdf"``.
    :param purpose: What needs it, such as ``"the pdf exporter"``.
    :param module: The module that could not be imported.
    """

    def __init__(self, extra: str, purpose: str, module: str | None = None) -> None:
        self.extra = extra
        what = f" ({module} is not installed)" if module else ""
        super().__init__(f"{purpose} needs the {extra} extra{what}: {install_hint(extra)}")
        self.name = module


def install_hint(extra: str) -> str:
    """How to install an extra, said the same way everywhere: from PyPI once rehabkit is
    published there, and from a checkout (the only way today)."""
    return (
        f"pip install 'rehabkit[{extra}]' once rehabkit is on PyPI;"
        f" from a checkout of rehabkit, pip install -e '.[{extra}]'"
    )


class UnknownIdError(RehabkitError, KeyError):
    """An id or name that is not there (an exercise, a source, a decision): the message
    names it and suggests the nearest known one. A ``KeyError`` too, for code that already
    catches one.

    :param what: What kind of id, such as ``"exercise"``.
    :param value: The id asked for.
    :param known: The ids there are.
    """

    def __init__(self, what: str, value: object, known: Iterable[str]) -> None:
        self.value = value
        known = sorted(set(known))
        import difflib  # here: only a wrong id needs it, and every first use imports errors

        close = (
            difflib.get_close_matches(value, known, n=1, cutoff=0.6)
            if isinstance(value, str)
            else []
        )
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        there = f"; there are: {listed}" if known else "; there are none"
        super().__init__(f"no {what} {value!r}{hint}{there}")

    def __str__(self) -> str:  # not KeyError's repr of its argument
        return str(self.args[0])


present_as_public(globals())
