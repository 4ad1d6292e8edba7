"""Hypothesis: object -> file -> object, and the schema and the model agree both ways."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._core.resources import schema
from rehabkit._documents.converter import converter
from rehabkit._documents.schema import schema_problems

from .helpers import at
from .strategies import protocol


@given(protocol())
def test_round_trip(p: rk.Protocol) -> None:
    assert rk.loads(rk.dumps(p)) == p


@given(protocol())
def test_dumps_is_deterministic_and_schema_valid(p: rk.Protocol) -> None:
    text = rk.dumps(p)
    assert text == rk.dumps(rk.loads(text))
    assert schema_problems(json.loads(text)) == []


def _objects(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    found = []
    if isinstance(data, dict):
        found.append((path, data))
        for k, v in data.items():
            found += _objects(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _objects(v, (*path, i))
    return found


def _fmt(path: tuple[Any, ...]) -> str:
    from rehabkit._documents.schema import format_path

    return format_path(path)


def _model_rejects(data: dict[str, Any]) -> list[rk.Problem]:
    problems = []
    try:
        rk.from_data(data)
    except rk.ValidationError as exc:
        problems = exc.problems
    return problems


def _structure_only(data: dict[str, Any]) -> bool:
    """Whether cattrs alone (no schema) refuses the data."""
    body = {k: v for k, v in data.items() if k != "$schema"}
    try:
        converter.structure(body, rk.Protocol)
    except Exception:
        return True
    return False


@given(protocol(), st.data())
def test_unknown_field_rejected_by_both(p: rk.Protocol, data: st.DataObject) -> None:
    doc = json.loads(rk.dumps(p))
    path, obj = data.draw(st.sampled_from(_objects(doc)))
    obj["unexpected_field"] = 1
    problems = schema_problems(doc)
    assert _fmt((*path, "unexpected_field")) in {q.path for q in problems}
    assert _structure_only(doc)
    assert _model_rejects(doc)


@given(protocol(), st.data())
def test_dropped_required_field_rejected_by_both(p: rk.Protocol, data: st.DataObject) -> None:
    doc = json.loads(rk.dumps(p))
    candidates = []
    for path, obj in _objects(doc):
        for key in obj:
            if key != "$schema":
                candidates.append((path, key))
    path, key = data.draw(st.sampled_from(candidates))
    required = _required_at(doc, path)
    mutated = copy.deepcopy(doc)
    del at(mutated, path)[key]
    problems = schema_problems(mutated)
    if key in required:
        assert _fmt((*path, key)) in {q.path for q in problems}
        assert _structure_only(mutated)
    else:
        # An optional field dropped: both accept, unless the model needs it for coherence.
        assert problems == [] or _model_rejects(mutated)


def _required_at(doc: dict[str, Any], path: tuple[Any, ...]) -> set[str]:
    """Required keys of the object at path, read from the schema by walking it with the data."""
    sch: dict[str, Any] = schema("protocol")
    data: Any = doc
    for part in path:
        sch = _resolve(sch, data)
        sch = sch["items"] if isinstance(part, int) else sch["properties"][part]
        data = data[part]
    return set(_resolve(sch, data).get("required", []))


def _resolve(sch: dict[str, Any], data: Any) -> dict[str, Any]:
    defs = schema("protocol")["$defs"]
    while True:
        if "$ref" in sch:
            sch = defs[sch["$ref"].rsplit("/", 1)[-1]]
        elif "oneOf" in sch and isinstance(data, dict):
            branches = [
                defs[b["$ref"].rsplit("/", 1)[-1]] if "$ref" in b else b for b in sch["oneOf"]
            ]
            [sch] = [b for b in branches if set(data) <= set(b.get("properties", {}))]
        else:
            return sch


@given(protocol(), st.data())
def test_wrong_type_rejected_by_both(p: rk.Protocol, data: st.DataObject) -> None:
    doc = json.loads(rk.dumps(p))
    leaves = [
        (path, key)
        for path, obj in _objects(doc)
        for key, value in obj.items()
        if key != "$schema" and isinstance(value, (str, int, float)) and not isinstance(value, bool)
    ]
    path, key = data.draw(st.sampled_from(leaves))
    value = at(doc, path)[key]
    at(doc, path)[key] = [value]  # a list where a scalar belongs: wrong for every field
    assert _fmt((*path, key)) in {q.path for q in schema_problems(doc)}
    assert _structure_only(doc)


def test_schema_and_model_name_the_same_fields() -> None:
    root = schema("protocol")
    defs = root["$defs"]
    pairs = {
        "quantity": rk.Quantity, "range": rk.Range, "int_range": rk.IntRange,
        "frequency": rk.Frequency, "intensity": rk.Intensity, "load": rk.Load,
        "dosage": rk.Dosage, "joint_angle": rk.JointAngle, "equipment": rk.Equipment,
        "exercise": rk.Exercise, "criterion": rk.Criterion,
        "parameter_change": rk.ParameterChange, "progression_rule": rk.ProgressionRule,
        "stop_criterion": rk.StopCriterion, "pain_guidance": rk.PainGuidance,
        "phase": rk.Phase, "measurement": rk.Measurement, "code": rk.Code,
        "condition": rk.Condition, "person": rk.Person, "reference": rk.Reference,
        "tempo": rk.Tempo, "flare_up": rk.FlareUp, "event": rk.Event,
        "escalation": rk.Escalation, "urgent_help": rk.UrgentHelp,
        "pose": rk.Pose, "pose_frame": rk.PoseFrame, "joints": rk.Joints, "prop": rk.Prop,
        "translation_note": rk.TranslationNote, "reporting": rk.Reporting,
        "statement": rk.Statement, "gate": rk.Gate, "phase_dosage": rk.PhaseDosage,
        "versus": rk.Versus, "media": rk.Media,
    }  # fmt: skip
    pairs_checked = 0
    for name, cls in pairs.items():
        fields = {a.name for a in attrs.fields(cls)}
        required = {a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING}
        assert set(defs[name]["properties"]) == fields, name
        assert set(defs[name].get("required", [])) == required, name
        pairs_checked += 1
    top = set(root["properties"]) - {"$schema"}
    assert top == {a.name for a in attrs.fields(rk.Protocol)}
    assert set(root["required"]) == {
        a.name for a in attrs.fields(rk.Protocol) if a.default is attrs.NOTHING
    }
    assert pairs_checked == len(pairs)
    assert set(defs) - set(pairs) == {"unit", "amount", "count"}


def test_schema_enums_match_model_enums() -> None:
    defs = schema("protocol")["$defs"]
    assert defs["unit"]["enum"] == [u.value for u in rk.Unit]
    crit = defs["criterion"]["properties"]
    assert crit["metric"]["enum"] == [m.value for m in rk.Metric]
    assert crit["symptom"]["enum"] == [s.value for s in rk.Symptom]
    assert defs["exercise"]["properties"]["side"]["enum"] == [s.value for s in rk.Side]
    muscles = defs["exercise"]["properties"]["target_muscles"]["items"]["enum"]
    assert muscles == [m.value for m in rk.Muscle]


def test_every_schema_property_has_a_description() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}.{name} has no description"
            for k, v in node.items():
                walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for v in node:
                walk(v, where)

    root = schema("protocol")
    walk(root, "$")
    assert root["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "/1.2/" in root["$id"]


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(blob: bytes) -> None:
    try:
        problems = rk.validate(_tmp_write(blob))
    finally:
        pass
    assert isinstance(problems, list)


def _tmp_write(blob: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
        f.write(blob)
    return f.name


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
))  # fmt: skip
def test_arbitrary_json_values_never_raise(value: Any) -> None:
    assert isinstance(rk.validate({"value": value} if not isinstance(value, dict) else value), list)


@given(protocol())
def test_json_exporter_round_trip(p: rk.Protocol) -> None:
    assert rk.loads(rk.export(p, "json")) == p


def test_canonical_json_follows_the_model_field_order() -> None:
    data = json.loads(rk.dumps(rk.bundled("runners-knee")))
    assert list(data)[:6] == ["$schema", "id", "version", "title", "summary", "language"]
    first = data["exercises"][0]
    assert list(first)[:3] == ["id", "name", "aliases"]
