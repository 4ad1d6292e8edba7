"""Issue 28, fifth pass: a load nearer the cost of reading the file, and no check lost.

Each change a load takes is proven here to give what it replaced:
- the model's classes are structured by plain functions written from their fields
  (``_documents/fast_structure.py``), not by cattrs' dispatch: the same objects over valid
  documents, the same problems (paths, messages, values) over invalid ones;
- a document jsonschema-rs passes skips the bounds' walk: every list and text of a document
  the schema passes is within the bound the walk would hold it to.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._documents import api, bounds, fast_structure, reading, schema
from rehabkit._documents.converter import converter
from rehabkit._model import cited
from tests import strategies
from tests.helpers import protocol_data
from tests.test_fuzz import SEEDS, mutated

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
DOCUMENTS = sorted(
    [
        *(ROOT / "protocols").glob("*.json"),
        *(ROOT / "protocols" / "translations").glob("*.json"),
        *(ROOT / "docs" / "examples" / "progression").glob("*.json"),
        *(DATA / "valid").glob("*.json"),
    ]
)
INVALID = sorted(p for p in (DATA / "invalid").iterdir())


def _body(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != api.SCHEMA_KEY}


def _never(cls: type) -> Any:
    raise fast_structure.Miss


@contextmanager
def as_before() -> Iterator[None]:
    """A load as it was: cattrs structures everything, and the bounds' walk always runs."""
    with (
        mock.patch.object(fast_structure, "_function", _never),
        mock.patch.object(api, "passes", return_value=False),
    ):
        yield


def _said(problems: list[rk.Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.message, repr(p.value)) for p in problems]


# --------------------------------------------------------------------------- structuring


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_fast_path_makes_what_cattrs_makes_of_every_shipped_document(path: Path) -> None:
    data = reading.read_path(path)
    cls = api.kind_of(data)
    # The fast path itself, not its fallback: it must take every valid document.
    made = fast_structure._function(cls)(_body(data))
    assert made == converter.structure(_body(data), cls)
    # Built as attrs builds them (tests/test_speed_load_6.py's fast path): alike to the
    # type of each value, which equality alone would not tell (a list equal to a tuple).
    assert repr(made) == repr(converter.structure(_body(data), cls))
    assert rk.load(path) == made


@given(strategies.protocol(full=True))
def test_the_fast_path_makes_what_cattrs_makes_of_any_valid_protocol(
    protocol: rk.Protocol,
) -> None:
    body = _body(rk.to_data(protocol))
    made = fast_structure._function(rk.Protocol)(body)
    assert made == converter.structure(body, rk.Protocol) == protocol


@given(strategies.protocol(full=True), st.sampled_from(["left", "right"]))
def test_the_fast_path_makes_what_cattrs_makes_of_any_valid_plan(
    protocol: rk.Protocol, side: str
) -> None:
    plan = rk.personalise(
        protocol,
        patient="A Person",
        side=side,
        start="2026-01-05",
        events={event.id: "2026-01-01" for event in protocol.events},
        allow_example=True,
    )
    body = _body(rk.to_data(plan))
    made = fast_structure._function(rk.Plan)(body)
    assert made == converter.structure(body, rk.Plan) == plan


@given(mutated())
def test_a_mutated_document_has_the_same_problems_as_before(doc: Any) -> None:
    now = rk.validate(copy.deepcopy(doc))
    with as_before():
        before = rk.validate(copy.deepcopy(doc))
    assert _said(now) == _said(before)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_invalid_file_has_the_same_problems_as_before(path: Path) -> None:
    now = rk.validate(path)
    with as_before():
        before = rk.validate(path)
    assert now and _said(now) == _said(before)


def test_the_fast_path_gives_up_on_what_it_does_not_take_and_cattrs_says_why() -> None:
    data = _body(json.loads((ROOT / "protocols" / "runners-knee.json").read_text()))
    data["exercises"][0]["steps"] = "one step"  # text where a list belongs
    with pytest.raises(fast_structure.Miss):
        fast_structure._function(rk.Protocol)(data)
    problems = rk.validate(data, rk.Protocol)
    assert [p.path for p in problems] == ["exercises[0].steps"]


# --------------------------------------------------------------------------- bounds

_LIST_OR_TEXT = st.sampled_from(["list", "text"])


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every list and text in ``node``."""
    if isinstance(node, (list, str)):
        yield path
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        yield from _leaves(child, (*path, key))


def _oversized(value: Any, bound: int) -> Any:
    if isinstance(value, list):
        return value + [copy.deepcopy(value[0]) if value else 0] * (bound + 1 - len(value))
    return value + "x" * (bound + 1 - len(value))


def _place(name: str, path: tuple[Any, ...]) -> Any:
    limits = bounds._limits(name)
    place = limits.place([limits.root])
    for key in path:
        place = place.child(key)
    return place


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_every_list_and_text_past_its_bound_fails_the_fast_schema_check(seed: int) -> None:
    doc = SEEDS[seed]
    name = api._KINDS[api.kind_of(doc)].schema
    for path in _leaves(doc):
        if not path:
            continue
        place = _place(name, path)
        data = copy.deepcopy(doc)
        holder = data
        for key in path[:-1]:
            holder = holder[key]
        value = holder[path[-1]]
        bound = place.max_items if isinstance(value, list) else place.max_length
        holder[path[-1]] = _oversized(value, bound)
        assert bounds.bound_problems(data, name), path
        assert not schema.passes(data, name), path


@given(mutated())
def test_a_document_the_fast_schema_check_passes_is_within_every_bound(doc: Any) -> None:
    name = api._KINDS[api.kind_of(doc)].schema
    if schema.passes(doc, name):
        assert bounds.bound_problems(doc, name) == []


# What bounds each place: a node that applies to every valid value there (reached through
# properties, items, $ref and allOf, never through a branch that may not apply).
_ALWAYS = ("allOf",)
_BRANCHES = ("anyOf", "oneOf", "then", "else")


def _applying(node: Any, root: Mapping[str, Any], always: bool) -> Iterator[tuple[Any, bool]]:
    if not isinstance(node, Mapping):
        return
    yield node, always
    if "$ref" in node:
        yield from _applying(schema._resolve_ref(node["$ref"], root), root, always)
    for key in (*_ALWAYS, *_BRANCHES):
        branch = node.get(key)
        for sub in branch if isinstance(branch, list) else [branch]:
            yield from _applying(sub, root, always and key in _ALWAYS)


def _typed(node: Mapping[str, Any]) -> bool:
    return any(k in node for k in ("type", "enum", "const"))


def _branches_typed(node: Mapping[str, Any], root: Mapping[str, Any]) -> bool:
    """Every branch of the node's oneOf or anyOf holds a typed node that always applies."""
    groups = [node[k] for k in ("oneOf", "anyOf") if isinstance(node.get(k), list)]
    return bool(groups) and all(
        any(_typed(n) and a for n, a in _applying(sub, root, True))
        for group in groups
        for sub in group
    )


def _bound(nodes: Iterable[tuple[Any, bool]], root: Mapping[str, Any]) -> bool:
    return any(a and (_typed(n) or _branches_typed(n, root)) for n, a in nodes)


def _places(name: str) -> Iterator[tuple[str, list[Any], list[tuple[Any, bool]], Any]]:
    """Every place of the schema ``name`` a document can reach: its path, the schemas its
    parent's nodes give it, every node that may describe it (and whether it applies to
    every valid document), and the bounds' place. A place is bound when a typed node
    applies to every valid document, or when each schema a parent's node gives it brings
    one with it (the parent's node may be one branch of several: a quantity or a range)."""
    limits = bounds._limits(name)
    root = limits.root
    stack: list[tuple[str, list[Any], Any]] = [("", [(root, True)], limits.place([root]))]
    seen: set[tuple[int, ...]] = set()
    while stack:
        path, given_nodes, place = stack.pop()
        nodes = [pair for n, a in given_nodes for pair in _applying(n, root, a)]
        key = tuple(sorted(id(n) for n, _ in nodes))
        if key in seen:
            continue
        seen.add(key)
        yield path, [n for n, _ in given_nodes if isinstance(n, Mapping)], nodes, place
        names = {k for n, _ in nodes for k in n.get("properties", {})}
        for child in names:
            inner = [
                (n.get("properties", {}).get(child, n.get("additionalProperties")), a)
                for n, a in nodes
            ]
            stack.append((f"{path}.{child}", inner, place.child(child)))
        items = [(n.get("items"), a) for n, a in nodes if "items" in n]
        if items:
            stack.append((f"{path}[]", items, place.child(0)))
        extra = [
            (n.get("additionalProperties"), a)
            for n, a in nodes
            if isinstance(n.get("additionalProperties"), Mapping)
        ]
        if extra:
            stack.append((f"{path}.*", extra, place.child("\0 any other key")))


@pytest.mark.parametrize("name", ["protocol", "plan", "session-log", "translation"])
def test_every_place_of_every_schema_is_bound_by_a_node_that_always_applies(name: str) -> None:
    """With the bounds on every typed node (test_hardening_bounds), this makes 'the schema
    passes' imply 'the bounds' walk finds nothing': a valid list or text meets a typed node
    that always applies, whose own bound is at most the largest the walk takes there."""
    unbound = []
    too_long_choices = []
    root = bounds._limits(name).root
    for path, direct, nodes, place in _places(name):
        if not (_bound(nodes, root) or all(_bound(_applying(d, root, True), root) for d in direct)):
            unbound.append(path)
        choices = [
            v for n, _ in nodes for v in n.get("enum", [n.get("const")]) if isinstance(v, str)
        ]
        if any(len(v) > place.max_length for v in choices):
            too_long_choices.append(path)
    assert unbound == []
    assert too_long_choices == []


# --------------------------------------------------------------------------- one walk
# The two walks the rules made before (integrity._cited and integrity._loads, as they were),
# kept here to prove the one walk finds what they found, with the same paths, in order.


def _child(path: str, key: Any) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


def _cited_before(node: Any, path: str, found: list[tuple[str, list[Any]]]) -> None:
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, (dict, list)):
            here = _child(path, key)
            if key == "sources" and isinstance(value, list):
                found.append((here, value))
            _cited_before(value, here, found)


def _loads_before(node: Any, path: str, found: list[tuple[str, Any]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(value, (dict, list)):
                continue
            where = _child(path, key) if path else str(key)
            if key == "load" and isinstance(value, dict):
                found.append((where, value))
            else:
                _loads_before(value, where, found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                _loads_before(value, f"{path}[{i}]", found)


def _found_before(data: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    lists: list[tuple[str, list[Any]]] = []
    for key, value in data.items():
        if isinstance(value, (dict, list)):
            _cited_before(value, str(key), lists)
    loads: list[tuple[str, Any]] = []
    _loads_before(data, "", loads)
    return lists, loads


_KEYS = st.sampled_from(["", "load", "sources", "x", "amount", "percent_of"]) | st.integers(0, 3)
_TREES = st.recursive(
    st.none() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(_KEYS, _TREES, max_size=5) | mutated().filter(lambda d: isinstance(d, dict)))
def test_the_one_walk_finds_what_the_two_walks_found(data: dict[str, Any]) -> None:
    assert cited.found(data) == _found_before(data)


@pytest.mark.parametrize(
    "data",
    [
        {"": {"load": {"x": 1}, "a": {"load": {}}}},  # below an empty key, a load's path
        {"": [{"load": {}}]},  # differs from a cited list's: "load", not ".load"
        {"": {"": {"load": {}}}},
        {"load": {"sources": [1], "load": {}}},  # a load's own lists are cited lists
        {"x": {"": {"load": {}, "sources": []}}},
        {"sources": [{"sources": ["a"]}], 3: {"load": {}}},
    ],
)
def test_the_one_walk_finds_what_the_two_walks_found_at_odd_keys(data: dict[Any, Any]) -> None:
    assert cited.found(data) == _found_before(data)


def test_the_one_walk_finds_the_loads_and_sources_of_a_bundled_protocol() -> None:
    data = protocol_data("tennis-elbow")
    lists, loads = cited.found(data)
    assert (lists, loads) == _found_before(data)
    assert lists and loads


# --------------------------------------------------------------------------- the reader's walk
# JSON that its schema passes, in which parsing met no repeated key and no number of twenty
# digits, is not walked by the reader: the walk would find nothing.


def _depths(name: str) -> Iterator[int]:
    """The depth of every place of the schema ``name`` (the document itself is 0), down
    every path; a path that comes back to a place it passed (a schema within itself)
    would give a depth past any bound."""
    limits = bounds._limits(name)
    stack: list[tuple[Any, int, frozenset[int]]] = [(limits.place([limits.root]), 0, frozenset())]
    while stack:
        place, depth, above = stack.pop()
        yield depth if id(place) not in above else reading.MAX_DEPTH + 1
        if id(place) in above:
            continue
        keys: list[str | int] = sorted(place.named)
        keys += [0] if any("items" in n for n in place.nodes) else []
        other = any(isinstance(n.get("additionalProperties"), Mapping) for n in place.nodes)
        keys += ["\0 any other key"] if other else []
        for key in keys:
            stack.append((place.child(key), depth + 1, above | {id(place)}))


@pytest.mark.parametrize("name", ["protocol", "plan", "session-log", "translation"])
def test_no_document_a_schema_passes_nests_deeper_than_the_reader_allows(name: str) -> None:
    # The reader refuses a value deeper than MAX_DEPTH; every place here is shallower, and
    # any other key is refused by the schema (additionalProperties is false everywhere).
    assert max(_depths(name)) <= reading.MAX_DEPTH


def test_the_loosest_bound_holds_every_places_bound() -> None:
    # A list the schema passes is within its place's bound, so within the reader's.
    for name in ("protocol", "plan", "session-log", "translation"):
        limits = bounds._limits(name)
        assert limits.max_items <= reading.max_items()


def _outcome(text: str, sound: Any) -> Any:
    try:
        return reading.parse_text(text, sound=sound)
    except reading.ReadError as exc:
        return _said(exc.problems)


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A mutated document's JSON, now and then with nesting too deep, a huge number or a
    repeated key put in."""
    doc = draw(mutated())
    holders = [p for p in _leaves(doc) if p] if isinstance(doc, dict) else []
    extra = draw(st.sampled_from(["none", "deep", "huge", "negative", "repeated"]))
    if holders and extra in ("deep", "huge", "negative"):
        path = draw(st.sampled_from(holders))
        holder = doc
        for key in path[:-1]:
            holder = holder[key]
        big = {"deep": _nested(draw(st.integers(25, 40))), "huge": 2**64, "negative": -(2**64)}
        holder[path[-1]] = big[extra]
    text = json.dumps(doc, ensure_ascii=False)
    if extra == "repeated" and text.startswith("{") and len(text) > 2:
        text = '{"id": "again", ' + text[1:]
    return text


@given(texts())
def test_the_reader_says_what_it_said_when_it_walked_every_document(text: str) -> None:
    assert _outcome(text, api._sound) == _outcome(text, None)


def test_a_huge_number_the_schema_passes_is_still_refused_where_it_is() -> None:
    data = protocol_data()
    data["exercises"][0]["dosage"]["sets"] = 2**70
    assert schema.passes(data, "protocol")  # jsonschema-rs takes it: parsing must mark it
    with pytest.raises(rk.ValidationError) as caught:
        rk.loads(json.dumps(data))
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("exercises[0].dosage.sets", "a whole number this large is not allowed (64 bits)")
    ]


def test_a_repeated_key_in_a_document_the_schema_passes_is_still_refused() -> None:
    text = json.dumps(protocol_data())
    with pytest.raises(rk.ValidationError) as caught:
        rk.loads('{"title": "Again", ' + text[1:])
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("title", "key 'title' appears more than once in the same object")
    ]


def test_a_load_runs_the_schema_once_and_a_later_check_judges_afresh() -> None:
    path = ROOT / "protocols" / "runners-knee.json"
    with mock.patch.object(api, "passes", wraps=schema.passes) as ran:
        rk.load(path)
        assert ran.call_count == 1  # the reader's verdict serves the check that follows
        data = protocol_data()
        data["title"] = 7
        assert [p.path for p in rk.validate(data, rk.Protocol)] == ["title"]
        assert ran.call_count == 2  # another document: judged afresh
