"""The handout's content as plain data: one view model that the PDF and HTML exporters
both print, so the two never say different things.

Each part is a small function of the protocol (and the plan, when there is one). Text
for the patient and notes for the clinician are kept apart: the clinician's notes go to
their own section at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from attrs import frozen

from rehabkit._core.errors import ExportError, OptionError
from rehabkit._core.i18n import (
    N_,
    format_long_date,
    format_short_date,
    gettext,
    is_right_to_left,
    ngettext,
    speaking,
)
from rehabkit._core.language_tag import read_tag
from rehabkit._model.criteria import Criterion
from rehabkit._model.dosage import Dosage, Frequency
from rehabkit._model.exercise import Exercise, JointAngle
from rehabkit._model.metrics import METRICS, MetricKind, kind_of
from rehabkit._model.plan import Clinician, Plan, with_measures
from rehabkit._model.protocol import Protocol
from rehabkit._model.rules import Phase, StopCriterion
from rehabkit._model.terms import (
    URGENCY_ORDER,
    Direction,
    Effect,
    Laterality,
    Limb,
    Metric,
    NameOrigin,
    Scope,
    Symptom,
    Urgency,
)
from rehabkit._model.words import _fmt_time, join_phrases
from rehabkit._plan.personalise import plan_item
from rehabkit._view.handout_dose import (
    card_dose,
    dose_in_short,
    glance_for,
    how_often_line,
    shared_frequency,
)
from rehabkit._view.handout_media import media_blocks, replaces_drawing
from rehabkit._view.handout_size import refuse_long_handout
from rehabkit._view.handout_sources import cited_in, source_list
from rehabkit._view.illustrate.key import figure_key
from rehabkit._view.kept_drawings import kept_figures
from rehabkit._view.log_blocks import log_blocks
from rehabkit._view.log_calendar import calendar_words, short_time, week_end
from rehabkit._view.log_schedule import Course, courses
from rehabkit._view.log_words import DASH_MEANS, EFFORT_ASKS, SYMPTOM_LABELS, log_intro
from rehabkit._view.positions import angle_words, position_words
from rehabkit._view.stages import (
    gate_notes,
    outcome_line,
    phase_dose_lines,
    plan_frequency,
    start_line,
)
from rehabkit._view.warning_signs import act_now, logged_symptoms

BLANK_LOG_ROWS = 14
BLANK_SYMPTOM_ROWS = 8

#: An example protocol's handout (format 1.2 ``example``) says so above everything else, and
#: in the footer of every page.
EXAMPLE_LINE = N_(
    "This is an example written to teach how protocols are made. It is not for patients:"
    " do not follow it."
)
EXAMPLE_FOOTER = N_("Example, not for patients:")

# Translated when a handout is made (N_ only marks them for the catalogs).
LABELS = {
    "glance": N_("Your programme at a glance"),
    "exercises": N_("Your exercises"),
    "dose": N_("How much"),
    "position": N_("Position"),
    "equipment": N_("You need"),
    "leg": N_("Which leg"),
    "arm": N_("Which arm"),
    "way": N_("Which side"),
    "start": N_("Starting position"),
    "steps": N_("What to do"),
    "feel": N_("You should feel"),
    "easier": N_("To make it easier"),
    "harder": N_("To make it harder"),
    "careful": N_("Take care"),
    "progression": N_("Moving on"),
    "log": N_("Your exercise log"),
    "date": N_("Date"),
    "warning": N_("Warning signs"),
    "about": N_("About this handout"),
    "sources": N_("Sources"),
    "clinician": N_("For your physiotherapist"),
    "page": N_("Page"),
    "of": N_("of"),
    "urgent_help": N_("Where to get urgent help"),
    "your_details": N_("Your details"),
    "not_due": N_("not due"),
    "when_told": N_("when your physiotherapist says"),
}
# The label of the sentence that says which limb (or, for the trunk or neck, which side).
_LIMB_LABEL = {Limb.LEG: "leg", Limb.ARM: "arm", Limb.NONE: "way"}
SIDE_NAMES = {
    Laterality.LEFT: N_("Left"),
    Laterality.RIGHT: N_("Right"),
    Laterality.BOTH: N_("Both"),
}


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
        # A later exercise is shown as it will enter this person's plan, at their measures.
        later = plan_item(self.protocol, ex.id, self.plan.frequency).dosage
        return with_measures(later, self.plan.measures)

    def angles(self, ex: Exercise) -> tuple[JointAngle, ...]:
        if self.plan is not None:
            for item in self.plan.exercises:
                if item.exercise == ex.id:
                    return item.joint_angles
        return ex.joint_angles


def long_date(day: dt.date) -> str:
    return format_long_date(day)


def _log_date(day: dt.date) -> str:
    return format_short_date(day)


def _count(value: Any) -> str:
    return "-" if value is None else str(value)


# --------------------------------------------------------------------------- the parts


def meta(s: Setting) -> dict[str, Any]:
    """The document's title, authors, subject, keywords, date and language."""
    protocol, plan = s.protocol, s.plan
    subject = gettext("Exercise handout: {condition}").format(condition=protocol.condition.name)
    if plan is not None and plan.patient:
        subject = gettext("Exercise handout: {condition}, for {patient}").format(
            condition=protocol.condition.name, patient=plan.patient
        )
    day = plan.start if plan is not None else protocol.last_reviewed
    tag = read_tag(protocol.language)
    return {
        "title": protocol.title,
        "author": [a.name for a in protocol.authors],
        "subject": subject,
        "keywords": [
            gettext("rehabilitation"),
            gettext("exercise"),
            protocol.condition.name,
            *protocol.condition.aliases,
        ],
        "date": [day.year, day.month, day.day],
        # Typst takes an ISO 639 language and an ISO 3166-1 region, no other subtag.
        "lang": tag.language,
        "dir": "rtl" if is_right_to_left(protocol.language) else "ltr",
        "region": tag.region,
        "language": tag.tag,
        "cited_in": cited_in(protocol),
    }


def patient_rows(s: Setting) -> list[list[str]] | None:
    """Who the plan is for, the side, the dates, the phase and the clinician."""
    plan = s.plan
    if plan is None:
        return None
    rows = [[gettext("For"), plan.patient or "-"]]
    if plan.patient_id:
        rows.append([gettext("Reference"), plan.patient_id])
    rows += _schedule_rows(plan, mixed=len(_frequencies(s)) > 1)
    rows += [[_event_name(s.protocol, e.id), long_date(e.date)] for e in plan.events]
    phase = plan.current_phase()
    if phase is not None:
        rows.append([gettext("Phase"), phase.name])
    if plan.clinician:
        rows.append([gettext("Clinician"), _clinician(plan.clinician)])
    return rows


def _schedule_rows(plan: Plan, *, mixed: bool) -> list[list[str]]:
    """The side, the first and last days, and how often: for a mixed schedule (some
    exercises three times a day, a walk once a day) one frequency would be wrong for some
    exercises, so the row points to the table instead."""
    side = SIDE_NAMES.get(plan.side)
    weeks = ngettext("{date} ({weeks} week)", "{date} ({weeks} weeks)", plan.weeks)
    often = (
        gettext("not the same for every exercise; see the table")
        if mixed
        else plan_frequency(plan).describe()
    )
    # A programme for the trunk or neck alone has no side to treat: a side row would only
    # puzzle the patient (a plan file written by hand may still name one).
    side_row = [[gettext("Side"), gettext(side) if side else gettext("Not stated")]]
    return [
        *(side_row if plan.protocol.sided else []),
        [gettext("Starts"), long_date(plan.start)],
        [gettext("Ends"), weeks.format(date=long_date(plan.end), weeks=plan.weeks)],
        [gettext("How often"), often],
    ]


def _frequencies(s: Setting) -> set[str]:
    """How often each exercise in play is done, in words; "-" for one with no frequency."""
    found = set()
    for ex in s.in_play():
        frequency = s.dose(ex).frequency
        found.add(frequency.describe() if frequency else "-")
    return found


def _shared(s: Setting) -> Frequency | None:
    """The frequency every exercise in play shares, said once in the glance."""
    return shared_frequency(s.dose(ex).frequency for ex in s.in_play())


def _event_name(protocol: Protocol, event_id: str) -> str:
    """The protocol's name for an event of the plan; its id if the protocol has none."""
    return next((e.name for e in protocol.events if e.id == event_id), event_id)


def _clinician(clinician: Clinician) -> str:
    """The clinician's name and contact, "Name (contact)", or whichever there is."""
    who = clinician.name or ""
    if clinician.contact:
        who = f"{who} ({clinician.contact})" if who else clinician.contact
    return who


def _flare_up_lines(protocol: Protocol) -> list[str]:
    flare = protocol.pain_guidance.flare_up
    if flare is None:
        return []
    return [
        gettext("If pain rises: {advice}").format(advice=flare.advice),
        gettext("Starting again after a stop: {restart}").format(restart=flare.restart),
        gettext("Who to contact: {contact}").format(contact=flare.contact),
    ]


def safety(s: Setting) -> dict[str, Any]:
    """The pain rules and when to stop: each said once, most urgent first, and where to
    get urgent help in the person's region."""
    protocol = s.protocol
    ordered = sorted(protocol.stop_criteria, key=lambda c: URGENCY_ORDER.index(c.urgency))
    help_entry = protocol.urgent_help_for(s.plan.region if s.plan is not None else None)
    # A hold (format 1.2) keeps the exercises going: listing it under "stop" would tell
    # the person to stop what their physiotherapist wants them to keep doing.
    holds = [_stop_line(c) for c in ordered if c.effect is Effect.HOLD]
    return {
        "title": gettext("Pain and safety: read this first"),
        "pain": protocol.pain_guidance.summary,
        "limits": [c.describe() for c in protocol.pain_guidance.limits] + _flare_up_lines(protocol),
        "stop_title": gettext("When to stop and get help")
        if any(c.urgency is not Urgency.STOP_EXERCISE for c in ordered if c.effect is Effect.STOP)
        else gettext("When to stop"),
        "stop": [_stop_line(c) for c in ordered if c.effect is Effect.STOP],
        "hold_title": gettext("When to keep going, but not make the exercises harder")
        if holds
        else None,
        "hold": holds,
        "urgent_help": help_entry.text if help_entry is not None else None,
    }


def _stop_line(criterion: StopCriterion) -> dict[str, Any]:
    return {"urgent": criterion.urgency is Urgency.URGENT, "text": criterion.text}


def glance(s: Setting) -> dict[str, Any]:
    """One row per exercise in play: sets, repetitions and how often."""
    rows = []
    often: set[str] = set()
    for ex in s.in_play():
        dose = s.dose(ex)
        amount = dose_in_short(dose)
        when = dose.frequency.describe() if dose.frequency else "-"
        if dose.frequency:
            often.add(when)
        rows.append([ex.name, amount, when])
    if len(often) > 1 or (often and any(row[2] == "-" for row in rows)):
        # A mixed schedule: one heading would be wrong for some exercises.
        how_often = gettext("How often: not the same for every exercise; see the table.")
    else:
        # Said once above the table: a column repeating it on every row is only noise.
        return {
            "how_often": how_often_line(_shared(s)),
            "header": [gettext("Exercise"), gettext("Sets x repetitions")],
            "rows": [row[:2] for row in rows],
        }
    return {
        "how_often": how_often,
        "header": [gettext("Exercise"), gettext("Sets x repetitions"), gettext("How often")],
        "rows": rows,
    }


def _status_note(protocol: Protocol, ex: Exercise, active: set[str]) -> str:
    """Why an exercise the plan does not use now is in the handout."""
    phase = protocol.phase_of(ex.id)
    if phase is not None and protocol.phases.index(phase) > 0:
        return gettext(
            "Part of a later phase, \u201c{phase}\u201d: your physiotherapist will tell"
            " you when to start it."
        ).format(phase=phase.name)
    progress = [r for r in protocol.progression_rules if r.direction is Direction.PROGRESS]
    for rule in progress:
        if rule.exercise == ex.id and rule.to_exercise in active:
            target = protocol.exercise(rule.to_exercise).name
            return gettext(
                "You have moved on from this exercise to the {exercise}. Come back to it"
                " only if your physiotherapist tells you to."
            ).format(exercise=target)
    for rule in progress:
        if rule.to_exercise == ex.id:
            source = protocol.exercise(rule.exercise).name
            return gettext(
                "Later in your programme, in place of the {exercise}: your physiotherapist"
                " will tell you when."
            ).format(exercise=source)
    return gettext(
        "Not part of your programme at the moment: your physiotherapist will tell you when."
    )


def _figures(s: Setting) -> dict[str, dict[str, Any]]:
    """Each posed exercise drawn as prescribed for this plan: SVG and its description
    (``panels``: a two-panel drawing, up to twice as wide, for a card to give room); kept
    from an earlier export of the same drawings where there was one."""
    document: Protocol | Plan = s.plan if s.plan is not None else s.protocol
    return kept_figures(document)


def exercises(s: Setting, *, figures: bool = True) -> list[dict[str, Any]]:
    """Every exercise, written for the person's side, with its dose and position, and
    its picture (``figures``) where it has a pose."""
    active = {ex.id for ex in s.in_play()}
    drawn = _figures(s) if figures else {}
    return [
        _exercise_block(s, number, original, active, drawn)
        for number, original in enumerate(s.protocol.exercises, 1)
    ]


def _exercise_block(
    s: Setting,
    number: int,
    original: Exercise,
    active: set[str],
    drawn: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """One exercise as the handout prints it; ``active`` are the exercises in play."""
    ex = original.for_side(s.side)
    return {
        "id": ex.id,
        "heading": f"{number}. {ex.name}",
        "later": None if ex.id in active else _status_note(s.protocol, ex, active),
        "dose": card_dose(s.dose(original), _shared(s))
        or gettext("as agreed with your physiotherapist"),
        "position": gettext("; ").join(position_words(a) for a in s.angles(original)) or None,
        "equipment": join_phrases(_equipment(ex)) or None,
        "leg": ex.which_leg(s.side),
        "leg_label": gettext(LABELS[_LIMB_LABEL.get(ex.limb, "leg")]),
        "start": ex.starting_position,
        "steps": list(ex.steps),
        "feel": ex.feel,
        "easier": list(ex.easier),
        "harder": list(ex.harder),
        "safety": list(ex.safety),
        "figure": None if replaces_drawing(ex) else drawn.get(ex.id),
        "media": media_blocks(ex),  # format 1.2: the clinic's own pictures and videos
    }


def _equipment(ex: Exercise) -> list[str]:
    """Each piece of equipment, with what can stand in for it."""
    return [
        gettext("{item} (or {alternatives})").format(
            item=e.name, alternatives=gettext(" or ").join(e.alternatives)
        )
        if e.alternatives
        else e.name
        for e in ex.equipment
    ]


def moving_on(s: Setting) -> list[str]:
    """What comes next, in plain words: the phases, and who decides."""
    start = start_line(s.protocol, s.plan)
    lines = [start] if start is not None else []
    for number, phase in enumerate(s.protocol.phases, 1):
        names = join_phrases([s.protocol.exercise(x).name for x in phase.exercises])
        text = gettext("Phase {number}, {phase}: {exercises}.").format(
            number=number, phase=phase.name, exercises=names
        )
        if phase.expected_duration is not None:
            text += " " + gettext("It usually lasts about {time}.").format(
                time=_fmt_time(phase.expected_duration)
            )
        lines.append(" ".join([text, *phase_dose_lines(s.protocol, phase)]))
    outcome = outcome_line(s.protocol)
    if outcome is not None:
        lines.append(outcome)
    if s.protocol.progression_rules or s.protocol.phases:
        lines.append(
            gettext(
                "Your physiotherapist uses your exercise log to decide when an exercise gets"
                " harder or easier. Keep filling it in, even on a bad day."
            )
        )
    return lines


# --------------------------------------------------------------------------- the paper log


# Each thing the log asks is one field of a session-log entry (docs/session-log.md), so
# what the person writes is what `assess` reads. In each exercise's own cell: done in
# full, and pain. Once a session, for the person: whether pain settled, the next morning.
def _of_kinds(*kinds: MetricKind) -> tuple[Metric, ...]:
    return tuple(m for kind in kinds for m in METRICS if kind_of(m) is kind)


_CELL_METRICS = _of_kinds(MetricKind.DOSE_DONE, MetricKind.PAIN_SCORE)
_ROW_METRICS = _of_kinds(MetricKind.TIME, MetricKind.ANSWER)
#: The question each answer the person gives once a session asks on the paper log.
#: With the word a narrow header shows, the question said in full in the log's key.
_ROW_QUESTIONS = {
    Metric.NEXT_MORNING_WORSE: (
        N_("The morning after the session: better, same or worse?"),
        N_("Morning"),
    )
}


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
        return ngettext("an hour", "{n} hours", hours).format(n=hours)
    minutes = round(seconds / 60)
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


def _row_column(metric: Metric, criteria: Sequence[Criterion]) -> dict[str, Any]:
    spec = METRICS[metric]
    if spec.kind is MetricKind.TIME:
        timed = [c.threshold() for c in criteria if c.metric is metric and c.value]
        seconds = min(timed, default=3600.0)
        return {
            "metric": metric.value, "field": spec.log_field, "kind": "yes_no",
            "within_seconds": seconds,
            "label": gettext("Pain back to usual within {time}? Yes or no").format(
                time=_plain_time(seconds)
            ),
            "short": short_time(seconds),
        }  # fmt: skip
    question, short = _ROW_QUESTIONS[metric]
    return {
        "metric": metric.value, "field": spec.log_field, "kind": "choice",
        "choices": list(spec.answers), "label": gettext(question), "short": gettext(short),
    }  # fmt: skip


def _log_rows(s: Setting, columns: Sequence[Course]) -> list[dict[str, Any]]:
    if s.plan is None:
        blank: dict[str, Any] = {"label": "", "date": None, "session": None, "week_end": False}
        blank |= {"day": "", "number": "", "month": None}
        blank["due"] = [True] * len(columns)
        return [blank | {"when_told": [False] * len(columns)} for _ in range(BLANK_LOG_ROWS)]
    slots = sorted(set().union(*(c.due | c.when_told for c in columns)))
    twice = any(n > 1 for _, n in slots)
    last = {day: n for day, n in slots}  # each day's last session: a week ends after it
    return [
        {
            "label": gettext("{date}, session {n}").format(date=_log_date(day), n=n)
            if twice
            else _log_date(day),
            "date": day.isoformat(),
            "session": n,
            "due": [(day, n) in c.due for c in columns],
            "when_told": [(day, n) in c.when_told for c in columns],
        }
        | {"week_end": week_end(day, s.plan.start, last_of_day=last[day] == n)}
        | calendar_words(day, n if twice else None)
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
    columns, notes = _columns(s)
    exercises = [c.exercise for c in columns]
    rows = _log_rows(s, columns)
    _refuse_too_many_boxes(len(rows), len(exercises))
    criteria = [c for ex in exercises for c in _criteria_for(s.protocol, ex.id)]
    read = {c.metric for c in criteria} | {Metric.FULL_DOSAGE, Metric.PAIN_DURING}
    read |= {c.versus.metric for c in criteria if c.versus is not None}
    # Pain before the session (1.2) is written first, in the order the person feels them.
    asks = sorted((m.value for m in _CELL_METRICS if m in read), key=lambda a: a != "pain_before")
    symptoms = logged_symptoms(s.protocol)
    view = _log_view(s, exercises, asks, _intro(s, asks, rows), criteria, read, rows, symptoms)
    return view | {"notes": notes}


def _intro(s: Setting, asks: list[str], rows: list[dict[str, Any]]) -> str:
    # Effort (format 1.2): asked only when a rule reads it, after the pain, in that order.
    effort = [gettext(EFFORT_ASKS[m]) for m in asks if m in EFFORT_ASKS]
    dash = any(not (d or t) for r in rows for d, t in zip(r["due"], r["when_told"], strict=True))
    intro = " ".join([log_intro(asks), *effort, *([gettext(DASH_MEANS)] if dash else [])])
    if s.plan is None:
        intro = gettext("Write the date in the first column.") + " " + intro
    return intro


def _refuse_too_many_boxes(sessions: int, exercises: int) -> None:
    boxes = sessions * exercises
    if boxes > MAX_LOG_BOXES:
        raise ExportError(
            f"this plan's paper log would hold {sessions:,} sessions × {exercises}"
            f" exercises ({boxes:,} boxes); a handout prints at most {MAX_LOG_BOXES:,}:"
            " give the plan fewer weeks (--weeks) or fewer exercises"
        )


def _columns(s: Setting) -> tuple[list[Course], list[str]]:
    """The log's exercises: for a plan, every one it may reach, with its days."""
    if s.plan is None:
        return [Course(ex, frozenset(), frozenset()) for ex in s.in_play()], []
    return courses(s.plan, s.in_play(), s.dose)


def _log_view(
    s: Setting,
    exercises: Sequence[Exercise],
    asks: list[str],
    intro: str,
    criteria: list[Criterion],
    read: set[Metric],
    rows: Any,
    symptoms: list[Symptom],
) -> dict[str, Any]:
    return {
        "intro": intro,
        # A log of one session a day may run in two halves side by side (the template
        # checks that they fit the page).
        "halves": s.plan is not None,
        "exercises": [
            {"exercise": ex.id, "label": ex.name, "asks": asks, "number": _card_number(s, ex)}
            for ex in exercises
        ],
        "columns": [_row_column(m, criteria) for m in _ROW_METRICS if m in read],
        "rows": rows,
        "act_now": act_now(s.protocol),
        "symptoms": {
            "intro": gettext(
                "If you notice any of these, write the date and tick what you noticed,"
                " then read \u201cWhen to stop and get help\u201d."
            ),
            "columns": [
                {"symptom": x.value, "label": gettext(SYMPTOM_LABELS[x])} for x in symptoms
            ],
            "rows": BLANK_SYMPTOM_ROWS if symptoms else 0,
        },
    }


def _card_number(s: Setting, ex: Exercise) -> int:
    """The number of the exercise's card, which the printed log's narrow column shows."""
    return next(n for n, e in enumerate(s.protocol.exercises, 1) if e.id == ex.id)


# --------------------------------------------------------------------------- the end matter


def notes_for_clinician(s: Setting) -> list[str]:
    """What a clinician checks and a patient need not read: where names and numbers come
    from, the progression rules in full, and the phases' entry criteria."""
    protocol = s.protocol
    notes = [note for ex in protocol.exercises for note in _exercise_notes(ex)]
    notes += gate_notes(protocol)
    notes += [_phase_note(phase) for phase in protocol.phases[1:] if phase.entry_criteria]
    notes += [f"{rule.id}: {rule.description}" for rule in protocol.progression_rules]
    return notes


def _exercise_notes(ex: Exercise) -> Iterator[str]:
    """Where an exercise's name, picture and joint angles come from, when it matters."""
    if ex.name_origin is NameOrigin.EDITOR:
        yield gettext(
            "{exercise}: the source describes this exercise without naming it;"
            " this is the name clinicians use."
        ).format(exercise=ex.name)
    if ex.pose is not None and ex.pose.origin is NameOrigin.EDITOR:
        yield gettext(
            "{exercise}: the picture is the editors' reading of the source's words."
        ).format(exercise=ex.name)
    for angle in ex.joint_angles:
        if angle.note:
            yield f"{ex.name}, {angle_words(angle)}: {angle.note}."


def _phase_note(phase: Phase) -> str:
    """When a phase starts, in full."""
    return gettext("{phase} starts when: {criteria}.").format(
        phase=phase.name,
        criteria=gettext("; ").join(c.describe() for c in phase.entry_criteria),
    )


def _based_on(protocol: Protocol) -> str:
    if protocol.based_on is None:
        return ""
    ref = protocol.reference(protocol.based_on)
    if ref.authors:
        return gettext(", based on \u201c{title}\u201d by {authors}").format(
            title=ref.title, authors=", ".join(ref.authors)
        )
    return gettext(", based on \u201c{title}\u201d").format(title=ref.title)


def about(s: Setting) -> dict[str, Any]:
    """The disclaimer, who prepared it from what, and the sources."""
    protocol = s.protocol
    authors = join_phrases([a.name for a in protocol.authors])
    prepared = gettext("Prepared by {authors}{based_on}.").format(
        authors=authors, based_on=_based_on(protocol)
    )
    reviewed = gettext("Content last reviewed {date}.").format(
        date=long_date(protocol.last_reviewed)
    )
    return {
        "disclaimer": protocol.disclaimer,
        "authors": f"{prepared} {reviewed}",
        "translation": _translation_note(protocol),
        **source_list(protocol, in_full=False),
    }


def _translation_note(protocol: Protocol) -> str | None:
    """Who translated the text, and whether a clinician has checked the translation."""
    note = protocol.translation
    if note is None:
        return None
    who = note.translator.name + (f" ({note.translator.role})" if note.translator.role else "")
    text = gettext("Translated by {translator}.").format(translator=who)
    if note.reviewed and note.reviewer is not None:
        return (
            text
            + " "
            + gettext("The translation was reviewed by {clinician}.").format(
                clinician=note.reviewer.name
            )
        )
    return (
        text
        + " "
        + gettext(
            "The translation has not been reviewed by a clinician: if anything is unclear,"
            " ask your physiotherapist."
        )
    )


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
    document: Protocol | Plan,
    *,
    large_print: bool = False,
    illustrations: bool = True,
    clinician_notes: bool = False,
) -> dict[str, Any]:
    """Everything a handout prints, as plain data (strings, lists, numbers). The notes for
    the physiotherapist (``clinician_notes``) make a clinician's copy: a patient need not
    read them, so the patient's handout leaves them out."""
    plan = document if isinstance(document, Plan) else None
    protocol = plan.protocol if plan is not None else document
    assert isinstance(protocol, Protocol)
    s = Setting(protocol, plan)
    with speaking(protocol.language):
        parts = _parts(s, large_print=large_print, illustrations=illustrations)
        if clinician_notes:
            parts["clinician"] = notes_for_clinician(s)
            parts["about"].update(source_list(protocol, in_full=True))
        parts["glance"] = glance_for(parts, [ex.id for ex in s.in_play()], clinician_notes)
        return refuse_long_handout(parts)


def _subtitle(protocol: Protocol) -> str:
    aliases = list(protocol.condition.aliases)
    return protocol.condition.name + (f" ({join_phrases(aliases)})" if aliases else "")


def _parts(s: Setting, *, large_print: bool, illustrations: bool) -> dict[str, Any]:
    protocol = s.protocol
    drawn = exercises(s, figures=illustrations)
    log = paper_log(s)
    # Large print's log may run in blocks of days across (the template measures whether).
    log["blocks"] = log_blocks(log["rows"], s.plan.start if s.plan and large_print else None)
    return {
        "meta": meta(s),
        "large_print": large_print,
        "labels": {key: gettext(text) for key, text in LABELS.items()},
        "title": protocol.title,
        "subtitle": _subtitle(protocol),
        "patient": patient_rows(s),
        "summary": protocol.summary,
        "example": gettext(EXAMPLE_LINE) if protocol.example else None,
        "supervision": protocol.supervision,
        "safety": safety(s),
        "glance": glance(s),
        "exercises": drawn,
        "key": figure_key([ex["figure"]["svg"] for ex in drawn if ex["figure"]]),
        "progression": moving_on(s),
        "log": log,
        "about": about(s),
        "clinician": [],
        "footer": (gettext(EXAMPLE_FOOTER) + " " if protocol.example else "") + protocol.title,
    }
