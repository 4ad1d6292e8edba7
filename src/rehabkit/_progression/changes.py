"""Changing one parameter of an exercise in a plan: its current value, the next one within
its limits, and the plan item with it applied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from attrs import frozen

from rehabkit._model import words
from rehabkit._model.dosage import MAX_RM, Dosage, Intensity, Load
from rehabkit._model.exercise import JointAngle
from rehabkit._model.metrics import low
from rehabkit._model.plan import PlanExercise
from rehabkit._model.rules import ParameterChange
from rehabkit._model.terms import Direction, Parameter
from rehabkit._model.units import (
    DISTANCE_UNITS,
    IN_BASE,
    SPEED_UNITS,
    TIME_UNITS,
    Amount,
    Count,
    Quantity,
    Range,
    Unit,
)

# --------------------------------------------------------------------------- parameters


def current_value(change: ParameterChange, item: PlanExercise) -> float | None:
    if change.parameter is Parameter.JOINT_ANGLE:
        for angle in item.joint_angles:
            if angle.joint is change.joint:
                return low(angle.angle)
        return None
    value = _DOSE[change.parameter].get(item.dosage)
    if isinstance(value, (Quantity, Range)):
        return _low_in(value, change.unit)
    return None if value is None else low(value)


_KINDS = (TIME_UNITS, DISTANCE_UNITS, SPEED_UNITS)


def _low_in(amount: Quantity | Range, unit: Unit | None) -> float:
    """The low end of an amount, in ``unit`` when it converts (5 min is 300 s)."""
    value = amount.value if isinstance(amount, Quantity) else amount.low
    if (
        unit is not None
        and unit is not amount.unit
        and any({unit, amount.unit} <= kind for kind in _KINDS)
    ):
        return value * IN_BASE[amount.unit] / IN_BASE[unit]
    return value


def _step(change: ParameterChange, item: PlanExercise, direction: Direction) -> float | None:
    if change.step is not None:
        return change.step
    load = item.dosage.load
    if load is None or load.increment is None:
        return None
    return load.increment.value if direction is Direction.PROGRESS else -load.increment.value


def _bound(change: ParameterChange, item: PlanExercise, step: float) -> float:
    """The value a change never passes: its limit, the most its scale or the dose allows
    (a load's maximum, the strongest band named), or a floor."""
    if step < 0:
        floor = _FLOORS.get(change.parameter, 0.0)
        return floor if change.limit is None else max(change.limit, floor)
    top = change.limit if change.limit is not None else float("inf")
    most = _MOST.get(change.parameter)
    scale = most(item.dosage) if most is not None else None
    return top if scale is None else min(top, scale)


def _load_maximum(dose: Dosage) -> float | None:
    load = dose.load
    return None if load is None or load.maximum is None else load.maximum.value


def _strongest_level(dose: Dosage) -> float | None:
    load = dose.load
    return float(len(load.levels)) if load is not None and load.levels else None


_FIRST_FIVE = frozenset({Parameter.SETS, Parameter.REPETITIONS, Parameter.HOLD, Parameter.LOAD,
                         Parameter.JOINT_ANGLE})  # fmt: skip
#: The least a regression reaches: one set, one repetition, the lightest level; else 0.
_FLOORS = {Parameter.SETS: 1.0, Parameter.REPETITIONS: 1.0, Parameter.LOAD_LEVEL: 1.0,
           Parameter.RM: 1.0}  # fmt: skip
#: The most a progression reaches, beyond its own limit: the dose's or the scale's top.
_MOST: dict[Parameter, Callable[[Dosage], float | None]] = {
    Parameter.LOAD: _load_maximum,
    Parameter.LOAD_LEVEL: _strongest_level,
    Parameter.RPE: lambda _: 10.0,  # the CR10 scale's top
    Parameter.REPS_IN_RESERVE: lambda _: 10.0,  # the field's own bound
    Parameter.PERCENT_MAX_EFFORT: lambda _: 100.0,
    Parameter.RANGE: lambda _: 360.0,
    Parameter.RM: lambda _: float(MAX_RM),  # the field's own bound
}


def next_value(
    change: ParameterChange, item: PlanExercise, direction: Direction
) -> tuple[float | None, str | None]:
    """The changed value, or None and the reason it cannot change."""
    current = current_value(change, item)
    if current is None:
        return None, f"the current {_name(change)} is not set"
    if change.values:
        return _next_on_ladder(change, current)
    step = _step(change, item, direction)
    if step is None:
        return None, "the exercise's load gives no increment"
    bound = _bound(change, item, step)
    if (step > 0 and current >= bound) or (step < 0 and current <= bound):
        return None, f"{_name(change)} already at the limit ({_amount(change, item, bound)})"
    value = min(current + step, bound) if step > 0 else max(current + step, bound)
    # Rounded to a millionth: 800 m and 0.5 km make 1.3 km in a plan, not 1.3000000000000003.
    return round(value, 6), None


def _next_on_ladder(change: ParameterChange, current: float) -> tuple[float | None, str | None]:
    """The first value of the ladder past the current one, in the ladder's direction: a
    current value between two rungs (set by hand) moves to the next rung, not back."""
    values = change.values
    rising = values[-1] > values[0]
    for value in values:
        if (value > current) if rising else (value < current):
            return value, None
    return None, f"{_name(change)} already at the last value ({values[-1]:g})"


def at_limit(change: ParameterChange, item: PlanExercise) -> PlanExercise:
    """The plan item with a progress change taken as far as it goes: to its limit (or a
    load's maximum); unchanged if it has no such bound or no current value. A 1.2 change
    that progresses downwards (fewer repetitions in reserve, less rest) goes to its floor,
    as assess waits for it to; the five of 1.0 keep their old reading."""
    if change.values:
        if current_value(change, item) is None:
            return item
        return with_value(change, item, change.values[-1])
    step = _step(change, item, Direction.PROGRESS)
    downwards = step is not None and step < 0 and change.parameter not in _FIRST_FIVE
    if step is None or (step <= 0 and not downwards) or current_value(change, item) is None:
        return item
    bound = _bound(change, item, step)
    return item if bound == float("inf") else with_value(change, item, bound)


def describe_change(change: ParameterChange, item: PlanExercise, value: float) -> str:
    return f"{_name(change)} to {_amount(change, item, value)}"


def _name(change: ParameterChange) -> str:
    return words.parameter_words(change.parameter, change.joint)


def _amount(change: ParameterChange, item: PlanExercise, value: float) -> str:
    """The value in the change's unit, else the unit the dose has (degrees for an angle)."""
    unit = change.unit
    if change.parameter is Parameter.JOINT_ANGLE:
        unit = Unit.DEGREE
    elif unit is None:
        amount = _DOSE[change.parameter].get(item.dosage)  # in the unit it has
        unit = amount.unit if isinstance(amount, (Quantity, Range)) else None
    return words.amount_words(value, unit)


def with_value(change: ParameterChange, item: PlanExercise, value: float) -> PlanExercise:
    """The plan item with the changed parameter set to ``value`` (in the change's unit,
    else the unit it had, else seconds for a hold and kilograms for a load)."""
    if change.parameter is Parameter.JOINT_ANGLE:
        return attrs.evolve(item, joint_angles=_angles_with(change, item, value))
    dose = _DOSE[change.parameter]
    return attrs.evolve(item, dosage=dose.put(item.dosage, change.unit, value))


def _angles_with(
    change: ParameterChange, item: PlanExercise, value: float
) -> tuple[JointAngle, ...]:
    return tuple(
        attrs.evolve(a, angle=Quantity(value, change.unit or a.angle.unit))
        if a.joint is change.joint
        else a
        for a in item.joint_angles
    )


# --------------------------------------------------------------------------- the dose's parts


@frozen
class _Part:
    """One quantity of a dose a rule may change: how to read it, and how to set it."""

    get: Callable[[Dosage], Amount | Count | None]
    put: Callable[[Dosage, Unit | None, float], Dosage]


def _amount_part(name: str, default: Unit) -> _Part:
    """A dose field that holds an amount (a hold, a duration, a distance, a speed)."""

    def put(dose: Dosage, unit: Unit | None, value: float) -> Dosage:
        now = getattr(dose, name)
        new: dict[str, Any] = {name: Quantity(value, unit or (now.unit if now else default))}
        return attrs.evolve(dose, **new)

    return _Part(lambda dose: getattr(dose, name), put)


def _count_part(name: str) -> _Part:
    def put(dose: Dosage, _unit: Unit | None, value: float) -> Dosage:
        new: dict[str, Any] = {name: int(value)}
        return attrs.evolve(dose, **new)

    return _Part(lambda dose: getattr(dose, name), put)


def _intensity_part(name: str) -> _Part:
    """A target of the intensity: RPE, repetitions in reserve, % of maximal effort."""

    def put(dose: Dosage, _unit: Unit | None, value: float) -> Dosage:
        intensity = dose.intensity or Intensity()
        new: dict[str, Any] = {name: int(value)}
        return attrs.evolve(dose, intensity=attrs.evolve(intensity, **new))

    return _Part(lambda dose: getattr(dose.intensity, name, None), put)


def _with_load(dose: Dosage, unit: Unit | None, value: float) -> Dosage:
    load = dose.load or Load()
    unit = unit or (load.amount.unit if load.amount else Unit.KILOGRAM)
    return attrs.evolve(dose, load=attrs.evolve(load, amount=Quantity(value, unit)))


def _with_level(dose: Dosage, _unit: Unit | None, value: float) -> Dosage:
    load = dose.load or Load()
    return attrs.evolve(dose, load=attrs.evolve(load, level=int(value)))


def _with_rm(dose: Dosage, _unit: Unit | None, value: float) -> Dosage:
    load = dose.load or Load()
    return attrs.evolve(dose, load=attrs.evolve(load, rm=int(value)))


_DOSE: dict[Parameter, _Part] = {
    Parameter.SETS: _count_part("sets"),
    Parameter.REPETITIONS: _count_part("repetitions"),
    Parameter.HOLD: _amount_part("hold", Unit.SECOND),
    Parameter.REST: _amount_part("rest", Unit.SECOND),
    Parameter.DURATION: _amount_part("duration", Unit.MINUTE),
    Parameter.DISTANCE: _amount_part("distance", Unit.METRE),
    Parameter.SPEED: _amount_part("speed", Unit.KILOMETRE_PER_HOUR),
    Parameter.RANGE: _amount_part("range", Unit.DEGREE),
    Parameter.LOAD: _Part(lambda dose: dose.load.amount if dose.load else None, _with_load),
    Parameter.LOAD_LEVEL: _Part(lambda dose: dose.load.level if dose.load else None, _with_level),
    Parameter.RPE: _intensity_part("rpe"),
    Parameter.REPS_IN_RESERVE: _intensity_part("reps_in_reserve"),
    Parameter.PERCENT_MAX_EFFORT: _intensity_part("percent_max_effort"),
    Parameter.RM: _Part(lambda dose: dose.load.rm if dose.load else None, _with_rm),
}
"""Each dose quantity a rule may change (the joint angle is the pose's, not the dose's)."""
