"""The names rehabkit's FHIR output uses: our canonical URLs under one base, our extensions
and code systems (what each means), and the external codes we rely on, with their sources."""

from __future__ import annotations

import re
from typing import Any, Literal

from attrs import frozen

from rehabkit._core.i18n import N_
from rehabkit._model.terms import Laterality, Limb, Symptom

DEFAULT_BASE = "https://rehabkit.dev/fhir"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
PAIN_SCORE = "72514-3"
REVIEW_CODE = "clinician-review"
"""Our code for a clinician's review of the patient (it ends a stop that asked for one)."""
PAIN_SCORE_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
#: The core extension that links a body site to a BodyStructure (R4 and R5).
BODY_SITE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/bodySite"

# SNOMED CT laterality qualifiers: HL7's structure-laterality value set
# (http://hl7.org/fhir/ValueSet/structure-laterality-vs).
LATERALITY_QUALIFIER: dict[Laterality, tuple[str, str]] = {
    Laterality.LEFT: ("7771000", "Left"),
    Laterality.RIGHT: ("24028007", "Right"),
    Laterality.BOTH: ("51440002", "Right and left"),
}

#: The limb an exercise works (format 1.2) as a SNOMED CT body structure, for the bodySite of
#: its ActivityDefinition and ServiceRequest: <http://snomed.info/id/61685007> and
#: <http://snomed.info/id/53120007>. An exercise of the trunk or neck (limb: none) has none.
LIMB_SITE: dict[Limb, tuple[str, str, str]] = {
    Limb.LEG: ("61685007", "Lower limb structure", "lower limb"),
    Limb.ARM: ("53120007", "Upper limb structure", "upper limb"),
}


def limb_site(limb: Limb, side: str) -> list[dict[str, Any]]:
    """The bodySite of an exercise of ``limb``, its text naming the ``side`` it works
    ("left" or "right" in a plan; otherwise the limb alone)."""
    if limb not in LIMB_SITE:
        return []
    code, display, words = LIMB_SITE[limb]
    text = f"{side.capitalize()} {words}" if side in ("left", "right") else words.capitalize()
    return [{"coding": [{"system": SNOMED, "code": code, "display": display}], "text": text}]


def machine_name(text: str) -> str:
    """A FHIR ``name``: letters and digits, starting with a capital letter."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Protocol"
    return name if name[0].isalpha() else f"P{name}"


@frozen
class Canon:
    """Every canonical URL of one export, under ``base`` (``https://rehabkit.dev/fhir``
    unless the exporter's ``canonical_base`` option says otherwise)."""

    base: str = DEFAULT_BASE

    def extension(self, name: str) -> str:
        """The canonical URL of one of our extensions."""
        return f"{self.base}/StructureDefinition/{name}"

    def code_system(self, name: str) -> str:
        """The canonical URL of one of our code systems."""
        return f"{self.base}/CodeSystem/{name}"

    def resource(self, kind: str, resource_id: str) -> str:
        """The canonical URL of a protocol's PlanDefinition, ActivityDefinition, ..."""
        return f"{self.base}/{kind}/{resource_id}"

    def identifier_system(self, what: str) -> str:
        """The identifier system of the plans (or patients) rehabkit itself names."""
        return f"{self.base}/identifier/{what}"


ValueType = Literal[
    "integer", "Range", "Duration", "Quantity", "code", "string", "canonical", "date", "Complex"
]


@frozen
class ExtensionSpec:
    """One of our extensions: where it may appear, its value types and what it means."""

    name: str
    title: str
    description: str
    contexts: tuple[str, ...]
    types: tuple[ValueType, ...]
    parts: tuple[tuple[str, ValueType, str], ...] = ()  # (url, type, meaning) of a complex one
    repeating: frozenset[str] = frozenset()  # the parts that may appear more than once
    repeats: bool = False  # may appear more than once on one element


_DOSE_CONTEXTS = (
    "ActivityDefinition",
    "CarePlan.activity.detail",
    "ServiceRequest",
    "PlanDefinition.action",
)
_COUNT: tuple[ValueType, ...] = ("integer", "Range")
_AMOUNT: tuple[ValueType, ...] = ("Duration", "Quantity", "Range")

EXTENSIONS: tuple[ExtensionSpec, ...] = (
    ExtensionSpec("exercise-sets", "Sets", "How many sets of the exercise, or a range.",
                  _DOSE_CONTEXTS, _COUNT),
    ExtensionSpec("exercise-repetitions", "Repetitions",
                  "How many repetitions in each set, or a range.", _DOSE_CONTEXTS, _COUNT),
    ExtensionSpec("exercise-hold", "Hold", "How long each repetition is held (UCUM time).",
                  _DOSE_CONTEXTS, _AMOUNT),
    ExtensionSpec("exercise-rest", "Rest", "The rest between sets (UCUM time).",
                  _DOSE_CONTEXTS, _AMOUNT),
    ExtensionSpec("exercise-load", "Load", "The external load, e.g. 5 kg in a backpack.",
                  _DOSE_CONTEXTS, _AMOUNT),
    ExtensionSpec("exercise-load-increment", "Load increment",
                  "How much load is added at each progression.", _DOSE_CONTEXTS, _AMOUNT),
    ExtensionSpec("exercise-load-maximum", "Load maximum",
                  "The most load the protocol prescribes.", _DOSE_CONTEXTS, _AMOUNT),
    ExtensionSpec("exercise-contraction", "Contraction",
                  "The kind of muscle work: isometric, concentric, eccentric or "
                  "concentric_eccentric.", _DOSE_CONTEXTS, ("code",)),
    ExtensionSpec("exercise-return-with", "Return with",
                  "How an eccentric-only exercise returns to its start: other_side or "
                  "both_sides.", _DOSE_CONTEXTS, ("code",)),
    ExtensionSpec("exercise-tempo", "Tempo",
                  "Seconds lowering, pausing and lifting, written lower-pause-lift (3-0-1).",
                  _DOSE_CONTEXTS, ("string",)),
    ExtensionSpec("exercise-pain-max", "Pain ceiling",
                  "The most pain (0-10 rating) acceptable while doing this exercise.",
                  _DOSE_CONTEXTS, ("integer",)),
    ExtensionSpec("exercise-distance", "Distance",
                  "How far to go, e.g. 2 km of walking (UCUM m or km) (format 1.2).",
                  _DOSE_CONTEXTS, ("Quantity", "Range")),
    ExtensionSpec("exercise-speed", "Speed",
                  "How fast, e.g. 5 km/h on a treadmill (UCUM km/h or m/s) (format 1.2).",
                  _DOSE_CONTEXTS, ("Quantity", "Range")),
    ExtensionSpec("exercise-range", "Range of movement",
                  "How far to move the joint, the arc allowed (UCUM deg) (format 1.2).",
                  _DOSE_CONTEXTS, ("Quantity", "Range")),
    ExtensionSpec("exercise-load-level", "Resistance level",
                  "The load's resistance level, 1 the lightest (a band's colour, a machine's "
                  "setting; the load's description names it) (format 1.2).",
                  _DOSE_CONTEXTS, ("integer",)),
    ExtensionSpec("exercise-load-rm", "Repetition maximum",
                  "The load as a repetition maximum: 10 is the heaviest weight the person can "
                  "lift 10 times (1-30) (format 1.2).",
                  _DOSE_CONTEXTS, ("integer",)),
    ExtensionSpec("exercise-rpe", "Effort target",
                  "How hard to work: rating of perceived exertion, Borg CR10 (0-10), or a "
                  "range (format 1.2).", _DOSE_CONTEXTS, _COUNT),
    ExtensionSpec("exercise-reps-in-reserve", "Repetitions in reserve",
                  "Repetitions to keep in reserve at the end of each set (0 is to the limit), "
                  "or a range (format 1.2).", _DOSE_CONTEXTS, _COUNT),
    ExtensionSpec("exercise-limb", "Limb",
                  "The limb the exercise works (format 1.2): leg, arm, or none (the trunk or "
                  "neck).", _DOSE_CONTEXTS, ("code",)),
    ExtensionSpec("exercise-side", "Side",
                  "Which leg (or arm) the exercise works. In a protocol: affected, each or "
                  "both; in a plan, the side resolved: left, right or both.",
                  _DOSE_CONTEXTS, ("code",)),
    ExtensionSpec("exercise-joint-angle", "Joint angle",
                  "A joint position the exercise asks for now, e.g. knee flexion 60 deg: it "
                  "changes as the plan advances. One per joint.",
                  ("CarePlan.activity.detail", "ServiceRequest"), ("Complex",),
                  parts=(("joint", "code", "The joint: knee, hip, ankle, ..."),
                         ("motion", "code", "The movement the angle is measured in."),
                         ("angle", "Range", "The angle in UCUM deg: low and high are equal for "
                          "one value.")),
                  repeats=True),
    ExtensionSpec("exercise-level-start", "Level start",
                  "The first day of the exercise's current level in a plan: only sessions "
                  "from it on count towards moving on (a condition's %levelStart).",
                  ("CarePlan.activity.detail", "ServiceRequest"), ("date",)),
    ExtensionSpec("plan-side", "Plan side",
                  "The side of the body the plan treats: left, right, both or unspecified.",
                  ("CarePlan",), ("code",)),
    ExtensionSpec("plan-event", "Plan event",
                  "A dated event the protocol times things from, such as the day of surgery.",
                  ("CarePlan",), ("Complex",),
                  parts=(("event", "code", "The protocol's id of the event."),
                         ("date", "date", "The day it happened."))),
    ExtensionSpec("exercise-change", "Parameter change",
                  "What a progression or regression rule changes, as data a system can "
                  "apply: add step to parameter (in unit) each time, never beyond limit.",
                  ("PlanDefinition.action",), ("Complex",),
                  parts=(("parameter", "code",
                          "sets, repetitions, hold, load or joint_angle; since format 1.2 "
                          "also duration, distance, speed, range, rest, load_level, rpe, "
                          "reps_in_reserve, percent_max_effort or rm."),
                         ("joint", "code", "For joint_angle: the joint."),
                         ("step", "Quantity", "What is added each time (negative to take away)."),
                         ("limit", "Quantity", "The value never gone beyond."),
                         ("value", "Quantity",
                          "Instead of step and limit (format 1.2): the ladder's values, in the "
                          "order the rule moves through them; each change moves to the next "
                          "value past the current one."),
                         ("to-exercise", "canonical",
                          "Instead of a change: the exercise that replaces this one.")),
                  repeating=frozenset({"value"})),
    ExtensionSpec("observation-exercise", "Exercise observed",
                  "The ActivityDefinition of the exercise a session Observation reports on.",
                  ("Observation",), ("canonical",)),
    ExtensionSpec("observation-session", "Session number",
                  "Which session of the day (1, 2, ...) an Observation reports on.",
                  ("Observation",), ("integer",)),
)  # fmt: skip

#: Our code system for the facts of a logged session and the parameters of a dose:
#: code -> (display, definition).
SESSION_CODES: dict[str, tuple[str, str]] = {
    "sets": (N_("Sets"), "The number of sets prescribed."),
    "repetitions": (N_("Repetitions"), "The number of repetitions in each set prescribed."),
    "hold": (N_("Hold"), "How long each repetition is held."),
    "rest": (N_("Rest"), "The rest between sets."),
    "pain-after": (N_("Pain after exercise"), "Pain (0-10) soon after the session."),
    "pain-before": (N_("Pain before exercise"), "Pain (0-10) just before the session."),
    "pain-settle-time": (
        N_("Time for pain to settle"),
        "Minutes until pain was back to its usual level after the session.",
    ),
    "next-morning": (
        N_("Next morning"),
        "How the painful part felt the next morning, compared with usual.",
    ),
    "better": (N_("Better"), "Better than usual."),
    "same": (N_("Same"), "The same as usual."),
    "worse": (N_("Worse"), "Worse than usual."),
    "sets-done": (N_("Sets done"), "The number of sets done."),
    "repetitions-done": (N_("Repetitions done"), "The fewest repetitions done in any set."),
    "hold-done": (N_("Hold done"), "How long each repetition was held, in seconds."),
    "duration-done": (N_("Duration done"), "How long the exercise was done, in seconds."),
    "distance-done": (N_("Distance done"), "How far the person went, in metres (format 1.2)."),
    "load-used": (N_("Load used"), "The external load used."),
    "effort": (
        N_("Effort"),
        "How hard the session felt: rating of perceived exertion, Borg CR10 (0-10).",
    ),
    "reps-in-reserve": (
        N_("Repetitions in reserve"),
        "How many more repetitions could have been done at the end of the hardest set.",
    ),
    REVIEW_CODE: (
        N_("Clinician review"),
        "A clinician reviewed the patient; it ends a stop that asked for a review.",
    ),
    "symptom": (N_("Symptom"), "A warning symptom reported that day (the value says which)."),
    **{
        s.value: (s.value.replace("_", " ").capitalize(), f"The patient reported {s.value}.")
        for s in Symptom
    },
}

#: Our code systems: name -> (title, description).
CODE_SYSTEMS = {
    "exercise-parameter": (
        "Exercise session codes",
        "The parameters of an exercise dose and the facts a patient logs after a session.",
    ),
}
PARAMETER_SYSTEM_NAME = "exercise-parameter"
