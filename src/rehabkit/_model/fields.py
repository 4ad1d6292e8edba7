"""Validators and converters shared by the model's fields: finite numbers, whole numbers,
printable text, dates and enumeration members."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
from collections.abc import Iterable
from typing import Any, TypeVar, cast

import attrs

from rehabkit._core.errors import FieldError
from rehabkit._model.terms import (
    Comparator,
    Contraction,
    Direction,
    Effect,
    Joint,
    Laterality,
    Limb,
    Match,
    MeasurementKind,
    Metric,
    Motion,
    Muscle,
    NameOrigin,
    Parameter,
    PeriodUnit,
    Resume,
    ReturnWith,
    Scope,
    Side,
    Symptom,
    Urgency,
)

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


# Text is data for people: no control character but tab and newline (C0, DEL and C1), no
# lone surrogate (which no encoder can write), no byte-order mark inside text, and none of
# Unicode's 66 noncharacters (U+FDD0-U+FDEF and the last two code points of every plane):
# XML 1.0 has no U+FFFE or U+FFFF, so a FHIR narrative holding one is not XML, and no font
# draws any of them. Refused at validation, with the field's path, so that every exporter
# can take every valid file.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_UNPRINTABLE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff{_NONCHARACTERS}]"


@functools.cache
def _unprintable_pattern() -> re.Pattern[str]:
    """Compiled at its first need (1.3 ms): a protocol read from the cache needs none."""
    return re.compile(_UNPRINTABLE)


def _text(_: object, a: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str):
        raise FieldError(a.name, f"{a.name} must be text, not {type(value).__name__}")
    if not value.strip():
        raise FieldError(a.name, f"{a.name} must not be empty")
    bad = _unprintable(value)
    if bad is not None:
        raise FieldError(
            a.name,
            f"{a.name} contains the character U+{ord(bad.group()):04X} at position"
            f" {bad.start()}: control characters, noncharacters and lone surrogates are not text",
        )


def _unprintable(value: str) -> re.Match[str] | None:
    # Printable ASCII holds none of them: most texts, told without the regex (a class of
    # astral ranges), which took a twentieth of a protocol's load.
    if value.isascii() and value.isprintable():
        return None
    return _unprintable_pattern().search(value)


def _optional_text(inst: object, a: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        _text(inst, a, value)


# The schema's rules for a region and a language tag, as the model checks them: whole
# matches, so that "GB\n" or "en-GB\n" is refused here as in a file (issue 29).
_REGION = re.compile(r"[A-Za-z]{2}")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _optional_region(_: object, a: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not (isinstance(value, str) and _REGION.fullmatch(value)):
        raise FieldError(
            a.name,
            f"{a.name} must be a two-letter country code (ISO 3166-1) such as GB, not {value!r}",
        )


def _language_tag(_: object, a: attrs.Attribute[Any], value: str) -> None:
    if not (isinstance(value, str) and LANGUAGE_TAG.fullmatch(value)):
        raise FieldError(
            a.name, f"{a.name} must be a BCP 47 language tag such as en-GB, not {value!r}"
        )


def _texts(inst: object, a: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        _text(inst, a, item)


# The schemas' limit on a name, an identifier or a contact: the texts a person or clinic
# supplies (schemas/plan.schema.json's patient and clinician, every schema's person). The
# model keeps it too, so that what is built in code can be written and read back;
# tests/test_plan_limits.py keeps it equal to the schemas'.
MAX_NAME = 300


def _text_within(max_length: int) -> Any:
    """A validator: printable text of at most ``max_length`` characters."""

    def check(inst: object, a: attrs.Attribute[Any], value: str) -> None:
        _text(inst, a, value)
        _within(a.name, value, max_length)

    return check


def _optional_text_within(max_length: int) -> Any:
    """A validator: no text, or printable text of at most ``max_length`` characters (code
    points, as JSON Schema's maxLength counts them), so that what is built can be written
    and read back by the file format."""

    def check(inst: object, a: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None:
            _text(inst, a, value)
            _within(a.name, value, max_length)

    return check


def _texts_within(max_items: int, max_length: int) -> Any:
    """A validator: at most ``max_items`` printable texts, each within ``max_length``."""

    def check(inst: object, a: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
        if len(value) > max_items:
            raise FieldError(
                a.name, f"{a.name} holds {len(value)} items; at most {max_items} are allowed"
            )
        for i, item in enumerate(value):
            _text(inst, a, item)
            _within(f"{a.name}[{i}]", item, max_length)

    return check


def _within(name: str, value: str, max_length: int) -> None:
    if len(value) > max_length:
        raise FieldError(
            name, f"{name} is {len(value)} characters long; at most {max_length} are allowed"
        )


def _member(kind: type[enum.Enum]) -> Any:
    """A validator: the value is a member of ``kind`` (attrs's instance_of raises a TypeError
    whose message is a tuple of internals; this says what would do). Used with
    ``_as_member`` (through a field's ``_to_...`` converter), which has already turned
    a value text into its member."""
    return MemberCheck(kind)


class MemberCheck:
    """The validator ``_member`` makes, which names its enumeration: the loader's fast path
    (``_documents/building.py``) need not run it on a member it has just looked up in
    ``kind`` itself."""

    __slots__ = ("kind",)

    def __init__(self, kind: type[enum.Enum]) -> None:
        self.kind = kind

    def __call__(self, _: object, a: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, self.kind):
            allowed = ", ".join(str(m.value) for m in self.kind)
            raise FieldError(
                a.name,
                f"{a.name} must be a rehabkit.{self.kind.__name__} ({allowed}), not {value!r}",
            )


# --------------------------------------------------------------------------- converters
# Constructors take what a file holds, as the file format takes it: a date as YYYY-MM-DD
# text, a unit or any other enumeration as its value's text. A converter turns exactly
# that into the typed value and passes anything else on unchanged, so that the field's
# validator refuses it with a FieldError naming the field (a converter is not told which
# field it converts). Each kind of value has one named, typed converter: type checkers
# read a constructor's parameter types from them.

E = TypeVar("E", bound=enum.Enum)


def _as_member(kind: type[E], value: E | str) -> E:
    """A member's value as text ("min", "worse") becomes the member of ``kind``. Only text
    is converted: a member of another enumeration with the same value (a PeriodUnit where
    a Unit belongs) is a mistake, left for the validator to refuse."""
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        return cast(E, kind._value2member_map_.get(value, value))
    return cast(E, value)


def _as_members(kind: type[E], value: Iterable[E | str]) -> tuple[E, ...]:
    """A list of members or of their texts becomes a tuple of members."""
    return tuple(_as_member(kind, item) for item in _tuple(value))


def _optional_member(kind: type[enum.Enum]) -> Any:
    return attrs.validators.optional(_member(kind))


def _members(kind: type[enum.Enum]) -> Any:
    return attrs.validators.deep_iterable(_member(kind))


def _to_metric(value: Metric | str) -> Metric:
    return _as_member(Metric, value)


def _to_comparator(value: Comparator | str) -> Comparator:
    return _as_member(Comparator, value)


def _to_symptom(value: Symptom | str) -> Symptom:
    return _as_member(Symptom, value)


def _to_symptoms(value: Iterable[Symptom | str]) -> tuple[Symptom, ...]:
    return _as_members(Symptom, value)


def _to_muscles(value: Iterable[Muscle | str]) -> tuple[Muscle, ...]:
    return _as_members(Muscle, value)


def _to_period_unit(value: PeriodUnit | str) -> PeriodUnit:
    return _as_member(PeriodUnit, value)


def _to_side(value: Side | str) -> Side:
    return _as_member(Side, value)


def _to_limb(value: Limb | str) -> Limb:
    return _as_member(Limb, value)


def _to_laterality(value: Laterality | str) -> Laterality:
    return _as_member(Laterality, value)


def _to_joint(value: Joint | str) -> Joint:
    return _as_member(Joint, value)


def _to_motion(value: Motion | str) -> Motion:
    return _as_member(Motion, value)


def _to_name_origin(value: NameOrigin | str) -> NameOrigin:
    return _as_member(NameOrigin, value)


def _to_match(value: Match | str) -> Match:
    return _as_member(Match, value)


def _to_direction(value: Direction | str) -> Direction:
    return _as_member(Direction, value)


def _to_parameter(value: Parameter | str) -> Parameter:
    return _as_member(Parameter, value)


def _to_urgency(value: Urgency | str) -> Urgency:
    return _as_member(Urgency, value)


def _to_scope(value: Scope | str) -> Scope:
    return _as_member(Scope, value)


def _to_resume(value: Resume | str) -> Resume:
    return _as_member(Resume, value)


def _to_effect(value: Effect | str) -> Effect:
    return _as_member(Effect, value)


def _to_contraction(value: Contraction | str) -> Contraction:
    return _as_member(Contraction, value)


def _to_return_with(value: ReturnWith | str) -> ReturnWith:
    return _as_member(ReturnWith, value)


def _to_measurement_kind(value: MeasurementKind | str) -> MeasurementKind:
    return _as_member(MeasurementKind, value)


# The file format's date: a JSON Schema "date" (RFC 3339 full-date), four ASCII digits,
# two and two. Python's fromisoformat (3.11) also reads 20261201 and 2026-W49-2: no file may.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _to_date(value: dt.date | str) -> dt.date:
    """A real date written YYYY-MM-DD becomes a ``datetime.date``."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # 2026-02-30: the validator says it is no real date
    return cast(dt.date, value)


def _a_date(name: str, value: Any) -> dt.date:
    """``value`` as a date (a ``datetime.date`` or text YYYY-MM-DD), or a FieldError naming
    ``name``. A datetime is refused: its day depends on a time zone."""
    value = _to_date(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        raise FieldError(name, f"{name} must be a date: {value!r} is not a real date YYYY-MM-DD")
    what = "a datetime" if isinstance(value, dt.datetime) else repr(value)
    raise FieldError(
        name, f"{name} must be a date (a datetime.date or text YYYY-MM-DD), not {what}"
    )


def _date(_: object, a: attrs.Attribute[Any], value: Any) -> None:
    """A validator: the value is a date (see ``_a_date``)."""
    _a_date(a.name, value)


_optional_date = attrs.validators.optional(_date)


def _flag(_: object, a: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise FieldError(a.name, f"{a.name} must be True or False, not {value!r}")


def _tuple(value: Any) -> tuple[Any, ...]:
    # Accept any iterable (a list from Python code) but store an immutable tuple.
    if isinstance(value, (str, bytes)):
        raise TypeError("expected a list, not text")
    return tuple(value)
