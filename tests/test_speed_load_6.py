"""Issue 28, sixth pass: a load at most ten times ``json.loads``, and no check lost.

Each change a load takes is proven here to give what it replaced:
- the fast path makes the model's objects without attrs' ``__init__``
  (``_documents/building.py``): it leaves out only the converters that give back every
  value it can make, and only the validators that cannot fail on what it made; a text (a
  number) is looked at by its validator unless it is plain printable ASCII (finite), which
  the validator passes; a field left at its default is not looked at, as every default
  passes; every other validator and every ``__attrs_post_init__`` runs. The objects are
  the same, and an invalid document has the same problems;
- a criterion asks only the rules of its metric's kind: the others say nothing of it;
- the rules on cited sources and on relative loads first walk the data without writing
  paths; that walk finds every list and load the walk with paths finds, and when it finds
  nothing to report the rules report nothing;
- a document jsonschema-rs passes skips the model's bounds too: each is its place's
  ``maxItems`` in the schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import math
import os
import typing
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._core import resources
from rehabkit._documents import api, building, fast_structure, reading
from rehabkit._documents.converter import converter
from rehabkit._model import cited, criteria, fields, integrity
from rehabkit._model.metrics import METRICS, MetricKind
from tests import strategies
from tests.helpers import thorough_after_first
from tests.test_fuzz import SEEDS, mutated
from tests.test_speed_load_5 import _body, _said, as_before

ROOT = Path(__file__).resolve().parents[1]
KINDS = (rk.Protocol, rk.Plan, rk.SessionLog, rk.Translation)


def _classes() -> list[type]:
    """Every class the fast path writes a function for, from the four documents down."""
    writer = fast_structure._Writer()
    for kind in KINDS:
        writer.function(kind)
    return list(writer.done)


CLASSES = _classes()
FIELDS = [(cls, a) for cls in CLASSES for a in attrs.fields(cls)]


def _field_id(item: Any) -> str:
    return f"{item[0].__name__}.{item[1].name}" if isinstance(item, tuple) else str(item)


# --------------------------------------------------------------------------- what runs


def test_a_valid_load_builds_its_objects_without_their_init() -> None:
    # Fails before this pass: every Criterion of a load went through attrs' __init__.
    inits = {cls: mock.patch.object(cls, "__init__", side_effect=AssertionError) for cls in CLASSES}
    for patch in inits.values():
        patch.start()
    try:
        protocol = rk.load(ROOT / "protocols" / "runners-knee.json")
    finally:
        mock.patch.stopall()
    assert protocol == converter.structure(
        _body(reading.read_path(ROOT / "protocols" / "runners-knee.json")), rk.Protocol
    )


def test_every_class_of_a_document_but_a_translation_is_built_by_the_fast_path() -> None:
    # A translation's text is a dict made by a factory: attrs' __init__ makes it.
    assert [cls for cls in CLASSES if not building.builds(cls)] == [rk.Translation]


# --------------------------------------------------------------------------- the proofs


def _values_made(kind: Any) -> list[Any]:
    """Every value the fast path can make of a field of ``kind`` whose converter it leaves
    out, or, where there are endlessly many, ones of each shape."""
    made: list[Any] = []
    for one in building._kinds(kind):
        if one is type(None):
            made.append(None)
        elif typing.get_origin(one) is tuple:
            item = typing.get_args(one)[0]
            members = list(item) if isinstance(item, type) and issubclass(item, enum.Enum) else []
            made += [(), tuple(members), (object(),), ("text", "more")]
        elif one is dt.date:
            made += [dt.date(2026, 1, 5), dt.date(1, 1, 1), dt.date(9999, 12, 31)]
        else:
            made += list(one)  # an enumeration: all its members
    return made


@pytest.mark.parametrize("item", FIELDS, ids=_field_id)
def test_a_converter_left_out_gives_back_every_value_the_fast_path_makes(item: Any) -> None:
    cls, a = item
    if a.converter is None or not building.passes_through(a.type):
        return
    for value in _values_made(a.type):
        converted = a.converter(value)
        assert converted == value and type(converted) is type(value), (cls, a.name, value)


@pytest.mark.parametrize("item", FIELDS, ids=_field_id)
def test_a_validator_left_out_checks_membership_of_the_enumeration_looked_up(item: Any) -> None:
    _, a = item
    if a.validator is None or not building.left_out(a):
        return
    # The fast path makes the value from this enumeration's own member table (or None
    # for an optional field, a tuple of members for a list): the check cannot fail.
    expression = fast_structure._expression(fast_structure._Writer(), a.type, "x")
    assert "_miss()" in expression
    for value in _values_made(a.type):
        if isinstance(value, tuple) and any(not isinstance(v, enum.Enum) for v in value):
            continue  # not what the fast path makes of a tuple of members
        a.validator(None, a, value)


def test_the_validators_passed_at_a_glance_are_the_models_own() -> None:
    checks = {a.validator for _, a in FIELDS}
    assert set(building.AT_A_GLANCE) <= checks
    assert any(building._glance(a) == ("optional", building.FINITE) for _, a in FIELDS)


def _plain(text: str) -> bool:
    return bool(eval(building.PLAIN_TEXT.format(x="text")))  # our own text


def _finite(number: Any) -> bool:
    return bool(
        eval(building.FINITE.format(x="number"), {"_isfinite": math.isfinite}, {"number": number})
    )


@given(st.floats() | st.integers() | st.booleans() | st.none() | st.text(max_size=2))
def test_a_number_the_fast_path_takes_as_finite_is_one_the_number_validator_passes(
    number: Any,
) -> None:
    if _finite(number):
        fields._finite(None, attrs.fields(rk.Quantity).value, number)


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan"), 1, True])
def test_a_number_that_is_not_plainly_finite_is_looked_at_by_its_validator(number: Any) -> None:
    assert not _finite(number)


@pytest.mark.parametrize("item", FIELDS, ids=_field_id)
def test_every_default_passes_its_fields_validator_whatever_the_object(item: Any) -> None:
    # The fast path does not look at a field left at its default. The validator is given
    # no object: one that read the object's other fields would fail here.
    _, a = item
    if a.validator is not None and a.default is not attrs.NOTHING:
        default = a.converter(a.default) if a.converter is not None else a.default
        a.validator(None, a, default)


@given(st.text() | st.text(st.characters(max_codepoint=0x7F)) | st.sampled_from([" ", "  a "]))
def test_a_text_the_fast_path_takes_as_plain_is_one_the_text_validator_passes(text: str) -> None:
    a = attrs.fields(rk.Protocol).title
    if _plain(text):
        fields._text(None, a, text)
        fields._optional_text(None, a, text)
        fields._texts(None, a, (text,))


@pytest.mark.parametrize("text", ["", " ", "\t", "a\x00", "\x7f", "\ufeffa", "é", "\ud800"])
def test_a_text_that_is_not_plain_is_looked_at_by_its_validator(text: str) -> None:
    assert not _plain(text)


# --------------------------------------------------------------------------- the same


# Every shipped document: tests/test_speed_load_5.py compares each with cattrs' and attrs'
# objects, their reprs too.


@given(strategies.protocol(full=True))
def test_any_valid_protocol_is_built_as_attrs_builds_it(protocol: rk.Protocol) -> None:
    body = _body(rk.to_data(protocol))
    made = fast_structure._function(rk.Protocol)(body)
    assert made == converter.structure(body, rk.Protocol) == protocol


_BROKEN_TEXTS = ["a\x00b", " ", "\x85", "\ufdd0", "x\ud800", "\x1c", "\t", "a\u2028"]


# The first seed in every run, the others in the thorough run (CI): each takes seconds.
@pytest.mark.parametrize("seed", thorough_after_first(list(range(len(SEEDS)))))
def test_a_text_the_schema_may_pass_and_the_model_refuses_has_the_same_problems(
    seed: int,
) -> None:
    # Every text field of every kind of document (one place per field), each given in turn
    # a text the model refuses for what it holds, not for its type.
    for n, place in enumerate(_text_places(SEEDS[seed])):
        doc = copy.deepcopy(SEEDS[seed])
        _put(doc, place, _BROKEN_TEXTS[n % len(_BROKEN_TEXTS)])
        now = rk.validate(copy.deepcopy(doc))
        with as_before():
            before = rk.validate(copy.deepcopy(doc))
        assert _said(now) == _said(before), place


def _text_places(data: Any) -> list[tuple[Any, ...]]:
    """One place of each text field in ``data`` (its path without list indices)."""
    places: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str) and path and path[0] != "$schema":
            places.setdefault(tuple(k for k in path if isinstance(k, str)), path)
        elif isinstance(node, dict):
            stack += [((*path, k), v) for k, v in node.items()]
        elif isinstance(node, list):
            stack += [((*path, i), v) for i, v in enumerate(node)]
    return sorted(places.values(), key=repr)


def _put(doc: Any, place: tuple[Any, ...], value: Any) -> None:
    for key in place[:-1]:
        doc = doc[key]
    doc[place[-1]] = value


# --------------------------------------------------------------------------- the rules


_NONE_OR = st.none() | st.floats(allow_nan=False) | st.text(max_size=3)


@st.composite
def any_criterion(draw: st.DrawFn) -> criteria.Criterion:
    """A criterion of any metric with any fields, valid or not, made without its checks."""
    made = object.__new__(criteria.Criterion)
    units = st.none() | st.sampled_from(list(rk.Unit))
    values = {
        "metric": st.sampled_from(list(rk.Metric)),
        "op": st.sampled_from(list(rk.Comparator)),
        "value": st.none() | st.floats(allow_nan=False) | st.integers(-5, 20),
        "unit": units,
        "sessions": st.integers(1, 5),
        "measurement": _NONE_OR,
        "symptom": st.none() | st.sampled_from(list(rk.Symptom)),
        "description": st.none(),
        "sources": st.just(()),
        "level": _NONE_OR,
        "since": _NONE_OR,
        "max_age": st.none()
        | st.builds(rk.Quantity, value=st.just(1.0), unit=st.just(rk.Unit.DAY)),
        "versus": st.none() | st.builds(criteria.Versus, metric=st.sampled_from(list(rk.Metric))),
    }
    for name, strategy in values.items():
        object.__setattr__(made, name, draw(strategy))
    return made


@given(any_criterion())
def test_a_rule_a_criterion_does_not_ask_says_nothing_of_it(criterion: criteria.Criterion) -> None:
    spec = METRICS[criterion.metric]
    asked = criteria._RULES_BY_KIND[spec.kind]
    for rule in criteria._CRITERION_RULES:
        if rule not in asked:
            assert rule(criterion, spec) is None, rule.__name__


def test_every_kind_asks_the_rules_in_their_order_and_the_unbound_ones_always() -> None:
    for kind in MetricKind:
        asked = criteria._RULES_BY_KIND[kind]
        assert list(asked) == [r for r in criteria._CRITERION_RULES if r in asked]
        assert set(criteria._CRITERION_RULES) - set(criteria._ONLY_FOR) <= set(asked)


_KEYS = st.sampled_from(["", "load", "sources", "x", "percent_of", "measured"]) | st.integers(0, 3)
_TREES = st.recursive(
    st.none() | st.integers() | st.text(max_size=3) | st.sampled_from(["a", "b"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)
_DATA = st.dictionaries(_KEYS, _TREES, max_size=5) | mutated().filter(lambda d: isinstance(d, dict))


@given(_DATA)
def test_the_walk_without_paths_holds_every_list_and_load_the_walk_with_paths_finds(
    data: dict[Any, Any],
) -> None:
    lists, loads = cited.found(data)
    held_lists, held_loads = cited.held(data)
    assert {id(v) for _, v in lists} <= {id(v) for v in held_lists}
    assert {id(v) for _, v in loads} <= {id(v) for v in held_loads}


@given(_DATA, st.sets(st.sampled_from(["a", "b", "x", ""])))
def test_the_rules_on_sources_and_loads_say_what_the_walk_with_paths_says(
    data: dict[Any, Any], ids: set[str]
) -> None:
    data["sources"] = [{"id": i} for i in sorted(ids)]
    now = integrity.known_sources(data), integrity.relative_loads(data)
    with (
        mock.patch.object(cited.Walks, "all_cited", return_value=False),
        mock.patch.object(cited.Walks, "no_relative_load", return_value=False),
    ):
        walked = integrity.known_sources(data), integrity.relative_loads(data)
    assert _said(now[0]) == _said(walked[0]) and _said(now[1]) == _said(walked[1])


# --------------------------------------------------------------------------- the bounds


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The node a reference leads to, and the schema it is in (a plan's protocol is the
    protocol schema's, by its $id)."""
    while "$ref" in node:
        where, _, fragment = node["$ref"].partition("#")
        if where:
            named = [resources.schema(n) for n in resources.schema_names()]
            root = next(s for s in named if s["$id"] == where)
        node = root["$defs"][fragment.rsplit("/", 1)[-1]] if fragment else root
    return node, root


@pytest.mark.parametrize("kind", [rk.Protocol, rk.Plan, rk.SessionLog], ids=lambda k: k.__name__)
def test_every_bound_of_the_model_is_its_places_max_items_in_the_schema(kind: type) -> None:
    root = resources.schema(api._KINDS[kind].schema)
    for path, most in api._KINDS[kind].bounds.items():
        node, place = _resolve(root, root)
        for key in path:
            # Each step is a plain property (or every item) that always applies: no
            # oneOf or anyOf on the way, where a branch might leave the list unbounded.
            assert not {"oneOf", "anyOf", "allOf", "if"} & node.keys(), path
            node, place = _resolve(node["items"] if key == "*" else node["properties"][key], place)
        assert node["type"] == "array" and node["maxItems"] <= most, path


# --------------------------------------------------------------------------- reading


def test_a_file_is_read_whole_though_it_grew_since_its_size_was_taken(tmp_path: Path) -> None:
    # The reader asks for the size fstat gave and one byte more, then for the rest.
    path = tmp_path / "grown.json"
    path.write_bytes(b"x" * 5000)
    real = os.fstat

    def smaller(fd: int) -> Any:
        found = real(fd)
        return os.stat_result((*found[:6], 10, *found[7:]))  # st_size said to be 10

    with mock.patch.object(reading.os, "fstat", smaller):
        assert reading.read_bytes(path) == b"x" * 5000


def test_a_file_that_grew_past_the_limit_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "grown.json"
    path.write_bytes(b" " * (reading.MAX_BYTES + 10))
    real_stat = Path.stat

    def small(self: Path, **kwargs: Any) -> Any:
        found = real_stat(self, **kwargs)
        return os.stat_result((*found[:6], 10, *found[7:]))

    with mock.patch.object(Path, "stat", small), pytest.raises(reading.ReadError) as caught:
        reading.read_bytes(path)
    assert "larger than" in caught.value.problems[0].message


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc here")
def test_a_regular_file_whose_size_is_said_to_be_nothing_is_read_whole() -> None:
    assert b"Name:" in reading.read_bytes("/proc/self/status")


# --------------------------------------------------------------------------- compiling


def test_a_document_compiles_only_the_functions_of_the_classes_it_holds() -> None:
    compiled: list[str] = []
    real = compile

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(text.split("(", 1)[0].removeprefix("def "))
        return real(text, *args, **kwargs)

    body = _body(reading.read_path(ROOT / "protocols" / "runners-knee.json"))
    with mock.patch("builtins.compile", counting):
        made = fast_structure._written(rk.Protocol)
        first, again = made(body), made(body)
    assert first == again == converter.structure(body, rk.Protocol)
    compiled = [name for name in compiled if name.startswith("s_")]
    names = {name.rsplit("_", 1)[0] for name in compiled}
    assert "s_Criterion" in names and "s_Protocol" in names
    assert "s_Media" not in names and "s_Gate" not in names  # runners-knee holds none
    assert len(compiled) == len(set(compiled))  # each once
