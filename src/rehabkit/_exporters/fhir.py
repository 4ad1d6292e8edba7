"""FHIR R4/R5 exporter: PlanDefinition + ActivityDefinitions, or a CarePlan for one person.

FHIR has no element for sets, repetitions or hold times: they travel as our extensions
(machine-readable) and as text (so any FHIR app still shows the prescription).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from rehabkit._errors import ExportError, OptionError
from rehabkit._exporters.registry import Document
from rehabkit._io import dumps
from rehabkit._metrics import METRICS
from rehabkit._model import (
    Amount,
    Comparator,
    Count,
    Criterion,
    Direction,
    Dosage,
    Exercise,
    IntRange,
    Laterality,
    Match,
    Measurement,
    MeasurementKind,
    Metric,
    ProgressionRule,
    Protocol,
    Quantity,
    Range,
)
from rehabkit._plan import Plan

BASE = "https://rehabkit.dev/fhir"
EXT = f"{BASE}/StructureDefinition"
PARAMETER_SYSTEM = f"{BASE}/CodeSystem/exercise-parameter"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
PAIN_SCORE_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
_NAMESPACE = uuid.UUID("6f1f7f2e-3c56-5d0a-9a41-7d6f0b8c2e11")
VERSIONS = ("R4", "R5")

# criterion metric -> field of a logged session, in FHIRPath expressions (symptoms apart)
_FIELD = {m: spec.fhir for m, spec in METRICS.items() if spec.read and m is not Metric.SYMPTOM}
_UCUM_TIME = {"s": "s", "min": "min", "h": "h", "d": "d", "wk": "wk"}
_FHIRPATH_UNIT = {"s": "seconds", "min": "minutes", "h": "hours", "d": "days", "wk": "weeks"}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(parts)))


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": _num(value), "unit": unit, "system": UCUM, "code": unit}


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _amount_value(amount: Amount) -> tuple[str, dict[str, Any]]:
    unit = amount.unit.value
    if isinstance(amount, Quantity):
        key = "valueDuration" if unit in _UCUM_TIME else "valueQuantity"
        return key, _quantity(amount.value, unit)
    return "valueRange", {"low": _quantity(amount.low, unit), "high": _quantity(amount.high, unit)}


def _count_value(count: Count) -> tuple[str, Any]:
    if isinstance(count, IntRange):
        return "valueRange", {"low": {"value": count.low}, "high": {"value": count.high}}
    return "valueInteger", count


def _dosage_extensions(dose: Dosage, side: str) -> list[dict[str, Any]]:
    ext: list[dict[str, Any]] = []
    for name, count in (("sets", dose.sets), ("repetitions", dose.repetitions)):
        if count is not None:
            key, value = _count_value(count)
            ext.append({"url": f"{EXT}/exercise-{name}", key: value})
    for name, amount in (("hold", dose.hold), ("rest", dose.rest)):
        if amount is not None:
            key, value = _amount_value(amount)
            ext.append({"url": f"{EXT}/exercise-{name}", key: value})
    if dose.load is not None and dose.load.amount is not None:
        key, value = _amount_value(dose.load.amount)
        ext.append({"url": f"{EXT}/exercise-load", key: value})
    if dose.load is not None:
        for name, step in (("increment", dose.load.increment), ("maximum", dose.load.maximum)):
            if step is not None:
                key, value = _amount_value(step)
                ext.append({"url": f"{EXT}/exercise-load-{name}", key: value})
    for name, code in (("contraction", dose.contraction), ("return-with", dose.return_with)):
        if code is not None:
            ext.append({"url": f"{EXT}/exercise-{name}", "valueCode": code.value})
    if dose.tempo is not None:
        t = dose.tempo
        tempo = f"{_num(t.eccentric)}-{_num(t.pause)}-{_num(t.concentric)}"
        ext.append({"url": f"{EXT}/exercise-tempo", "valueString": tempo})
    if dose.intensity is not None and dose.intensity.pain_max is not None:
        # The pain this exercise accepts during loading, on the 0-10 rating scale.
        ext.append({"url": f"{EXT}/exercise-pain-max", "valueInteger": dose.intensity.pain_max})
    ext.append({"url": f"{EXT}/exercise-side", "valueCode": side})
    return ext


def _timing(dose: Dosage, bounds: dict[str, str] | None = None) -> dict[str, Any]:
    repeat: dict[str, Any] = {}
    if bounds:
        repeat["boundsPeriod"] = bounds
    frequency = dose.frequency
    if frequency is not None and frequency.days_per_week is not None:
        # Timing counts one period: "twice a day, 3 days a week" is 6 sessions a week.
        repeat["frequency"] = frequency.times * frequency.days_per_week
        if frequency.times_max is not None:
            repeat["frequencyMax"] = frequency.times_max * frequency.days_per_week
        repeat["period"] = 1
        repeat["periodUnit"] = "wk"
    elif frequency is not None:
        repeat["frequency"] = frequency.times
        if frequency.times_max is not None:
            repeat["frequencyMax"] = frequency.times_max
        repeat["period"] = frequency.period
        if frequency.period_max is not None:
            repeat["periodMax"] = frequency.period_max
        repeat["periodUnit"] = frequency.period_unit.value
    if dose.duration is not None:
        low = dose.duration.value if isinstance(dose.duration, Quantity) else dose.duration.low
        repeat["duration"] = _num(low)
        if isinstance(dose.duration, Range):
            repeat["durationMax"] = _num(dose.duration.high)
        repeat["durationUnit"] = dose.duration.unit.value
    return {"repeat": repeat}


_OPS = {
    Comparator.LT: "<",
    Comparator.LE: "<=",
    Comparator.EQ: "=",
    Comparator.GE: ">=",
    Comparator.GT: ">",
}


def _literal(c: Criterion) -> str:
    if c.metric in (Metric.NEXT_MORNING_WORSE, Metric.FULL_DOSAGE):
        return "true" if c.value else "false"
    return str(_num(c.threshold() if c.unit is None else c.value or 0))


def _measurement_fhirpath(c: Criterion, declared: Mapping[str, Measurement]) -> str:
    name = (c.measurement or "").replace("'", "\\'")
    last = f"%measurements.where(name = '{name}').last()"
    spec = declared.get(c.measurement or "")
    op = _OPS[c.op]
    if c.level is not None and spec is not None and c.level in spec.levels:
        # An ordinal level compares by position: list the levels that satisfy the criterion.
        at = spec.levels.index(c.level)
        ok = [lv for i, lv in enumerate(spec.levels) if c.op.holds(i, at)]
        allowed = " | ".join("'" + lv.replace("'", "\\'") + "'" for lv in ok) or "{}"
        test = f"{last}.level in ({allowed})"
    elif spec is not None and spec.kind is MeasurementKind.PRESENCE:
        test = f"{last}.present = {'true' if c.value else 'false'}"
    else:
        unit = f" '{c.unit.value}'" if c.unit is not None else ""
        test = f"{last}.value {op} {_num(c.value or 0)}{unit}"
    if c.max_age is not None and c.max_age.unit.value in _FHIRPATH_UNIT:
        age = f"{_num(c.max_age.value)} {_FHIRPATH_UNIT[c.max_age.unit.value]}"
        test = f"({test} and {last}.date >= today() - {age})"
    return test


def _criterion_fhirpath(c: Criterion, declared: Mapping[str, Measurement] | None = None) -> str:
    """One criterion as FHIRPath over %recentSessions (newest first), %planStart,
    %levelStart, %events and %measurements."""
    op = _OPS[c.op]
    if c.metric in _FIELD:
        test = f"{_FIELD[c.metric]} {op} {_literal(c)}"
        if c.metric is Metric.PAIN_SETTLE_TIME and c.unit is not None:
            test = f"{_FIELD[c.metric]} {op} {_num(c.value or 0)} '{_UCUM_TIME[c.unit.value]}'"
        n = c.sessions
        return (
            f"(%recentSessions.take({n}).count() = {n} and %recentSessions.take({n}).all({test}))"
        )
    if c.metric is Metric.SYMPTOM and c.symptom is not None:
        has = f"symptoms contains '{c.symptom.value}'"
        test = has if c.value else f"({has}).not()"
        return f"%recentSessions.take({c.sessions}).all({test})"
    if c.metric is Metric.SESSIONS_COMPLETED:
        return f"%recentSessions.count() {op} {_num(c.value or 0)}"
    if c.metric in (Metric.TIME_ELAPSED, Metric.TIME_AT_LEVEL) and c.unit is not None:
        start = "%planStart"
        if c.metric is Metric.TIME_AT_LEVEL:
            start = "%levelStart"
        elif c.since is not None:
            start = f"%events.where(id = '{c.since}').date.first()"
        return f"today() {op} {start} + {_num(c.value or 0)} {_FHIRPATH_UNIT[c.unit.value]}"
    return _measurement_fhirpath(c, declared or {})


def _criteria_condition(
    criteria: Sequence[Criterion],
    match: Match,
    kind: str,
    description: str,
    declared: Mapping[str, Measurement],
) -> dict[str, Any]:
    joiner = " or " if match is Match.ANY else " and "
    return {
        "kind": kind,
        "expression": {
            "description": description,
            "language": "text/fhirpath",
            "expression": joiner.join(_criterion_fhirpath(c, declared) for c in criteria),
        },
    }


def _rule_condition(rule: ProgressionRule, kind: str) -> dict[str, Any]:
    return _criteria_condition(rule.criteria, rule.match, kind, rule.description, {})


def _phase_actions(protocol: Protocol, version: str) -> list[dict[str, Any]]:
    """Each phase as an action grouping its exercises' definitions, entered in order when
    its entry criteria hold."""
    target_key = "actionId" if version == "R4" else "targetId"
    declared = {m.name: m for m in protocol.measurements}
    actions = []
    for number, phase in enumerate(protocol.phases):
        action: dict[str, Any] = {
            "id": f"phase-{phase.id}",
            "title": phase.name,
            "action": [
                {
                    "id": f"phase-{phase.id}-{x}",
                    "title": protocol.exercise(x).name,
                    "definitionCanonical": _activity_canonical(protocol, x),
                }
                for x in phase.exercises
            ],
        }
        if phase.description:
            action["description"] = phase.description
        if phase.entry_criteria:
            why = "Enter this phase when: " + "; ".join(c.describe() for c in phase.entry_criteria)
            action["condition"] = [
                _criteria_condition(phase.entry_criteria, Match.ALL, "start", why, declared)
            ]
        if number > 0:
            previous = protocol.phases[number - 1].id
            action["relatedAction"] = [{target_key: f"phase-{previous}", "relationship": "after"}]
        if phase.expected_duration is not None:
            key, value = _amount_value(phase.expected_duration)
            action["timingDuration" if key == "valueDuration" else "timingRange"] = value
        actions.append(action)
    return actions


def _related_artifacts(protocol: Protocol, version: str) -> list[dict[str, Any]]:
    artifacts = []
    for ref in protocol.sources:
        item: dict[str, Any] = {
            "type": "citation",
            "label": ref.id,
            "display": ref.title,
            "citation": ref.citation(),
        }
        link = ref.url or (f"https://doi.org/{ref.doi}" if ref.doi else None)
        if link and version == "R4":
            item["url"] = link
        elif link:
            item["document"] = {"url": link, "title": ref.title}
        artifacts.append(item)
    return artifacts


def _machine_name(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Protocol"
    return name if name[0].isalpha() else f"P{name}"


def _canonical(kind: str, protocol: Protocol, suffix: str = "") -> str:
    return f"{BASE}/{kind}/{protocol.id}{suffix}"


def _activity_canonical(protocol: Protocol, exercise_id: str) -> str:
    """The versioned canonical of an exercise's ActivityDefinition."""
    return f"{_canonical('ActivityDefinition', protocol, f'-{exercise_id}')}|{protocol.version}"


def _exercise_code(ex: Exercise) -> dict[str, Any]:
    return {
        "coding": [{"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}],
        "text": ex.name,
    }


# Every character that can start Markdown (or raw HTML) markup, escaped with a backslash,
# which CommonMark allows before any ASCII punctuation: the text stays text.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&:\"'=])")


def _markdown_literal(text: str) -> str:
    """Text shown literally by a Markdown renderer: no link, no HTML, no emphasis."""
    return _MARKUP.sub(r"\\\1", text)


def _instruction(ex: Exercise, dose: Dosage) -> str:
    steps = " ".join(f"{i}. {s}" for i, s in enumerate(ex.steps, 1))
    start = f"{ex.starting_position} " if ex.starting_position else ""
    return f"{dose.describe()}. {start}{steps} You should feel: {ex.feel}"


def _activity_definition(protocol: Protocol, ex: Exercise, version: str) -> dict[str, Any]:
    dose = protocol.dosage_for(ex.id)
    resource: dict[str, Any] = {
        "resourceType": "ActivityDefinition",
        "id": _uuid("ActivityDefinition", protocol.id, protocol.version, ex.id),
        "extension": _dosage_extensions(dose, ex.side.value),
        "url": _canonical("ActivityDefinition", protocol, f"-{ex.id}"),
        "version": protocol.version,
        "name": _machine_name(ex.name),
        "title": ex.name,
        "status": "active",
        "date": protocol.last_reviewed.isoformat(),
        # A protocol's definition is for anyone: "{leg}" says "treated leg".
        "description": _instruction(ex.for_side(Laterality.UNSPECIFIED), dose),
        "kind": "ServiceRequest",
        "code": _exercise_code(ex),
    }
    if dose.frequency is not None:
        resource["timingTiming"] = _timing(dose)
    return resource


def _pain_goal(protocol: Protocol) -> dict[str, Any]:
    goal: dict[str, Any] = {"description": {"text": protocol.pain_guidance.summary}}
    codes = [
        {"coding": [{"system": c.system, "code": c.code, "display": c.display}]}
        for c in protocol.condition.codes
    ]
    if codes:
        goal["addresses"] = codes
    ceilings = [
        c.threshold()
        for c in protocol.pain_guidance.limits
        if c.metric is Metric.PAIN_DURING and c.op in (Comparator.LE, Comparator.LT)
    ]
    if ceilings:
        goal["target"] = [
            {
                "measure": {
                    "coding": [
                        {
                            "system": LOINC,
                            "code": "72514-3",
                            "display": PAIN_SCORE_DISPLAY,
                        }
                    ]
                },
                "detailRange": {"high": _quantity(min(ceilings), "{score}")},
            }
        ]
    return goal


def _plan_definition(protocol: Protocol, version: str) -> dict[str, Any]:
    target_key = "actionId" if version == "R4" else "targetId"
    actions = []
    for ex in protocol.exercises:
        action: dict[str, Any] = {
            "id": ex.id,
            "title": ex.name,
            "description": ex.feel,
            "definitionCanonical": _activity_canonical(protocol, ex.id),
        }
        conditions = []
        children = []
        related = []
        for rule in protocol.progression_rules:
            if rule.to_exercise == ex.id and rule.direction is Direction.PROGRESS:
                conditions.append(_rule_condition(rule, "start"))
                related.append({target_key: rule.exercise, "relationship": "after"})
            if rule.exercise == ex.id:
                if rule.to_exercise and rule.direction is Direction.PROGRESS:
                    conditions.append(_rule_condition(rule, "stop"))
                else:
                    children.append(
                        {
                            "id": rule.id,
                            "title": f"{rule.direction.value.capitalize()}: {ex.name}",
                            "description": rule.description,
                            "condition": [_rule_condition(rule, "applicability")],
                        }
                    )
        if conditions:
            action["condition"] = conditions
        if related:
            action["relatedAction"] = related
        if children:
            action["action"] = children
        actions.append(action)
    resource: dict[str, Any] = {
        "resourceType": "PlanDefinition",
        "id": _uuid("PlanDefinition", protocol.id, protocol.version),
        "url": _canonical("PlanDefinition", protocol),
        "version": protocol.version,
        "name": _machine_name(protocol.id),
        "title": protocol.title,
        "type": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/plan-definition-type",
                    "code": "clinical-protocol",
                    "display": "Clinical Protocol",
                }
            ]
        },
        "status": "active",
        "date": protocol.last_reviewed.isoformat(),
        "publisher": protocol.sources[0].publisher or protocol.authors[0].name,
        "description": "\n\n".join(
            x for x in (protocol.summary, protocol.supervision, protocol.disclaimer) if x
        ),
        "usage": protocol.supervision,
        "author": [{"name": a.name} for a in protocol.authors],
        "relatedArtifact": _related_artifacts(protocol, version),
        "goal": [_pain_goal(protocol)],
        "action": actions + _phase_actions(protocol, version),
    }
    if protocol.summary is None:
        resource["description"] = "\n\n".join((protocol.supervision, protocol.disclaimer))
    return resource


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _bundle(key: str, resources: list[dict[str, Any]], language: str) -> dict[str, Any]:
    """A collection of ``resources``, each saying what language its text is in."""
    return {
        "resourceType": "Bundle",
        "id": _uuid("Bundle", key),
        "type": "collection",
        "entry": [_entry({**r, "language": language}) for r in resources],
    }


def protocol_bundle(protocol: Protocol, version: str) -> dict[str, Any]:
    """A Bundle with the PlanDefinition and one ActivityDefinition per exercise."""
    resources = [_plan_definition(protocol, version)]
    resources += [_activity_definition(protocol, ex, version) for ex in protocol.exercises]
    return _bundle(f"{protocol.id}|{protocol.version}|{version}", resources, protocol.language)


def plan_bundle(plan: Plan, version: str) -> dict[str, Any]:
    """A Bundle with the CarePlan, its Patient and Condition, and the protocol's definitions."""
    protocol = plan.protocol
    key = hashlib.sha256(dumps(plan).encode()).hexdigest()[:32]
    patient: dict[str, Any] = {"resourceType": "Patient", "id": _uuid("Patient", key)}
    if plan.patient_id:
        patient["identifier"] = [{"value": plan.patient_id}]
    if plan.patient:
        patient["name"] = [{"text": plan.patient}]
    patient_ref = {"reference": f"urn:uuid:{patient['id']}"}
    if plan.patient:
        patient_ref["display"] = plan.patient

    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": _uuid("Condition", key),
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": "active",
                }
            ]
        },
        "code": {"text": protocol.condition.name},
        "subject": patient_ref,
    }
    code = protocol.condition.code_for("http://hl7.org/fhir/sid/icd-10-cm", plan.side)
    if code is not None:
        condition["code"]["coding"] = [
            {"system": code.system, "code": code.code, "display": code.display}
        ]
    condition_ref = {"reference": f"urn:uuid:{condition['id']}"}

    bounds = {"start": plan.start.isoformat(), "end": plan.end.isoformat()}
    care_plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": _uuid("CarePlan", key),
        "instantiatesCanonical": [f"{_canonical('PlanDefinition', protocol)}|{protocol.version}"],
        "status": "active",
        "intent": "plan",
        "title": protocol.title,
        "description": f"{protocol.supervision} {protocol.disclaimer}",
        "subject": patient_ref,
        "period": bounds,
    }
    if plan.clinician and plan.clinician.name:
        care_plan["note"] = [
            {
                "text": f"Prescribed by {plan.clinician.name}"
                + (f" ({plan.clinician.contact})" if plan.clinician.contact else "")
            }
        ]
    requests = []
    activities = []
    side = plan.side.value
    for item in plan.exercises:
        ex = protocol.exercise(item.exercise)
        canonical = _activity_canonical(protocol, ex.id)
        timing = _timing(item.dosage, bounds)
        text = _instruction(ex.for_side(plan.side), item.dosage)
        if version == "R4":
            activities.append(
                {
                    "detail": {
                        "extension": _dosage_extensions(item.dosage, ex.side.value),
                        "kind": "ServiceRequest",
                        "instantiatesCanonical": [canonical],
                        "code": _exercise_code(ex),
                        "status": "scheduled",
                        "scheduledTiming": timing,
                        "description": text,
                    }
                }
            )
        else:
            request: dict[str, Any] = {
                "resourceType": "ServiceRequest",
                "id": _uuid("ServiceRequest", key, ex.id),
                "extension": _dosage_extensions(item.dosage, ex.side.value),
                "instantiatesCanonical": [canonical],
                "status": "active",
                "intent": "order",
                "code": {"concept": _exercise_code(ex)},
                "orderDetail": [{"parameter": _order_parameters(item.dosage)}],
                "subject": patient_ref,
                "occurrenceTiming": timing,
                "patientInstruction": [{"instructionMarkdown": _markdown_literal(text)}],
                **_as_needed(item.dosage),
            }
            if not request["orderDetail"][0]["parameter"]:
                del request["orderDetail"]
            requests.append(request)
            activities.append(
                {"plannedActivityReference": {"reference": f"urn:uuid:{request['id']}"}}
            )
    care_plan["addresses"] = [condition_ref] if version == "R4" else [{"reference": condition_ref}]
    care_plan["activity"] = activities
    care_plan["extension"] = [{"url": f"{EXT}/plan-side", "valueCode": side}] + [
        {
            "url": f"{EXT}/plan-event",
            "extension": [
                {"url": "event", "valueCode": event.id},
                {"url": "date", "valueDate": event.date.isoformat()},
            ],
        }
        for event in plan.events
    ]
    definitions = protocol_bundle(protocol, version)["entry"]
    resources = [care_plan, patient, condition, *requests, *(e["resource"] for e in definitions)]
    return _bundle(f"plan|{key}|{version}", resources, protocol.language)


def _as_needed(dose: Dosage) -> dict[str, Any]:
    return {"asNeededBoolean": True} if dose.frequency and dose.frequency.as_needed else {}


def _order_parameters(dose: Dosage) -> list[dict[str, Any]]:
    params = []
    for name, count in (("sets", dose.sets), ("repetitions", dose.repetitions)):
        if count is None:
            continue
        code = {"coding": [{"system": PARAMETER_SYSTEM, "code": name}], "text": name}
        if isinstance(count, IntRange):
            params.append(
                {
                    "code": code,
                    "valueRange": {"low": {"value": count.low}, "high": {"value": count.high}},
                }
            )
        else:
            params.append({"code": code, "valueQuantity": {"value": count}})
    for name, amount in (("hold", dose.hold), ("rest", dose.rest)):
        if amount is None:
            continue
        code = {"coding": [{"system": PARAMETER_SYSTEM, "code": name}], "text": name}
        key, value = _amount_value(amount)
        params.append({"code": code, "valueQuantity" if key == "valueDuration" else key: value})
    return params


class FhirExporter:
    """FHIR Bundles: a protocol as PlanDefinition + ActivityDefinitions; a plan as CarePlan."""

    name = "fhir"
    media_type = "application/fhir+json"
    suffix = ".fhir.json"

    def export(self, document: Document, *, fhir_version: str = "R4") -> bytes:
        """The document as a FHIR Bundle (``fhir_version`` "R4", the default, or "R5")."""
        version = str(fhir_version).upper()
        if version not in VERSIONS:
            raise OptionError(f"fhir_version must be R4 or R5, not {fhir_version!r}")
        if isinstance(document, Plan):
            bundle = plan_bundle(document, version)
        elif isinstance(document, Protocol):
            bundle = protocol_bundle(document, version)
        else:
            raise ExportError(f"cannot export {type(document).__name__} to FHIR")
        return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


__all__ = ["FhirExporter", "plan_bundle", "protocol_bundle"]
