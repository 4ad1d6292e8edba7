"""Plain-text summaries of protocols, plans, session logs and assessments, for people.

The CLI prints them; apps can show them too. A value's own line breaks become spaces, so
that no value can start a line of the summary.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from rehabkit._core.i18n import N_, gettext, speaking
from rehabkit._core.public import present_as_public
from rehabkit._model.dosage import Dosage
from rehabkit._model.exercise import Exercise
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Phase
from rehabkit._model.session_log import SessionLog
from rehabkit._model.terms import Laterality, Limb, Urgency
from rehabkit._model.translation import Translation
from rehabkit._progression.assessment import Assessment, Decision, RuleCheck

__all__ = ["describe"]

_MARK = {True: "met    ", False: "not met", None: "unknown"}


def _line(text: str) -> str:
    return " ".join(text.splitlines())


def _say(message: str, **values: str) -> str:
    """``message`` in the current language, with the values put in, each on one line."""
    return gettext(message).format(**{k: _line(v) for k, v in values.items()})


# What a protocol's exercise works when it is not a leg (format 1.2).
_LIMBS = {Limb.ARM: N_("an arm"), Limb.NONE: N_("the trunk or neck, no limb")}


def _wrap(text: str, indent: str = "  ") -> str:
    # One line per item here; describe() wraps them all at the end, to the width asked for.
    return indent + _line(text)


def describe(
    obj: Any, *, protocol: Protocol | None = None, verbose: bool = False, width: int | None = None
) -> str:
    """A readable summary of a Protocol, Plan, SessionLog, Assessment or Translation.

    For an Assessment, ``protocol`` gives the exercises' names (their ids otherwise) and
    ``verbose`` also lists the stop criteria that did not fire.

    :param obj: a Protocol, Plan, SessionLog, Assessment or Translation.
    :param protocol: for an Assessment, the protocol that names its exercises.
    :param verbose: for an Assessment, list the stop criteria that did not fire too.
    :param width: the longest line, in characters: a longer line wraps, its continuation
        lines indented under its text. None (the default) leaves each item on one line, for
        a window or a pager to wrap.
    :returns: the summary, several lines of plain text.
    :raises TypeError: for any other object.
    """
    return _fit(_describe(obj, protocol, verbose), width)


def _describe(obj: Any, protocol: Protocol | None, verbose: bool) -> str:
    if isinstance(obj, Protocol):
        with speaking(obj.language):  # its doses and criteria in the words of its text
            return _protocol(obj)
    if isinstance(obj, (Plan, SessionLog)):
        return "\n".join(_line(line) for line in obj.describe().splitlines())
    if isinstance(obj, Assessment):
        return _assessment(obj, protocol, verbose)
    if isinstance(obj, Translation):
        return obj.describe()
    raise TypeError(f"cannot describe {type(obj).__name__}")


# What a wrapped line's continuation lines hang under: a bullet's text, a criterion's text
# after its [mark], a numbered item's text.
_HANGING = re.compile(r"^\s*(?:- |\[[^\]]*\] |\d+\. )?")


def _fit(text: str, width: int | None) -> str:
    if width is None:
        return text
    return "\n".join(_fit_line(line, width) for line in text.split("\n"))


def _fit_line(line: str, width: int) -> str:
    if len(line) <= width:
        return line
    hang = _HANGING.match(line).end()  # type: ignore[union-attr]
    if hang > width // 2:  # so deep a hanging indent would leave no room for words
        hang = len(line) - len(line.lstrip())
    return textwrap.fill(
        line[hang:],
        width=max(width, hang + 10),
        initial_indent=line[:hang],
        subsequent_indent=" " * hang,
        break_on_hyphens=False,
    )


#: What ``show`` says of an example protocol (format 1.2 ``example``), under its title.
EXAMPLE_NOTE = N_("Example: written to teach the file format, not for patients.")


def _protocol(p: Protocol) -> str:
    title = _line(p.title)
    lines = [title, "=" * len(title)]
    if p.example:
        lines.append(gettext(EXAMPLE_NOTE))
    aliases = ", ".join(_line(a) for a in p.condition.aliases)
    lines.append(_say(N_("Condition: {name} ({aliases})"), name=p.condition.name, aliases=aliases))
    if p.summary:
        lines.append(_wrap(p.summary, ""))
    lines += ["", _say(N_("Programme: {dose}"), dose=p.default_dosage.describe())]
    lines.append(_wrap(p.supervision, ""))
    for number, ex in enumerate(p.exercises, 1):
        lines += _exercise_lines(p, number, ex)
    lines += _event_lines(p) + _gate_lines(p) + _phase_lines(p) + _measurement_lines(p)
    if p.progression_rules:
        lines += ["", gettext(N_("Progression"))]
        lines += [_wrap(f"- {r.description}") for r in p.progression_rules]
    lines += _pain_lines(p) + _stop_lines(p)
    lines += ["", _wrap(p.disclaimer, ""), "", gettext(N_("Sources"))]
    lines += [_wrap(f"[{r.id}] {r.citation()}") for r in p.sources]
    authors = ", ".join(a.name for a in p.authors)
    reviewed = p.last_reviewed.isoformat()
    lines += [
        "",
        _say(N_("Authors: {authors}. Last reviewed {date}."), authors=authors, date=reviewed),
    ]
    return "\n".join(lines)


def _stop_lines(p: Protocol) -> list[str]:
    if not p.stop_criteria:
        return []
    help_too = any(s.urgency is not Urgency.STOP_EXERCISE for s in p.stop_criteria)
    lines = ["", gettext(N_("Stop and seek help") if help_too else N_("When to stop"))]
    return lines + [_wrap(f"- {s.text}") for s in p.stop_criteria]


def _exercise_lines(p: Protocol, number: int, ex: Exercise) -> list[str]:
    # A protocol is for no one person yet: {leg} and {other leg} say "treated leg" and
    # "other leg", as a handout made of the protocol alone says them.
    ex = ex.for_side(Laterality.UNSPECIFIED)
    named = ""
    if ex.name_origin.value == "editor":
        named = " " + gettext(N_("(name given by the protocol's editors)"))
    lines = [
        "",
        f"{number}. {_line(ex.name)}{named}",
        "   " + _say(N_("Dosage: {dose}"), dose=p.dosage_for(ex.id).describe()),
    ]
    if ex.limb is not Limb.LEG:  # format 1.2: an arm, or the trunk or neck
        which = ex.which_leg(Laterality.UNSPECIFIED)
        limb = gettext(_LIMBS[ex.limb])
        lines.append(
            _wrap(_say(N_("Works: {limb}"), limb=limb) + (f". {which}" if which else ""), "   ")
        )
    if ex.starting_position:
        lines.append(_wrap(_say(N_("Start: {text}"), text=ex.starting_position), "   "))
    lines += [_wrap(f"- {step}", "   ") for step in ex.steps]
    lines.append(_wrap(_say(N_("You should feel: {text}"), text=ex.feel), "   "))
    lines += [_wrap(_say(N_("Easier: {text}"), text=t), "   ") for t in ex.easier]
    lines += [_wrap(_say(N_("Harder: {text}"), text=t), "   ") for t in ex.harder]
    return lines


def _event_lines(p: Protocol) -> list[str]:
    if not p.events:
        return []
    heading = gettext(N_("Dated events the plan needs"))
    return ["", heading, *(_wrap(f"- {e.name} ({e.id})") for e in p.events)]


def _gate_lines(p: Protocol) -> list[str]:
    """The start gate and the outcome (format 1.2)."""
    lines = []
    for title, gate in ((N_("Start"), p.start), (N_("Outcome"), p.outcome)):
        if gate is not None:
            lines += ["", gettext(title)]
            if gate.description:
                lines.append(_wrap(gate.description))
            lines += [_wrap(f"- {c.describe()}") for c in gate.criteria]
    return lines


def _phase_lines(p: Protocol) -> list[str]:
    lines = ["", gettext(N_("Phases"))] if p.phases else []
    for number, phase in enumerate(p.phases, 1):
        lines += _one_phase(p, number, phase)
    return lines


def _one_phase(p: Protocol, number: int, phase: Phase) -> list[str]:
    length = ""
    if phase.expected_duration:
        length = ", " + _say(N_("about {duration}"), duration=str(phase.expected_duration))
    lines = [f"  {number}. {phase.name}{length}"]
    if phase.description:
        lines.append(_wrap(phase.description, "     "))
    names = ", ".join(p.exercise(x).name for x in phase.exercises)
    lines.append(_wrap(_say(N_("Exercises: {names}"), names=names), "     "))
    if not phase.continues_previous:
        lines.append("     " + gettext(N_("The exercises of earlier phases stop here.")))
    lines += [
        _wrap(_say(N_("Starts when: {criterion}"), criterion=c.describe()), "     ")
        for c in phase.entry_criteria
    ]
    if phase.dosage is not None and phase.dosage != Dosage():
        every = _say(N_("Dose from here, every exercise: {dose}"), dose=phase.dosage.describe())
        lines.append(_wrap(every, "     "))
    lines += [
        _wrap(_say(N_("Dose from here, {exercise}: {dose}"), exercise=p.exercise(d.exercise).name,
                   dose=d.dosage.describe()), "     ")
        for d in phase.exercise_dosage
    ]  # fmt: skip
    return lines


def _measurement_lines(p: Protocol) -> list[str]:
    lines = ["", gettext(N_("Measurements"))] if p.measurements else []
    for m in p.measurements:
        scale = m.unit.value if m.unit else ", ".join(m.levels) or gettext(N_("present or absent"))
        lines.append(_wrap(f"- {m.name} ({scale}){': ' + m.description if m.description else ''}"))
    return lines


def _pain_lines(p: Protocol) -> list[str]:
    lines = ["", gettext(N_("Pain")), _wrap(p.pain_guidance.summary)]
    lines += [_wrap(f"- {c.describe()}") for c in p.pain_guidance.limits]
    flare = p.pain_guidance.flare_up
    if flare is not None:
        lines.append(_wrap(_say(N_("Flare-ups: {text}"), text=flare.advice)))
        lines.append(_wrap(_say(N_("Restarting: {text}"), text=flare.restart)))
        lines.append(_wrap(_say(N_("Contact: {text}"), text=flare.contact)))
    return lines


def _name(protocol: Protocol | None, exercise: str) -> str:
    if protocol is None:
        return exercise
    try:
        return _line(protocol.exercise(exercise).name)
    except KeyError:
        return exercise


def _assessment(result: Assessment, protocol: Protocol | None, verbose: bool) -> str:
    lines = _assessment_header(result)
    for decision in result.decisions:
        lines += _decision_lines(decision, protocol, verbose)
    return "\n".join(lines)


def _assessment_header(result: Assessment) -> list[str]:
    """Whose assessment, of what plan period; the programme's warnings and notes; and the
    next phase's entry criteria."""
    who = f" for {_line(result.patient)}" if result.patient else ""
    lines = [f"Assessment on {result.on.isoformat()}{who} ({result.protocol})"]
    if result.plan_start and result.plan_end:
        period = f"Plan: {result.plan_start.isoformat()} to {result.plan_end.isoformat()}"
        lines.append(period + (f", phase {result.phase}" if result.phase else ""))
    lines += [f"warning: {warning}" for warning in result.warnings]
    lines += [f"note: {note}" for note in result.notes]
    return lines + _course_lines(result)


def _course_lines(result: Assessment) -> list[str]:
    """The start and outcome gates, completion, and the next phase, each with its checks."""
    lines = []
    for gate in (result.start, result.outcome):
        if gate is not None:
            state = "met" if gate.ready else "not yet" + (f" ({gate.note})" if gate.note else "")
            lines += [f"{gate.gate}: {state}", *_check_lines(gate.checks)]
    if result.complete:
        lines.append("The programme is complete: its outcome is reached.")
    if result.next_phase is not None:
        state = "ready" if result.next_phase.ready else "not yet"
        lines.append(f"next phase {result.next_phase.phase}: {state}")
        lines += _check_lines(result.next_phase.checks)
    return lines


def _check_lines(checks: Any) -> list[str]:
    return [f"    [{_MARK[c.met]}] {c.criterion.describe()}: {c.explanation}" for c in checks]


def _decision_lines(decision: Decision, protocol: Protocol | None, verbose: bool) -> list[str]:
    name = _name(protocol, decision.exercise)
    rule = f" (rule {decision.rule})" if decision.rule else ""
    lines = ["", f"{name}: {decision.verdict.value.upper()}{rule}", _wrap(decision.summary)]
    for check in decision.rules:
        if check.kind == "stop" and not check.fired and not verbose:
            continue  # the stop criteria that did not fire: --verbose shows them
        lines += _rule_lines(check)
    # decision.missing repeats the [unknown] criteria of the rules listed above: not again.
    lines += [_wrap(f"warning: {warning}") for warning in decision.warnings]
    return lines


_FIRED = {True: "fired", False: "did not fire", None: "undecided"}


def _rule_lines(check: RuleCheck) -> list[str]:
    """A rule checked, then each of its criteria with the dates that decided it."""
    state = _FIRED[check.fired]
    if check.fired and not check.applicable:
        state = "criteria met, but it does not apply"
    extra = f"; {check.note}" if check.note else ""
    lines = [f"  {check.kind} rule {check.rule}: {state}{extra}"]
    for c in check.checks:
        when = f" ({', '.join(d.isoformat() for d in c.dates)})" if c.dates else ""
        lines.append(f"    [{_MARK[c.met]}] {c.criterion.describe()}: {c.explanation}{when}")
    return lines


present_as_public(globals())
