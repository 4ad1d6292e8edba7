"""Issue 28, sixth pass: a load at most ten times ``json.loads``, and no check lost.

Each change a load takes is proven here to give what it replaced:
- the fast path makes the model's objects without attrs' ``__init__``
  (``_documents/building.py``): it leaves out only the converters that give back every
  value it can make, and only the validators that cannot fail on what it made; a text is
  looked at by its validator unless it is plain printable ASCII, which the validator
  passes; every other validator and every ``__attrs_post_init__`` runs. The objects are
  the same, and an invalid document has the same problems.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import typing
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._documents import api, building, fast_structure, reading
from rehabkit._documents.converter import converter
from rehabkit._model import fields
from tests import strategies
from tests.test_fuzz import SEEDS
from tests.test_speed_load_5 import DOCUMENTS, _body, _said, as_before

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


def test_the_text_validators_are_the_ones_the_fast_path_looks_at_so() -> None:
    checks = {a.validator for _, a in FIELDS}
    assert {fields._text, fields._optional_text, fields._texts} <= checks


def _plain(text: str) -> bool:
    return bool(eval(building.PLAIN_TEXT.format(x="text")))  # our own text


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


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_shipped_document_is_built_as_attrs_builds_it(path: Path) -> None:
    data = reading.read_path(path)
    cls = api.kind_of(data)
    made = fast_structure._function(cls)(_body(data))
    assert made == converter.structure(_body(data), cls)
    assert repr(made) == repr(converter.structure(_body(data), cls))


@given(strategies.protocol(full=True))
def test_any_valid_protocol_is_built_as_attrs_builds_it(protocol: rk.Protocol) -> None:
    body = _body(rk.to_data(protocol))
    made = fast_structure._function(rk.Protocol)(body)
    assert made == converter.structure(body, rk.Protocol) == protocol


_BROKEN_TEXTS = ["a\x00b", " ", "\x85", "\ufdd0", "x\ud800", "\x1c", "\t", "a\u2028"]


@pytest.mark.parametrize("seed", range(len(SEEDS)))
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
