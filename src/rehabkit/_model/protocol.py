"""The protocol: exercises, dosage, rules and safety text, checked as a whole."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from rehabkit._core.errors import UnknownIdError, ValidationError
from rehabkit._core.public import present_as_public
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage
from rehabkit._model.exercise import Exercise
from rehabkit._model.fields import (
    _date,
    _flag,
    _language_tag,
    _optional_text,
    _text,
    _to_date,
    _tuple,
)
from rehabkit._model.provenance import Condition, Person, Reference
from rehabkit._model.reporting import Reporting
from rehabkit._model.rules import (
    Escalation,
    Event,
    Gate,
    Measurement,
    PainGuidance,
    Phase,
    ProgressionRule,
    StopCriterion,
    UrgentHelp,
)
from rehabkit._model.terms import Direction, Limb
from rehabkit._model.units import Amount, Unit, _amount

__all__ = ["Protocol", "TranslationNote"]


@frozen(kw_only=True)
class TranslationNote:
    """Who translated a protocol's text, from which language, and whether a clinician has
    reviewed the translation (format 1.1); the handout's "About" section says so.

    :param from_language: BCP 47 tag of the language translated from.
    :param translator: Who translated it.
    :param reviewed: Whether a clinician has reviewed the translation.
    :param reviewer: The clinician who reviewed it, when one has.
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    from_language: str = field(validator=_language_tag)
    translator: Person
    reviewed: bool = field(default=False, validator=_flag)
    reviewer: Person | None = None


@frozen(kw_only=True)
class Protocol:
    """A rehabilitation protocol: the exercises, their dosage, the rules and the safety text.

    Construction checks what one object alone cannot: ids are unique, every reference
    resolves, progression rules form no cycle. It raises ``ValidationError`` listing
    every problem.

    :param id: A stable identifier: lower-case letters, digits and hyphens.
    :param version: The protocol's own version, e.g. 1.0.0.
    :param title: Title shown to patients and clinicians.
    :param summary: What the protocol is for, in a sentence or two.
    :param language: BCP 47 language tag of the text, e.g. en-GB.
    :param condition: The condition treated.
    :param authors: Who wrote the source protocol.
    :param last_reviewed: When the content was last reviewed or updated.
    :param sources: Every source cited anywhere in the file.
    :param supervision: Who must supervise the programme.
    :param disclaimer: The disclaimer shown with the programme.
    :param duration: Programme length in d or wk.
    :param default_dosage: The dosage every exercise takes unless it overrides a field.
    :param pain_guidance: How much pain is acceptable.
    :param stop_criteria: When to stop and seek help.
    :param measurements: Named measurements criteria may refer to.
    :param phases: Stages of the programme.
    :param exercises: The exercises.
    :param progression_rules: Rules for progressing and regressing.
    :param based_on: The id of the source the protocol is based on (its authors are the protocol's
        editors) (format 1.1).
    :param events: Dated events a plan must supply (surgery, injury) (format 1.1).
    :param escalation: When to send the patient back to a clinician (format 1.1).
    :param urgent_help: Where to get urgent help, by region (format 1.1). The plan's region picks
        the entry; an entry without a region serves anywhere else.
    :param translation: For a translated protocol, who translated it from which language and
        whether a clinician reviewed it (format 1.1); ``rehabkit.translate`` sets it.
    :param reporting: How the programme is delivered, for a complete exercise report: the
        CERT and TIDieR items the other fields do not answer (format 1.1).
    :param example: True for a protocol written to teach or test the format, not for patients
        (format 1.2): ``rehabkit list`` and ``show`` mark it, its handouts say so, and
        ``rehabkit.personalise`` makes a plan of it only with ``allow_example=True``.
    :param start: The start gate: criteria that must all hold before the programme starts
        (format 1.2). The first phase's entry criteria are part of it.
    :param outcome: The outcome: criteria that, when all hold, complete the programme
        (discharge, return to sport) (format 1.2).
    :raises FieldError: if a value breaks a rule of its field; the message names the field.
    """

    id: str = field(validator=_text)
    version: str = field(validator=_text)
    title: str = field(validator=_text)
    summary: str | None = field(default=None, validator=_optional_text)
    language: str = field(default="en", validator=_language_tag)
    condition: Condition
    authors: tuple[Person, ...] = field(converter=_tuple)
    last_reviewed: dt.date = field(converter=_to_date, validator=_date)
    sources: tuple[Reference, ...] = field(converter=_tuple)
    supervision: str = field(validator=_text)
    disclaimer: str = field(validator=_text)
    duration: Amount | None = field(
        default=None, validator=_amount(frozenset({Unit.DAY, Unit.WEEK}), "a duration")
    )
    default_dosage: Dosage = Dosage()  # noqa: RUF009 (frozen: one shared value is safe)
    pain_guidance: PainGuidance
    stop_criteria: tuple[StopCriterion, ...] = field(default=(), converter=_tuple)
    measurements: tuple[Measurement, ...] = field(default=(), converter=_tuple)
    phases: tuple[Phase, ...] = field(default=(), converter=_tuple)
    exercises: tuple[Exercise, ...] = field(converter=_tuple)
    progression_rules: tuple[ProgressionRule, ...] = field(default=(), converter=_tuple)
    based_on: str | None = field(default=None, validator=_optional_text)
    events: tuple[Event, ...] = field(default=(), converter=_tuple)
    escalation: Escalation | None = None
    urgent_help: tuple[UrgentHelp, ...] = field(default=(), converter=_tuple)
    translation: TranslationNote | None = None
    reporting: Reporting | None = None
    example: bool = field(default=False, validator=_flag)
    start: Gate | None = None
    outcome: Gate | None = None

    def __repr__(self) -> str:
        # One line at the prompt; rehabkit.describe() and to_data() give the rest.
        return (
            f"<Protocol {self.id} {self.version}: {self.title!r}, {len(self.exercises)} exercises>"
        )

    __str__ = __repr__

    def __attrs_post_init__(self) -> None:
        # Imported here: a protocol read back from the cache is not built, and needs no rules.
        from rehabkit._model import integrity

        problems = integrity.protocol_problems(self)
        if problems:
            raise ValidationError(problems)

    @property
    def sided(self) -> bool:
        """Whether a side means anything for this protocol: True when an exercise works an
        arm or a leg (its ``limb`` is not ``none``). A programme for the trunk or neck alone
        has no side to treat: its handout shows no side, and ``rehabkit.personalise``
        records a plan of it as not stated whatever side it is given."""
        return any(ex.limb is not Limb.NONE for ex in self.exercises)

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; UnknownIdError (a KeyError) if there is none."""
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise UnknownIdError("exercise", exercise_id, (ex.id for ex in self.exercises))

    def urgent_help_for(self, region: str | None) -> UrgentHelp | None:
        """Where to get urgent help in ``region`` (ISO 3166-1, case ignored), else the
        protocol's entry for anywhere, else None."""
        wanted = region.upper() if region else None
        for entry in self.urgent_help:
            if entry.region is not None and entry.region.upper() == wanted:
                return entry
        return next((e for e in self.urgent_help if e.region is None), None)

    def dosage_for(self, exercise_id: str) -> Dosage:
        """The exercise's dosage with the protocol default filling every gap."""
        return self.exercise(exercise_id).dosage.over(self.default_dosage)

    def initial_exercises(self) -> tuple[Exercise, ...]:
        """Exercises in play at the start: all but those a progression rule leads to, and
        those of any phase after the first."""
        later = {
            r.to_exercise
            for r in self.progression_rules
            if r.direction is Direction.PROGRESS and r.to_exercise
        }
        first = set(self.phases[0].exercises) if self.phases else set()
        later |= {x for phase in self.phases[1:] for x in phase.exercises} - first
        return tuple(ex for ex in self.exercises if ex.id not in later)

    def phase_of(self, exercise_id: str) -> Phase | None:
        """The first phase that names this exercise, if any."""
        return next((p for p in self.phases if exercise_id in p.exercises), None)

    def start_criteria(self) -> tuple[Criterion, ...]:
        """What must hold before the programme starts (format 1.2): the ``start`` gate's
        criteria and the first phase's entry criteria."""
        gate = self.start.criteria if self.start is not None else ()
        first = self.phases[0].entry_criteria if self.phases else ()
        return (*gate, *first)

    def phase_dosage(self, phase_id: str | None, exercise_id: str) -> Dosage:
        """The dose fields the phases up to and including ``phase_id`` set for an
        exercise, a later phase's over an earlier's (format 1.2); empty without phases."""
        dose = Dosage()
        for phase in self.phases:
            dose = phase.override_for(exercise_id).over(dose)
            if phase.id == phase_id:
                break
        return dose if phase_id is not None else Dosage()

    def reference(self, reference_id: str) -> Reference:
        """The source with this id; UnknownIdError (a KeyError) if there is none."""
        for ref in self.sources:
            if ref.id == reference_id:
                return ref
        raise UnknownIdError("source", reference_id, (ref.id for ref in self.sources))


present_as_public(globals())
