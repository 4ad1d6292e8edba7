"""Personalisation: a Protocol plus one person's choices gives a dated Plan."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from rehabkit._core.errors import FieldError, RehabkitError
from rehabkit._core.i18n import check_language, primary
from rehabkit._core.public import present_as_public
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.exercise import JointAngle
from rehabkit._model.fields import LANGUAGE_TAG
from rehabkit._model.plan import Clinician, Plan, PlanEvent, PlanExercise, PlanMeasure
from rehabkit._model.protocol import Protocol
from rehabkit._model.terms import Laterality, PeriodUnit
from rehabkit._model.units import Quantity, Range, Unit

if TYPE_CHECKING:
    from rehabkit._model.translation import Translation

__all__ = ["parse_frequency", "personalise"]


def _starting_angle(protocol: Protocol, exercise_id: str, angle: JointAngle) -> JointAngle:
    # A range that a rule progresses (the wall sit's 30-60 degrees) is a choice of
    # positions: start at its easiest (smallest) end, and rules move it later. Any other
    # range is a movement through it (a mini squat from 0 to 45 degrees): keep it whole.
    progressed = any(
        r.exercise == exercise_id and r.change is not None and r.change.joint is angle.joint
        for r in protocol.progression_rules
    )
    if progressed and isinstance(angle.angle, Range):
        return attrs.evolve(angle, angle=Quantity(angle.angle.low, angle.angle.unit))
    return angle


def plan_item(
    protocol: Protocol, exercise_id: str, frequency: Frequency, since: dt.date | None = None
) -> PlanExercise:
    """How an exercise enters a plan: its resolved dosage at the plan's ``frequency``
    (unless the exercise fixes its own), and its joint positions at their easiest."""
    ex = protocol.exercise(exercise_id)
    dose = protocol.dosage_for(exercise_id)
    own = ex.dosage.frequency
    if own is None or own.period_max is not None:
        dose = attrs.evolve(dose, frequency=frequency)
    return PlanExercise(
        exercise=exercise_id,
        dosage=dose,
        joint_angles=tuple(_starting_angle(protocol, exercise_id, a) for a in ex.joint_angles),
        since=since,
    )


def in_phase(protocol: Protocol, item: PlanExercise, phase_id: str | None) -> PlanExercise:
    """An exercise entering a plan in a phase: with the dose fields that phase, and those
    before it, set for it (format 1.2); every other field as it was."""
    override = protocol.phase_dosage(phase_id, item.exercise)
    if override == Dosage():
        return item
    return attrs.evolve(item, dosage=override.over(item.dosage))


def _choose_frequency(protocol: Protocol, wanted: Frequency | str | None) -> Frequency:
    offered = protocol.default_dosage.frequency or Frequency()
    options = offered.options()
    if wanted is None:
        return offered  # no silent choice: the plan keeps every option the protocol gives
    if isinstance(wanted, str):
        wanted = parse_frequency(wanted)
    if wanted in options:
        return wanted
    if offered.period_max is None and wanted != offered:
        # The protocol fixes its frequency; a clinician may still prescribe another.
        return wanted
    allowed = ", ".join(o.describe() for o in options)
    raise RehabkitError(f"the protocol offers {allowed}; not {wanted.describe()}")


_NAMED = {
    "daily": Frequency(1, 1),
    "alternate-days": Frequency(1, 2),
    "every-other-day": Frequency(1, 2),
}


def parse_frequency(text: str) -> Frequency:
    """``daily``, ``alternate-days``, ``3/week``, ``2/day`` or ``1/2d`` as a Frequency.

    :param text: the frequency in words.
    :returns: the Frequency.
    :raises RehabkitError: for text it cannot read, saying what it accepts.
    """
    key = text.strip().lower()
    if key in _NAMED:
        return _NAMED[key]
    match = re.fullmatch(r"(\d+)\s*/\s*(\d*)\s*(d|day|wk|w|week)", key)
    if not match:
        raise RehabkitError(
            f"cannot read frequency {text!r}: use daily, alternate-days, 3/week, 2/day or 1/2d"
        )
    times, period, unit = match.groups()
    per_week = unit in ("wk", "w", "week")
    return Frequency(
        int(times), int(period or 1), None, PeriodUnit.WEEK if per_week else PeriodUnit.DAY
    )


def personalise(
    protocol: Protocol,
    *,
    patient: str | None = None,
    patient_id: str | None = None,
    patient_family: str | None = None,
    patient_given: Sequence[str] = (),
    side: Laterality | str = Laterality.UNSPECIFIED,
    start: dt.date | str | None = None,
    frequency: Frequency | str | None = None,
    weeks: int | None = None,
    clinician: str | None = None,
    clinician_contact: str | None = None,
    events: Mapping[str, dt.date | str] | None = None,
    region: str | None = None,
    language: str | None = None,
    translation: Translation | None = None,
    allow_example: bool = False,
    measures: Mapping[str, Quantity] | None = None,
) -> Plan:
    """Turn a protocol into a plan for one person.

    ``frequency`` chooses among what the protocol offers (``"daily"`` or
    ``"alternate-days"`` for "once every 1-2 days"); left out, the plan keeps every option
    the protocol gives. ``side`` left out is recorded as not stated, never as both; for
    a protocol with no side (``protocol.sided`` is false: the trunk or neck alone) any
    side given is checked, then recorded as not stated, as it means nothing there.
    ``weeks`` defaults to the protocol's duration (its longest), else 6. ``start`` is
    required: rehabkit never reads the clock on your behalf.
    ``events`` dates the protocol's events (``{"surgery": "2026-11-20"}``); a protocol
    with phases starts in its first. ``region`` (ISO 3166-1, "GB") picks where the
    handout tells the person to get urgent help. ``language`` ("es") puts the plan, and
    so its handouts, in that language: the protocol's text from ``translation``, or from
    the translation rehabkit ships, and rehabkit's own words from its catalogs.
    A protocol marked as an example (``protocol.example``, written to teach the format) is
    not for patients: it makes a plan only with ``allow_example=True``.
    ``measures`` gives the person's measured values (``{"mvc": Quantity(200, "N.m")}``):
    a load that is a percent of one becomes that percent of the person's value.

    :param protocol: the protocol.
    :param patient: the person's name, as printed.
    :param patient_id: an identifier of the person, e.g. a medical record number.
    :param patient_family: the person's family name, for records that keep names in parts.
    :param patient_given: the person's given names, in order.
    :param side: ``left``, ``right``, ``both`` or ``unspecified`` (the default).
    :param start: the first day, a date or ``YYYY-MM-DD``.
    :param frequency: one of the protocol's frequencies, e.g. ``"daily"``.
    :param weeks: how long the plan lasts (1 to 104).
    :param clinician: the prescribing clinician's name.
    :param clinician_contact: how to reach them.
    :param events: the dates of the protocol's events, e.g. ``{"surgery": "2026-11-20"}``.
    :param region: the person's country (ISO 3166-1, e.g. ``"GB"``): where to get urgent help.
    :param language: the language of the plan (BCP 47, e.g. ``"es"``); default: the protocol's.
    :param translation: the protocol's text in that language; default: the bundled one.
    :param allow_example: make a plan of an example protocol anyway (for tests and demos).
    :param measures: the person's measured values, by the name the protocol declares (1.2).
    :returns: the plan.
    :raises RehabkitError: for an example protocol without ``allow_example=True``; for a bad
        value, saying which and why; a language with no
        translation of the protocol, or with none of rehabkit's own words, names what is
        missing (``ValidationError`` lists every text a translation leaves out).

    >>> import rehabkit
    >>> plan = rehabkit.personalise(rehabkit.bundled("runners-knee"), start="2026-12-01",
    ...                             side="left", patient="Ana Lopez")
    >>> plan.side.value, plan.weeks
    ('left', 12)
    """
    if protocol.example and not allow_example:
        raise RehabkitError(example_refusal(protocol.id, "allow_example=True"))
    if start is None:
        raise RehabkitError("a plan needs a start date")
    start = as_date(start, "start date")
    protocol = _in_language(protocol, language, translation)
    side = _side(side)
    if not protocol.sided:
        # A trunk or neck programme has no side: a side kept would reach the FHIR
        # condition's laterality and the plan's identity while meaning nothing.
        side = Laterality.UNSPECIFIED
    if weeks is None:
        weeks = _default_weeks(protocol)
    chosen = _choose_frequency(protocol, frequency)
    first = protocol.phases[0].id if protocol.phases else None
    items = [
        in_phase(protocol, plan_item(protocol, ex.id, chosen), first)
        for ex in protocol.initial_exercises()
    ]
    dated = _dated_events(events or {})
    return Plan(
        protocol=protocol,
        start=start,
        weeks=weeks,
        frequency=chosen,
        side=side,
        patient=patient,
        patient_id=patient_id,
        patient_family=patient_family,
        patient_given=tuple(patient_given),
        clinician=_clinician(clinician, clinician_contact),
        exercises=tuple(items),
        events=dated,
        phase=first,
        phase_since=start if protocol.phases else None,
        region=region,
        measures=_measures(measures or {}),
    )


def _measures(measures: Mapping[str, Quantity]) -> tuple[PlanMeasure, ...]:
    for name, value in measures.items():
        if not isinstance(value, Quantity):
            raise RehabkitError(f"measures: {name!r} is a quantity with its unit, not {value!r}")
    return tuple(PlanMeasure(name=n, value=q.value, unit=q.unit) for n, q in measures.items())


def example_refusal(protocol_id: str, opt_in: str) -> str:
    """Why an example protocol makes no plan or handout unless asked, and how to ask."""
    return (
        f"{protocol_id} is an example written to teach the file format, not for patients;"
        f" to use it anyway, give {opt_in}"
    )


def _side(side: Laterality | str) -> Laterality:
    if not isinstance(side, str):
        return side
    try:
        return Laterality(side.strip().lower())
    except ValueError:
        raise RehabkitError(f"side must be left, right or both, not {side!r}") from None


def _clinician(name: str | None, contact: str | None) -> Clinician | None:
    """The prescribing clinician, when the plan names them or says how to reach them."""
    if not (name or contact):
        return None
    try:
        return Clinician(name=name, contact=contact)
    except FieldError as exc:
        # Named as the caller gave it: personalise's clinician or clinician_contact.
        option = "clinician" if exc.field == "name" else "clinician_contact"
        raise FieldError(option, f"{option}: {exc}") from None


def _dated_events(events: Mapping[str, dt.date | str]) -> tuple[PlanEvent, ...]:
    return tuple(PlanEvent(id=k, date=as_date(v, f"event {k!r}")) for k, v in events.items())


def _in_language(
    protocol: Protocol, language: str | None, translation: Translation | None
) -> Protocol:
    """The protocol in the plan's language: translated when the language differs."""
    if translation is not None:
        if language is not None and primary(language) != primary(translation.language):
            raise RehabkitError(
                f"language {language!r} but the translation is into {translation.language!r}"
            )
        language = translation.language
    if language is not None and not LANGUAGE_TAG.fullmatch(language):
        # Checked as a file's language is: "en-GB\n" must not pass as English.
        raise RehabkitError(f"language must be a BCP 47 tag such as es or en-GB, not {language!r}")
    if language is None or primary(language) == primary(protocol.language):
        return protocol
    check_language(language)
    # Imported here: only a plan in another language reads a translation, and with it the
    # converter, cattrs and the schema (importing them took some 30 ms of every plan made).
    from rehabkit._documents.translation import bundled_translation, translate

    if translation is None:
        translation = bundled_translation(protocol, language)
    return translate(protocol, translation)


def as_date(value: dt.date | str, what: str) -> dt.date:
    """A date given as a date or as ``YYYY-MM-DD``; anything else (a datetime too, whose
    day depends on a time zone) is a ``RehabkitError`` naming ``what``."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise RehabkitError(f"{what}: {value!r} is not a date YYYY-MM-DD")


def _default_weeks(protocol: Protocol) -> int:
    d = protocol.duration
    if d is None:
        return 6
    value = d.value if isinstance(d, Quantity) else d.high
    return max(1, round(value / 7 if d.unit is Unit.DAY else value))


present_as_public(globals())
