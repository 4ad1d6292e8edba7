"""A plan's goals as FHIR Goal resources: the protocol's pain guidance and each of its
limits, the same goals its PlanDefinition lists, now this patient's, so that a receiver
that tracks goals (a care-plan view, a US Core Goal search) sees them and the CarePlan
refers to them in ``goal``."""

from __future__ import annotations

from typing import Any

from rehabkit._formats.fhir.ids import PlanIds, identified_id


def goal_resources(
    defined: list[dict[str, Any]], ids: PlanIds, condition: dict[str, Any]
) -> list[dict[str, Any]]:
    """One Goal per PlanDefinition goal (``defined``), each identified by the plan's
    identity and the goal's id, so that it keeps its id as the plan is advanced or edited."""
    plan = ids.plan
    status = "completed" if plan.completed is not None else "active"
    found = []
    for goal in defined:
        identifier = ids.observation_identifier("goal", goal["id"])
        resource: dict[str, Any] = {
            "resourceType": "Goal",
            "id": identified_id("Goal", identifier),
            "identifier": [identifier],
            "lifecycleStatus": status,
            "description": goal["description"],
            "subject": ids.patient_reference(),
            "startDate": plan.start.isoformat(),
        }
        if "target" in goal:
            resource["target"] = goal["target"]
        resource["addresses"] = [{"reference": f"urn:uuid:{condition['id']}"}]
        found.append(resource)
    return found


def ended(goal: dict[str, Any], care_plan_status: str) -> dict[str, Any]:
    """A replaced plan's goal, ended with it: cancelled when the plan was revoked."""
    status = "completed" if care_plan_status == "completed" else "cancelled"
    return {**goal, "lifecycleStatus": status}
