"""The handout's content as plain data: one view model that the PDF and HTML exporters
both print, so the two never say different things.

Each part is a small function of the protocol (and the plan, when there is one). Text
for the patient and notes for the clinician are kept apart: the clinician's notes go to
their own section at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from attrs import frozen

from rehabkit._errors import ExportError, OptionError
from rehabkit._exporters.registry import Document
from rehabkit._illustration import illustrate
from rehabkit._model import (
    URGENCY_ORDER,
    Criterion,
    Direction,
    Dosage,
    Exercise,
    JointAngle,
    Laterality,
    Metric,
    NameOrigin,
    Protocol,
    Scope,
    Symptom,
    Urgency,
    _fmt_time,
)
from rehabkit._plan import Plan, plan_item

BLANK_LOG_ROWS = 14
BLANK_SYMPTOM_ROWS = 8

LABELS = {
    "glance": "Your programme at a glance",
    "exercises": "Your exercises",
    "dose": "How much",
    "position": "Position",
    "equipment": "You need",
    "leg": "Which leg",
    "start": "Starting position",
    "steps": "What to do",
    "feel": "You should feel",
    "easier": "To make it easier",
    "harder": "To make it harder",
    "careful": "Take care",
    "progression": "Moving on",
    "log": "Your exercise log",
    "date": "Date",
    "warning": "Warning signs",
    "about": "About this handout",
    "sources": "Sources",
    "clinician": "For your physiotherapist",
    "page": "Page",
    "of": "of",
    "urgent_help": "Where to get urgent help",
}
# Most urgent first: the box is read from the top.
SYMPTOM_LABELS = {
    Symptom.SWELLING: "Swelling",
    Symptom.LOCKING: "Locking",
    Symptom.GIVING_WAY: "Giving way",
    Symptom.HEAT: "Heat",
    Symptom.REDNESS: "Redness",
    Symptom.FEVER: "Fever or feeling unwell",
    Symptom.UNABLE_TO_BEAR_WEIGHT: "Cannot put weight on it",
    Symptom.NIGHT_PAIN: "Pain at night",
    Symptom.CONTINUOUS_PAIN: "Pain all the time",
}
SIDE_NAMES = {Laterality.LEFT: "Left", Laterality.RIGHT: "Right", Laterality.BOTH: "Both"}


@frozen
class Setting:
    """Who the handout is for: the protocol, and the plan when there is one."""

    protocol: Protocol
    plan: Plan | None

    @property
    def side(self) -> Laterality:
        return self.plan.side if self.plan is not None else Laterality.UNSPECIFIED

    def in_play(self) -> list[Exercise]:
        """The exercises the person does now, in the protocol's order."""
        if self.plan is None:
            ids = {e.id for e in self.protocol.initial_exercises()}
        else:
            ids = {i.exercise for i in self.plan.exercises}
        return [ex for ex in self.protocol.exercises if ex.id in ids]

    def dose(self, ex: Exercise) -> Dosage:
        if self.plan is None:
            return self.protocol.dosage_for(ex.id)
        for item in self.plan.exercises:
            if item.exercise == ex.id:
                return item.dosage
        # A later exercise is shown as it will enter this person's plan.
        return plan_item(self.protocol, ex.id, self.plan.frequency).dosage

    def angles(self, ex: Exercise) -> tuple[JointAngle, ...]:
        if self.plan is not None:
            for item in self.plan.exercises:
                if item.exercise == ex.id:
                    return item.joint_angles
        return ex.joint_angles


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _log_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _count(value: Any) -> str:
    return "-" if value is None else str(value)


def _angle(angle: JointAngle) -> str:
    return f"{angle.joint.value} bend {angle.angle}".replace(" deg", " degrees")


# --------------------------------------------------------------------------- the parts


def meta(s: Setting) -> dict[str, Any]:
    """The document's title, authors, subject, keywords, date and language."""
    protocol, plan = s.protocol, s.plan
    subject = f"Exercise handout: {protocol.condition.name}"
    if plan is not None and plan.patient:
        subject += f", for {plan.patient}"
    day = plan.start if plan is not None else protocol.last_reviewed
    language, _, region = protocol.language.partition("-")
    return {
        "title": protocol.title,
        "author": [a.name for a in protocol.authors],
        "subject": subject,
        "keywords": [
            "rehabilitation",
            "exercise",
            protocol.condition.name,
            *protocol.condition.aliases,
        ],
        "date": [day.year, day.month, day.day],
        "lang": language.lower(),
        "region": region.upper() or None,
        "language": protocol.language,
    }


def patient_rows(s: Setting) -> list[list[str]] | None:
    """Who the plan is for, the side, the dates, the phase and the clinician."""
    plan, protocol = s.plan, s.protocol
    if plan is None:
        return None
    rows = [["For", plan.patient or "-"]]
    if plan.patient_id:
        rows.append(["Reference", plan.patient_id])
    rows += [
        ["Side", SIDE_NAMES.get(plan.side, "Not stated")],
        ["Starts", long_date(plan.start)],
        ["Ends", f"{long_date(plan.end)} ({plan.weeks} weeks)"],
        ["How often", plan.frequency.describe()],
    ]
    for event in plan.events:
        name = next((e.name for e in protocol.events if e.id == event.id), event.id)
        rows.append([name, long_date(event.date)])
    phase = plan.current_phase()
    if phase is not None:
        rows.append(["Phase", phase.name])
    if plan.clinician:
        who = plan.clinician.name or ""
        if plan.clinician.contact:
            who = f"{who} ({plan.clinician.contact})" if who else plan.clinician.contact
        rows.append(["Clinician", who])
    return rows


def _flare_up_lines(protocol: Protocol) -> list[str]:
    flare = protocol.pain_guidance.flare_up
    if flare is None:
        return []
    return [
        f"If pain rises: {flare.advice}",
        f"Starting again after a stop: {flare.restart}",
        f"Who to contact: {flare.contact}",
    ]


def safety(s: Setting) -> dict[str, Any]:
    """The pain rules and when to stop: each said once, most urgent first, and where to
    get urgent help in the person's region."""
    protocol = s.protocol
    stops = sorted(protocol.stop_criteria, key=lambda c: URGENCY_ORDER.index(c.urgency))
    help_entry = protocol.urgent_help_for(s.plan.region if s.plan is not None else None)
    return {
        "title": "Pain and safety: read this first",
        "pain": protocol.pain_guidance.summary,
        "limits": [c.describe() for c in protocol.pain_guidance.limits] + _flare_up_lines(protocol),
        "stop_title": "When to stop and get help",
        "stop": [{"urgent": c.urgency is Urgency.URGENT, "text": c.text} for c in stops],
        "urgent_help": help_entry.text if help_entry is not None else None,
    }


def glance(s: Setting) -> dict[str, Any]:
    """One row per exercise in play: sets, repetitions and how often."""
    rows = []
    often: set[str] = set()
    for ex in s.in_play():
        dose = s.dose(ex)
        amount = f"{_count(dose.sets)} set{'' if dose.sets == 1 else 's'}"
        if dose.repetitions is not None:
            amount += f" x {dose.repetitions}"
        if dose.hold is not None:
            amount += f", hold {dose.hold}"
        when = dose.frequency.describe() if dose.frequency else "-"
        if dose.frequency:
            often.add(when)
        rows.append([ex.name, amount, when])
    return {
        "how_often": "How often: " + (" or ".join(sorted(often)) or "as agreed") + ".",
        "header": ["Exercise", "Sets x repetitions", "How often"],
        "rows": rows,
    }


def _status_note(protocol: Protocol, ex: Exercise, active: set[str]) -> str:
    """Why an exercise the plan does not use now is in the handout."""
    phase = protocol.phase_of(ex.id)
    if phase is not None and protocol.phases.index(phase) > 0:
        return (
            f"Part of a later phase, \u201c{phase.name}\u201d: your physiotherapist will tell"
            " you when to start it."
        )
    progress = [r for r in protocol.progression_rules if r.direction is Direction.PROGRESS]
    for rule in progress:
        if rule.exercise == ex.id and rule.to_exercise in active:
            target = protocol.exercise(rule.to_exercise).name
            return (
                f"You have moved on from this exercise to the {target}. Come back to it only"
                " if your physiotherapist tells you to."
            )
    for rule in progress:
        if rule.to_exercise == ex.id:
            source = protocol.exercise(rule.exercise).name
            return (
                f"Later in your programme, in place of the {source}: your physiotherapist"
                " will tell you when."
            )
    return "Not part of your programme at the moment: your physiotherapist will tell you when."


def _figures(s: Setting) -> dict[str, dict[str, str]]:
    """Each posed exercise drawn as prescribed for this plan: SVG and its description."""
    document: Protocol | Plan = s.plan if s.plan is not None else s.protocol
    return {i.exercise: {"svg": i.svg, "alt": i.alt} for i in illustrate(document)}


def exercises(s: Setting, *, figures: bool = True) -> list[dict[str, Any]]:
    """Every exercise, written for the person's side, with its dose and position, and
    its picture (``figures``) where it has a pose."""
    active = {ex.id for ex in s.in_play()}
    drawn = _figures(s) if figures else {}
    blocks = []
    for number, original in enumerate(s.protocol.exercises, 1):
        ex = original.for_side(s.side)
        equipment = [
            e.name + (f" (or {' or '.join(e.alternatives)})" if e.alternatives else "")
            for e in ex.equipment
        ]
        blocks.append(
            {
                "id": ex.id,
                "heading": f"{number}. {ex.name}",
                "later": None if ex.id in active else _status_note(s.protocol, ex, active),
                "dose": s.dose(original).describe() or "as agreed with your physiotherapist",
                "position": "; ".join(_angle(a) for a in s.angles(original)) or None,
                "equipment": ", ".join(equipment) or None,
                "leg": ex.which_leg(s.side),
                "start": ex.starting_position,
                "steps": list(ex.steps),
                "feel": ex.feel,
                "easier": list(ex.easier),
                "harder": list(ex.harder),
                "safety": list(ex.safety),
                "figure": drawn.get(ex.id),
            }
        )
    return blocks


def moving_on(s: Setting) -> list[str]:
    """What comes next, in plain words: the phases, and who decides."""
    lines = []
    for number, phase in enumerate(s.protocol.phases, 1):
        names = ", ".join(s.protocol.exercise(x).name for x in phase.exercises)
        text = f"Phase {number}, {phase.name}: {names}."
        if phase.expected_duration is not None:
            text += f" It usually lasts about {_fmt_time(phase.expected_duration)}."
        lines.append(text)
    if s.protocol.progression_rules or s.protocol.phases:
        lines.append(
            "Your physiotherapist uses your exercise log to decide when an exercise gets"
            " harder or easier. Keep filling it in, even on a bad day."
        )
    return lines


# --------------------------------------------------------------------------- the paper log

# Each thing the log asks is one field of a session-log entry (docs/session-log.md), so
# what the person writes is what `assess` reads. In each exercise's own cell: done in
# full, and pain. Once a session, for the person: whether pain settled, the next morning.
_CELL_METRICS = (Metric.FULL_DOSAGE, Metric.PAIN_DURING, Metric.PAIN_AFTER)
_ROW_METRICS = (Metric.PAIN_SETTLE_TIME, Metric.NEXT_MORNING_WORSE)


def _criteria_for(protocol: Protocol, exercise: str) -> Iterable[Criterion]:
    """Every criterion that reads this exercise's sessions."""
    yield from protocol.pain_guidance.limits
    for rule in protocol.progression_rules:
        if rule.exercise == exercise:
            yield from rule.criteria
    for stop in protocol.stop_criteria:
        if stop.scope is Scope.EXERCISE:
            yield from stop.criteria


def _plain_time(seconds: float) -> str:
    if seconds % 3600 == 0:
        hours = int(seconds // 3600)
        return "an hour" if hours == 1 else f"{hours} hours"
    return f"{round(seconds / 60)} minutes"


def _row_column(metric: Metric, criteria: Sequence[Criterion]) -> dict[str, Any]:
    if metric is Metric.PAIN_SETTLE_TIME:
        timed = [c.threshold() for c in criteria if c.metric is metric and c.value]
        seconds = min(timed, default=3600.0)
        return {
            "metric": metric.value, "field": "pain_settled_after", "kind": "yes_no",
            "within_seconds": seconds,
            "label": f"Pain back to usual within {_plain_time(seconds)}? Yes or no",
        }  # fmt: skip
    return {
        "metric": metric.value, "field": "next_morning", "kind": "choice",
        "choices": ["better", "same", "worse"],
        "label": "Next morning: better, same or worse?",
    }  # fmt: skip


def _sessions(s: Setting, ex: Exercise) -> list[tuple[dt.date, int]]:
    """The (day, session) pairs this exercise is done on."""
    assert s.plan is not None
    frequency = s.dose(ex).frequency or s.plan.frequency
    per_day = frequency.sessions_per_day()
    return [(day, n) for day in s.plan.session_dates(ex.id) for n in range(1, per_day + 1)]


def _log_rows(s: Setting, exercises: Sequence[Exercise]) -> list[dict[str, Any]]:
    if s.plan is None:
        blank = {"label": "", "date": None, "session": None, "due": [True] * len(exercises)}
        return [blank for _ in range(BLANK_LOG_ROWS)]
    due = {ex.id: set(_sessions(s, ex)) for ex in exercises}
    slots = sorted(set().union(*due.values()))
    twice = any(n > 1 for _, n in slots)
    return [
        {
            "label": _log_date(day) + (f", session {n}" if twice else ""),
            "date": day.isoformat(),
            "session": n,
            "due": [(day, n) in due[ex.id] for ex in exercises],
        }
        for day, n in slots
    ]


#: The most boxes (sessions × exercises) a handout's paper log prints: 20 exercises daily
#: for two years fit; 50 exercises for two years (36,400 boxes, 98 pages, 6 s and 540 MB
#: to set) do not, and are refused with what to change. docs/handouts.md states it.
MAX_LOG_BOXES = 20_000


def paper_log(s: Setting) -> dict[str, Any]:
    """One table: a row for each session, a column for each exercise in play (ticked when
    done in full, with the pain), and a column for each thing the rules read once a
    session; then the warning signs the stops read."""
    exercises = s.in_play()
    rows = _log_rows(s, exercises)
    boxes = len(rows) * len(exercises)
    if boxes > MAX_LOG_BOXES:
        raise ExportError(
            f"this plan's paper log would hold {len(rows):,} sessions × {len(exercises)}"
            f" exercises ({boxes:,} boxes); a handout prints at most {MAX_LOG_BOXES:,}:"
            " give the plan fewer weeks (--weeks) or fewer exercises"
        )
    criteria = [c for ex in exercises for c in _criteria_for(s.protocol, ex.id)]
    read = {c.metric for c in criteria} | {Metric.FULL_DOSAGE, Metric.PAIN_DURING}
    asks = [m.value for m in _CELL_METRICS if m in read]
    pain = "worst pain during it" + (" and just after it" if "pain_after" in asks else "")
    intro = (
        f"After each session, in each exercise's column tick the box if you did every set"
        f" and repetition, and write your {pain}: 0 means no pain, 10 the worst pain you"
        " can imagine. A dash means that exercise is not due that day."
    )
    if s.plan is None:
        intro = "Write the date in the first column. " + intro
    symptoms = sorted(
        {c.symptom for stop in s.protocol.stop_criteria for c in stop.criteria if c.symptom},
        key=list(Symptom).index,
    )
    return {
        "intro": intro,
        "exercises": [{"exercise": ex.id, "label": ex.name, "asks": asks} for ex in exercises],
        "columns": [_row_column(m, criteria) for m in _ROW_METRICS if m in read],
        "rows": rows,
        "symptoms": {
            "intro": "If you notice any of these, write the date and tick what you noticed,"
            " then read \u201cWhen to stop and get help\u201d.",
            "columns": [{"symptom": x.value, "label": SYMPTOM_LABELS[x]} for x in symptoms],
            "rows": BLANK_SYMPTOM_ROWS if symptoms else 0,
        },
    }


# --------------------------------------------------------------------------- the end matter


def clinician_notes(s: Setting) -> list[str]:
    """What a clinician checks and a patient need not read: where names and numbers come
    from, the progression rules in full, and the phases' entry criteria."""
    protocol = s.protocol
    notes = []
    for ex in protocol.exercises:
        if ex.name_origin is NameOrigin.EDITOR:
            notes.append(
                f"{ex.name}: the source describes this exercise without naming it;"
                " this is the name clinicians use."
            )
        if ex.pose is not None and ex.pose.origin is NameOrigin.EDITOR:
            notes.append(f"{ex.name}: the picture is the editors' reading of the source's words.")
        for angle in ex.joint_angles:
            if angle.note:
                notes.append(f"{ex.name}, {_angle(angle)}: {angle.note}.")
    for phase in protocol.phases:
        if phase.entry_criteria:
            notes.append(
                f"{phase.name} starts when: "
                + "; ".join(c.describe() for c in phase.entry_criteria)
                + "."
            )
    notes += [f"{rule.id}: {rule.description}" for rule in protocol.progression_rules]
    return notes


def _based_on(protocol: Protocol) -> str:
    if protocol.based_on is None:
        return ""
    ref = protocol.reference(protocol.based_on)
    by = f" by {', '.join(ref.authors)}" if ref.authors else ""
    return f", based on \u201c{ref.title}\u201d{by}"


def about(s: Setting) -> dict[str, Any]:
    """The disclaimer, who prepared it from what, and the sources."""
    protocol = s.protocol
    authors = ", ".join(a.name for a in protocol.authors)
    return {
        "disclaimer": protocol.disclaimer,
        "authors": f"Prepared by {authors}{_based_on(protocol)}."
        f" Content last reviewed {long_date(protocol.last_reviewed)}.",
        "sources": [r.citation() for r in protocol.sources],
    }


def check_paper(paper: object, papers: Iterable[str]) -> None:
    """The handout prints on one of ``papers`` (A4 or US Letter), named in any case."""
    if not isinstance(paper, str) or paper.lower() not in papers:
        raise OptionError(f"paper must be a4 or letter, not {paper!r}")


def check_flags(**flags: object) -> None:
    """Each on/off option is a real boolean: "yes" from a command line is an error."""
    for option, value in flags.items():
        if not isinstance(value, bool):
            raise OptionError(f"{option} must be true or false, not {value!r}")


def check_document(document: object) -> None:
    """A handout is made from a plan or a protocol, nothing else."""
    if not isinstance(document, (Plan, Protocol)):
        raise ExportError(f"cannot make a handout from {type(document).__name__}")


def view_model(
    document: Document, *, large_print: bool = False, illustrations: bool = True
) -> dict[str, Any]:
    """Everything a handout prints, as plain data (strings, lists, numbers)."""
    plan = document if isinstance(document, Plan) else None
    protocol = plan.protocol if plan is not None else document
    assert isinstance(protocol, Protocol)
    s = Setting(protocol, plan)
    return {
        "meta": meta(s),
        "large_print": large_print,
        "labels": LABELS,
        "title": protocol.title,
        "subtitle": protocol.condition.name
        + (f" ({', '.join(protocol.condition.aliases)})" if protocol.condition.aliases else ""),
        "patient": patient_rows(s),
        "summary": protocol.summary,
        "supervision": protocol.supervision,
        "safety": safety(s),
        "glance": glance(s),
        "exercises": exercises(s, figures=illustrations),
        "progression": moving_on(s),
        "log": paper_log(s),
        "about": about(s),
        "clinician": clinician_notes(s),
        "footer": protocol.title,
    }
