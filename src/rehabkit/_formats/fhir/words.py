"""The words rehabkit's FHIR output adds to a protocol's own text: the narrative's labels,
the status of a resource, the headings of the warning signs, a rule's title. Each is
marked for translation and said in the language of the export (the exporter speaks the
protocol's language), so that a Spanish or Arabic bundle mixes in no English. Codes and
the displays of code systems (SNOMED CT, LOINC, ours in the package) stay as their
systems define them."""

from __future__ import annotations

from typing import Any

from rehabkit._core.i18n import N_, gettext
from rehabkit._formats.fhir.terms import SESSION_CODES
from rehabkit._model.terms import Symptom
from rehabkit._model.words import SYMPTOM_WORDS

# The narrative's labels (narrative.py), one per fact shown.
CARE_PLAN = N_("Care plan")
FOR = N_("For")
PERIOD = N_("From")
DATES = N_("{start} to {end}")
STATUS = N_("Status")
VERSION = N_("Version")
DESCRIPTION = N_("Description")
ACTIVITY = N_("Activity")
ACTION = N_("Action")
PATIENT = N_("Patient")
THE_PATIENT = N_("the patient")
NO_NAME = N_("(no name given)")
IDENTIFIER = N_("Identifier")
CONDITION = N_("Condition")
BODY_SITE = N_("Body site")
SIDE = N_("Side")
EXERCISE = N_("Exercise")
INSTRUCTION = N_("Instruction")
OBSERVATION = N_("Observation")
DATE = N_("Date")
VALUE = N_("Value")
NOT_RECORDED = N_("not recorded")
NOTE = N_("Note")
PRACTITIONER = N_("Practitioner")
CONTACT = N_("Contact")
GOAL = N_("Goal")
TARGET = N_("Target")
AT_MOST = N_("at most {amount}")
YES = N_("yes")
NO = N_("no")
PROTOCOL = N_("Protocol")

#: The statuses rehabkit writes, in words (a receiver's code stays in the resource).
STATUSES = {
    "active": N_("active"),
    "completed": N_("completed"),
    "revoked": N_("revoked"),
    "draft": N_("draft"),
    "retired": N_("retired"),
    "final": N_("final"),
    "amended": N_("amended"),
    "cancelled": N_("cancelled"),
    "entered-in-error": N_("entered in error"),
    "on-hold": N_("on hold"),
}

#: The side of the body a plan treats, as a BodyStructure's and a body site's words.
SIDES = {"left": N_("left"), "right": N_("right"), "both": N_("both sides")}

# Headings the patient reads before the warning signs (export.py).
GET_HELP = N_("Stop and get help: {signs}")
WHEN_TO_STOP = N_("When to stop: {signs}")

# A progression rule's action, and a dose that starts with a phase (protocol.py).
RULE_TITLES = {"progress": N_("Progress: {exercise}"), "regress": N_("Regress: {exercise}")}
PHASE_DOSE_TITLE = N_("Dose from this phase: {exercise}")
PHASE_DOSE = N_("{exercise}, from this phase: {dose}")
PAIN_DURING = N_("Pain during {exercise}")
WARNING_SIGNS = N_("Warning signs: stop and get help")
WHEN_TO_START = N_("When to start")
START_WHEN = N_("Start when: {criteria}")
WHEN_COMPLETE = N_("When the programme is complete")
COMPLETE_WHEN = N_("Complete when: {criteria}")
ENTER_PHASE_WHEN = N_("Enter this phase when: {criteria}")
PHASE_ENDS_WHEN = N_("This phase ends when the next one opens: {criteria}")


def say(message: str, **values: Any) -> str:
    """``message`` in the export's language, its ``{names}`` filled in."""
    return gettext(message).format(**values) if values else gettext(message)


def code_words(code: str) -> str:
    """One of our session codes in words: its display, or the symptom it names."""
    if code in {s.value for s in Symptom}:
        words = gettext(SYMPTOM_WORDS[Symptom(code)])
        return words[:1].upper() + words[1:]
    return gettext(SESSION_CODES[code][0])


def status_words(code: str) -> str:
    """A status in words; an unknown one as its code."""
    return gettext(STATUSES[code]) if code in STATUSES else code
