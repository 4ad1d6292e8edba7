"""Session logs: what a patient records after each session, per exercise."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from rehabkit._core.counts import counted
from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.fields import (
    _a_date,
    _as_member,
    _date,
    _members,
    _optional_member,
    _optional_text,
    _text,
    _to_date,
    _to_symptoms,
    _tuple,
    _whole,
)
from rehabkit._model.terms import NextMorning, Symptom
from rehabkit._model.units import (
    DISTANCE_UNITS,
    LOAD_UNITS,
    TIME_UNITS,
    Quantity,
    Unit,
    _amount,
    _least_amount,
    _least_count,
    _to_unit,
)

if TYPE_CHECKING:  # both import, through the metric table's words, this module
    from rehabkit._model.dosage import Dosage
    from rehabkit._model.plan import Plan

__all__ = ["MeasurementEntry", "Review", "SessionEntry", "SessionLog"]


def _to_next_morning(value: NextMorning | str) -> NextMorning:
    return _as_member(NextMorning, value)


def _pain(_: object, a: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise FieldError(a.name, f"{a.name} must be a number from 0 to 10, not {value!r}")
    if not 0 <= value <= 10:
        raise FieldError(a.name, f"{a.name} is a 0-10 pain score, not {value:g}")


def _score(_: object, a: attrs.Attribute[Any], value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise FieldError(a.name, f"{a.name} must be a number from 0 to 10, not {value!r}")
    if not 0 <= value <= 10:
        raise FieldError(a.name, f"{a.name} is a 0-10 score, not {value:g}")


def _done(_: object, a: attrs.Attribute[Any], value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError(a.name, f"{a.name} must be a whole number of at least 0, not {value!r}")


@frozen(kw_only=True)
class SessionEntry:
    """One exercise on one day: what was done, the pain, and any warning symptoms.

    ``repetitions`` is the fewest repetitions done in any set; ``pain_settled_after`` how
    long pain took to return to usual; ``next_morning`` is added the next day. Every
    entry is one session: a twice-daily programme logs two entries a day, numbered by
    ``session`` (1.1). ``load`` and ``duration`` (1.1) record what was actually used.

    :param date: The day of the session.
    :param exercise: The id of the protocol exercise done.
    :param session: Which session of the day (1, 2, ...) for a programme done more than once a day
        (format 1.1).
    :param sets: Sets done.
    :param repetitions: The fewest repetitions done in any set.
    :param hold: Hold time achieved per repetition (a time quantity).
    :param pain_during: Worst pain during the exercise, 0-10 numeric rating scale.
    :param pain_after: Pain right after the sets, 0-10.
    :param pain_settled_after: How long pain took to return to its usual level (a time quantity).
    :param next_morning: How it felt the next morning compared with usual: better, same or worse.
    :param symptoms: Warning symptoms noticed.
    :param note: Anything else the patient wants to record.
    :param load: The load actually used (kg, [lb_av] or %) (format 1.1).
    :param duration: How long the exercise was done, for a dose given as time (format 1.1).
    :param distance: How far the person went, for a dose given as a distance (m or km) (format
        1.2).
    :param effort: How hard it felt: rating of perceived exertion on the Borg CR10 scale, 0 (rest)
        to 10 (the hardest possible) (format 1.2).
    :param reps_in_reserve: How many more repetitions could have been done at the end of the
        hardest set, a whole number from 0 (format 1.2).
    :param pain_before: Pain just before the session, 0-10 (format 1.2): with pain after, it
        shows whether the exercise eased the pain.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    date: dt.date = field(converter=_to_date, validator=_date)
    exercise: str = field(validator=_text)
    session: int | None = field(default=None, validator=attrs.validators.optional(_whole(1, 24)))
    sets: int | None = field(default=None, validator=_done)
    repetitions: int | None = field(default=None, validator=_done)
    hold: Quantity | None = field(default=None, validator=_amount(TIME_UNITS, "a hold", 0, 1e6))
    pain_during: float | None = field(default=None, validator=_pain)
    pain_after: float | None = field(default=None, validator=_pain)
    pain_settled_after: Quantity | None = field(
        default=None, validator=_amount(TIME_UNITS, "a settling time", 0, 1e6)
    )
    next_morning: NextMorning | None = field(
        default=None,
        converter=attrs.converters.optional(_to_next_morning),
        validator=_optional_member(NextMorning),
    )
    symptoms: tuple[Symptom, ...] = field(
        default=(),
        converter=_to_symptoms,
        validator=_members(Symptom),
    )
    note: str | None = field(default=None, validator=_optional_text)
    load: Quantity | None = field(default=None, validator=_amount(LOAD_UNITS, "a load", 0, 1e4))
    duration: Quantity | None = field(
        default=None, validator=_amount(TIME_UNITS, "a duration", 0, 1e6)
    )
    distance: Quantity | None = field(
        default=None, validator=_amount(DISTANCE_UNITS, "a distance", 0, 1e6)
    )
    effort: float | None = field(default=None, validator=_score)
    reps_in_reserve: int | None = field(default=None, validator=_done)
    pain_before: float | None = field(default=None, validator=_pain)


@frozen(kw_only=True)
class MeasurementEntry:
    """A measurement taken on a day: knee flexion 95 deg (``value`` and ``unit``), effusion
    "trace" (``level``, 1.1) or extensor lag present (``present``, 1.1).

    :param date: When it was measured.
    :param name: The measurement's name, as the protocol declares it.
    :param value: The value (with unit).
    :param unit: Its unit.
    :param level: For an ordinal measurement: the level found, one the protocol lists (format 1.1).
    :param present: For a yes/no measurement: whether the sign was present (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    date: dt.date = field(converter=_to_date, validator=_date)
    name: str = field(validator=_text)
    value: float | None = None
    unit: Unit | None = field(
        default=None,
        converter=attrs.converters.optional(_to_unit),
        validator=_optional_member(Unit),
    )
    level: str | None = field(default=None, validator=_optional_text)
    present: bool | None = None

    def __attrs_post_init__(self) -> None:
        given = [x is not None for x in (self.value, self.level, self.present)]
        if sum(given) != 1:
            raise FieldError("", "a measurement gives exactly one of value, level or present")
        if self.value is not None and (
            isinstance(self.value, bool) or not math.isfinite(self.value)
        ):
            raise FieldError("value", f"value must be a finite number, not {self.value!r}")
        if (self.value is not None) != (self.unit is not None):
            raise FieldError("", "a measured value has a unit, and only a value does")


@frozen(kw_only=True)
class Review:
    """A clinician's review of the patient (1.1): it ends a stop that asked for one.

    :param date: When the clinician reviewed the patient.
    :param clinician: Who reviewed.
    :param note: What was decided.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    date: dt.date = field(converter=_to_date, validator=_date)
    clinician: str | None = field(default=None, validator=_optional_text)
    note: str | None = field(default=None, validator=_optional_text)


@frozen(kw_only=True)
class SessionLog:
    """Everything a patient logged: session entries, measurements and clinician reviews.

    ``patient`` and ``patient_id`` name whose log it is; assessing it against another
    person's plan is refused.

    :param protocol: The id of the protocol the log is for.
    :param patient: Who logged it.
    :param entries: Session entries, in any order.
    :param measurements: Measurements, in any order.
    :param patient_id: An identifier of the person, as in their plan (format 1.1).
    :param reviews: Clinician reviews; one dated on or after a stop that asks for a review ends it
        (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    protocol: str | None = field(default=None, validator=_optional_text)
    patient: str | None = field(default=None, validator=_optional_text)
    entries: tuple[SessionEntry, ...] = field(default=(), converter=_tuple)
    measurements: tuple[MeasurementEntry, ...] = field(default=(), converter=_tuple)
    patient_id: str | None = field(default=None, validator=_optional_text)
    reviews: tuple[Review, ...] = field(default=(), converter=_tuple)

    def __repr__(self) -> str:
        # One line at the prompt; describe() gives the rest.
        who = self.patient or self.patient_id or "no one named"
        days = sorted({e.date for e in self.entries})
        span = f", {days[0].isoformat()} to {days[-1].isoformat()}" if days else ""
        return (
            f"<SessionLog of {who}: {counted(len(self.entries), 'session', 'sessions')}"
            f"{span}, {counted(len(self.measurements), 'measurement', 'measurements')},"
            f" {counted(len(self.reviews), 'review', 'reviews')}>"
        )

    __str__ = __repr__

    def describe(self) -> str:
        """A short summary: whose log, how many sessions over which days, and what else."""
        who = self.patient or self.patient_id or "(no name)"
        head = f"Session log of {who}" + (f" for {self.protocol}" if self.protocol else "")
        lines = [head]
        if self.entries:
            days = sorted({e.date for e in self.entries})
            exercises = len({e.exercise for e in self.entries})
            lines.append(
                f"{counted(len(self.entries), 'session', 'sessions')}"
                f" of {counted(exercises, 'exercise', 'exercises')}"
                f" on {counted(len(days), 'day', 'days')},"
                f" {days[0].isoformat()} to {days[-1].isoformat()}"
            )
        else:
            lines.append("No sessions logged yet")
        if self.measurements:
            names = ", ".join(sorted({m.name for m in self.measurements}))
            lines.append(
                f"{counted(len(self.measurements), 'measurement', 'measurements')} ({names})"
            )
        if self.reviews:
            last = max(r.date for r in self.reviews)
            reviews = counted(len(self.reviews), "clinician review", "clinician reviews")
            lines.append(f"{reviews}, the last on {last.isoformat()}")
        return "\n".join(lines)

    # ----------------------------------------------------------------------- logging
    # Each helper gives a new log (a log is frozen) holding exactly what a file would.

    def log_session(
        self,
        exercise: str,
        on: dt.date | str,
        *,
        pain_during: float,
        pain_after: float | None = None,
        session: int | None = None,
        as_prescribed: Plan | Dosage | None = None,
        sets: int | None = None,
        repetitions: int | None = None,
        hold: Quantity | None = None,
        duration: Quantity | None = None,
        pain_settled_after: Quantity | None = None,
        symptoms: Iterable[Symptom | str] = (),
        note: str | None = None,
        load: Quantity | None = None,
        distance: Quantity | None = None,
        effort: float | None = None,
        reps_in_reserve: int | None = None,
        pain_before: float | None = None,
    ) -> SessionLog:
        """This log with one more session of one exercise.

        With ``as_prescribed``, the session is logged as done as prescribed: sets,
        repetitions, hold and duration are the exercise's current dose (the low end of a
        range: 8-12 repetitions logs 8). A value given here replaces the prescribed one.

        >>> log = SessionLog(patient="Ana Lopez").log_session(
        ...     "wall-sit", "2026-12-01", pain_during=2, as_prescribed=Dosage(sets=3)
        ... )
        >>> log.entries[0].sets, log.entries[0].date
        (3, datetime.date(2026, 12, 1))

        :param exercise: The id of the protocol exercise done.
        :param on: The day of the session, a date or text YYYY-MM-DD.
        :param pain_during: Worst pain during the exercise, 0-10.
        :param pain_after: Pain right after the sets, 0-10.
        :param session: Which session of the day (1, 2, ...) for a programme done more than
            once a day.
        :param as_prescribed: The plan the person follows (its current dose of
            ``exercise``) or a dosage: what was done, unless said otherwise below.
        :param sets: Sets done, if not as prescribed.
        :param repetitions: The fewest repetitions done in any set, if not as prescribed.
        :param hold: Hold time achieved per repetition, if not as prescribed.
        :param duration: How long the exercise was done, if not as prescribed.
        :param pain_settled_after: How long pain took to return to its usual level.
        :param symptoms: Warning symptoms noticed (members or their texts, "swelling").
        :param note: Anything else the patient wants to record.
        :param load: The load actually used.
        :param distance: How far the person went, if not as prescribed.
        :param effort: How hard it felt, 0 (rest) to 10 (the hardest possible): Borg CR10.
        :param reps_in_reserve: How many more repetitions could have been done.
        :param pain_before: Pain just before the session, 0-10 (format 1.2).
        :returns: A new log with the entry added; this one is unchanged.
        :raises FieldError: if the plan has no ``exercise`` in play, or a value breaks a rule
            of its field (the message names the field).
        """
        done = _prescribed(exercise, as_prescribed)
        given = {"sets": sets, "repetitions": repetitions, "hold": hold, "duration": duration,
                 "distance": distance}  # fmt: skip
        done.update({k: v for k, v in given.items() if v is not None})
        entry = SessionEntry(
            date=on, exercise=exercise, session=session, pain_during=pain_during,
            pain_after=pain_after, pain_settled_after=pain_settled_after, symptoms=symptoms,
            note=note, load=load, effort=effort, reps_in_reserve=reps_in_reserve,
            pain_before=pain_before, **done,
        )  # fmt: skip
        return attrs.evolve(self, entries=(*self.entries, entry))

    def with_next_morning(
        self, on: dt.date | str, answer: NextMorning | str, *, exercise: str | None = None
    ) -> SessionLog:
        """This log with the next-morning answer for the sessions of one day: how the
        painful part felt the morning after, compared with usual.

        :param on: The day of the sessions the answer is about (the morning after is the
            next day), a date or text YYYY-MM-DD.
        :param answer: better, same or worse (a ``NextMorning`` or its text).
        :param exercise: Only this exercise's sessions (default: every session of the day).
        :returns: A new log in which those entries carry the answer (replacing any given
            before); this one is unchanged.
        :raises FieldError: if no session is logged on that day (of that exercise), or the
            answer is not one of better, same or worse.
        """
        day = _a_date("on", on)
        chosen = [e.date == day and exercise in (None, e.exercise) for e in self.entries]
        if not any(chosen):
            raise _no_session(self, day, exercise)
        entries = tuple(
            attrs.evolve(e, next_morning=answer) if pick else e
            for e, pick in zip(self.entries, chosen, strict=True)
        )
        return attrs.evolve(self, entries=entries)

    def with_review(
        self, on: dt.date | str, *, clinician: str | None = None, note: str | None = None
    ) -> SessionLog:
        """This log with a clinician's review, which ends a stop that asked for one.

        :param on: When the clinician reviewed the patient, a date or text YYYY-MM-DD.
        :param clinician: Who reviewed.
        :param note: What was decided.
        :returns: A new log with the review added; this one is unchanged.
        :raises FieldError: if a value breaks a rule of its field; the message names the field.
        """
        review = Review(date=on, clinician=clinician, note=note)
        return attrs.evolve(self, reviews=(*self.reviews, review))

    def with_measurement(
        self,
        name: str,
        on: dt.date | str,
        *,
        value: float | None = None,
        unit: Unit | str | None = None,
        level: str | None = None,
        present: bool | None = None,
    ) -> SessionLog:
        """This log with a measurement: a value with its unit, a level, or present/absent.

        :param name: The measurement's name, as the protocol declares it.
        :param on: When it was measured, a date or text YYYY-MM-DD.
        :param value: The value, with ``unit``.
        :param unit: Its unit (a ``Unit`` or its text, "deg").
        :param level: For an ordinal measurement: the level found.
        :param present: For a yes/no measurement: whether the sign was present.
        :returns: A new log with the measurement added; this one is unchanged.
        :raises FieldError: unless exactly one of value (with its unit), level or present is
            given, or if a value breaks a rule of its field.
        """
        measured = MeasurementEntry(
            date=on, name=name, value=value, unit=unit, level=level, present=present
        )
        return attrs.evolve(self, measurements=(*self.measurements, measured))


def _prescribed(exercise: str, prescribed: Plan | Dosage | None) -> dict[str, Any]:
    """The entry's fields for an exercise done as prescribed: the dose's low ends."""
    if prescribed is None:
        return {}
    if not hasattr(prescribed, "dosage_for"):
        dose = prescribed
    else:  # a plan: the exercise's current dose
        try:
            dose = prescribed.dosage_for(exercise)
        except KeyError:
            raise FieldError("exercise", f"the plan has no exercise {exercise!r} in play") from None
    return {
        "sets": _least_count(dose.sets),
        "repetitions": _least_count(dose.repetitions),
        "hold": _least_amount(dose.hold),
        "duration": _least_amount(dose.duration),
        "distance": _least_amount(dose.distance),
    }


def _no_session(log: SessionLog, day: dt.date, exercise: str | None) -> FieldError:
    if exercise is not None and any(e.date == day for e in log.entries):
        return FieldError("exercise", f"no session of {exercise!r} is logged on {day.isoformat()}")
    return FieldError("on", f"no session is logged on {day.isoformat()}")


present_as_public(globals())
