"""PDF patient handouts, typeset by Typst from a template shipped with the package.

The document's text goes to the template as one JSON value (``sys.inputs``), never spliced
into markup. Tagged PDF/UA-1 by default; PDF/A-2b on request.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

from rehabkit._checks import walk
from rehabkit._errors import ExportError, OptionError
from rehabkit._exporters.registry import Document
from rehabkit._io import to_data
from rehabkit._model import (
    Direction,
    Dosage,
    Exercise,
    JointAngle,
    Laterality,
    NameOrigin,
    Protocol,
    Urgency,
    _fmt_time,
)
from rehabkit._plan import Plan, plan_item

PAPERS = {"a4": "a4", "letter": "us-letter", "us-letter": "us-letter"}
STANDARDS = {"ua-1": ["ua-1"], "a-2b": ["a-2b"], "none": []}
FONT_FAMILY = "Atkinson Hyperlegible"
BLANK_LOG_ROWS = 21
PAIN_NOTE = "write down the worst pain you felt (0 = none, 10 = worst imaginable)."

LABELS = {
    "glance": "Your programme at a glance",
    "exercises": "Your exercises",
    "dose": "How much",
    "position": "Position",
    "equipment": "You need",
    "start": "Starting position",
    "feel": "You should feel",
    "easier": "To make it easier",
    "harder": "To make it harder",
    "careful": "Take care",
    "progression": "Moving on",
    "log": "Your exercise log",
    "date": "Date",
    "pain": "Pain (0-10)",
    "about": "About this handout",
    "sources": "Sources",
    "page": "Page",
    "of": "of",
}
URGENCY = {
    Urgency.STOP_EXERCISE: "Stop the exercise",
    Urgency.SEE_CLINICIAN: "See your physiotherapist or doctor",
    Urgency.URGENT: "Get urgent medical help",
}


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _log_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _count(value: Any) -> str:
    return "-" if value is None else str(value)


def _angle(angle: JointAngle) -> str:
    text = f"{angle.joint.value} bend {angle.angle}".replace(" deg", " degrees")
    return f"{text} ({angle.note})" if angle.note else text


def _glance_row(ex: Exercise, dose: Dosage) -> list[str]:
    amount = f"{_count(dose.sets)} set{'' if dose.sets == 1 else 's'}"
    if dose.repetitions is not None:
        amount += f" x {dose.repetitions}"
    if dose.hold is not None:
        amount += f", hold {dose.hold}"
    often = dose.frequency.describe() if dose.frequency else "-"
    return [ex.name, amount, often]


def _status_note(protocol: Protocol, ex: Exercise, active: set[str]) -> str:
    """Why an exercise the plan does not use now is in the handout."""
    phase = protocol.phase_of(ex.id)
    if phase is not None and protocol.phases.index(phase) > 0:
        return (
            f"Part of a later phase, \u201c{phase.name}\u201d: your physiotherapist will tell"
            " you when to start it."
        )
    for rule in protocol.progression_rules:
        if rule.direction is not Direction.PROGRESS or not rule.to_exercise:
            continue
        if rule.exercise == ex.id and rule.to_exercise in active:
            target = protocol.exercise(rule.to_exercise).name
            return (
                f"You have moved on from this exercise to the {target}. Come back to it only"
                " if your physiotherapist tells you to."
            )
    for rule in protocol.progression_rules:
        if rule.direction is Direction.PROGRESS and rule.to_exercise == ex.id:
            source = protocol.exercise(rule.exercise).name
            return (
                f"Later in your programme, in place of the {source}: your physiotherapist"
                " will tell you when."
            )
    return "Not part of your programme at the moment: your physiotherapist will tell you when."


def _based_on(protocol: Protocol) -> str:
    if protocol.based_on is None:
        return ""
    ref = protocol.reference(protocol.based_on)
    by = f" by {', '.join(ref.authors)}" if ref.authors else ""
    return f", based on \u201c{ref.title}\u201d{by}"


def _flare_up_lines(protocol: Protocol) -> list[str]:
    flare = protocol.pain_guidance.flare_up
    if flare is None:
        return []
    return [
        f"If pain rises: {flare.advice}",
        f"Starting again after a stop: {flare.restart}",
        f"Who to contact: {flare.contact}",
    ]


def _phase_lines(protocol: Protocol) -> list[str]:
    lines = []
    for number, phase in enumerate(protocol.phases, 1):
        names = ", ".join(protocol.exercise(x).name for x in phase.exercises)
        text = f"Phase {number}, {phase.name}: {names}."
        if phase.expected_duration is not None:
            text += f" It usually lasts about {_fmt_time(phase.expected_duration)}."
        if phase.entry_criteria:
            text += (
                " It starts when: " + "; ".join(c.describe() for c in phase.entry_criteria) + "."
            )
        lines.append(text)
    return lines


def view_model(document: Document, paper: str, fonts: Sequence[str]) -> dict[str, Any]:
    """Everything the template prints, as plain data."""
    plan = document if isinstance(document, Plan) else None
    protocol = plan.protocol if plan else document
    assert isinstance(protocol, Protocol)
    in_play = {i.exercise: i for i in plan.exercises} if plan else None
    active_ids = (
        set(in_play) if in_play is not None else {e.id for e in protocol.initial_exercises()}
    )

    def dose_of(ex: Exercise) -> Dosage:
        if in_play is not None and ex.id in in_play:
            return in_play[ex.id].dosage
        if plan is not None:
            # A later exercise is shown as it will enter this person's plan.
            return plan_item(protocol, ex.id, plan.frequency).dosage
        return protocol.dosage_for(ex.id)

    def angles_of(ex: Exercise) -> tuple[JointAngle, ...]:
        if in_play is not None and ex.id in in_play:
            return in_play[ex.id].joint_angles
        return ex.joint_angles

    patient_rows: list[list[str]] | None = None
    if plan is not None:
        side = {Laterality.LEFT: "Left", Laterality.RIGHT: "Right", Laterality.BOTH: "Both"}
        patient_rows = [["For", plan.patient or "-"]]
        if plan.patient_id:
            patient_rows.append(["Reference", plan.patient_id])
        patient_rows += [
            ["Side", side.get(plan.side, "Not stated")],
            ["Starts", _long_date(plan.start)],
            ["Ends", f"{_long_date(plan.end)} ({plan.weeks} weeks)"],
            ["How often", plan.frequency.describe()],
        ]
        for event in plan.events:
            name = next((e.name for e in protocol.events if e.id == event.id), event.id)
            patient_rows.append([name, _long_date(event.date)])
        phase = plan.current_phase()
        if phase is not None:
            patient_rows.append(["Phase", phase.name])
        if plan.clinician:
            who = plan.clinician.name or ""
            if plan.clinician.contact:
                who = f"{who} ({plan.clinician.contact})" if who else plan.clinician.contact
            patient_rows.append(["Clinician", who])

    exercises = []
    for number, ex in enumerate(protocol.exercises, 1):
        later = None if ex.id in active_ids else _status_note(protocol, ex, active_ids)
        equipment = [
            e.name + (f" (or {' or '.join(e.alternatives)})" if e.alternatives else "")
            for e in ex.equipment
        ]
        note = None
        if ex.name_origin is NameOrigin.EDITOR:
            note = (
                "The source describes this exercise without naming it;"
                " this is the name clinicians use."
            )
        exercises.append(
            {
                "heading": f"{number}. {ex.name}",
                "note": note,
                "later": later,
                "dose": dose_of(ex).describe() or "as agreed with your physiotherapist",
                "position": "; ".join(_angle(a) for a in angles_of(ex)) or None,
                "equipment": ", ".join(equipment) or None,
                "start": ex.starting_position,
                "steps": list(ex.steps),
                "feel": ex.feel,
                "easier": list(ex.easier),
                "harder": list(ex.harder),
                "safety": list(ex.safety),
            }
        )

    logged = [ex for ex in protocol.exercises if ex.id in active_ids]
    columns = [str(protocol.exercises.index(ex) + 1) for ex in logged]
    legend = [f"{protocol.exercises.index(ex) + 1} = {ex.name}" for ex in logged]
    if plan is not None:
        dates = [_log_date(d) for d in plan.session_dates()]
        intro = f"Tick each exercise when you have done it, and {PAIN_NOTE}"
    else:
        dates = ["" for _ in range(BLANK_LOG_ROWS)]
        intro = f"Write the date, tick each exercise when you have done it, and {PAIN_NOTE}"

    often = sorted({f.describe() for f in (dose_of(e).frequency for e in logged) if f is not None})
    authors = ", ".join(a.name for a in protocol.authors)
    title = protocol.title
    subject = f"Exercise handout: {protocol.condition.name}"
    if plan is not None and plan.patient:
        subject += f", for {plan.patient}"
    meta_date = plan.start if plan is not None else protocol.last_reviewed
    return {
        "lang": protocol.language.split("-")[0].lower(),
        "paper": paper,
        "fonts": list(fonts),
        "labels": LABELS,
        "meta": {
            "title": title,
            "author": [a.name for a in protocol.authors],
            "subject": subject,
            "keywords": [
                "rehabilitation",
                "exercise",
                protocol.condition.name,
                *protocol.condition.aliases,
            ],
            "date": [meta_date.year, meta_date.month, meta_date.day],
        },
        "title": title,
        "subtitle": protocol.condition.name
        + (f" ({', '.join(protocol.condition.aliases)})" if protocol.condition.aliases else ""),
        "patient": patient_rows,
        "summary": protocol.summary,
        "supervision": protocol.supervision,
        "glance": {
            "how_often": "How often: " + (" or ".join(often) if often else "as agreed") + ".",
            "header": ["Exercise", "Sets x repetitions", "How often"],
            "rows": [_glance_row(ex, dose_of(ex)) for ex in logged],
        },
        "safety": {
            "title": "Pain and safety: read this first",
            "pain": protocol.pain_guidance.summary,
            "limits": [c.describe() for c in protocol.pain_guidance.limits]
            + _flare_up_lines(protocol),
            "stop_title": "When to stop and get help",
            "stop": [{"label": URGENCY[s.urgency], "text": s.text} for s in protocol.stop_criteria],
        },
        "exercises": exercises,
        "progression": _phase_lines(protocol) + [r.description for r in protocol.progression_rules],
        "log": {"intro": intro, "legend": legend, "columns": columns, "dates": dates},
        "disclaimer": protocol.disclaimer,
        "authors": f"Prepared by {authors}{_based_on(protocol)}."
        f" Content last reviewed {_long_date(protocol.last_reviewed)}.",
        "sources": [r.citation() for r in protocol.sources],
        "footer": title,
    }


def _template() -> bytes:
    return (resources.files("rehabkit._exporters") / "templates" / "handout.typ").read_bytes()


def _font_dir() -> str:
    try:
        import fontpkg_atkinson_hyperlegible as atkinson  # type: ignore[import-untyped]
    except ImportError:
        raise ExportError(
            "the pdf exporter needs the pdf extra: pip install 'rehabkit[pdf]'"
        ) from None
    return str(atkinson.ROOT / "files")


_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')


def _explain(message: str, document: Document) -> str:
    """Typst's complaint, and for a character no font has, the field that holds it and
    what to do about it."""
    found = _MISSING_GLYPH.search(message)
    if found is None:
        return f"typesetting the handout failed: {message}"
    text = found.group(1)
    codes = ", ".join(f"U+{ord(c):04X}" for c in text)
    found_in = walk(to_data(document))
    fields = [path for path, value in found_in if isinstance(value, str) and text in value]
    where = f" in {', '.join(fields[:3])}" if fields else ""
    return (
        f"no font covers {text!r} ({codes}){where}: pass font_paths= a folder with a font"
        " that has it (for Chinese, Japanese or Korean, Noto Sans CJK, for example)"
    )


class PdfExporter:
    """A printable patient handout (for a Plan) or a generic one (for a Protocol)."""

    name = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"
    requires = ("typst",)  # the modules of the pdf extra, checked by `rehabkit exporters`
    extra = "pdf"

    def export(
        self,
        document: Document,
        *,
        paper: str = "a4",
        pdf_standard: str = "ua-1",
        font_paths: Sequence[str | os.PathLike[str]] | str = (),
    ) -> bytes:
        """Typeset the handout.

        ``paper`` is "a4" (default) or "letter"; ``pdf_standard`` is "ua-1" (tagged,
        default), "a-2b" or "none"; ``font_paths`` adds folders or files of fonts for
        scripts Atkinson Hyperlegible does not cover (Typst falls back to them by glyph).
        """
        if not isinstance(paper, str) or paper.lower() not in PAPERS:
            raise OptionError(f"paper must be a4 or letter, not {paper!r}")
        if not isinstance(pdf_standard, str) or pdf_standard.lower() not in STANDARDS:
            raise OptionError(f"pdf_standard must be ua-1, a-2b or none, not {pdf_standard!r}")
        if not isinstance(font_paths, (str, os.PathLike, list, tuple)) or (
            isinstance(font_paths, (list, tuple))
            and not all(isinstance(f, (str, os.PathLike)) for f in font_paths)
        ):
            raise OptionError(
                f"font_paths must be a folder or a list of folders, not {font_paths!r}"
            )
        if not isinstance(document, (Plan, Protocol)):
            raise ExportError(f"cannot make a handout from {type(document).__name__}")
        try:
            import typst
        except ImportError:
            raise ExportError(
                "the pdf exporter needs the pdf extra: pip install 'rehabkit[pdf]'"
            ) from None
        extra = [font_paths] if isinstance(font_paths, (str, os.PathLike)) else list(font_paths)
        for path in extra:
            if not os.path.exists(path):
                raise OptionError(f"font path {os.fspath(path)!r} does not exist")
        data = view_model(document, PAPERS[paper.lower()], [FONT_FAMILY])
        try:
            compile_pdf: Any = typst.compile  # its overloads cannot be told apart statically
            pdf = compile_pdf(
                _template(),
                font_paths=[_font_dir(), *(os.fspath(p) for p in extra)],
                ignore_system_fonts=True,
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                pdf_standards=STANDARDS[pdf_standard.lower()],
            )
        except Exception as exc:  # typst raises its own error types with the message
            raise ExportError(_explain(str(exc), document)) from exc
        if not isinstance(pdf, bytes):
            raise ExportError("typst returned no PDF")
        return pdf
