"""The variables a protocol's conditions read (paths.py), declared where a clinical
reasoning engine finds them: FHIR's ``variable`` extension, an ``Expression`` with a name,
on the PlanDefinition (what every condition reads) and on each exercise's action (its own
sessions and level). The Extensions Pack defines that extension for PlanDefinition and
PlanDefinition.action (https://hl7.org/fhir/extensions/StructureDefinition-variable.html).

The patient's data come as FHIR searches (``application/x-fhir-query``, ``{{%subject.id}}``
being the patient the plan is applied to); what is derived from them, as FHIRPath over the
variables declared before it, in order. docs/fhir.md lists them."""

from __future__ import annotations

from typing import Any

from rehabkit._core.i18n import N_, gettext
from rehabkit._formats.fhir.ids import activity_canonical, plan_definition_canonical
from rehabkit._formats.fhir.paths import literal
from rehabkit._formats.fhir.terms import LOINC, PAIN_SCORE, Canon
from rehabkit._model.protocol import Protocol

VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
_QUERY = "application/x-fhir-query"
_FHIRPATH = "text/fhirpath"
#: The results a patient's data stand on (log_from_fhir reads the same).
_STANDING = "final,amended,corrected,preliminary"


def _variable(name: str, language: str, expression: str, description: str) -> dict[str, Any]:
    return {
        "url": VARIABLE,
        "valueExpression": {
            "name": name,
            "language": language,
            "expression": expression,
            "description": gettext(description),
        },
    }


def protocol_variables(
    protocol: Protocol, canon: Canon, version: str, measured: str
) -> list[dict[str, Any]]:
    """What every condition of the protocol reads: the patient's CarePlan of it, their
    session and measurement Observations, newest first, and the day of evaluation."""
    patient = "subject={{%subject.id}}"
    found = [
        _variable(
            "carePlan", _QUERY,
            f"CarePlan?{patient}&instantiates-canonical="
            f"{plan_definition_canonical(canon, protocol)}&status=active",
            N_("The patient's active CarePlan of this protocol (its period and plan events)."),
        ),
        _variable(
            "allSessions", _QUERY,
            f"Observation?{patient}&code={LOINC}|{PAIN_SCORE}&status={_STANDING}&_sort=-date",
            N_("Every session Observation of the patient, newest first."),
        ),
        _variable(
            "measurements", _QUERY,
            f"Observation?{patient}&code={measured}|&status={_STANDING}&_sort=-date",
            N_("The patient's measurements of this protocol, newest first."),
        ),
        _variable("asOf", _FHIRPATH, "today()", N_("The day the conditions are evaluated for.")),
    ]  # fmt: skip
    if version == "R5":  # a plan's dose and level live on its ServiceRequests in R5
        found.append(
            _variable(
                "serviceRequests", _QUERY,
                f"ServiceRequest?{patient}&based-on=CarePlan/{{{{%carePlan.id}}}}",
                N_("The exercises of the patient's CarePlan, each with its dose and level."),
            )
        )  # fmt: skip
    return found


def exercise_variables(
    protocol: Protocol, exercise: str, canon: Canon, version: str
) -> list[dict[str, Any]]:
    """What an exercise's own conditions read: the day its current level began, and its
    sessions since then, newest first."""
    definition = literal(activity_canonical(canon, protocol, exercise))
    planned = "%carePlan.activity.detail" if version == "R4" else "%serviceRequests"
    level = canon.extension("exercise-level-start")
    on = canon.extension("observation-exercise")
    return [
        _variable(
            "levelStart", _FHIRPATH,
            f"{planned}.where(instantiatesCanonical = {definition})"
            f".extension({literal(level)}).value.first()",
            N_("The day this exercise's current level began in the patient's plan."),
        ),
        _variable(
            "sessions", _FHIRPATH,
            f"%allSessions.where(extension({literal(on)}).value = {definition}"
            " and effective.toString().substring(0, 10) >= %levelStart.toString())",
            N_("This exercise's session Observations since its level began, newest first."),
        ),
    ]  # fmt: skip
