"""Stable ids and references for the resources of one export: the same document always
gives the same ids, and a plan's session log refers to the same Patient and CarePlan."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from rehabkit._documents.api import dumps
from rehabkit._formats.fhir.terms import Canon
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol

_NAMESPACE = uuid.UUID("6f1f7f2e-3c56-5d0a-9a41-7d6f0b8c2e11")


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


class PlanIds:
    """The ids of one plan's resources, and references to them."""

    def __init__(self, plan: Plan, canon: Canon, patient_system: str | None = None) -> None:
        self.plan = plan
        self.canon = canon
        self.key = hashlib.sha256(dumps(plan).encode()).hexdigest()[:32]
        self.patient_system = patient_system or canon.identifier_system("patient")

    def uuid(self, *parts: str) -> str:
        """The id of one of the plan's resources, named by ``parts``."""
        return stable_uuid(parts[0], self.key, *parts[1:])

    @property
    def patient_id(self) -> str:
        """The Patient's id."""
        return self.uuid("Patient")

    @property
    def care_plan_id(self) -> str:
        """The CarePlan's id."""
        return self.uuid("CarePlan")

    def patient_reference(self) -> dict[str, Any]:
        """A reference to the plan's Patient, by its fullUrl in the Bundle."""
        ref: dict[str, Any] = {"reference": f"urn:uuid:{self.patient_id}"}
        if self.plan.patient:
            ref["display"] = self.plan.patient
        return ref

    def care_plan_identifier(self) -> dict[str, str]:
        """The CarePlan's business identifier: a system of ours and the plan's key."""
        return {"system": self.canon.identifier_system("plan"), "value": self.key}

    def care_plan_reference(self) -> dict[str, Any]:
        """A logical reference to the CarePlan (by identifier): it may live elsewhere."""
        return {
            "type": "CarePlan",
            "identifier": self.care_plan_identifier(),
            "display": self.plan.protocol.title,
        }

    def patient(self) -> dict[str, Any]:
        """The plan's Patient: the same resource in the plan's and the log's Bundle."""
        patient: dict[str, Any] = {"resourceType": "Patient", "id": self.patient_id}
        if self.plan.patient_id:
            patient["identifier"] = [{"system": self.patient_system, "value": self.plan.patient_id}]
        if self.plan.patient:
            patient["name"] = [{"text": self.plan.patient}]
        return patient

    def activity_canonical(self, exercise_id: str) -> str:
        """The versioned canonical of an exercise's ActivityDefinition."""
        return activity_canonical(self.canon, self.plan.protocol, exercise_id)
