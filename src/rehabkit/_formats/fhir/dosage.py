"""A dose in FHIR: our extensions for what FHIR has no element for (sets, repetitions,
hold, load, ...), Timing for how often, and R5 order parameters."""

from __future__ import annotations

from typing import Any

from rehabkit._formats.fhir.terms import UCUM, Canon
from rehabkit._model.dosage import Dosage
from rehabkit._model.units import Amount, Count, IntRange, Quantity, Range

_UCUM_TIME = {"s", "min", "h", "d", "wk"}


def num(value: float) -> float | int:
    """A whole number as an int, so JSON shows 5 rather than 5.0."""
    return int(value) if float(value).is_integer() else value


def quantity(value: float, unit: str) -> dict[str, Any]:
    """A UCUM Quantity."""
    return {"value": num(value), "unit": unit, "system": UCUM, "code": unit}


def amount_value(amount: Amount) -> tuple[str, dict[str, Any]]:
    """An amount as the value[x] key and value of an extension."""
    unit = amount.unit.value
    if isinstance(amount, Quantity):
        key = "valueDuration" if unit in _UCUM_TIME else "valueQuantity"
        return key, quantity(amount.value, unit)
    return "valueRange", {"low": quantity(amount.low, unit), "high": quantity(amount.high, unit)}


def _count_value(count: Count) -> tuple[str, Any]:
    if isinstance(count, IntRange):
        return "valueRange", {"low": {"value": count.low}, "high": {"value": count.high}}
    return "valueInteger", count


def dosage_extensions(dose: Dosage, side: str, canon: Canon) -> list[dict[str, Any]]:
    """The dose as our extensions, and the side the exercise works."""
    ext: list[dict[str, Any]] = []

    def add(name: str, key: str, value: Any) -> None:
        ext.append({"url": canon.extension(f"exercise-{name}"), key: value})

    for name, count in (("sets", dose.sets), ("repetitions", dose.repetitions)):
        if count is not None:
            add(name, *_count_value(count))
    for name, amount in (("hold", dose.hold), ("rest", dose.rest)):
        if amount is not None:
            add(name, *amount_value(amount))
    if dose.load is not None and dose.load.amount is not None:
        add("load", *amount_value(dose.load.amount))
    if dose.load is not None:
        for name, step in (("increment", dose.load.increment), ("maximum", dose.load.maximum)):
            if step is not None:
                add(f"load-{name}", *amount_value(step))
    for name, code in (("contraction", dose.contraction), ("return-with", dose.return_with)):
        if code is not None:
            add(name, "valueCode", code.value)
    if dose.tempo is not None:
        t = dose.tempo
        add("tempo", "valueString", f"{num(t.eccentric)}-{num(t.pause)}-{num(t.concentric)}")
    if dose.intensity is not None and dose.intensity.pain_max is not None:
        # The pain this exercise accepts during loading, on the 0-10 rating scale.
        add("pain-max", "valueInteger", dose.intensity.pain_max)
    add("side", "valueCode", side)
    return ext


def timing(dose: Dosage, bounds: dict[str, str] | None = None) -> dict[str, Any]:
    """How often, as a Timing: "twice a day, 3 days a week" is 6 sessions a week."""
    repeat: dict[str, Any] = {}
    if bounds:
        repeat["boundsPeriod"] = bounds
    frequency = dose.frequency
    if frequency is not None and frequency.days_per_week is not None:
        repeat["frequency"] = frequency.times * frequency.days_per_week
        if frequency.times_max is not None:
            repeat["frequencyMax"] = frequency.times_max * frequency.days_per_week
        repeat["period"] = 1
        repeat["periodUnit"] = "wk"
    elif frequency is not None:
        repeat["frequency"] = frequency.times
        if frequency.times_max is not None:
            repeat["frequencyMax"] = frequency.times_max
        repeat["period"] = frequency.period
        if frequency.period_max is not None:
            repeat["periodMax"] = frequency.period_max
        repeat["periodUnit"] = frequency.period_unit.value
    if dose.duration is not None:
        low = dose.duration.value if isinstance(dose.duration, Quantity) else dose.duration.low
        repeat["duration"] = num(low)
        if isinstance(dose.duration, Range):
            repeat["durationMax"] = num(dose.duration.high)
        repeat["durationUnit"] = dose.duration.unit.value
    return {"repeat": repeat}


def as_needed(dose: Dosage) -> dict[str, Any]:
    """``asNeededBoolean`` when the dose is taken as needed."""
    return {"asNeededBoolean": True} if dose.frequency and dose.frequency.as_needed else {}


def order_parameters(dose: Dosage, canon: Canon) -> list[dict[str, Any]]:
    """Sets, repetitions, hold and rest as R5 ``orderDetail.parameter`` entries."""
    system = canon.code_system("exercise-parameter")
    params = []
    for name, count in (("sets", dose.sets), ("repetitions", dose.repetitions)):
        if count is None:
            continue
        code = {"coding": [{"system": system, "code": name}], "text": name}
        if isinstance(count, IntRange):
            value = {"low": {"value": count.low}, "high": {"value": count.high}}
            params.append({"code": code, "valueRange": value})
        else:
            params.append({"code": code, "valueQuantity": {"value": count}})
    for name, amount in (("hold", dose.hold), ("rest", dose.rest)):
        if amount is None:
            continue
        code = {"coding": [{"system": system, "code": name}], "text": name}
        key, value = amount_value(amount)
        params.append({"code": code, "valueQuantity" if key == "valueDuration" else key: value})
    return params


__all__ = [
    "amount_value",
    "as_needed",
    "dosage_extensions",
    "num",
    "order_parameters",
    "quantity",
    "timing",
]
