"""FHIR values read as their FHIR type says, or refused with their path: the reader never
guesses. A ``"valueBoolean": "0"`` is not an absent sign; an hour is not a minute."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rehabkit._formats.fhir.terms import UCUM
from rehabkit._model.units import Quantity, Unit


class Unreadable(Exception):
    """A value that is not what its FHIR type allows; the reader makes it a Problem."""

    def __init__(self, path: str, message: str, value: Any = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.value = value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def mapping(value: Any, at: str) -> Mapping[str, Any]:
    """A JSON object."""
    if not isinstance(value, Mapping):
        raise Unreadable(at, f"must be an object, not {_kind(value)}", value)
    return value


def array(value: Any, at: str) -> Sequence[Any]:
    """A JSON array (FHIR writes every repeating element as one)."""
    if not isinstance(value, list):
        raise Unreadable(at, f"must be a list, not {_kind(value)}", value)
    return value


def boolean(value: Any, at: str) -> bool:
    """A FHIR boolean: JSON true or false, nothing else ("0", "no", "" are not)."""
    if not isinstance(value, bool):
        raise Unreadable(at, f"a FHIR boolean is true or false, not {value!r}", value)
    return value


def integer(value: Any, at: str) -> int:
    """A FHIR integer: a whole JSON number."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unreadable(at, f"a FHIR integer is a whole number, not {value!r}", value)
    return value


def string(value: Any, at: str) -> str:
    """A FHIR string: text with something in it."""
    if not isinstance(value, str) or not value.strip():
        raise Unreadable(at, f"a FHIR string is non-empty text, not {value!r}", value)
    return value


def decimal(value: Any, at: str) -> float:
    """A FHIR decimal: a finite JSON number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Unreadable(at, f"a FHIR decimal is a number, not {value!r}", value)
    return value


def coding_pairs(concept: Any, at: str) -> list[tuple[str | None, str | None]]:
    """Every (system, code) of a CodeableConcept, in order: any of them may be ours."""
    concept = mapping(concept, at)
    pairs = []
    for i, coding in enumerate(array(concept.get("coding", []), f"{at}.coding")):
        where = f"{at}.coding[{i}]"
        coding = mapping(coding, where)
        system, code = coding.get("system"), coding.get("code")
        if system is not None:
            string(system, f"{where}.system")
        if code is not None:
            string(code, f"{where}.code")
        pairs.append((system, code))
    return pairs


def code_in(concept: Any, at: str, system: str) -> str | None:
    """The code a CodeableConcept gives in ``system``, wherever that coding is."""
    return next((c for s, c in coding_pairs(concept, at) if s == system and c), None)


# --------------------------------------------------------------------- quantities

#: UCUM time codes in seconds. Months and years are left out: their length in UCUM is an
#: average, and no rehabkit time is counted in them.
_TIME = {"us": 1e-6, "ms": 1e-3, "s": 1, "min": 60, "h": 3600, "d": 86400, "wk": 604800}
_DISTANCE = {"mm": 1e-3, "cm": 1e-2, "m": 1, "km": 1000}
#: Codes a 0-10 score may carry: UCUM's annotation, unity, or none at all.
_SCORE_CODES = frozenset({"{score}", "1", "{#}"})
_COUNT_CODES = frozenset({"{repetitions}", "1", "{#}"})
_TIME_UNITS = (Unit.SECOND, Unit.MINUTE, Unit.HOUR, Unit.DAY, Unit.WEEK)


def quantity(value: Any, at: str) -> tuple[float, str]:
    """A Quantity's number and UCUM code; one without a code is refused plainly, since
    its free-text ``unit`` cannot be trusted to be converted."""
    q = mapping(value, at)
    number = decimal(q.get("value"), f"{at}.value")
    system = q.get("system")
    if system is not None and system != UCUM:
        raise Unreadable(f"{at}.system", f"rehabkit reads UCUM units, not {system!r}", system)
    code = q.get("code")
    if code is None:
        unit = q.get("unit")
        said = f" (its unit reads {unit!r})" if isinstance(unit, str) else ""
        raise Unreadable(f"{at}.code", f"the quantity has no UCUM code{said}", unit)
    return number, string(code, f"{at}.code")


def score(value: Any, at: str, codes: frozenset[str] = _SCORE_CODES) -> float:
    """A 0-10 score: a Quantity with no unit (or a unity code), never a millimetre."""
    q = mapping(value, at)
    if q.get("code") is None and q.get("unit") is None:
        return decimal(q.get("value"), f"{at}.value")
    number, code = quantity(q, at)
    if code not in codes:
        raise Unreadable(f"{at}.code", f"a score or count has no unit, not {code!r}", code)
    return number


def whole(value: Any, at: str) -> int:
    """A count written as a Quantity (repetitions in reserve)."""
    number = score(value, at, _COUNT_CODES)
    if number != int(number):
        raise Unreadable(f"{at}.value", f"must be a whole number, not {number!r}", number)
    return int(number)


def time(value: Any, at: str, limit: float = 1e6) -> Quantity:
    """A time, in the unit it was written in when rehabkit has that unit and the number
    fits the log's bounds; otherwise in the smallest of s, min, h, d, wk in which it fits
    (a 300 h duration written as 1,080,000 s comes back as 18,000 min)."""
    number, code = quantity(value, at)
    if code not in _TIME:
        raise Unreadable(f"{at}.code", f"{code!r} is not a UCUM time unit rehabkit reads", code)
    if code in {u.value for u in _TIME_UNITS} and number <= limit:
        return Quantity(number, Unit(code))
    # Rounded to the microsecond, so that 30000 ms is 30 s and never 29.999999999999996.
    seconds = round(number * _TIME[code], 6)
    unit = next((u for u in _TIME_UNITS if seconds / _TIME[u.value] <= limit), Unit.WEEK)
    return Quantity(seconds / _TIME[unit.value], unit)


def distance(value: Any, at: str) -> Quantity:
    """A distance in m or km, as the log records it."""
    number, code = quantity(value, at)
    if code in (Unit.METRE.value, Unit.KILOMETRE.value):
        return Quantity(number, Unit(code))
    if code not in _DISTANCE:
        raise Unreadable(f"{at}.code", f"{code!r} is not a UCUM length rehabkit reads", code)
    return Quantity(number * _DISTANCE[code], Unit.METRE)


def unit(code: str, at: str) -> Unit:
    """A UCUM code rehabkit has a unit for."""
    try:
        return Unit(code)
    except ValueError:
        raise Unreadable(at, f"rehabkit has no unit {code!r}", code) from None


def measured(value: Any, at: str) -> tuple[float, Unit]:
    """A Quantity as a measurement's value and unit."""
    number, code = quantity(value, at)
    return number, unit(code, f"{at}.code")


# --------------------------------------------------------------------------- dates

_DATE_TIME = re.compile(
    r"(?P<day>[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?"
)


def day(r: Mapping[str, Any], at: str) -> dt.date:
    """The day of ``effective[x]`` as written: its local day, offset and all (a session at
    23:30 -05:00 is that evening's, not the next day's in UTC)."""
    for key in ("effectiveDateTime", "effectiveInstant"):
        if key in r:
            return _day(r[key], f"{at}.{key}")
    if "effectivePeriod" in r:
        period = mapping(r["effectivePeriod"], f"{at}.effectivePeriod")
        return _day(period.get("start"), f"{at}.effectivePeriod.start")
    raise Unreadable(f"{at}.effectiveDateTime", "a session needs its date")


def _day(value: Any, at: str) -> dt.date:
    found = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        raise Unreadable(at, "a session needs its date (a FHIR dateTime with the day)", value)
    try:
        return dt.date.fromisoformat(found["day"])
    except ValueError:
        raise Unreadable(at, f"no such day: {found['day']}", value) from None
