"""A dose in FHIR: our extensions for what FHIR has no element for (sets, repetitions,
hold, load, ...), Timing for how often, and R5 order parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from rehabkit._formats.fhir.terms import UCUM, Canon
from rehabkit._formats.fhir.words import code_words
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.exercise import JointAngle
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


def dosage_extensions(
    dose: Dosage, side: str, canon: Canon, limb: str = "leg"
) -> list[dict[str, Any]]:
    """The dose as our extensions, and the limb and side the exercise works."""
    values = [*_dose_values(dose), ("limb", "valueCode", limb), ("side", "valueCode", side)]
    return [{"url": canon.extension(f"exercise-{name}"), key: value} for name, key, value in values]


def dose_extensions(dose: Dosage, canon: Canon) -> list[dict[str, Any]]:
    """The parts of a dose that are set, as our extensions, without a side: a phase's
    change of dose (format 1.2)."""
    return [{"url": canon.extension(f"exercise-{name}"), key: value}
            for name, key, value in _dose_values(dose)]  # fmt: skip


def _dose_values(dose: Dosage) -> Iterator[tuple[str, str, Any]]:
    """(extension name, value[x] key, value) for each part of the dose that is set, in the
    order the extensions are written."""
    yield from _count_values(dose)
    yield from _amount_values(dose)
    yield from _code_values(dose)
    if dose.tempo is not None:
        t = dose.tempo
        yield "tempo", "valueString", f"{num(t.eccentric)}-{num(t.pause)}-{num(t.concentric)}"
    if dose.intensity is not None and dose.intensity.pain_max is not None:
        # The pain this exercise accepts during loading, on the 0-10 rating scale.
        yield "pain-max", "valueInteger", dose.intensity.pain_max
    if dose.load is not None and dose.load.level is not None:
        yield "load-level", "valueInteger", dose.load.level  # 1 the lightest
    if dose.load is not None and dose.load.rm is not None:
        yield "load-rm", "valueInteger", dose.load.rm  # your N-repetition maximum (1.2)
    if dose.intensity is not None:  # the effort target (format 1.2)
        for name, count in (
            ("rpe", dose.intensity.rpe),
            ("reps-in-reserve", dose.intensity.reps_in_reserve),
        ):
            if count is not None:
                yield (name, *_count_value(count))


def _count_values(dose: Dosage) -> Iterator[tuple[str, str, Any]]:
    for name, count in (("sets", dose.sets), ("repetitions", dose.repetitions)):
        if count is not None:
            yield (name, *_count_value(count))


def _named_amounts(dose: Dosage) -> Iterator[tuple[str, Amount | None]]:
    """Every amount a dose can hold, by extension name: the load's only with a load."""
    yield "hold", dose.hold
    yield "rest", dose.rest
    if dose.load is not None:
        yield "load", dose.load.amount
        yield "load-increment", dose.load.increment
        yield "load-maximum", dose.load.maximum
    # Format 1.2: the dose's other quantities (a duration is the Timing's repeat.duration).
    yield "distance", dose.distance
    yield "speed", dose.speed
    yield "range", dose.range


def _amount_values(dose: Dosage) -> Iterator[tuple[str, str, Any]]:
    for name, amount in _named_amounts(dose):
        if amount is not None:
            yield (name, *amount_value(amount))


def _code_values(dose: Dosage) -> Iterator[tuple[str, str, Any]]:
    for name, code in (("contraction", dose.contraction), ("return-with", dose.return_with)):
        if code is not None:
            yield name, "valueCode", code.value


def timing(dose: Dosage, bounds: dict[str, str] | None = None) -> dict[str, Any]:
    """How often, as a Timing: "twice a day, 3 days a week" is 6 sessions a week."""
    repeat: dict[str, Any] = {}
    if bounds:
        repeat["boundsPeriod"] = bounds
    if dose.frequency is not None:
        repeat.update(_how_often(dose.frequency))
    if dose.duration is not None:
        repeat.update(_how_long(dose.duration))
    return {"repeat": repeat}


def _how_often(frequency: Frequency) -> dict[str, Any]:
    """The frequency and period of a Timing's ``repeat``."""
    if frequency.days_per_week is not None:
        return _sessions_a_week(frequency, frequency.days_per_week)
    repeat: dict[str, Any] = {"frequency": frequency.times}
    if frequency.times_max is not None:
        repeat["frequencyMax"] = frequency.times_max
    repeat["period"] = frequency.period
    if frequency.period_max is not None:
        repeat["periodMax"] = frequency.period_max
    repeat["periodUnit"] = frequency.period_unit.value
    return repeat


def _sessions_a_week(frequency: Frequency, days_per_week: int) -> dict[str, Any]:
    """Times a day on some days a week: FHIR's Timing has no days-per-week, so the
    sessions are counted over the week."""
    repeat: dict[str, Any] = {"frequency": frequency.times * days_per_week}
    if frequency.times_max is not None:
        repeat["frequencyMax"] = frequency.times_max * days_per_week
    repeat["period"] = 1
    repeat["periodUnit"] = "wk"
    return repeat


def _how_long(duration: Amount) -> dict[str, Any]:
    """Time as the dose, as a Timing's duration (a range's low end and its maximum)."""
    low = duration.value if isinstance(duration, Quantity) else duration.low
    repeat: dict[str, Any] = {"duration": num(low)}
    if isinstance(duration, Range):
        repeat["durationMax"] = num(duration.high)
    repeat["durationUnit"] = duration.unit.value
    return repeat


def as_needed(dose: Dosage) -> dict[str, Any]:
    """``asNeededBoolean`` when the dose is taken as needed."""
    return {"asNeededBoolean": True} if dose.frequency and dose.frequency.as_needed else {}


def parameter_words(code: str) -> str:
    """A dose parameter (sets, repetitions, hold, rest) in the export's language."""
    return code_words(code)


def order_parameters(dose: Dosage, canon: Canon) -> list[dict[str, Any]]:
    """Sets, repetitions, hold and rest as R5 ``orderDetail.parameter`` entries."""
    system = canon.code_system("exercise-parameter")
    params = []
    for name, count in (("sets", dose.sets), ("repetitions", dose.repetitions)):
        if count is None:
            continue
        code = {"coding": [{"system": system, "code": name}], "text": parameter_words(name)}
        if isinstance(count, IntRange):
            value = {"low": {"value": count.low}, "high": {"value": count.high}}
            params.append({"code": code, "valueRange": value})
        else:
            params.append({"code": code, "valueQuantity": {"value": count}})
    for name, amount in (("hold", dose.hold), ("rest", dose.rest)):
        if amount is None:
            continue
        code = {"coding": [{"system": system, "code": name}], "text": parameter_words(name)}
        key, value = amount_value(amount)
        params.append({"code": code, "valueQuantity" if key == "valueDuration" else key: value})
    return params


def position_extensions(
    angles: Iterable[JointAngle], since: dt.date, canon: Canon
) -> list[dict[str, Any]]:
    """A plan item's joint positions now and the first day of its level: what ``advance``
    changes beside the dose, so that a receiver sees the plan move on and reads sessions
    from the level's start."""
    found: list[dict[str, Any]] = []
    for a in angles:
        low, high = (
            (a.angle.value,) * 2 if isinstance(a.angle, Quantity) else (a.angle.low, a.angle.high)
        )
        found.append({
            "url": canon.extension("exercise-joint-angle"),
            "extension": [
                {"url": "joint", "valueCode": a.joint.value},
                {"url": "motion", "valueCode": a.motion.value},
                {"url": "angle", "valueRange": {"low": quantity(low, "deg"),
                                                "high": quantity(high, "deg")}},
            ],
        })  # fmt: skip
    found.append({"url": canon.extension("exercise-level-start"), "valueDate": since.isoformat()})
    return found
