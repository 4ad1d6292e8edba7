"""The variables a protocol's conditions read are declared machine-readably (issue 26):
FHIR's ``variable`` extension on the PlanDefinition and on each exercise's action, so that
a clinical reasoning engine can bind every ``%name`` a condition uses; and what the
declarations compute is what the conditions expect (evaluated here with fhirpathpy)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

import rehabkit as rk

from .fhir_helpers import log_for

VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
#: FHIRPath's own environment variables, which no one declares.
BUILT_IN = {"resource", "rootResource", "context", "ucum", "sct", "loinc", "this", "total"}
PROTOCOLS = ["runners-knee", "achilles-example", "achilles-eccentric", "acl-early-rehab"]


def _plan_definition(protocol: rk.Protocol, version: str) -> dict[str, Any]:
    bundle = json.loads(rk.export(protocol, "fhir", fhir_version=version))
    [found] = [e["resource"] for e in bundle["entry"]
               if e["resource"]["resourceType"] == "PlanDefinition"]  # fmt: skip
    return found


def _declared(element: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["valueExpression"] for e in element.get("extension", []) if e["url"] == VARIABLE]


def _conditions(
    actions: list[dict[str, Any]], scope: set[str]
) -> Iterator[tuple[str, str, set[str]]]:
    """(action id, expression, the variables in scope) for every condition, nested too."""
    for action in actions:
        inner = scope | {v["name"] for v in _declared(action)}
        for c in action.get("condition", []):
            yield action["id"], c["expression"]["expression"], inner
        yield from _conditions(action.get("action", []), inner)


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("protocol_id", PROTOCOLS)
def test_every_variable_a_condition_reads_is_declared_in_its_scope(
    protocol_id: str, version: str
) -> None:
    definition = _plan_definition(rk.bundled(protocol_id), version)
    top = {v["name"] for v in _declared(definition)}
    assert {"carePlan", "allSessions", "measurements", "asOf"} <= top
    checked = 0
    for action, expression, scope in _conditions(definition["action"], top):
        used = set(re.findall(r"%([A-Za-z]\w*)", expression)) - BUILT_IN
        assert used <= scope, (action, used - scope)
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_each_declaration_is_a_named_expression_in_a_language_an_engine_knows(
    version: str,
) -> None:
    definition = _plan_definition(rk.bundled("acl-early-rehab"), version)
    everything = _declared(definition) + [v for a in definition["action"] for v in _declared(a)]
    for v in everything:
        assert re.fullmatch(r"[A-Za-z]\w*", v["name"])  # a FHIRPath identifier
        assert v["language"] in ("text/fhirpath", "application/x-fhir-query")
        assert v["expression"] and v["description"]
    for v in everything:
        if v["language"] == "text/fhirpath":
            fhirpathpy = pytest.importorskip("fhirpathpy")
            fhirpathpy.compile(v["expression"])  # parses


def _resources(bundle: bytes) -> list[dict[str, Any]]:
    return [e["resource"] for e in json.loads(bundle)["entry"]]


def test_bound_over_a_plan_and_its_log_the_variables_give_what_the_conditions_read() -> None:
    """R4: levelStart is the level start the CarePlan states for the exercise, and
    sessions are exactly that exercise's session Observations since then, newest first."""
    fhirpathpy = pytest.importorskip("fhirpathpy")
    r4 = pytest.importorskip("fhirpathpy.models").models["r4"]
    plan, log = log_for("runners-knee")
    exercise = plan.exercises[0].exercise
    plan_resources = _resources(rk.export(plan, "fhir"))
    [care_plan] = [r for r in plan_resources if r["resourceType"] == "CarePlan"]
    observations = [r for r in _resources(rk.export(log, "fhir", plan=plan))
                    if r["resourceType"] == "Observation"
                    and r["code"].get("coding", [{}])[0].get("code") == "72514-3"]  # fmt: skip
    newest_first = sorted(observations, key=lambda r: r["effectiveDateTime"], reverse=True)
    [action] = [a for a in _plan_definition(plan.protocol, "R4")["action"] if a["id"] == exercise]
    by_name = {v["name"]: v["expression"] for v in _declared(action)}
    env: dict[str, Any] = {"carePlan": [care_plan], "allSessions": newest_first}
    [level_start] = fhirpathpy.evaluate({}, by_name["levelStart"], env, model=r4)
    assert level_start == (plan.exercises[0].since or plan.start).isoformat()
    env["levelStart"] = level_start
    sessions = fhirpathpy.evaluate({}, by_name["sessions"], env, model=r4)
    mine = [r for r in newest_first if any(exercise in str(e.get("valueCanonical"))
                                           for e in r.get("extension", []))]  # fmt: skip
    assert sessions == mine and len(mine) >= 2
    later = dt.date.fromisoformat(level_start) + dt.timedelta(days=2)
    env["levelStart"] = later.isoformat()
    since_then = fhirpathpy.evaluate({}, by_name["sessions"], env, model=r4)
    assert 0 < len(since_then) < len(mine)
    assert all(r["effectiveDateTime"][:10] >= later.isoformat() for r in since_then)


# ------------------------------------------------------------------ phases as groups

PHASED = ["acl-early-rehab", "achilles-example", "ankle-sprain"]


def _walk(actions: list[dict[str, Any]], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    for a in actions:
        yield depth, a
        yield from _walk(a.get("action", []), depth + 1)


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("protocol_id", PHASED)
def test_a_phases_exercises_are_its_actions_alone(protocol_id: str, version: str) -> None:
    """An engine applying the PlanDefinition meets each exercise once, inside the phase
    that holds it: a group applied whole (logical-group, all) when its start holds, never
    also at the top level, where it would apply from the first day."""
    protocol = rk.bundled(protocol_id)
    definition = _plan_definition(protocol, version)
    exercise_ids = {ex.id for ex in protocol.exercises}
    seen = [a["id"] for _, a in _walk(definition["action"]) if a["id"] in exercise_ids]
    assert sorted(seen) == sorted(exercise_ids)  # each exercise's action once
    top = {a["id"] for a in definition["action"]}
    for number, phase in enumerate(protocol.phases):
        [group] = [a for a in definition["action"] if a["id"] == f"phase-{phase.id}"]
        assert group["groupingBehavior"] == "logical-group"
        assert group["selectionBehavior"] == "all"
        held = {a["id"] for a in group["action"]}
        assert set(phase.exercises) <= held and not set(phase.exercises) & top
        if number > 0 and phase.entry_criteria:
            assert [c["kind"] for c in group["condition"]][:1] == ["start"]


def test_a_phase_its_successor_drops_stops_when_that_one_opens() -> None:
    data = rk.to_data(rk.bundled("acl-early-rehab"))
    data["phases"][1]["continues_previous"] = False
    protocol = rk.from_data(data)
    early, later = protocol.phases[:2]
    for p in (protocol, rk.bundled("acl-early-rehab")):
        groups = {a["id"]: a for a in _plan_definition(p, "R4")["action"]}
        [opens] = [c for c in groups[f"phase-{later.id}"]["condition"] if c["kind"] == "start"]
        ends = [c for c in groups[f"phase-{early.id}"].get("condition", []) if c["kind"] == "stop"]
        if p is protocol:  # dropped: the early phase ends as the next opens
            assert [c["expression"]["expression"] for c in ends] == [
                opens["expression"]["expression"]
            ]
        else:  # carried on
            assert ends == []
