"""What a handout says about the programme's course (format 1.2): when to start, what
changes in each phase, and when the programme is done."""

from __future__ import annotations

from rehabkit._core.i18n import gettext
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Gate, Phase


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in (".", "!", "?", "\u06d4", "\u3002") else text + "."


def _gate_words(gate: Gate | None, extra: tuple[Criterion, ...] = ()) -> str | None:
    """A gate in the patient's words: its description, else its criteria."""
    if gate is not None and gate.description:
        return _sentence(gate.description)
    criteria = [*(gate.criteria if gate is not None else ()), *extra]
    if not criteria:
        return None
    return _sentence(gettext("; ").join(c.describe() for c in criteria))


def start_line(protocol: Protocol, plan: Plan | None = None) -> str | None:
    """When to start, or None for a programme that starts at once or a plan that has
    started."""
    if plan is not None and plan.started is not None:
        return None
    first = protocol.phases[0].entry_criteria if protocol.phases else ()
    words = _gate_words(protocol.start, first)
    if words is None:
        return None
    return gettext("When to start: {when}").format(when=words)


def outcome_line(protocol: Protocol) -> str | None:
    """When the programme is done, or None when the protocol does not say."""
    words = _gate_words(protocol.outcome)
    if words is None:
        return None
    return (
        gettext("When you are done: {when}").format(when=words)
        + " "
        + gettext("Your physiotherapist checks this with you.")
    )


def phase_dose_lines(protocol: Protocol, phase: Phase) -> list[str]:
    """What a phase changes in the dose: for every exercise, then for some."""
    first = bool(protocol.phases) and phase.id == protocol.phases[0].id
    lines = []
    if phase.dosage is not None and phase.dosage != Dosage():
        text = (
            gettext("In this phase, all your exercises: {dose}.")
            if first
            else gettext("When this phase starts, all your exercises change to: {dose}.")
        )
        lines.append(text.format(dose=phase.dosage.describe()))
    for entry in phase.exercise_dosage:
        text = (
            gettext("In this phase, {exercise}: {dose}.")
            if first
            else gettext("When this phase starts, {exercise} changes to: {dose}.")
        )
        name = protocol.exercise(entry.exercise).name
        lines.append(text.format(exercise=name, dose=entry.dosage.describe()))
    return lines


def plan_frequency(plan: Plan) -> Frequency:
    """How often the plan's exercises are done now: the newest frequency a phase so far
    set for all of them, else the plan's own."""
    found = plan.frequency
    for phase in plan.protocol.phases:
        if phase.dosage is not None and phase.dosage.frequency is not None:
            found = phase.dosage.frequency
        if phase.id == plan.phase:
            break
    return found


def gate_notes(protocol: Protocol) -> list[str]:
    """The gates' criteria in full, for the clinician."""
    notes = []
    start = protocol.start_criteria()
    if start:
        notes.append(
            gettext("The programme starts when: {criteria}.").format(
                criteria=gettext("; ").join(c.describe() for c in start)
            )
        )
    if protocol.outcome is not None:
        notes.append(
            gettext("The programme is complete when: {criteria}.").format(
                criteria=gettext("; ").join(c.describe() for c in protocol.outcome.criteria)
            )
        )
    return notes
