"""What an assessment answers: a verdict per exercise, the rules and criteria checked, and
the warnings a patient or clinician must see."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from attrs import frozen

from rehabkit._core.errors import UnknownIdError
from rehabkit._core.public import present_as_public
from rehabkit._model.criteria import Criterion
from rehabkit._model.rules import ParameterChange
from rehabkit._model.terms import Urgency

__all__ = [
    "Assessment",
    "CriterionCheck",
    "Decision",
    "GateCheck",
    "PhaseCheck",
    "RuleCheck",
    "Verdict",
]


class Verdict(str, enum.Enum):
    """What to do with an exercise, from most to least cautious."""

    STOP = "stop"  # stop the exercise (and see a clinician if the stop says so)
    REGRESS = "regress"  # step back to less dose or an easier exercise
    HOLD = "hold"  # keep the current dose
    PROGRESS = "progress"  # move on to more dose or a harder exercise

    @property
    def rank(self) -> int:
        """0 for stop ... 3 for progress: a higher rank is a more advanced decision."""
        return list(Verdict).index(self)


@frozen(kw_only=True)
class CriterionCheck:
    """One criterion checked: met (True/False) or undecided (None) for lack of data.

    ``values`` and ``dates`` are the logged values that decided it, newest first.

    :param criterion: The criterion checked.
    :param met: True or False, or None when the log holds too little to decide.
    :param values: The logged values that decided it, newest first (None where a session left it
        blank).
    :param dates: The dates of those values, newest first.
    :param explanation: What was found, in plain English.
    :param waits_for: The day of a session whose next-morning report is still to come: the
        criterion holds if that report is no worse than usual (None when nothing is awaited).
    """

    criterion: Criterion
    met: bool | None
    values: tuple[float | None, ...]
    dates: tuple[dt.date, ...]
    explanation: str
    waits_for: dt.date | None = None


@frozen(kw_only=True)
class RuleCheck:
    """A progression rule, stop criterion or pain limit, with every criterion it checked.

    :param rule: The id of the rule, stop criterion or pain limit.
    :param kind: ``stop``, ``regress``, ``progress`` or ``limit``.
    :param fired: Whether its criteria are met; None when the log holds too little to decide.
    :param applicable: Whether it applies to this exercise at all.
    :param checks: Each criterion, checked.
    :param note: Why it did not apply or was not decided, when it says.
    """

    rule: str
    kind: str  # "stop", "regress", "progress" or "limit"
    fired: bool | None
    applicable: bool
    checks: tuple[CriterionCheck, ...]
    note: str | None = None


@frozen(kw_only=True)
class Decision:
    """The verdict for one exercise, the rule behind it, and every rule checked on the way.

    ``warnings`` say what the patient or clinician must know (a breached pain limit, stale
    data, a review that is due); ``review_due`` is set when the patient should see their
    clinician before going on.

    :param exercise: The id of the exercise decided.
    :param verdict: Stop, regress, hold or progress.
    :param summary: The decision in one plain-English sentence.
    :param rule: The id of the rule or stop criterion that decided it; None for hold.
    :param to_exercise: The exercise to move to, when the rule replaces this one.
    :param change: The dosage or position change the rule makes, if any.
    :param new_value: The changed parameter's new value, when a plan gave its current one.
    :param urgency: For a stop, how soon to act (stop the exercise, see a clinician, urgent).
    :param rules: Every rule, stop criterion and pain limit checked, with its criteria.
    :param missing: What the log lacks to decide a rule, in plain English.
    :param warnings: What the patient or clinician must know: a breached pain limit, stale data, a
        review due.
    :param review_due: Whether the patient should see their clinician before going on.
    """

    exercise: str
    verdict: Verdict
    summary: str
    rule: str | None = None
    to_exercise: str | None = None
    change: ParameterChange | None = None
    new_value: float | None = None
    urgency: Urgency | None = None
    rules: tuple[RuleCheck, ...] = ()
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    review_due: bool = False


@frozen(kw_only=True)
class PhaseCheck:
    """The next phase's entry criteria, checked; ``ready`` when all are met.

    :param phase: The id of the next phase.
    :param ready: Whether every entry criterion is met.
    :param checks: Each entry criterion, checked.
    """

    phase: str
    ready: bool
    checks: tuple[CriterionCheck, ...]


@frozen(kw_only=True)
class GateCheck:
    """The programme's start gate or its outcome, checked (format 1.2); ``ready`` when
    every criterion is met and nothing else holds it back.

    :param gate: ``start`` or ``outcome``.
    :param ready: Whether the gate is passed: the programme may start, or is complete.
    :param checks: Each criterion, checked.
    :param note: Why it is not passed although its criteria are met, when that is so.
    """

    gate: str
    ready: bool
    checks: tuple[CriterionCheck, ...]
    note: str | None = None


@frozen(kw_only=True)
class Assessment:
    """Decisions for every exercise in play on a date, for one patient and plan period.

    ``warnings`` concern the whole programme (a plan that has ended, a stale log);
    ``notes`` say what was ignored. ``next_phase`` is set for a plan with phases.

    :param on: The date assessed: sessions after it are not read.
    :param protocol: The id of the protocol assessed.
    :param decisions: One decision for each exercise in play, in the plan's order.
    :param notes: What was ignored, such as entries for exercises not in play.
    :param warnings: What concerns the whole programme: a plan that has ended, a stale log.
    :param patient: The person's name, from the plan or the log.
    :param patient_id: The person's identifier, from the plan or the log.
    :param plan_start: The plan's first day, when assessed against a plan.
    :param plan_end: The plan's last day, when assessed against a plan.
    :param phase: The id of the phase the plan is in, for a protocol with phases.
    :param next_phase: The next phase's entry criteria, checked; None when there is no next phase.
    :param last_logged: The newest session date read; None when none was.
    :param start: The start gate, checked, while the programme waits for it; None when the
        protocol has none or the plan has started (format 1.2).
    :param outcome: The outcome criteria, checked; None when the protocol has none (format 1.2).
    :param complete: True when the outcome is reached: the programme is complete, for the
        physiotherapist to discharge the patient or move them on (format 1.2).
    """

    on: dt.date
    protocol: str
    decisions: tuple[Decision, ...]
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    patient: str | None = None
    patient_id: str | None = None
    plan_start: dt.date | None = None
    plan_end: dt.date | None = None
    phase: str | None = None
    next_phase: PhaseCheck | None = None
    last_logged: dt.date | None = None
    start: GateCheck | None = None
    outcome: GateCheck | None = None
    complete: bool = False

    def __repr__(self) -> str:
        # One line at the prompt: the date, whose, and how many exercises get each verdict.
        who = self.patient or self.patient_id or "no one named"
        counts: dict[str, int] = {}
        for d in self.decisions:
            counts[d.verdict.value] = counts.get(d.verdict.value, 0) + 1
        verdicts = ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) or "no decisions"
        if self.complete:
            verdicts += "; complete"
        return f"<Assessment on {self.on.isoformat()} of {self.protocol} for {who}: {verdicts}>"

    __str__ = __repr__

    def level_start(self) -> dt.date:
        """The first day of a level this assessment moves to: the day after the newest
        session it read, so the sessions that earned the step never count again."""
        if self.last_logged is None:
            return self.on
        return self.last_logged + dt.timedelta(days=1)

    def to_data(self) -> dict[str, Any]:
        """Every field as plain JSON-ready data, defaults included: a machine reading it
        finds every key every time."""
        from rehabkit._documents.converter import converter

        full = converter.copy(omit_if_default=False)
        data: dict[str, Any] = full.unstructure(self)
        return data

    def decision(self, exercise_id: str) -> Decision:
        """The decision for one exercise; UnknownIdError (a KeyError) if it is not in play."""
        for d in self.decisions:
            if d.exercise == exercise_id:
                return d
        raise UnknownIdError(
            "decision for exercise", exercise_id, (d.exercise for d in self.decisions)
        )


present_as_public(globals())
