"""The one cattrs converter between documents (plain data) and model objects."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from rehabkit._core.errors import FieldError, Problem, ValidationError
from rehabkit._core.public import resolve_annotations
from rehabkit._model import integrity, pose, session_log, terms, units
from rehabkit._model.dosage import Frequency
from rehabkit._model.protocol import Protocol
from rehabkit._model.units import Amount, Count, IntRange, Quantity, Range

T = TypeVar("T")

# cattrs reads the fields' types, which the model leaves as text until asked.
resolve_annotations()

converter = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)


def _structure_date(value: Any, _: type) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(f"a date is written as text YYYY-MM-DD, not {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date in the form YYYY-MM-DD") from None


def _structure_amount(value: Any, _: type) -> Quantity | Range:
    if isinstance(value, dict) and "value" in value:
        return converter.structure(value, Quantity)
    if isinstance(value, dict) and "low" in value:
        return converter.structure(value, Range)
    raise TypeError("expected {value, unit} or {low, high, unit}")


def _structure_count(value: Any, _: type) -> int | IntRange:
    if isinstance(value, dict):
        return converter.structure(value, IntRange)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number or {{low, high}}, not {value!r}")
    return value


def _unstructure_float(value: float) -> float | int:
    # Whole numbers are written without ".0" so files read as people write them.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, not {value!r}")
    return float(value)


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {value!r}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, not {value!r}")
    return value


# str-based enums would otherwise pass through unstructure as enum objects, not plain
# text (cattrs' hook for str wins over any Enum hook), so register each one by name.
# The str hook above would catch them too when structuring, for the same reason.
def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    # The table Enum's own call looks in first, without the call: a tenth of a load's
    # structuring was enum calls. Anything else (not text, not in it) takes the call.
    member = cls._value2member_map_.get(value) if isinstance(value, str) else None
    if member is not None:
        return member
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(str(m.value) for m in cls)
        raise ValueError(f"{value!r} is not one of: {choices}") from None


# Every enumeration of the documents, wherever in the model it is defined.
for _enum in [v for module in (units, terms, pose, session_log) for v in vars(module).values()]:
    if isinstance(_enum, type) and issubclass(_enum, enum.Enum):
        converter.register_unstructure_hook(_enum, lambda v: v.value)
        converter.register_structure_hook(_enum, _structure_enum)
converter.register_structure_hook(dt.date, _structure_date)
converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
converter.register_structure_hook(Amount, _structure_amount)
converter.register_structure_hook(
    Amount | None, lambda v, _: None if v is None else _structure_amount(v, _)
)
converter.register_structure_hook(Count, _structure_count)
converter.register_structure_hook(
    Count | None, lambda v, _: None if v is None else _structure_count(v, _)
)
converter.register_structure_hook(float, _structure_float)


def _unstructure_frequency(f: Frequency) -> dict[str, Any]:
    # Written out whole: "frequency": {} (all defaults) would say nothing to a reader.
    data: dict[str, Any] = {"times": f.times, "period": f.period}
    if f.period_max is not None:
        data["period_max"] = f.period_max
    data["period_unit"] = f.period_unit.value
    if f.times_max is not None:
        data["times_max"] = f.times_max
    if f.as_needed:
        data["as_needed"] = True
    if f.days_per_week is not None:
        data["days_per_week"] = f.days_per_week
    return data


converter.register_unstructure_hook(Frequency, _unstructure_frequency)
converter.register_unstructure_hook(float, _unstructure_float)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, not {value!r}")
    return value


# cattrs would otherwise coerce: str(["x"]) passes as text, int("3") as a number.
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(int, _structure_int)


@functools.cache
def _protocol_fields() -> Callable[[Any, type], Protocol]:
    # cattrs' own structuring of a Protocol's fields, made on first use: made while this
    # module loads, it would bind the hooks as they were then (text made of ["x"]).
    return converter.gen_structure_attrs_fromdict(Protocol)


def _structure_protocol(value: Any, cls: type[Protocol]) -> Protocol:
    # A Protocol read from data is checked as a whole on that data, once: its construction
    # then skips re-running the same rules on itself (integrity.checked_data says how).
    with integrity.checked_data(value):
        return _protocol_fields()(value, cls)


converter.register_structure_hook(Protocol, _structure_protocol)


def structure(data: Any, cls: type[T]) -> T:
    """Structure plain data into ``cls``; raises cattrs' grouped errors."""
    return converter.structure(data, cls)


def _group_problems(
    exc: ClassValidationError | IterableValidationError,
    path: str,
    sub_path: Callable[[Any, str], str],
) -> list[Problem]:
    # cattrs groups an object's (or a list's) errors: those with a note say which field
    # (or index) they belong to; the others belong to the object itself.
    found: list[Problem] = []
    with_notes, without = exc.group_exceptions()
    for sub, note in with_notes:
        found += problems_from(sub, sub_path(note, path))
    for sub in without:
        found += problems_from(sub, path)
    return found


def _field_path(note: Any, path: str) -> str:
    return f"{path}.{note.name}" if path else note.name


def _index_path(note: Any, path: str) -> str:
    return f"{path}[{note.index}]"


def _object_problems(exc: ClassValidationError, path: str) -> list[Problem]:
    return _group_problems(exc, path, _field_path)


def _list_problems(exc: IterableValidationError, path: str) -> list[Problem]:
    return _group_problems(exc, path, _index_path)


def _model_problems(exc: ValidationError, path: str) -> list[Problem]:
    # The model's own problems are relative to the object that raised them.
    return [
        Problem(f"{path}.{p.path}" if path and p.path else p.path or path, p.message, p.value)
        for p in exc.problems
    ]


def _missing_field(exc: KeyError, path: str) -> list[Problem]:
    return [Problem(path, f"required field {exc.args[0]!r} is missing")]


def _unknown_fields(exc: ForbiddenExtraKeysError, path: str) -> list[Problem]:
    names = ", ".join(repr(k) for k in sorted(exc.extra_fields))
    return [Problem(path, f"unknown field(s) {names}")]


def _field_error(exc: FieldError, path: str) -> list[Problem]:
    where = ".".join(p for p in (path, exc.field) if p)
    return [Problem(where, str(exc))]


def _any_error(exc: BaseException, path: str) -> list[Problem]:
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    return [Problem(path, message)]


# How each kind of error becomes Problems; the first whose type matches explains it.
_EXPLAIN: tuple[tuple[type[BaseException], Callable[[Any, str], list[Problem]]], ...] = (
    (ClassValidationError, _object_problems),
    (IterableValidationError, _list_problems),
    (ValidationError, _model_problems),
    (KeyError, _missing_field),
    (ForbiddenExtraKeysError, _unknown_fields),
    (FieldError, _field_error),
)


def problems_from(exc: BaseException, path: str = "") -> list[Problem]:
    """Every leaf error of a cattrs structuring failure, as Problems with paths."""
    explain = next((rule for kind, rule in _EXPLAIN if isinstance(exc, kind)), _any_error)
    return explain(exc, path)
