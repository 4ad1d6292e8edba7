"""The model validates itself on construction and answers resolved dosages."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import rehabkit as rk


def test_range_rejects_low_above_high() -> None:
    with pytest.raises(ValueError, match="must not be greater than high"):
        rk.Range(60, 30, rk.Unit.DEGREE)


def test_quantity_rejects_nan() -> None:
    with pytest.raises(ValueError, match="finite"):
        rk.Quantity(float("nan"), rk.Unit.SECOND)


def test_joint_angle_bounds() -> None:
    with pytest.raises(ValueError, match="between 0 and 180"):
        rk.JointAngle(
            joint=rk.Joint.KNEE, motion=rk.Motion.FLEXION, angle=rk.Quantity(190, rk.Unit.DEGREE)
        )


def test_hold_must_be_time() -> None:
    with pytest.raises(ValueError, match="units"):
        rk.Dosage(hold=rk.Quantity(5, rk.Unit.DEGREE))


def test_frequency_options_daily_or_alternate() -> None:
    f = rk.Frequency(times=1, period=1, period_max=2)
    assert [o.period for o in f.options()] == [1, 2]
    assert f.describe() == "once a day or every other day"
    assert rk.Frequency(3, 1, period_unit=rk.PeriodUnit.WEEK).describe() == "3 times a week"


def test_frequency_period_max_must_exceed_period() -> None:
    with pytest.raises(ValueError, match="greater than period"):
        rk.Frequency(1, 2, 2)


def test_objects_are_frozen() -> None:
    q = rk.Quantity(5, rk.Unit.SECOND)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        q.value = 6  # type: ignore[misc]


def test_dosage_override_field_by_field() -> None:
    base = rk.Dosage(sets=3, repetitions=12, frequency=rk.Frequency(1, 1, 2))
    own = rk.Dosage(repetitions=rk.IntRange(8, 10), hold=rk.Quantity(5, rk.Unit.SECOND))
    resolved = own.over(base)
    assert resolved.sets == 3
    assert resolved.repetitions == rk.IntRange(8, 10)
    assert resolved.hold == rk.Quantity(5, rk.Unit.SECOND)
    assert resolved.frequency == rk.Frequency(1, 1, 2)


def test_criterion_checks_its_metric() -> None:
    with pytest.raises(ValueError, match="0 and 10"):
        rk.Criterion(metric=rk.Metric.PAIN_DURING, op=rk.Comparator.LE, value=11)
    with pytest.raises(ValueError, match="time unit"):
        rk.Criterion(metric=rk.Metric.PAIN_SETTLE_TIME, op=rk.Comparator.LE, value=60)
    with pytest.raises(ValueError, match="names its symptom"):
        rk.Criterion(metric=rk.Metric.SYMPTOM, op=rk.Comparator.EQ, value=1)
    ok = rk.Criterion(
        metric=rk.Metric.PAIN_SETTLE_TIME, op=rk.Comparator.LE, value=1, unit=rk.Unit.HOUR
    )
    assert ok.threshold() == 3600


def _protocol(**changes: object) -> rk.Protocol:
    base = rk.bundled("runners-knee")
    return attrs.evolve(base, **changes)


def test_protocol_construction_reports_every_cross_reference_problem() -> None:
    base = rk.bundled("runners-knee")
    [to_squat] = [r for r in base.progression_rules if r.id == "wall-sit-to-shallow-squat"]
    index = base.progression_rules.index(to_squat)
    bad_rule = attrs.evolve(to_squat, to_exercise="lunge")
    dup = attrs.evolve(base.exercises[1], id=base.exercises[0].id)
    with pytest.raises(rk.ValidationError) as info:
        attrs.evolve(
            base,
            exercises=(base.exercises[0], dup, *base.exercises[2:]),
            progression_rules=(
                *base.progression_rules[:index],
                bad_rule,
                *base.progression_rules[index + 1 :],
            ),
        )
    paths = {p.path for p in info.value.problems}
    assert "exercises[1].id" in paths
    assert f"progression_rules[{index}].to_exercise" in paths


def test_protocol_rejects_progression_cycle() -> None:
    base = rk.bundled("runners-knee")
    [to_squat] = [r for r in base.progression_rules if r.id == "wall-sit-to-shallow-squat"]
    back = attrs.evolve(
        to_squat,
        id="squat-to-wall-sit-forward",
        exercise="shallow-squat-band",
        to_exercise="wall-sit",
    )
    with pytest.raises(rk.ValidationError, match="cycle"):
        attrs.evolve(base, progression_rules=(*base.progression_rules, back))


def test_initial_exercises_leave_out_progression_targets() -> None:
    p = rk.bundled("runners-knee")
    ids = [e.id for e in p.initial_exercises()]
    assert "shallow-squat-band" not in ids
    assert len(ids) == 5


def test_reference_citation() -> None:
    ref = rk.Reference(
        id="x", title="T", authors=("A B",), publisher="P", date=dt.date(2022, 12, 4)
    )
    assert ref.citation() == "A B. T. P; 2022-12-04."


@pytest.mark.parametrize(
    ("metric", "op", "value", "extra", "text"),
    [
        (rk.Metric.PAIN_DURING, rk.Comparator.LE, 2, {"sessions": 3}, "pain during the exercise at most 2/10, in each of the last 3 sessions"),
        (rk.Metric.PAIN_SETTLE_TIME, rk.Comparator.LE, 60, {"unit": rk.Unit.MINUTE}, "pain back to usual within 60 min"),
        (rk.Metric.PAIN_SETTLE_TIME, rk.Comparator.GT, 60, {"unit": rk.Unit.MINUTE}, "pain took more than 60 min to settle"),
        (rk.Metric.NEXT_MORNING_WORSE, rk.Comparator.EQ, 0, {}, "no worse the next morning"),
        (rk.Metric.NEXT_MORNING_WORSE, rk.Comparator.EQ, 1, {}, "worse than usual the next morning"),
        (rk.Metric.SYMPTOM, rk.Comparator.EQ, 1, {"symptom": rk.Symptom.GIVING_WAY}, "giving way reported"),
        (rk.Metric.TIME_ELAPSED, rk.Comparator.GE, 2, {"unit": rk.Unit.WEEK}, "at least 2 wk since the start"),
    ],
)  # fmt: skip
def test_criteria_read_as_plain_english(
    metric: rk.Metric, op: rk.Comparator, value: float, extra: dict[str, object], text: str
) -> None:
    assert rk.Criterion(metric=metric, op=op, value=value, **extra).describe() == text  # type: ignore[arg-type]


def test_a_wrong_kind_of_value_is_a_plain_field_error() -> None:
    """Building objects in Python: a text where an enum member belongs raised attrs's
    TypeError, whose message is a tuple of its internals; now a FieldError says what would
    do, as every other field rule does. Since issue 22 the text a file holds is taken
    (Quantity(5, "s") is five seconds); any other text is that FieldError."""
    assert rk.Quantity(5, "s") == rk.Quantity(5, rk.Unit.SECOND)
    with pytest.raises(
        rk.FieldError, match=r"^unit must be a rehabkit.Unit \(.*\bs\b.*\), not 'seconds'$"
    ):
        rk.Quantity(5, "seconds")
    with pytest.raises(rk.FieldError, match=r"^as_needed must be True or False, not 'yes'$"):
        rk.Frequency(as_needed="yes")  # type: ignore[arg-type]
    with pytest.raises(rk.FieldError, match=r"^symptoms must be a rehabkit.Symptom"):
        rk.SessionEntry(date=dt.date(2026, 12, 1), exercise="wall-sit", symptoms=("swollen",))  # type: ignore[arg-type]
