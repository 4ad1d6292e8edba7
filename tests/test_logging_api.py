"""Issue 22, finding 10: logging is no longer hand-work for apps.

Constructors take what the file format takes and convert it (an ISO date text becomes a
``datetime.date``, a unit or enum text becomes its member), and refuse anything else with a
``FieldError`` naming the field; ``SessionLog`` gains helpers that log a session as
prescribed, add a next-morning answer, a review or a measurement, each giving a new log
that is exactly what a file would hold.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import rehabkit as rk

from .test_docs_run import blocks

ROOT = Path(__file__).parents[1]
D = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")


def start_plan() -> rk.Plan:
    return rk.personalise(KNEE, patient="Ana Lopez", side="left", start=D, frequency="daily")


def empty_log() -> rk.SessionLog:
    return rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")


def round_trip(log: rk.SessionLog) -> rk.SessionLog:
    return rk.loads(rk.dumps(log), rk.SessionLog)


# --------------------------------------------------------------------------- dates


def test_a_session_entry_takes_its_date_as_iso_text_and_works_everywhere() -> None:
    """``SessionEntry(date="2026-12-01")`` was accepted and crashed later in repr, assess and
    dumps; the text is now a date from the start."""
    entry = rk.SessionEntry(date="2026-12-01", exercise="wall-sit", pain_during=1)  # type: ignore[arg-type]
    assert entry.date == D and type(entry.date) is dt.date
    log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez", entries=[entry])
    assert "2026-12-01" in repr(log)
    assert round_trip(log) == log
    rk.assess(start_plan(), log, on=D + dt.timedelta(days=1))


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",  # no such day
        "2026-13-01",
        "20261201",  # ISO basic form: Python reads it, the file format does not
        "2026-W48-2",  # an ISO week date, likewise
        "2026-12-1",
        "2026-12-01T10:00",
        "2026-12-01 ",
        " 2026-12-01",
        "\u0662\u0660\u0662\u0666-\u0661\u0662-\u0660\u0661",  # Arabic-Indic digits
        "",
        "today",
    ],
)
def test_a_date_text_the_file_format_refuses_is_refused(text: str) -> None:
    data = {"entries": [{"date": text, "exercise": "wall-sit"}]}
    assert rk.validate(data, rk.SessionLog) != []
    with pytest.raises(rk.FieldError, match="YYYY-MM-DD") as caught:
        rk.SessionEntry(date=text, exercise="wall-sit")  # type: ignore[arg-type]
    assert caught.value.field == "date"
    assert "date" in str(caught.value)


@pytest.mark.parametrize(
    "value", [dt.datetime(2026, 12, 1, 9, 30), 20261201, None, ("2026-12-01",), 2026.12]
)
def test_a_date_that_is_not_a_date_is_refused_naming_the_field(value: object) -> None:
    """A datetime is not a date (its day depends on a time zone), as ``assess(on=...)`` says."""
    with pytest.raises(rk.FieldError, match=r"^date must be a date") as caught:
        rk.Review(date=value)  # type: ignore[arg-type]
    assert caught.value.field == "date"


# --------------------------------------------------------------------------- units


UNIT_TEXTS = ["s", "min", "h", "d", "wk", "deg", "kg", "[lb_av]", "cm", "%", "m", "km", "km/h",
              "m/s", "N.m", "{score}"]  # fmt: skip


def test_every_unit_text_the_docs_list_is_a_unit() -> None:
    assert sorted(UNIT_TEXTS) == sorted(u.value for u in rk.Unit)


@pytest.mark.parametrize("text", UNIT_TEXTS)
def test_a_quantity_and_a_range_take_a_unit_text(text: str) -> None:
    assert rk.Quantity(0, text) == rk.Quantity(0, rk.Unit(text))  # type: ignore[arg-type]
    assert rk.Range(1, 2, text).unit is rk.Unit(text)  # type: ignore[arg-type]


def test_quantity_0_min_is_zero_minutes() -> None:
    quantity = rk.Quantity(0, "min")  # type: ignore[arg-type]
    assert quantity.unit is rk.Unit.MINUTE
    assert str(quantity) == "0 min"


@pytest.mark.parametrize("text", ["minutes", "MIN", "Min", "sec", "lb", "seconds", " s", ""])
def test_a_unit_text_the_file_format_refuses_is_refused(text: str) -> None:
    data = {
        "entries": [{"date": "2026-12-01", "exercise": "x", "hold": {"value": 5, "unit": text}}]
    }
    assert rk.validate(data, rk.SessionLog) != []
    with pytest.raises(rk.FieldError, match=r"\bmin\b.*\[lb_av\]") as caught:
        rk.Quantity(5, text)  # type: ignore[arg-type]
    assert caught.value.field == "unit"


def test_a_member_of_another_enumeration_is_not_a_unit() -> None:
    """``PeriodUnit.DAY`` is written "d", as ``Unit.DAY`` is, but only text is converted."""
    with pytest.raises(rk.FieldError) as caught:
        rk.Quantity(1, rk.PeriodUnit.DAY)  # type: ignore[arg-type]
    assert caught.value.field == "unit"
    with pytest.raises(rk.FieldError):
        rk.Frequency(period_unit=rk.Unit.DAY)  # type: ignore[arg-type]


def test_a_measurement_entry_takes_its_unit_as_text() -> None:
    entry = rk.MeasurementEntry(date="2026-12-01", name="knee_flexion", value=95, unit="deg")  # type: ignore[arg-type]
    assert entry == rk.MeasurementEntry(date=D, name="knee_flexion", value=95, unit=rk.Unit.DEGREE)
    with pytest.raises(rk.FieldError) as caught:
        rk.MeasurementEntry(date=D, name="knee_flexion", value=95, unit="degrees")  # type: ignore[arg-type]
    assert caught.value.field == "unit"


# --------------------------------------------------------------------------- enumerations


def test_a_session_entry_takes_its_answers_as_text() -> None:
    entry = rk.SessionEntry(
        date=D,
        exercise="wall-sit",
        next_morning="worse",
        symptoms=["swelling", "heat"],  # type: ignore[arg-type]
    )
    assert entry.next_morning is rk.NextMorning.WORSE
    assert entry.symptoms == (rk.Symptom.SWELLING, rk.Symptom.HEAT)


@pytest.mark.parametrize(
    ("field", "value"),
    [("next_morning", "Worse"), ("next_morning", "WORSE"), ("next_morning", 1),
     ("symptoms", ["swollen"]), ("symptoms", [rk.NextMorning.WORSE])],
)  # fmt: skip
def test_an_answer_the_file_format_refuses_is_refused(field: str, value: object) -> None:
    with pytest.raises(rk.FieldError, match=f"^{field} must be") as caught:
        rk.SessionEntry(date=D, exercise="wall-sit", **{field: value})  # type: ignore[arg-type]
    assert caught.value.field == field


# Every date and enumeration field of every model class, found in real documents: each
# takes the text a file holds, and refuses anything else naming the field.


def _objects(value: Any) -> Iterator[Any]:
    if attrs.has(type(value)):
        yield value
        for a in attrs.fields(type(value)):
            yield from _objects(getattr(value, a.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _objects(item)


def _documents() -> list[Any]:
    plan = rk.personalise(
        rk.bundled("acl-early-rehab"), patient="Ana", side="left", start=D,
        events={"surgery": D - dt.timedelta(days=14)},
    )  # fmt: skip
    log = rk.SessionLog(
        entries=[
            rk.SessionEntry(date=D, exercise="wall-sit", next_morning=rk.NextMorning.SAME,
                            symptoms=(rk.Symptom.SWELLING,))
        ],
        measurements=[rk.MeasurementEntry(date=D, name="knee_flexion", value=95,
                                          unit=rk.Unit.DEGREE)],
        reviews=[rk.Review(date=D)],
    )  # fmt: skip
    first = attrs.evolve(plan.exercises[0], since=D)
    plan = attrs.evolve(plan, phase_since=D, exercises=(first, *plan.exercises[1:]))
    return [*(rk.bundled(i) for i in rk.bundled_ids()), plan, log]


def _textual_fields() -> dict[tuple[str, str], tuple[Any, Any]]:
    """(class, field) -> (an object whose field is set, that field's value as a file writes it)."""
    found: dict[tuple[str, str], tuple[Any, Any]] = {}
    for obj in (o for doc in _documents() for o in _objects(doc)):
        for a in attrs.fields(type(obj)):
            value = getattr(obj, a.name)
            if isinstance(value, dt.date):
                text: Any = value.isoformat()
            elif isinstance(value, enum.Enum):
                text = value.value
            elif isinstance(value, tuple) and value and isinstance(value[0], enum.Enum):
                text = [m.value for m in value]
            else:
                continue
            found.setdefault((type(obj).__name__, a.name), (obj, text))
    return found


TEXTUAL = _textual_fields()


def test_the_fields_found_cover_every_date_unit_and_enumeration_of_the_documents() -> None:
    assert set(TEXTUAL) >= {
        ("Quantity", "unit"), ("Range", "unit"), ("Frequency", "period_unit"),
        ("Dosage", "contraction"), ("Dosage", "return_with"), ("Criterion", "metric"),
        ("Criterion", "op"), ("Criterion", "unit"), ("Criterion", "symptom"),
        ("JointAngle", "joint"), ("JointAngle", "motion"), ("Exercise", "target_muscles"),
        ("Exercise", "name_origin"), ("Exercise", "side"), ("Pose", "position"),
        ("Pose", "view"), ("Pose", "origin"), ("Prop", "kind"), ("Prop", "at"),
        ("PoseFrame", "constraint"), ("ProgressionRule", "direction"),
        ("ProgressionRule", "match"), ("StopCriterion", "urgency"), ("StopCriterion", "match"),
        ("StopCriterion", "scope"), ("StopCriterion", "resume"), ("ParameterChange", "parameter"),
        ("ParameterChange", "unit"), ("ParameterChange", "joint"), ("Measurement", "unit"),
        ("Measurement", "kind"), ("Code", "laterality"), ("Reference", "date"),
        ("Protocol", "last_reviewed"), ("Plan", "start"), ("Plan", "side"),
        ("Plan", "phase_since"), ("PlanEvent", "date"), ("PlanExercise", "since"),
        ("SessionEntry", "date"), ("SessionEntry", "next_morning"),
        ("SessionEntry", "symptoms"), ("MeasurementEntry", "date"),
        ("MeasurementEntry", "unit"), ("Review", "date"),
    }  # fmt: skip


@pytest.mark.parametrize("where", sorted(TEXTUAL), ids="{0[0]}.{0[1]}".format)
def test_every_model_field_takes_the_text_a_file_holds(where: tuple[str, str]) -> None:
    obj, text = TEXTUAL[where]
    built = attrs.evolve(obj, **{where[1]: text})
    assert built == obj
    # A str enumeration equals its text: the member's type tells that the text was converted.
    value, expected = getattr(built, where[1]), getattr(obj, where[1])
    kinds = [type(v) for v in value] if isinstance(value, tuple) else type(value)
    assert kinds == ([type(v) for v in expected] if isinstance(expected, tuple) else type(expected))


@pytest.mark.parametrize("where", sorted(TEXTUAL), ids="{0[0]}.{0[1]}".format)
def test_every_model_field_refuses_other_text_naming_the_field(where: tuple[str, str]) -> None:
    obj, text = TEXTUAL[where]
    wrong: Any = ["no such thing"] if isinstance(text, list) else "no such thing"
    with pytest.raises(rk.FieldError) as caught:
        attrs.evolve(obj, **{where[1]: wrong})
    assert caught.value.field == where[1]
    assert str(caught.value).startswith(where[1])


@pytest.mark.parametrize(
    "where", sorted(w for w, (_, t) in TEXTUAL.items() if isinstance(t, str) and len(t) == 10
                    and t[4] == "-"), ids="{0[0]}.{0[1]}".format,
)  # fmt: skip
def test_no_date_field_takes_a_datetime(where: tuple[str, str]) -> None:
    obj, _ = TEXTUAL[where]
    with pytest.raises(rk.FieldError) as caught:
        attrs.evolve(obj, **{where[1]: dt.datetime(2026, 12, 1, 9, 30)})
    assert caught.value.field == where[1]


# --------------------------------------------------------------------------- helpers


def test_log_session_fills_the_dose_the_plan_prescribes() -> None:
    plan = start_plan()
    log = empty_log()
    logged = log.log_session("wall-sit", "2026-12-01", pain_during=2, pain_after=1,
                             as_prescribed=plan)  # fmt: skip
    assert log.entries == ()  # a new log; the old one is unchanged
    assert logged.entries == (
        rk.SessionEntry(date=D, exercise="wall-sit", sets=3, repetitions=12,
                        hold=rk.Quantity(10, rk.Unit.SECOND), pain_during=2, pain_after=1),
    )  # fmt: skip
    assert round_trip(logged) == logged


def test_log_session_takes_the_low_end_of_a_prescribed_range() -> None:
    dose = rk.Dosage(
        sets=rk.IntRange(2, 3), repetitions=rk.IntRange(8, 12),
        hold=rk.Range(5, 10, rk.Unit.SECOND), duration=rk.Range(10, 20, rk.Unit.MINUTE),
    )  # fmt: skip
    [entry] = empty_log().log_session("bike", D, pain_during=0, as_prescribed=dose).entries
    assert (entry.sets, entry.repetitions) == (2, 8)
    assert entry.hold == rk.Quantity(5, rk.Unit.SECOND)
    assert entry.duration == rk.Quantity(10, rk.Unit.MINUTE)


def test_log_session_records_what_differed_and_everything_else_an_entry_holds() -> None:
    plan = start_plan()
    log = empty_log().log_session(
        "wall-sit", D, pain_during=4, pain_after=3, session=2, as_prescribed=plan,
        sets=2, pain_settled_after=rk.Quantity(30, "min"), symptoms=["swelling"],  # type: ignore[arg-type]
        note="stopped early", load=rk.Quantity(2, "kg"),  # type: ignore[arg-type]
    )  # fmt: skip
    assert log.entries == (
        rk.SessionEntry(
            date=D, exercise="wall-sit", session=2, sets=2, repetitions=12,
            hold=rk.Quantity(10, rk.Unit.SECOND), pain_during=4, pain_after=3,
            pain_settled_after=rk.Quantity(30, rk.Unit.MINUTE), symptoms=(rk.Symptom.SWELLING,),
            note="stopped early", load=rk.Quantity(2, rk.Unit.KILOGRAM),
        ),
    )  # fmt: skip
    assert round_trip(log) == log


def test_log_session_without_a_prescription_logs_the_pain_only() -> None:
    [entry] = empty_log().log_session("wall-sit", D, pain_during=1).entries
    assert entry == rk.SessionEntry(date=D, exercise="wall-sit", pain_during=1)


def test_log_session_refuses_an_exercise_the_plan_does_not_have_in_play() -> None:
    with pytest.raises(rk.FieldError, match="no-such-exercise") as caught:
        empty_log().log_session("no-such-exercise", D, pain_during=1, as_prescribed=start_plan())
    assert caught.value.field == "exercise"


def test_log_session_refuses_what_an_entry_refuses() -> None:
    with pytest.raises(rk.FieldError) as caught:
        empty_log().log_session("wall-sit", D, pain_during=11)
    assert caught.value.field == "pain_during"
    with pytest.raises(rk.FieldError):
        empty_log().log_session("wall-sit", dt.datetime(2026, 12, 1, 9), pain_during=1)  # type: ignore[arg-type]


def _two_days() -> rk.SessionLog:
    plan = start_plan()
    log = empty_log()
    for exercise in ("wall-sit", "long-lever-bridge"):
        log = log.log_session(exercise, D, pain_during=1, as_prescribed=plan)
    return log.log_session("wall-sit", D + dt.timedelta(days=1), pain_during=1, as_prescribed=plan)


def test_with_next_morning_answers_for_every_session_of_that_day() -> None:
    log = _two_days()
    answered = log.with_next_morning("2026-12-01", "worse")
    assert [e.next_morning for e in answered.entries] == [
        rk.NextMorning.WORSE, rk.NextMorning.WORSE, None,
    ]  # fmt: skip
    assert [e.next_morning for e in log.entries] == [None, None, None]
    assert round_trip(answered) == answered


def test_with_next_morning_for_one_exercise() -> None:
    answered = _two_days().with_next_morning(D, rk.NextMorning.BETTER, exercise="wall-sit")
    assert [e.next_morning for e in answered.entries] == [rk.NextMorning.BETTER, None, None]


def test_with_next_morning_refuses_a_day_with_no_session_and_a_wrong_answer() -> None:
    log = _two_days()
    with pytest.raises(rk.FieldError, match="2026-12-05") as caught:
        log.with_next_morning("2026-12-05", "worse")
    assert caught.value.field == "on"
    with pytest.raises(rk.FieldError, match="clam") as caught:
        log.with_next_morning(D, "worse", exercise="side-lying-clam")
    assert caught.value.field == "exercise"
    with pytest.raises(rk.FieldError) as caught:
        log.with_next_morning(D, "awful")  # type: ignore[arg-type]
    assert caught.value.field == "next_morning"


def test_with_review_and_with_measurement_add_what_a_file_holds() -> None:
    log = (
        empty_log()
        .with_review("2026-12-03", clinician="Dr Rivera", note="carry on")
        .with_measurement("knee_flexion", "2026-12-03", value=95, unit="deg")  # type: ignore[arg-type]
        .with_measurement("effusion", D, level="trace")
        .with_measurement("extensor_lag", D, present=False)
    )
    assert log.reviews == (
        rk.Review(date=dt.date(2026, 12, 3), clinician="Dr Rivera", note="carry on"),
    )
    assert log.measurements == (
        rk.MeasurementEntry(date=dt.date(2026, 12, 3), name="knee_flexion", value=95,
                            unit=rk.Unit.DEGREE),
        rk.MeasurementEntry(date=D, name="effusion", level="trace"),
        rk.MeasurementEntry(date=D, name="extensor_lag", present=False),
    )  # fmt: skip
    assert round_trip(log) == log
    with pytest.raises(rk.FieldError):
        log.with_measurement("knee_flexion", D, value=95)


def test_a_log_built_with_the_helpers_is_assessed() -> None:
    plan = start_plan()
    log = empty_log()
    for n in range(7):
        day = D + dt.timedelta(days=n)
        for item in plan.exercises:
            log = log.log_session(item.exercise, day, pain_during=1, pain_after=0,
                                  as_prescribed=plan)  # fmt: skip
        log = log.with_next_morning(day, "same")
    assessment = rk.assess(plan, log, on=D + dt.timedelta(days=7))
    assert assessment == rk.assess(plan, round_trip(log), on=D + dt.timedelta(days=7))
    assert {d.verdict for d in assessment.decisions} <= set(rk.Verdict)


def test_the_python_on_the_session_log_page_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/session-log.md's "In Python" runs as test_docs_run runs its pages."""
    monkeypatch.chdir(tmp_path)
    found = blocks(ROOT / "docs" / "session-log.md", ("python",))
    assert found
    for _, code, line in found:
        exec(compile(code, f"docs/session-log.md, line {line}", "exec"), {"__name__": "__docs__"})
