"""Validators shared by the model's fields: finite numbers, whole numbers, printable text."""

from __future__ import annotations

import enum
import math
import re
from typing import Any

import attrs

from rehabkit._core.errors import FieldError

# --------------------------------------------------------------------------- validators


def _finite(_: object, a: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(a.name, f"{a.name} must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise FieldError(a.name, f"{a.name} must be a finite number, not {value!r}")


def _whole(minimum: int, maximum: int | None = None) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(a.name, f"{a.name} must be a whole number, not {value!r}")
        if value < minimum:
            raise FieldError(a.name, f"{a.name} must be at least {minimum}, not {value}")
        if maximum is not None and value > maximum:
            raise FieldError(a.name, f"{a.name} must be at most {maximum}, not {value}")

    return check


def _optional_whole(minimum: int, maximum: int | None = None) -> Any:
    return attrs.validators.optional(_whole(minimum, maximum))


# Text is data for people: no control character but tab and newline, no lone surrogate
# (which no encoder can write), no byte-order mark inside text.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")


def _text(_: object, a: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str):
        raise FieldError(a.name, f"{a.name} must be text, not {type(value).__name__}")
    if not value.strip():
        raise FieldError(a.name, f"{a.name} must not be empty")
    bad = _UNPRINTABLE.search(value)
    if bad is not None:
        raise FieldError(
            a.name,
            f"{a.name} contains the character U+{ord(bad.group()):04X} at position"
            f" {bad.start()}: control characters and lone surrogates are not text",
        )


def _optional_text(inst: object, a: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        _text(inst, a, value)


def _texts(inst: object, a: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        _text(inst, a, item)


def _member(kind: type[enum.Enum]) -> Any:
    """A validator: the value is a member of ``kind`` (attrs's instance_of raises a TypeError
    whose message is a tuple of internals; this says what would do)."""

    def check(_: object, a: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            allowed = ", ".join(str(m.value) for m in kind)
            raise FieldError(
                a.name,
                f"{a.name} must be a rehabkit.{kind.__name__} ({allowed}), not {value!r}",
            )

    return check


def _flag(_: object, a: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise FieldError(a.name, f"{a.name} must be True or False, not {value!r}")


def _tuple(value: Any) -> tuple[Any, ...]:
    # Accept any iterable (a list from Python code) but store an immutable tuple.
    if isinstance(value, (str, bytes)):
        raise TypeError("expected a list, not text")
    return tuple(value)
