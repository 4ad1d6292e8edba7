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
        assert f"/{name}/1.1/" in schema(name)["$id"]
