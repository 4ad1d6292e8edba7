"""Structure-aware fuzzing: valid documents of every kind, mutated by Hypothesis, written as
JSON or YAML. The only allowed outcomes are a document or a list of problems."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk

from .helpers import at

yaml = pytest.importorskip("yaml")
EXAMPLES = Path(__file__).parents[1] / "docs" / "examples" / "progression"

SEEDS = [
    rk.to_data(rk.bundled("runners-knee")),
    rk.to_data(rk.bundled("acl-early-rehab")),
    json.loads((EXAMPLES / "plan-wall-sit-60.json").read_text()),
    json.loads((EXAMPLES / "log-steady.json").read_text()),
]
scalars = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
    | st.sampled_from(["", " ", "\x00", "\ud800", "wall-sit", "2026-02-30", "1e308", "wk"])
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(node, (dict, list)) and node else []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in items:
        found += _containers(child, (*path, key))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        holders = _containers(doc)
        if not holders:
            break
        holder = at(doc, draw(st.sampled_from(holders)))
        keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "replace":
            holder[key] = draw(values)
        elif action == "delete":
            del holder[key]
        elif action == "add" and isinstance(holder, dict):
            holder[draw(st.text(max_size=12))] = draw(values)
        elif isinstance(holder, list):
            holder.append(copy.deepcopy(holder[key]))
    return doc


def _outcome(text: str, as_yaml: bool) -> None:
    problems: list[rk.Problem] = []
    document: Any = None
    try:
        document = rk.loads(text, yaml=as_yaml)
    except rk.ValidationError as exc:  # any other exception fails the test
        problems = exc.problems
    if document is None:
        assert problems and all(isinstance(p, rk.Problem) for p in problems)
    else:
        assert isinstance(document, (rk.Protocol, rk.Plan, rk.SessionLog))


@given(mutated())
def test_mutated_json_gives_a_document_or_problems(doc: Any) -> None:
    try:
        text = json.dumps(doc, ensure_ascii=False)
    except UnicodeEncodeError:
        text = json.dumps(doc)  # a lone surrogate: written escaped, as a JSON file holds it
    _outcome(text, as_yaml=False)
    problems = rk.validate(doc)
    assert all(isinstance(p, rk.Problem) for p in problems)


@given(mutated())
def test_mutated_yaml_gives_a_document_or_problems(doc: Any) -> None:
    try:
        text = yaml.safe_dump(doc, allow_unicode=False)
    except yaml.YAMLError:
        return
    _outcome(text, as_yaml=True)


@given(st.sampled_from(SEEDS), st.sampled_from(["!!float x", "!!int x", "!!bool maybe", "!!map x",
       "!!python/object:os.system x", "&a [*a]", "0x" + "f" * 300, "!!binary Zm9v"]))  # fmt: skip
def test_hostile_yaml_values_are_problems(doc: Any, hostile: str) -> None:
    text = yaml.safe_dump(doc).replace("version: 1.1.0", f"version: {hostile}", 1)
    text = text.replace("'1.1.0'", hostile, 1)
    _outcome(text, as_yaml=True)


@given(mutated())
def test_the_fast_schema_check_agrees_with_jsonschema(doc: Any) -> None:
    """jsonschema-rs (the fast extra) passes exactly the documents jsonschema passes: it
    decides alone for valid documents, so a disagreement would let a bad file through."""
    from rehabkit._documents.api import kind_of
    from rehabkit._documents.schema import _fast_check, _validator

    name = {rk.Protocol: "protocol", rk.Plan: "plan", rk.SessionLog: "session-log"}[kind_of(doc)]
    fast = _fast_check(name)
    if fast is None:
        pytest.skip("jsonschema-rs is not installed")
    try:
        verdict = fast(doc)
    except (UnicodeError, ValueError, OverflowError):
        return  # handed to jsonschema, as schema_problems does
    assert verdict == _validator(name).is_valid(doc)


def test_a_list_where_a_rule_names_its_target_is_a_problem_not_a_crash() -> None:
    """Found by the thorough fuzz run: the whole-protocol rules read data the schema may
    have refused; a list as a progression rule's ``to_exercise`` crashed one of them."""
    doc = rk.to_data(rk.bundled("runners-knee"))
    rule = next(r for r in doc["progression_rules"] if r.get("direction") == "progress")
    rule["to_exercise"] = ["wall-sit"]
    with pytest.raises(rk.ValidationError) as raised:
        rk.loads(json.dumps(doc))
    assert any("to_exercise" in p.path for p in raised.value.problems)
