"""Stable ids and references for the resources of one export: the same document always
gives the same ids, and a plan's session log refers to the same Patient and CarePlan."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from rehabkit._documents.api import dumps
from rehabkit._formats.fhir.terms import Canon
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol

_NAMESPACE = uuid.UUID("6f1f7f2e-3c56-5d0a-9a41-7d6f0b8c2e11")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _telecom(contact: str) -> str:
    """The ContactPoint system of a clinician's contact, as written."""
    return "email" if _EMAIL.fullmatch(contact.strip()) else "other"


def stable_uuid(*parts: str) -> str:
    """A name-based UUID: the same parts always give the same id."""
    return str(uuid.uuid5(_NAMESPACE, "|".join(parts)))


def activity_canonical(canon: Canon, protocol: Protocol, exercise_id: str) -> str:
    """The versioned canonical of an exercise's ActivityDefinition."""
    url = canon.resource("ActivityDefinition", f"{protocol.id}-{exercise_id}")
    return f"{url}|{protocol.version}"


def plan_definition_canonical(canon: Canon, protocol: Protocol) -> str:
    """The versioned canonical of a protocol's PlanDefinition."""
    return f"{canon.resource('PlanDefinition', protocol.id)}|{protocol.version}"


def identified_id(kind: str, identifier: dict[str, str]) -> str:
    """A resource's id derived from its business identifier: whoever writes the same
    identifier writes the same id, so a receiver that keeps ids keeps one resource."""
    return stable_uuid(kind, identifier["system"], identifier["value"])


class PlanIds:
    """The identities of one plan's resources, and references to them.

    A plan is identified by what stays when it is advanced or edited: its protocol, its
    person (the MRN under ``patient_system``, else the name), its start and its side. Every
    id is derived from a business identifier built from that, never from the plan's whole
    content, so that ``advance`` keeps the CarePlan, Patient, Condition and BodyStructure;
    the same MRN gives the same Patient in every plan; the same clinician the same
    Practitioner.
    """

    def __init__(
        self,
        plan: Plan,
        canon: Canon,
        patient_system: str | None = None,
        person: PlanIds | None = None,
    ) -> None:
        self.plan = plan
        self.person = person  # the ids whose Patient this plan's person is (a replaced plan)
        self.canon = canon
        self.patient_system = patient_system or canon.identifier_system("patient")
        #: What the plan's content is now: a Bundle (one snapshot of it) is named by it.
        self.content_key = hashlib.sha256(dumps(plan).encode()).hexdigest()[:32]
        who = (
            f"mrn|{self.patient_system}|{plan.patient_id}"
            if plan.patient_id
            else f"name|{plan.patient or ''}"
        )
        self.key = stable_uuid(
            "plan", plan.protocol.id, who, plan.start.isoformat(), plan.side.value
        )

    def uuid(self, *parts: str) -> str:
        """The id of one of the plan's own resources (one of a kind per plan), named by
        ``parts``: derived from the plan's identifier."""
        return stable_uuid(parts[0], self.canon.identifier_system("plan"), self.key, *parts[1:])

    def patient_identifier(self) -> dict[str, str] | None:
        """The Patient's MRN under the organisation's system, if the plan has one."""
        if not self.plan.patient_id:
            return None
        return {"system": self.patient_system, "value": self.plan.patient_id}

    @property
    def patient_id(self) -> str:
        """The Patient's id: from the MRN when there is one (the same in every plan), else
        the plan's own (a name alone is no safe identity across plans)."""
        if self.person is not None:
            return self.person.patient_id
        mrn = self.patient_identifier()
        return identified_id("Patient", mrn) if mrn else self.uuid("Patient")

    def same_person(self, other: PlanIds) -> bool:
        """Whether two plans are of one person: the same MRN, or without MRNs, one name."""
        if self.plan.patient_id or other.plan.patient_id:
            return self.patient_identifier() == other.patient_identifier()
        return self.plan.patient == other.plan.patient

    @property
    def care_plan_id(self) -> str:
        """The CarePlan's id, from its business identifier."""
        return identified_id("CarePlan", self.care_plan_identifier())

    def practitioner_identifier(self) -> dict[str, str] | None:
        """The clinician's identifier in a system of ours: from the name and contact the
        plan gives (rehabkit records no licence number), the same in every plan."""
        who = self.plan.clinician
        if who is None:
            return None
        value = stable_uuid("clinician", who.name or "", who.contact or "")
        return {"system": self.canon.identifier_system("practitioner"), "value": value}

    @property
    def practitioner_id(self) -> str:
        """The Practitioner's id, from its identifier."""
        identifier = self.practitioner_identifier()
        assert identifier is not None
        return identified_id("Practitioner", identifier)

    def practitioner(self) -> dict[str, Any] | None:
        """The prescribing clinician, with how to reach them: the same resource in the
        plan's Bundle and the log's (who examined the patient)."""
        clinician = self.plan.clinician
        if clinician is None:
            return None
        resource: dict[str, Any] = {
            "resourceType": "Practitioner",
            "id": self.practitioner_id,
            "identifier": [self.practitioner_identifier()],
        }
        if clinician.name:
            resource["name"] = [{"text": clinician.name}]
        if clinician.contact:
            # Free text: an e-mail address is said to be one (a receiver can write to it);
            # anything else (a phone number, a ward) stays "other", as written.
            resource["telecom"] = [
                {"system": _telecom(clinician.contact), "value": clinician.contact}
            ]
        return resource

    def practitioner_reference(self) -> dict[str, Any] | None:
        """A reference to the plan's Practitioner by its fullUrl, if the plan names one."""
        if self.plan.clinician is None:
            return None
        ref: dict[str, Any] = {"reference": f"urn:uuid:{self.practitioner_id}"}
        if self.plan.clinician.name:
            ref["display"] = self.plan.clinician.name
        return ref

    def patient_reference(self) -> dict[str, Any]:
        """A reference to the plan's Patient, by its fullUrl in the Bundle."""
        ref: dict[str, Any] = {"reference": f"urn:uuid:{self.patient_id}"}
        if self.plan.patient:
            ref["display"] = self.plan.patient
        return ref

    def care_plan_identifier(self) -> dict[str, str]:
        """The CarePlan's business identifier: a system of ours and the plan's identity."""
        return {"system": self.canon.identifier_system("plan"), "value": self.key}

    def care_plan_reference(self) -> dict[str, Any]:
        """A logical reference to the CarePlan (by identifier): it may live elsewhere."""
        return {
            "type": "CarePlan",
            "identifier": self.care_plan_identifier(),
            "display": self.plan.protocol.title,
        }

    def observation_identifier(self, kind: str, *key: str) -> dict[str, str]:
        """A session's or a measurement's identifier: the plan's identity and the record's
        own key (its exercise or measurement, its day, its number), never its place in the
        log, so that syncing a longer log keeps every earlier Observation."""
        value = "/".join((self.key, *key))
        return {"system": self.canon.identifier_system(kind), "value": value}

    def patient(self) -> dict[str, Any]:
        """The plan's Patient: the same resource in the plan's and the log's Bundle."""
        patient: dict[str, Any] = {"resourceType": "Patient", "id": self.patient_id}
        mrn = self.patient_identifier()
        if mrn:
            patient["identifier"] = [mrn]
        name = self._patient_name()
        if name:
            patient["name"] = [name]
        return patient

    def _patient_name(self) -> dict[str, Any]:
        """The printed name as ``text``; the family and given names where the plan keeps
        them (a printed name is never split: names do not split the same way everywhere)."""
        plan = self.plan
        name: dict[str, Any] = {"text": plan.patient} if plan.patient else {}
        if plan.patient_family:
            name["family"] = plan.patient_family
        if plan.patient_given:
            name["given"] = list(plan.patient_given)
        return name

    def activity_canonical(self, exercise_id: str) -> str:
        """The versioned canonical of an exercise's ActivityDefinition."""
        return activity_canonical(self.canon, self.plan.protocol, exercise_id)
