"""FHIR R4/R5 exporter: a protocol's definitions, a plan for one person (CarePlan, Patient,
Condition, Practitioner, BodyStructure), or a session log as Observations.

FHIR has no element for sets, repetitions or hold times: they travel as our extensions
(machine-readable, defined by the StructureDefinitions of ``rehabkit fhir-package``) and as
text, so any FHIR app still shows the prescription. See docs/fhir.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from rehabkit._core.errors import ExportError, MismatchError, OptionError
from rehabkit._core.i18n import SOURCE_LANGUAGE, current_language, speaking
from rehabkit._core.markdown import markdown_literal
from rehabkit._formats.fhir.definitions import fhir_package as fhir_package_bytes
from rehabkit._formats.fhir.dosage import (
    as_needed,
    dosage_extensions,
    order_parameters,
    position_extensions,
    timing,
)
from rehabkit._formats.fhir.goals import ended, goal_resources
from rehabkit._formats.fhir.ids import PlanIds, plan_definition_canonical, stable_uuid
from rehabkit._formats.fhir.narrative import with_narrative
from rehabkit._formats.fhir.observations import (
    ObservationWriter,
    measurement_observations,
    review_observations,
    session_observations,
)
from rehabkit._formats.fhir.protocol import ProtocolWriter, exercise_code, instruction
from rehabkit._formats.fhir.terms import (
    BODY_SITE_EXTENSION,
    DEFAULT_BASE,
    LATERALITY_QUALIFIER,
    SNOMED,
    Canon,
    limb_site,
)
from rehabkit._formats.fhir.transaction import as_transaction
from rehabkit._formats.fhir.words import GET_HELP, WHEN_TO_STOP, say
from rehabkit._model.exercise import Exercise
from rehabkit._model.plan import Plan, PlanExercise
from rehabkit._model.protocol import Protocol
from rehabkit._model.session_log import SessionLog
from rehabkit._model.terms import URGENCY_ORDER, Laterality, Limb, Side, Urgency
from rehabkit._progression.assess import refuse_mismatch

VERSIONS = ("R4", "R5")
_ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
_BUNDLE_TYPES = ("collection", "transaction")
_CAREPLAN_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category"
_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")


def _language(document: Any, plan: Plan | None) -> str:
    """The language of the text a document's bundle carries: its protocol's."""
    for source in (document, plan):
        if isinstance(source, Protocol):
            return source.language
        if isinstance(source, Plan):
            return source.protocol.language
    return SOURCE_LANGUAGE


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _bundle(key: str, resources: list[dict[str, Any]], language: str) -> dict[str, Any]:
    """A collection of ``resources``, each with its narrative and its text's language."""
    return {
        "resourceType": "Bundle",
        "id": stable_uuid("Bundle", key),
        "type": "collection",
        "entry": [_entry(with_narrative({**r, "language": language})) for r in resources],
    }


def protocol_bundle(protocol: Protocol, version: str, canon: Canon | None = None) -> dict[str, Any]:
    """A Bundle with the PlanDefinition, one ActivityDefinition per exercise, and the
    CodeSystem of the protocol's measurements."""
    resources = ProtocolWriter(protocol, version, canon or Canon()).resources()
    return _bundle(f"{protocol.id}|{protocol.version}|{version}", resources, protocol.language)


class _PlanWriter:
    """Writes one plan's resources."""

    def __init__(self, plan: Plan, version: str, canon: Canon, ids: PlanIds) -> None:
        self.plan = plan
        self.version = version
        self.canon = canon
        self.ids = ids
        self.protocol = plan.protocol
        # Made once: the Condition, the ServiceRequests and the CarePlan refer to them.
        self.structure = self._body_structure()
        self.practitioner = ids.practitioner()

    def exercise_side(self, ex: Exercise) -> str:
        """The side an exercise works in this plan: "affected" resolved to the plan's (not
        for an exercise of the trunk or neck, limb: none, which works no side's limb)."""
        if ex.limb is Limb.NONE:
            return str(ex.side.value)
        if ex.side is Side.AFFECTED and self.plan.side in (Laterality.LEFT, Laterality.RIGHT):
            return str(self.plan.side.value)
        return str(ex.side.value)

    def _body_structure(self) -> dict[str, Any] | None:
        """Where the condition is, with the side the plan treats."""
        site = self.protocol.condition.body_site
        qualifier = LATERALITY_QUALIFIER.get(self.plan.side)
        if site is None or qualifier is None:
            return None
        location = {"coding": [{"system": site.system, "code": site.code, "display": site.display}]}
        side = {"coding": [{"system": SNOMED, "code": qualifier[0], "display": qualifier[1]}]}
        resource: dict[str, Any] = {
            "resourceType": "BodyStructure",
            "id": self.ids.uuid("BodyStructure"),
            "patient": self.ids.patient_reference(),
        }
        if self.version == "R4":
            resource |= {"location": location, "locationQualifier": [side]}
        else:
            resource["includedStructure"] = [{"structure": location, "laterality": side}]
        return resource

    def body_site(self) -> list[dict[str, Any]]:
        """The condition's body site as a CodeableConcept naming the side in words, linked
        to the BodyStructure that codes the side."""
        site = self.protocol.condition.body_site
        if site is None:
            return []
        concept: dict[str, Any] = {
            "coding": [{"system": site.system, "code": site.code, "display": site.display}],
        }
        if self.structure is not None:
            side = LATERALITY_QUALIFIER[self.plan.side][1]
            concept["extension"] = [
                {
                    "url": BODY_SITE_EXTENSION,
                    "valueReference": {"reference": f"urn:uuid:{self.structure['id']}"},
                }
            ]
            if current_language() == SOURCE_LANGUAGE:
                # The site's words are SNOMED CT's English display: said with the side
                # in English only; in another language the coding says it alone.
                concept["text"] = f"{side} {site.display[:1].lower()}{site.display[1:]}"
        return [concept]

    def condition(self) -> dict[str, Any]:
        """The condition treated, coded for the plan's side where the protocol has codes."""
        condition: dict[str, Any] = {
            "resourceType": "Condition",
            "id": self.ids.uuid("Condition"),
            "clinicalStatus": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "code": "active",
                    }
                ]
            },
            "code": {"text": self.protocol.condition.name},
            "subject": self.ids.patient_reference(),
        }
        code = self.protocol.condition.code_for(_ICD10CM, self.plan.side)
        if code is not None:
            condition["code"]["coding"] = [
                {"system": code.system, "code": code.code, "display": code.display}
            ]
        sites = self.body_site()
        if sites:
            condition["bodySite"] = sites
        return condition

    def stops_text(self) -> str:
        """The warning signs, most urgent first, as one paragraph for the patient."""
        stops = sorted(self.protocol.stop_criteria, key=lambda s: URGENCY_ORDER.index(s.urgency))
        # A stop of the exercise alone sends no one for help: said apart, after the others.
        helped = [s.text for s in stops if s.urgency is not Urgency.STOP_EXERCISE]
        alone = [s.text for s in stops if s.urgency is Urgency.STOP_EXERCISE]
        parts = [say(GET_HELP, signs=" ".join(helped))] if helped else []
        parts += [say(WHEN_TO_STOP, signs=" ".join(alone))] if alone else []
        return " ".join(parts)

    def activities(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The CarePlan's activities, and (R5) one ServiceRequest per exercise."""
        bounds = {"start": self.plan.start.isoformat(), "end": self.plan.end.isoformat()}
        stops = self.stops_text()
        requests: list[dict[str, Any]] = []
        activities: list[dict[str, Any]] = []
        for item in self.plan.exercises:
            ex = self.protocol.exercise(item.exercise)
            text = instruction(ex.for_side(self.plan.side), item.dosage)
            side = self.exercise_side(ex)
            ext = dosage_extensions(item.dosage, side, self.canon, ex.limb.value)
            ext += position_extensions(item.joint_angles, item.since or self.plan.start, self.canon)
            canonical = self.ids.activity_canonical(ex.id)
            if self.version == "R4":
                detail: dict[str, Any] = {
                    "extension": ext,
                    "kind": "ServiceRequest",
                    "instantiatesCanonical": [canonical],
                    "code": exercise_code(ex),
                    "status": "scheduled",
                    "scheduledTiming": timing(item.dosage, bounds),
                    "description": f"{text} {stops}".strip(),
                }
                activities.append({"detail": detail})
                continue
            request = self.service_request(ex, item, text, stops, ext, bounds)
            requests.append(request)
            reference = {"reference": f"urn:uuid:{request['id']}", "display": ex.name}
            activities.append({"plannedActivityReference": reference})
        return activities, requests

    def service_request(
        self,
        ex: Exercise,
        item: PlanExercise,
        text: str,
        stops: str,
        ext: list[dict[str, Any]],
        bounds: dict[str, str],
    ) -> dict[str, Any]:
        """An R5 ServiceRequest for one exercise: what to do, and when to stop."""
        instructions = [{"instructionMarkdown": markdown_literal(text)}]
        if stops:
            instructions.append({"instructionMarkdown": markdown_literal(stops)})
        request: dict[str, Any] = {
            "resourceType": "ServiceRequest",
            "id": self.ids.uuid("ServiceRequest", ex.id),
            "extension": ext,
            "instantiatesCanonical": [self.ids.activity_canonical(ex.id)],
            "status": "active",
            "intent": "order",
            "code": {"concept": exercise_code(ex)},
            "orderDetail": [{"parameter": order_parameters(item.dosage, self.canon)}],
            "subject": self.ids.patient_reference(),
            "occurrenceTiming": timing(item.dosage, bounds),
            **as_needed(item.dosage),
            # rehabkit records no signing date: the request dates from its level's start.
            "authoredOn": (item.since or self.plan.start).isoformat(),
            "patientInstruction": instructions,
        }
        if self.practitioner is not None:
            request["requester"] = {"reference": f"urn:uuid:{self.practitioner['id']}"}
        if not request["orderDetail"][0]["parameter"]:
            del request["orderDetail"]
        if self.structure is not None:
            request["bodyStructure"] = {"reference": f"urn:uuid:{self.structure['id']}"}
        elif site := limb_site(ex.limb, self.exercise_side(ex)):
            # R5 allows one of the two (bdystr-1): the condition's coded site, with its side,
            # wins; without one, the limb the exercise works, its side in words.
            request["bodySite"] = site
        return request

    def plan_extensions(self) -> list[dict[str, Any]]:
        """The plan's side and its dated events, as our extensions."""
        side = {"url": self.canon.extension("plan-side"), "valueCode": self.plan.side.value}
        events = [
            {
                "url": self.canon.extension("plan-event"),
                "extension": [
                    {"url": "event", "valueCode": event.id},
                    {"url": "date", "valueDate": event.date.isoformat()},
                ],
            }
            for event in self.plan.events
        ]
        return [side, *events]

    def plan_author(self) -> dict[str, Any] | None:
        """The reference to the clinician who wrote the plan, with their name if known."""
        if self.practitioner is None:
            return None
        who = {"reference": f"urn:uuid:{self.practitioner['id']}"}
        name = self.plan.clinician.name if self.plan.clinician else None
        if name:
            who["display"] = name
        return who

    def care_plan(
        self,
        condition: dict[str, Any],
        activities: list[dict[str, Any]],
        goals: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """The CarePlan: who, when, which protocol, its goals, the activities and the
        plan's side."""
        p = self.protocol
        description = " ".join(x for x in (p.supervision, p.disclaimer, self.stops_text()) if x)
        care_plan: dict[str, Any] = {
            "resourceType": "CarePlan",
            "id": self.ids.care_plan_id,
            "extension": self.plan_extensions(),
            "identifier": [self.ids.care_plan_identifier()],
            "instantiatesCanonical": [plan_definition_canonical(self.canon, p)],
            # A plan whose outcome was reached is done (format 1.2).
            "status": "completed" if self.plan.completed is not None else "active",
            "intent": "plan",
            # US Core requires it; a receiver files the plan as an assessment and plan.
            "category": [{"coding": [{"system": _CAREPLAN_CATEGORY, "code": "assess-plan"}]}],
            "title": p.title,
            "description": description,
            "subject": self.ids.patient_reference(),
            "period": {"start": self.plan.start.isoformat(), "end": self.plan.end.isoformat()},
        }
        if (who := self.plan_author()) is not None:
            care_plan["author" if self.version == "R4" else "custodian"] = who
        condition_ref = {"reference": f"urn:uuid:{condition['id']}"}
        care_plan["addresses"] = (
            [condition_ref] if self.version == "R4" else [{"reference": condition_ref}]
        )
        care_plan["goal"] = [{"reference": f"urn:uuid:{g['id']}"} for g in goals]
        care_plan["activity"] = activities
        return care_plan

    def resources(self) -> list[dict[str, Any]]:
        """Every resource of the plan's Bundle, the CarePlan first."""
        condition = self.condition()
        activities, requests = self.activities()
        defined = ProtocolWriter(self.protocol, self.version, self.canon).goals()
        goals = goal_resources(defined, self.ids, condition)
        care_plan = self.care_plan(condition, activities, goals)
        people = [self.ids.patient(), condition, *goals]
        if self.structure is not None:
            people.append(self.structure)
        if self.practitioner is not None:
            people.append(self.practitioner)
        definitions = ProtocolWriter(self.protocol, self.version, self.canon).resources()
        return [care_plan, *people, *requests, *definitions]


def plan_bundle(
    plan: Plan,
    version: str,
    canon: Canon | None = None,
    identifier_system: str | None = None,
    replaces: Plan | None = None,
) -> dict[str, Any]:
    """A Bundle with the CarePlan, its Patient, Condition, BodyStructure and Practitioner,
    (R5) the ServiceRequests, and the protocol's definitions; with ``replaces``, the
    replaced plan's resources too, its CarePlan ended (see ``_replaced``)."""
    canon = canon or Canon()
    ids = PlanIds(plan, canon, identifier_system)
    resources = _PlanWriter(plan, version, canon, ids).resources()
    key = f"plan|{ids.content_key}|{version}"
    if replaces is not None:
        resources = _replaced(resources, replaces, ids, version)
        key += f"|{PlanIds(replaces, canon, identifier_system).content_key}"
    return _bundle(key, resources, plan.protocol.language)


def _replaced(
    resources: list[dict[str, Any]], old: Plan, ids: PlanIds, version: str
) -> list[dict[str, Any]]:
    """A new plan's resources with the plan it replaces: its CarePlan names the old one in
    ``replaces``, and the old CarePlan (with what it refers to) is written ended, revoked
    when it still had days to run at the new start, completed when it had none. A plan of
    the same identity is a revision of one CarePlan, not a replacement."""
    old_ids = PlanIds(old, ids.canon, ids.patient_system, person=ids)
    if old_ids.key == ids.key:
        raise OptionError("replaces= is for a new plan: this plan is a revision of the same one")
    if not ids.same_person(old_ids):
        raise OptionError("replaces= must be a plan of the same person (MRN, or name)")
    care_plan = resources[0]
    care_plan["replaces"] = [old_ids.care_plan_reference()]
    older = _PlanWriter(old, version, ids.canon, old_ids).resources()
    status = "revoked" if old.end >= ids.plan.start else "completed"
    closed = {**older[0], "status": status}
    closed["period"] = {**closed["period"], "end": min(old.end, ids.plan.start).isoformat()}
    rest = [ended(r, status) if r["resourceType"] == "Goal" else r for r in older[1:]]
    seen = {r["id"] for r in resources}
    return resources + [r for r in [closed, *rest] if r["id"] not in seen]


def log_bundle(
    log: SessionLog,
    plan: Plan,
    version: str,
    canon: Canon | None = None,
    identifier_system: str | None = None,
    unnamed_log: bool = False,
) -> dict[str, Any]:
    """A Bundle of the plan's Patient and one Observation per logged session and
    measurement, newest first, referring to the plan's CarePlan by identifier."""
    canon = canon or Canon()
    ids = PlanIds(plan, canon, identifier_system)
    _check_log_matches(log, plan)
    if not unnamed_log:
        _refuse_unnamed(log, plan)
    writer = ObservationWriter(plan, canon, ids)
    observations = [
        *session_observations(log, writer),
        *measurement_observations(log, writer),
        *review_observations(log, writer),
    ]
    key = f"log|{ids.content_key}|{json.dumps([o['id'] for o in observations])}|{version}"
    # Who performed the examinations, the plan's clinician: last, so that the Bundle
    # still opens with the Patient and its Observations, as before.
    examiner = [p for p in (ids.practitioner(),) if p is not None and log.measurements]
    return _bundle(key, [ids.patient(), *observations, *examiner], plan.protocol.language)


def _check_log_matches(log: SessionLog, plan: Plan) -> None:
    """The log must be of the plan's protocol and patient, judged as ``assess`` judges it."""
    try:
        refuse_mismatch(plan.protocol, plan, log)
    except MismatchError as exc:
        raise ExportError(str(exc)) from exc


def _refuse_unnamed(log: SessionLog, plan: Plan) -> None:
    """A log filed under a plan's patient must say whose it is: one that names no patient
    would be accepted for any plan and filed in that patient's record (a log that names
    one is checked against the plan's by ``refuse_mismatch``). ``unnamed_log=True`` says
    it is the plan's, on purpose."""
    if (plan.patient or plan.patient_id) and not (log.patient or log.patient_id):
        raise ExportError(
            "the session log names no patient, so nothing shows it is this plan's patient's;"
            " if it is, say so with unnamed_log=True (--option unnamed_log=true)"
        )


def _canon(canonical_base: str) -> Canon:
    base = str(canonical_base).rstrip("/")
    if not _URL.fullmatch(base):
        raise OptionError(f"canonical_base must be an http(s) URL, not {canonical_base!r}")
    return Canon(base)


def _identifier_system(system: str | None) -> str | None:
    if system is None:
        return None
    if not isinstance(system, str) or not re.fullmatch(r"(urn:|https?://)\S+", system):
        raise OptionError(f"identifier_system must be a URI (http..., urn:...), not {system!r}")
    return system


def fhir_package(
    protocols: Iterable[Protocol] = (),
    *,
    fhir_version: str = "R4",
    canonical_base: str = DEFAULT_BASE,
) -> bytes:
    """Our FHIR definitions as an npm-style FHIR package (``package.tgz``): a
    StructureDefinition for every extension, our CodeSystem, and for each of ``protocols``
    its PlanDefinition, ActivityDefinitions and measurement CodeSystem, all under
    ``canonical_base``. FHIR servers and validators load it as they load any package.

    Raises ``OptionError`` for an unknown version or a base that is not a URL.
    """
    version = _version(fhir_version)
    canon = _canon(canonical_base)
    protocols = list(protocols)  # read twice: their resources, then their versions
    extra = [
        {**r, "language": p.language}
        for p in protocols
        for r in ProtocolWriter(p, version, canon).resources()
    ]
    made_of = [(p.id, p.version) for p in protocols]
    return fhir_package_bytes(canon, version, extra, made_of)


def _version(fhir_version: str) -> str:
    version = str(fhir_version).upper()
    if version not in VERSIONS:
        raise OptionError(f"fhir_version must be R4 or R5, not {fhir_version!r}")
    return version


class FhirExporter:
    """FHIR Bundles: a protocol as PlanDefinition + ActivityDefinitions; a plan as CarePlan
    with its Patient; a session log (with ``plan``) as Observations."""

    name = "fhir"
    media_type = "application/fhir+json"
    suffix = ".fhir.json"

    def export(
        self,
        document: Protocol | Plan | SessionLog,
        *,
        fhir_version: str = "R4",
        canonical_base: str = DEFAULT_BASE,
        identifier_system: str | None = None,
        plan: Plan | None = None,
        replaces: Plan | None = None,
        bundle: str = "collection",
        unnamed_log: bool = False,
    ) -> bytes:
        """The document as a FHIR Bundle.

        ``fhir_version``: "R4" (the default) or "R5". ``canonical_base``: the base URL of
        every canonical we mint (extensions, code systems, definitions). ``identifier_system``:
        the system of the patient's identifier (your organisation's, e.g. its MRN system).
        ``plan``: for a session log, the plan it was logged against. ``replaces``: for a
        plan, the earlier plan of the same person it replaces (a new start, another
        protocol): its CarePlan is written revoked (or completed) and linked by ``replaces``.
        ``bundle``: "collection" (the default, a document to keep) or "transaction" (to
        load into a server: every entry with its ``request``, see transaction.py).
        ``unnamed_log``: accept a session log that names no patient as the plan's patient's;
        without it such a log is refused when the plan names a patient, as nothing shows
        whose it is.
        """
        version = _version(fhir_version)
        canon = _canon(canonical_base)
        system = _identifier_system(identifier_system)
        if bundle not in _BUNDLE_TYPES:
            raise OptionError(f"bundle must be collection or transaction, not {bundle!r}")
        # Every word rehabkit adds (dose sentences, the side, labels, the narrative) in
        # the language of the protocol's text, as the handout does.
        with speaking(_language(document, plan)):
            made = self._bundle(document, version, canon, system, plan, replaces, unnamed_log)
        if bundle == "transaction":
            made = as_transaction(made)
        return (json.dumps(made, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @staticmethod
    def _bundle(
        document: Any,
        version: str,
        canon: Canon,
        system: str | None,
        plan: Plan | None,
        replaces: Plan | None,
        unnamed_log: bool,
    ) -> dict[str, Any]:
        if isinstance(document, SessionLog):
            if not isinstance(plan, Plan):
                raise OptionError("a session log exports to FHIR with the plan it follows: plan=")
            bundle = log_bundle(document, plan, version, canon, system, unnamed_log)
        elif plan is not None:
            raise OptionError("plan= is for exporting a session log")
        elif replaces is not None and not (
            isinstance(document, Plan) and isinstance(replaces, Plan)
        ):
            raise OptionError("replaces= is an earlier Plan, for exporting a plan")
        elif isinstance(document, Plan):
            bundle = plan_bundle(document, version, canon, system, replaces)
        elif isinstance(document, Protocol):
            bundle = protocol_bundle(document, version, canon)
        else:
            raise ExportError(f"cannot export {type(document).__name__} to FHIR")
        return bundle
