"""Changing one parameter of an exercise in a plan: its current value, the next one within
its limits, and the plan item with it applied."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from rehabkit._model.dosage import Dosage, Load
from rehabkit._model.exercise import JointAngle
from rehabkit._model.metrics import low
from rehabkit._model.plan import PlanExercise
from rehabkit._model.rules import ParameterChange
from rehabkit._model.terms import Direction, Parameter
from rehabkit._model.units import TIME_UNITS, Quantity, Range, Unit

# --------------------------------------------------------------------------- parameters


def current_value(change: ParameterChange, item: PlanExercise) -> float | None:
    if change.parameter is Parameter.JOINT_ANGLE:
        for angle in item.joint_angles:
            if angle.joint is change.joint:
                return low(angle.angle)
        return None
    dose = item.dosage
    if change.parameter is Parameter.SETS:
        return low(dose.sets)
    if change.parameter is Parameter.REPETITIONS:
        return low(dose.repetitions)
    if change.parameter is Parameter.HOLD:
        return None if dose.hold is None else _low_in(dose.hold, change.unit)
    if dose.load is None or dose.load.amount is None:
        return None
    return _low_in(dose.load.amount, change.unit)


def _low_in(amount: Quantity | Range, unit: Unit | None) -> float:
    value = amount.value if isinstance(amount, Quantity) else amount.low
    if unit is not None and unit is not amount.unit and {unit, amount.unit} <= TIME_UNITS:
        return Quantity(value, amount.unit).seconds() / Quantity(1, unit).seconds()
    return value


def _step(change: ParameterChange, item: PlanExercise, direction: Direction) -> float | None:
    if change.step is not None:
        return change.step
    load = item.dosage.load
    if load is None or load.increment is None:
        return None
    return load.increment.value if direction is Direction.PROGRESS else -load.increment.value


def _bound(change: ParameterChange, item: PlanExercise, step: float) -> float:
    """The value a change never passes: its limit, a load's maximum, or a floor."""
    if step < 0:
        floor = 1.0 if change.parameter in (Parameter.SETS, Parameter.REPETITIONS) else 0.0
        return floor if change.limit is None else max(change.limit, floor)
    top = change.limit if change.limit is not None else float("inf")
    load = item.dosage.load
    if change.parameter is Parameter.LOAD and load is not None and load.maximum is not None:
        top = min(top, load.maximum.value)
    return top


def next_value(
    change: ParameterChange, item: PlanExercise, direction: Direction
) -> tuple[float | None, str | None]:
    """The changed value, or None and the reason it cannot change."""
    current = current_value(change, item)
    step = _step(change, item, direction)
    if current is None:
        return None, f"the current {change.parameter.value} is not set"
    if step is None:
        return None, "the exercise's load gives no increment"
    bound = _bound(change, item, step)
    if (step > 0 and current >= bound) or (step < 0 and current <= bound):
        return None, f"{change.parameter.value} is already at its limit ({bound:g})"
    value = min(current + step, bound) if step > 0 else max(current + step, bound)
    return value, None


def at_limit(change: ParameterChange, item: PlanExercise) -> PlanExercise:
    """The plan item with a progress change taken as far as it goes: to its limit (or a
    load's maximum); unchanged if it has no such bound or no current value."""
    step = _step(change, item, Direction.PROGRESS)
    if step is None or step <= 0 or current_value(change, item) is None:
        return item
    bound = _bound(change, item, step)
    return item if bound == float("inf") else with_value(change, item, bound)


def describe_change(change: ParameterChange, item: PlanExercise, value: float) -> str:
    unit_value = change.unit
    if unit_value is None and change.parameter is Parameter.LOAD and item.dosage.load:
        amount = item.dosage.load.amount
        unit_value = amount.unit if amount is not None else None
    unit = f" {unit_value.value}" if unit_value else ""
    if change.parameter is Parameter.JOINT_ANGLE and change.joint is not None:
        return f"{change.joint.value} angle to {value:g}{unit}"
    return f"{change.parameter.value} to {value:g}{unit}"


def with_value(change: ParameterChange, item: PlanExercise, value: float) -> PlanExercise:
    """The plan item with the changed parameter set to ``value`` (in the change's unit,
    else the unit it had, else seconds for a hold and kilograms for a load)."""
    if change.parameter is Parameter.JOINT_ANGLE:
        return attrs.evolve(item, joint_angles=_angles_with(change, item, value))
    set_value = _DOSE_SETTERS[change.parameter]
    return attrs.evolve(item, dosage=set_value(item.dosage, change.unit, value))


def _angles_with(
    change: ParameterChange, item: PlanExercise, value: float
) -> tuple[JointAngle, ...]:
    return tuple(
        attrs.evolve(a, angle=Quantity(value, change.unit or a.angle.unit))
        if a.joint is change.joint
        else a
        for a in item.joint_angles
    )


def _with_sets(dose: Dosage, unit: Unit | None, value: float) -> Dosage:
    return attrs.evolve(dose, sets=int(value))


def _with_repetitions(dose: Dosage, unit: Unit | None, value: float) -> Dosage:
    return attrs.evolve(dose, repetitions=int(value))


def _with_hold(dose: Dosage, unit: Unit | None, value: float) -> Dosage:
    unit = unit or (dose.hold.unit if dose.hold else Unit.SECOND)
    return attrs.evolve(dose, hold=Quantity(value, unit))


def _with_load(dose: Dosage, unit: Unit | None, value: float) -> Dosage:
    load = dose.load or Load()
    unit = unit or (load.amount.unit if load.amount else Unit.KILOGRAM)
    return attrs.evolve(dose, load=attrs.evolve(load, amount=Quantity(value, unit)))


_DOSE_SETTERS: dict[Parameter, Callable[[Dosage, Unit | None, float], Dosage]] = {
    Parameter.SETS: _with_sets,
    Parameter.REPETITIONS: _with_repetitions,
    Parameter.HOLD: _with_hold,
    Parameter.LOAD: _with_load,
}
"""How each dosage parameter takes its new value (the joint angle is not a dosage's)."""
