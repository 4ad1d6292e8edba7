"""What an assessment answers: a verdict per exercise, the rules and criteria checked, and
the warnings a patient or clinician must see."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from attrs import frozen

from rehabkit._model import Criterion, ParameterChange, Urgency

__all__ = ["Assessment", "CriterionCheck", "Decision", "PhaseCheck", "RuleCheck", "Verdict"]


class Verdict(str, enum.Enum):
    """What to do with an exercise, from most to least cautious."""

    STOP = "stop"
    REGRESS = "regress"
    HOLD = "hold"
    PROGRESS = "progress"

    @property
    def rank(self) -> int:
        """0 for stop ... 3 for progress: a higher rank is a more advanced decision."""
        return list(Verdict).index(self)


@frozen(kw_only=True)
class CriterionCheck:
    """One criterion checked: met (True/False) or undecided (None) for lack of data.

    ``values`` and ``dates`` are the logged values that decided it, newest first.
    """

    criterion: Criterion
    met: bool | None
    values: tuple[float | None, ...]
    dates: tuple[dt.date, ...]
    explanation: str


@frozen(kw_only=True)
class RuleCheck:
    """A progression rule, stop criterion or pain limit, with every criterion it checked."""

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
    """The next phase's entry criteria, checked; ``ready`` when all are met."""

    phase: str
    ready: bool
    checks: tuple[CriterionCheck, ...]


@frozen(kw_only=True)
class Assessment:
    """Decisions for every exercise in play on a date, for one patient and plan period.

    ``warnings`` concern the whole programme (a plan that has ended, a stale log);
    ``notes`` say what was ignored. ``next_phase`` is set for a plan with phases.
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

    def __repr__(self) -> str:
        # One line at the prompt: the date, whose, and how many exercises get each verdict.
        who = self.patient or self.patient_id or "no one named"
        counts: dict[str, int] = {}
        for d in self.decisions:
            counts[d.verdict.value] = counts.get(d.verdict.value, 0) + 1
        verdicts = ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) or "no decisions"
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
        from rehabkit._converter import converter

        full = converter.copy(omit_if_default=False)
        data: dict[str, Any] = full.unstructure(self)
        return data

    def decision(self, exercise_id: str) -> Decision:
        """The decision for one exercise; KeyError if it is not in play."""
        for d in self.decisions:
            if d.exercise == exercise_id:
                return d
        raise KeyError(exercise_id)
