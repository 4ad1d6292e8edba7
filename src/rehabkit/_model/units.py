"""Units, and the amounts and counts written with them."""

from __future__ import annotations

import enum
import math
from typing import Any, Union

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.fields import _as_member, _finite, _member, _whole

__all__ = ["Amount", "Count", "IntRange", "Quantity", "Range", "Unit"]


class Unit(str, enum.Enum):
    """Units of measure, spelled as UCUM codes so they carry over to FHIR unchanged."""

    SECOND = "s"  # seconds
    MINUTE = "min"  # minutes
    HOUR = "h"  # hours
    DAY = "d"  # days
    WEEK = "wk"  # weeks
    DEGREE = "deg"  # degrees of angle
    KILOGRAM = "kg"  # kilograms
    POUND = "[lb_av]"  # pounds (avoirdupois)
    CENTIMETRE = "cm"  # centimetres
    PERCENT = "%"  # percent
    METRE = "m"  # format 1.2: a distance, a speed
    KILOMETRE = "km"  # kilometres
    KILOMETRE_PER_HOUR = "km/h"  # kilometres per hour
    METRE_PER_SECOND = "m/s"  # metres per second
    NEWTON_METRE = "N.m"  # torque (1.2)
    SCORE = "{score}"  # a score on a measurement's own scale, e.g. 0-100 (1.2)


def _to_unit(value: Unit | str) -> Unit:
    """A unit's text ("min") becomes the Unit; see fields._as_member."""
    return _as_member(Unit, value)


TIME_UNITS = frozenset({Unit.SECOND, Unit.MINUTE, Unit.HOUR, Unit.DAY, Unit.WEEK})
LOAD_UNITS = frozenset({Unit.KILOGRAM, Unit.POUND, Unit.PERCENT})
_SECONDS = {Unit.SECOND: 1, Unit.MINUTE: 60, Unit.HOUR: 3600, Unit.DAY: 86400, Unit.WEEK: 604800}
DISTANCE_UNITS = frozenset({Unit.METRE, Unit.KILOMETRE})
SPEED_UNITS = frozenset({Unit.KILOMETRE_PER_HOUR, Unit.METRE_PER_SECOND})
ANGLE_UNITS = frozenset({Unit.DEGREE})
#: Each unit that converts to another of its kind, in the kind's base unit (s, m, m/s).
IN_BASE: dict[Unit, float] = {
    **_SECONDS, Unit.METRE: 1, Unit.KILOMETRE: 1000,
    Unit.METRE_PER_SECOND: 1, Unit.KILOMETRE_PER_HOUR: 1 / 3.6,
}  # fmt: skip


def _fmt(value: Amount | Count) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, IntRange):
        return f"{value.low}-{value.high}"
    if isinstance(value, Quantity):
        return f"{value.value:g} {value.unit.value}"
    return f"{value.low:g}-{value.high:g} {value.unit.value}"


# --------------------------------------------------------------------------- quantities


@frozen
class Quantity:
    """A number with a unit, such as 5 s or 30 deg.

    :param value: The number.
    :param unit: Its unit.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    value: float = field(validator=_finite)
    unit: Unit = field(converter=_to_unit, validator=_member(Unit))

    def seconds(self) -> float:
        """This duration in seconds (time units only)."""
        return self.value * _SECONDS[self.unit]

    def __str__(self) -> str:
        return _fmt(self)


@frozen
class Range:
    """A closed range of one unit, ``low``-``high``, such as a knee bend of 30-60 deg.

    :param low: The lower end.
    :param high: The upper end.
    :param unit: The unit of both ends.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    low: float = field(validator=_finite)
    high: float = field(validator=_finite)
    unit: Unit = field(converter=_to_unit, validator=_member(Unit))

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise FieldError(
                "", f"low ({self.low:g}) must not be greater than high ({self.high:g})"
            )

    def __str__(self) -> str:
        return _fmt(self)


@frozen
class IntRange:
    """A range of whole numbers, such as 8-12 repetitions.

    :param low: The lower end.
    :param high: The upper end.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    low: int = field(validator=_whole(0))
    high: int = field(validator=_whole(0))

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise FieldError("", f"low ({self.low}) must not be greater than high ({self.high})")

    def __str__(self) -> str:
        return _fmt(self)


Amount = Union[Quantity, Range]
"""A measured amount: one value or a range, with a unit."""
Count = Union[int, IntRange]
"""A count: one whole number or a range of them."""


def _least_count(value: Count | None) -> int | None:
    """What a person does of a prescribed count: the low end of a range (8-12 gives 8)."""
    return value.low if isinstance(value, IntRange) else value


def _least_amount(value: Amount | None) -> Quantity | None:
    """What a person does of a prescribed amount: the low end of a range, in its unit."""
    return Quantity(value.low, value.unit) if isinstance(value, Range) else value


def _amount(
    units: frozenset[Unit] | None, what: str, low: float = 0, high: float = math.inf
) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: Amount | None) -> None:
        if value is None:
            return
        if not isinstance(value, (Quantity, Range)):
            raise FieldError(
                a.name, f"{a.name} must be a Quantity or a Range, not {type(value).__name__}"
            )
        if units is not None and value.unit not in units:
            allowed = ", ".join(sorted(u.value for u in units))
            raise FieldError(
                a.name, f"{what} must be in one of the units {allowed}, not {value.unit.value}"
            )
        try:
            _in_bounds(value, low, high, what)
        except ValueError as exc:
            raise FieldError(a.name, str(exc)) from None

    return check


def _count(minimum: int, maximum: int | None = None) -> Any:
    def check(_: object, a: attrs.Attribute[Any], value: Count | None) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, (int, IntRange)):
            raise FieldError(
                a.name, f"{a.name} must be a whole number or an IntRange, not {value!r}"
            )
        lo, hi = (value, value) if isinstance(value, int) else (value.low, value.high)
        if lo < minimum or (maximum is not None and hi > maximum):
            top = f" and {maximum}" if maximum is not None else ""
            raise FieldError(a.name, f"{a.name} must be at least {minimum}{top}, not {_fmt(value)}")

    return check


def _in_bounds(value: Amount, low: float, high: float, what: str) -> None:
    lo, hi = (value.value, value.value) if isinstance(value, Quantity) else (value.low, value.high)
    if lo < low or hi > high:
        raise FieldError("", f"{what} must lie between {low:g} and {high:g}, not {_fmt(value)}")


present_as_public(globals())
