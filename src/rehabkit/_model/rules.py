"""Rules: progression, stop criteria, pain guidance, phases, measurements, events, escalation."""

from __future__ import annotations

import itertools
import math
from typing import Any

import attrs
from attrs import field, frozen

from rehabkit._core.errors import FieldError
from rehabkit._core.public import present_as_public
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.fields import (
    _finite,
    _member,
    _optional_member,
    _optional_region,
    _optional_text,
    _text,
    _texts,
    _to_direction,
    _to_effect,
    _to_joint,
    _to_match,
    _to_measurement_kind,
    _to_parameter,
    _to_resume,
    _to_scope,
    _to_urgency,
    _tuple,
)
from rehabkit._model.terms import (
    Direction,
    Effect,
    Joint,
    Match,
    MeasurementKind,
    Parameter,
    Resume,
    Scope,
    Urgency,
)
from rehabkit._model.units import (
    ANGLE_UNITS,
    DISTANCE_UNITS,
    SPEED_UNITS,
    TIME_UNITS,
    Amount,
    IntRange,
    Quantity,
    Unit,
    _amount,
    _to_unit,
)

__all__ = [
    "Escalation",
    "Event",
    "FlareUp",
    "Gate",
    "Measurement",
    "PainGuidance",
    "ParameterChange",
    "Phase",
    "PhaseDosage",
    "ProgressionRule",
    "StopCriterion",
    "UrgentHelp",
]


#: The most values a ladder lists: the editors' bound, well above the 5 of an RM ladder.
MAX_LADDER = 30


def _ladder(_: object, a: attrs.Attribute[Any], values: tuple[float, ...]) -> None:
    """A ladder lists 2 to 30 finite numbers, each past the one before in one direction."""
    if values and not 2 <= len(values) <= MAX_LADDER:
        raise FieldError(a.name, f"a ladder lists 2 to {MAX_LADDER} values")
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
        raise FieldError(a.name, "a ladder lists numbers")
    if not _one_way(values):
        raise FieldError(a.name, "a ladder's values go one way, each past the one before")


def _one_way(values: tuple[float, ...]) -> bool:
    pairs = list(itertools.pairwise(values))
    return all(b > a for a, b in pairs) or all(b < a for a, b in pairs)


@frozen(kw_only=True)
class ParameterChange:
    """A change of one parameter: add ``step`` each time, never beyond ``limit``.

    Format 1.1: ``limit`` may be left out (no upper limit; a regression stops at zero, or
    at one set or repetition), and a load change may leave out ``step`` to use the
    exercise's ``load.increment`` (progressing) or its negative (regressing).

    :param parameter: Which parameter changes.
    :param step: How much it changes each time (negative to decrease); a load change may leave it
        out to use the exercise's load increment.
    :param limit: The value it never goes beyond (None for no limit, format 1.1).
    :param unit: The unit of step and limit.
    :param joint: For joint_angle: which joint.
    :param values: Instead of ``step`` and ``limit``, a ladder: the values the parameter takes in
        turn, in the order the rule moves through them, e.g. a repetition maximum of 15, 12,
        10, 8, then 6. Each change moves to the next value past the current one; the last is
        the limit. Uneven steps that one ``step`` cannot say (format 1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    parameter: Parameter = field(converter=_to_parameter, validator=_member(Parameter))
    step: float | None = field(default=None, validator=attrs.validators.optional(_finite))
    limit: float | None = field(default=None, validator=attrs.validators.optional(_finite))
    unit: Unit | None = field(
        default=None,
        converter=attrs.converters.optional(_to_unit),
        validator=_optional_member(Unit),
    )
    joint: Joint | None = field(
        default=None,
        converter=attrs.converters.optional(_to_joint),
        validator=_optional_member(Joint),
    )
    values: tuple[float, ...] = field(default=(), converter=_tuple, validator=_ladder)

    def __attrs_post_init__(self) -> None:
        if (self.parameter is Parameter.JOINT_ANGLE) != (self.joint is not None):
            raise FieldError("", "a joint_angle change names its joint, and only it does")
        if self.step == 0:
            raise FieldError("", "step must not be zero")
        self._step_or_ladder()
        if any(v is not None and abs(v) > 1e6 for v in (self.step, self.limit, *self.values)):
            raise FieldError("", "step and limit must lie between -1000000 and 1000000")
        problem = _dose_change_problem(self)
        if problem is not None:
            raise FieldError("", problem)

    def _step_or_ladder(self) -> None:
        """A change gives a step or a ladder, not both; only a load change may give
        neither (it uses the load's increment)."""
        if self.values and (self.step is not None or self.limit is not None):
            raise FieldError("values", "a ladder of values takes no step and no limit")
        if self.step is None and not self.values and self.parameter is not Parameter.LOAD:
            raise FieldError(
                "", "a change gives a step or a ladder of values (only a load change may leave"
                " both out: it uses load.increment)"
            )  # fmt: skip


def _dose_change_problem(change: ParameterChange) -> str | None:
    """What is wrong with a change of one of format 1.2's dose quantities, if anything:
    its unit must fit the quantity, and a plain number moves in whole steps."""
    units = _CHANGE_UNITS.get(change.parameter)
    what = change.parameter.value
    if units is None:
        return None
    if not units:
        if change.unit is not None:
            return f"a {what} change takes no unit"
        if any(v is not None and v != int(v) for v in (change.step, change.limit, *change.values)):
            return f"a {what} change moves in whole numbers"
        return None
    if change.unit not in units:
        given = change.unit.value if change.unit else "none"
        return f"a {what} change is in one of {_listed(units)}, not {given}"
    return None


def _listed(units: frozenset[Unit]) -> str:
    return ", ".join(sorted(u.value for u in units))


#: Format 1.2's dose quantities: the units each change is written in (none: a plain number,
#: changed in whole steps). The five of 1.0 keep their old freedom, so old files still read.
_CHANGE_UNITS: dict[Parameter, frozenset[Unit]] = {
    Parameter.DURATION: TIME_UNITS,
    Parameter.REST: TIME_UNITS,
    Parameter.DISTANCE: DISTANCE_UNITS,
    Parameter.SPEED: SPEED_UNITS,
    Parameter.RANGE: ANGLE_UNITS,
    Parameter.LOAD_LEVEL: frozenset(),
    Parameter.RPE: frozenset(),
    Parameter.REPS_IN_RESERVE: frozenset(),
    Parameter.PERCENT_MAX_EFFORT: frozenset(),
    Parameter.RM: frozenset(),
}


@frozen(kw_only=True)
class ProgressionRule:
    """Moves a patient on (or back) from ``exercise`` when its ``criteria`` hold.

    ``match`` says whether all criteria must hold (the default) or any one. Exactly one
    of ``to_exercise`` (replace the exercise by another) or ``change`` (change one of its
    parameters) says what happens.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param exercise: The id of the exercise the rule applies to.
    :param direction: progress (harder) or regress (easier).
    :param criteria: The criteria checked; see match.
    :param match: all (default): every criterion must hold; any: one is enough.
    :param description: The rule in plain English.
    :param to_exercise: The id of the exercise that replaces it.
    :param change: The parameter change instead of a replacement.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    exercise: str = field(validator=_text)
    direction: Direction = field(converter=_to_direction, validator=_member(Direction))
    criteria: tuple[Criterion, ...] = field(converter=_tuple)
    match: Match = field(default=Match.ALL, converter=_to_match, validator=_member(Match))
    description: str = field(validator=_text)
    to_exercise: str | None = field(default=None, validator=_optional_text)
    change: ParameterChange | None = None
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)

    def __attrs_post_init__(self) -> None:
        if (self.to_exercise is None) == (self.change is None):
            raise FieldError("", "a rule gives exactly one of to_exercise or change")
        if not self.criteria:
            raise FieldError("", "a rule needs at least one criterion")


@frozen(kw_only=True)
class StopCriterion:
    """When to stop and seek help.

    ``criteria`` make it computable where a session log can tell; it fires when any one
    holds, or only when all hold if ``match`` is ``all``. ``scope`` (1.1) says whether it
    reads the whole day (``patient``: swelling after one exercise stops them all) or each
    exercise's own sessions (``exercise``: pain above the limit stops that exercise).
    ``resume`` (1.1) says what ends it; by default a stop that sends the patient to a
    clinician lasts until a review is logged, and a plain stop until it no longer fires.
    ``effect`` (1.2) says what it does while in force: stop the exercises (the default), or
    ``hold`` them where they are, nothing moving on, while they go on.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param text: The criterion in plain English, as the patient reads it.
    :param urgency: stop_exercise, see_clinician or urgent.
    :param criteria: Machine-readable form, where a session log can tell.
    :param match: any (default): one criterion is enough; all: every one must hold.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param scope: patient (default): read the whole day's log; exercise: read each exercise's own
        sessions (format 1.1).
    :param resume: What ends the stop: review (a clinician's review in the log) or clear (it no
        longer fires). Default: clear for stop_exercise, review otherwise (format 1.1).
    :param effect: What it does while in force: stop (default) the exercises, or hold: the
        exercises go on but nothing moves on, no progression and no next phase (format 1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    text: str = field(validator=_text)
    urgency: Urgency = field(converter=_to_urgency, validator=_member(Urgency))
    criteria: tuple[Criterion, ...] = field(default=(), converter=_tuple)
    match: Match = field(default=Match.ANY, converter=_to_match, validator=_member(Match))
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    scope: Scope = field(default=Scope.PATIENT, converter=_to_scope, validator=_member(Scope))
    resume: Resume | None = field(
        default=None,
        converter=attrs.converters.optional(_to_resume),
        validator=_optional_member(Resume),
    )
    effect: Effect = field(default=Effect.STOP, converter=_to_effect, validator=_member(Effect))

    def resumes(self) -> Resume:
        """What ends this stop: its own ``resume``, else ``review`` unless it only stops
        the exercise."""
        if self.resume is not None:
            return self.resume
        return Resume.CLEAR if self.urgency is Urgency.STOP_EXERCISE else Resume.REVIEW


@frozen(kw_only=True)
class PainGuidance:
    """How much pain is acceptable: the source's words, and numeric limits with their sources.

    :param summary: The guidance in plain English.
    :param limits: Numeric limits, each citing its source.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param flare_up: Flare-up advice as data (format 1.1).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    summary: str = field(validator=_text)
    limits: tuple[Criterion, ...] = field(default=(), converter=_tuple)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    flare_up: FlareUp | None = None


@frozen(kw_only=True)
class FlareUp:
    """Flare-up advice for the patient (format 1.1): what to do when pain rises but stays
    within the limit, when to restart after a stop, and whom to contact.

    :param advice: What to do when pain rises but stays within the limit.
    :param restart: When and how to restart after a stop.
    :param contact: Whom to contact, and how.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    advice: str = field(validator=_text)
    restart: str = field(validator=_text)
    contact: str = field(validator=_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)


@frozen(kw_only=True)
class Phase:
    """A stage of a programme: the exercises in it and the criteria for entering it.

    Phases run in the order listed. An exercise named by a phase is in play only once
    that phase is entered; entering needs every entry criterion met. Format 1.1 adds
    ``expected_duration`` and ``continues_previous`` (whether the earlier phases'
    exercises carry on; the default).

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param name: The phase's name.
    :param exercises: Ids of the exercises in this phase.
    :param entry_criteria: All must hold to enter the phase; the first phase's are part of the
        programme's start gate (format 1.2).
    :param description: What the phase is for.
    :param expected_duration: How long the phase usually lasts (d or wk); with no entry criteria on
        the next phase, the time in this phase before it may start (format 1.1).
    :param continues_previous: Whether the exercises of earlier phases carry on (default True)
        (format 1.1).
    :param dosage: Dose fields that change, on entering the phase, for every exercise in play
        (format 1.2): only the fields given change, so a progressed load is kept.
    :param exercise_dosage: Dose fields that change for one exercise, over ``dosage``
        (format 1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    name: str = field(validator=_text)
    exercises: tuple[str, ...] = field(converter=_tuple, validator=_texts)
    entry_criteria: tuple[Criterion, ...] = field(default=(), converter=_tuple)
    description: str | None = field(default=None, validator=_optional_text)
    expected_duration: Amount | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a duration", 0, 3660)
    )
    continues_previous: bool = True
    dosage: Dosage | None = None
    exercise_dosage: tuple[PhaseDosage, ...] = field(default=(), converter=_tuple)

    def override_for(self, exercise_id: str) -> Dosage:
        """The dose fields this phase sets for one exercise: its own entry over the
        phase-wide ``dosage`` (format 1.2); an empty Dosage when it sets none."""
        own = next((d.dosage for d in self.exercise_dosage if d.exercise == exercise_id), None)
        wide = self.dosage or Dosage()
        return own.over(wide) if own is not None else wide


@frozen(kw_only=True)
class PhaseDosage:
    """The dose fields a phase changes for one exercise (format 1.2): "from week 8, once a
    day". Only the fields given change; the rest, a progressed load among them, stay.

    :param exercise: The id of the exercise.
    :param dosage: The dose fields that change when the phase is entered.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    exercise: str = field(validator=_text)
    dosage: Dosage


@frozen(kw_only=True)
class Gate:
    """Criteria that must all hold: the programme's start gate ("start about 5 days after
    the injury, once walking is pain-free") or its outcome ("return to sport when the
    hop test is passed") (format 1.2).

    :param criteria: All must hold.
    :param description: The gate in words, for the patient.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    criteria: tuple[Criterion, ...] = field(converter=_tuple)
    description: str | None = field(default=None, validator=_optional_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)

    @criteria.validator
    def _some(
        self, a: attrs.Attribute[tuple[Criterion, ...]], value: tuple[Criterion, ...]
    ) -> None:
        if not value:
            raise FieldError(a.name, "a gate needs at least one criterion")


@frozen(kw_only=True)
class Measurement:
    """A measurement criteria may refer to, e.g. knee flexion range in degrees.

    Format 1.1 adds ``kind``: a ``quantity`` has a ``unit``; an ``ordinal`` measurement
    has labelled ``levels`` from least to most (effusion: zero, trace, 1+, 2+, 3+); a
    ``presence`` measurement is yes or no (extensor lag present or not). Format 1.2 adds
    scores: a quantity in the unit ``{score}`` with its ``scale`` (a 0-100 outcome score, a
    0-10 pain-on-test score), so a score need not be bent into ordinal levels.

    :param name: Its name, e.g. knee_flexion.
    :param unit: Its unit (quantity measurements only).
    :param description: How it is measured.
    :param kind: quantity (default; needs a unit), ordinal (needs levels) or presence (yes/no)
        (format 1.1).
    :param levels: For an ordinal measurement: its levels, least first (format 1.1).
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :param scale: For a score (unit {score}): the lowest and highest score, e.g. 0-100 (format
        1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    name: str = field(validator=_text)
    unit: Unit | None = field(
        default=None,
        converter=attrs.converters.optional(_to_unit),
        validator=_optional_member(Unit),
    )
    description: str | None = field(default=None, validator=_optional_text)
    kind: MeasurementKind = field(
        default=MeasurementKind.QUANTITY,
        converter=_to_measurement_kind,
        validator=_member(MeasurementKind),
    )
    levels: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    scale: IntRange | None = None

    def __attrs_post_init__(self) -> None:
        if (self.unit is Unit.SCORE) != (self.scale is not None):
            raise FieldError("scale", "a score (unit {score}) has a scale, and only a score does")
        if (self.kind is MeasurementKind.QUANTITY) != (self.unit is not None):
            raise FieldError("", "a quantity measurement has a unit, and only it does")
        if (self.kind is MeasurementKind.ORDINAL) != bool(self.levels):
            raise FieldError("", "an ordinal measurement lists its levels, and only it does")
        if len(set(self.levels)) != len(self.levels):
            raise FieldError("", "an ordinal measurement's levels must differ")

    def fits(self, value: float) -> bool:
        """Whether a measured value lies on the measurement's scale (always, without one)."""
        return self.scale is None or self.scale.low <= value <= self.scale.high


@frozen(kw_only=True)
class Event:
    """A dated event a plan must supply (format 1.1), e.g. the day of surgery.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param name: The event's name, e.g. Surgery.
    :param description: What the event is.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    name: str = field(validator=_text)
    description: str | None = field(default=None, validator=_optional_text)


@frozen(kw_only=True)
class Escalation:
    """When the assessment sends the patient back to a clinician (format 1.1).

    ``no_progress_after``: an exercise at one level this long asks for a review.
    ``stale_after``: a log whose newest session is older than this cannot move anyone
    on. A plan past its end always asks for a review.

    :param no_progress_after: An exercise at one level this long (d or wk) asks for a review.
    :param stale_after: A log whose newest session is older than this (d or wk) moves no one on
        (default 14 d).
    :param max_gap: The most days (d or wk) between two sessions that still count as in a row
        (default: one scheduled session may be missed, at least 1 d).
    :param text: What the patient is told when a review is due.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    no_progress_after: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a time", 1, 520)
    )
    stale_after: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a time", 1, 520)
    )
    max_gap: Quantity | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a time", 1, 520)
    )
    text: str = field(validator=_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)


@frozen(kw_only=True)
class UrgentHelp:
    """Where to get urgent help, for one region (an ISO 3166-1 code such as "GB"), or
    for anywhere when ``region`` is None (format 1.1).

    :param region: An ISO 3166-1 alpha-2 country code, such as GB; None, the entry serves any
        region.
    :param text: What to do, in plain words: whom to call and the number.
    :param sources: Ids of entries in the protocol's top-level ``sources`` that support this.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    region: str | None = field(default=None, validator=_optional_region)
    text: str = field(validator=_text)
    sources: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)


present_as_public(globals())
