"""Format 1.1 keeps every 1.0 file valid, meaning what it meant."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import rehabkit as rk
from rehabkit._core.resources import schema

OLD = Path(__file__).parent / "data" / "format-1.0"


@pytest.mark.parametrize("name", ["runners-knee", "achilles-example"])
def test_a_1_0_protocol_is_still_valid_and_unchanged(name: str) -> None:
    path = OLD / f"{name}.json"
    data = json.loads(path.read_text())
    assert "/protocol/1.0/" in data["$schema"]
    assert rk.validate(path) == []
    protocol = rk.load(path)
    again = rk.to_data(protocol)
    assert rk.from_data(again) == protocol
    # Read and written back, it is still a valid 1.0 document: no 1.1 field appears.
    old_schema = json.loads((OLD / "protocol.schema.json").read_text())
    jsonschema.Draft202012Validator(old_schema).validate(again)


def test_a_1_0_plan_is_still_valid() -> None:
    assert rk.validate(OLD / "plan-start.json", rk.Plan) == []
    plan = rk.load(OLD / "plan-start.json", rk.Plan)
    assert plan.phase is None and plan.events == ()


def test_schema_ids_say_the_version() -> None:
    for name in ("protocol", "plan", "session-log"):
        assert f"/{name}/1.2/" in schema(name)["$id"]


def test_format_1_2_warning_signs_are_loggable_and_can_stop(tmp_path: Path) -> None:
    data = rk.to_data(rk.bundled("acl-early-rehab"))
    data["stop_criteria"].append(
        {
            "id": "urgent-calf",
            "text": "Get urgent medical help for a painful, swollen calf.",
            "urgency": "urgent",
            "criteria": [{"metric": "symptom", "symptom": "calf_pain", "op": "==", "value": 1}],
            "sources": ["editors"],
        }
    )
    protocol = rk.from_data(data)
    assert rk.Symptom.CALF_PAIN in {c.symptom for s in protocol.stop_criteria for c in s.criteria}
    log = rk.SessionLog(patient="Ana Lopez").log_session(
        "quad-set", "2026-12-02", pain_during=1, symptoms=["calf_pain", "snap"]
    )
    assert log.entries[0].symptoms == (rk.Symptom.CALF_PAIN, rk.Symptom.SNAP)
    assert rk.validate(rk.to_data(log), rk.SessionLog) == []


def test_a_reporting_statement_cites_declared_sources_only() -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    data["reporting"]["setting"] = {"kinds": ["home"], "sources": ["no-such-source"]}
    problems = rk.validate(data, rk.Protocol)
    assert [p.path for p in problems] == ["reporting.setting.sources[0]"], problems
    data["reporting"]["setting"]["sources"] = ["flawless-physio-2022"]
    protocol = rk.from_data(data)
    assert protocol.reporting is not None and protocol.reporting.setting is not None
    assert protocol.reporting.setting.sources == ("flawless-physio-2022",)


def test_the_editors_entry_says_it_is_the_editors() -> None:
    data = rk.to_data(rk.bundled("runners-knee"))
    for source in data["sources"]:
        source["editorial"] = source["id"] == "editors"
    protocol = rk.from_data(data)
    assert [s.id for s in protocol.sources if s.editorial] == ["editors"]
    assert rk.from_data(rk.to_data(protocol)) == protocol
