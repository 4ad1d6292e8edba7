"""Issue 28, third pass: a bundled protocol's first use imports less, and a load walks less;
what each skips is proven equal to what it replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._core import resources
from rehabkit._core.errors import format_path
from rehabkit._documents import bounds, cache, reading
from rehabkit._model import cited, fields, integrity

SRC = Path(rk.__file__).parents[1]
DATA = Path(__file__).parent / "data"

_IMPORTED = """
import json, sys, rehabkit
rehabkit.bundled("runners-knee")
print(json.dumps(sorted(sys.modules)))
"""

# None of these is needed to read a verified entry: each cost milliseconds of a first use.
_NOT_FOR_A_CACHED_LOAD = [
    "cattrs",
    "jsonschema_rs",
    "importlib.resources",
    "tempfile",
    "ctypes",
    "rehabkit._documents.api",
    "rehabkit._core.output",
]


def test_a_cached_first_use_imports_only_what_reading_an_entry_needs(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC), REHABKIT_CACHE_DIR=str(tmp_path / "cache"))
    argv = [sys.executable, "-c", _IMPORTED]
    cold = json.loads(subprocess.run(argv, env=env, capture_output=True, check=True).stdout)
    warm = json.loads(subprocess.run(argv, env=env, capture_output=True, check=True).stdout)
    assert "cattrs" in cold  # the first use validated fully
    assert [name for name in _NOT_FOR_A_CACHED_LOAD if name in warm] == []


def test_the_code_stamp_reads_the_files_rglob_finds() -> None:
    """``os.scandir`` stamps exactly the files ``Path.rglob`` found, with the same stamps."""
    package = Path(cache.__file__).parents[1]
    slow = sorted(
        f"{path.relative_to(package).as_posix()}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        for path in package.rglob("*")
        if path.suffix in (".py", ".json") and path.is_file()
    )
    assert sorted(cache._stamps(str(package), "")) == slow


@pytest.mark.parametrize("parts", [("locale",), ("schemas",), ("protocols",), ("py.typed",)])
def test_package_files_are_where_importlib_resources_finds_them(parts: tuple[str, ...]) -> None:
    slow = importlib_resources.files("rehabkit").joinpath(*parts)
    assert str(resources.package_file(*parts)) == str(slow)


# --------------------------------------------------------------------------- the walks of a load
# Each walk as it was, before it left out the values that report nothing: the fast walks
# must find the same problems, in the same order.


def _reference_structure_problems(data: Any) -> list[rk.Problem]:
    problems = []
    nodes = reading._Nodes()
    stack: list[tuple[int, Any, int]] = [(0, data, 0)]
    while stack:
        index, value, depth = stack.pop()
        if depth > reading.MAX_DEPTH:
            problems.append(rk.Problem(nodes.path(index), reading._TOO_DEEP))
            break
        if reading._too_long(value):
            continue
        problems += reading._node_problems(value, index, nodes)
        for key, child in reading._children(value):
            stack.append((nodes.add(index, key), child, depth + 1))
    return problems


def _reference_bound_problems(data: Any, name: str) -> list[rk.Problem]:
    limits = bounds._limits(name)
    problems: list[rk.Problem] = []
    stack: list[tuple[tuple[str | int, ...], Any, Any]] = [((), data, limits.place([limits.root]))]
    while stack and len(problems) < bounds.MAX_BOUND_PROBLEMS:
        path, value, place = stack.pop()
        message = bounds._too_big(value, place)
        if message is not None:
            problems.append(rk.Problem(format_path(path), message))
            continue
        for key, child in bounds._children(value):
            stack.append(((*path, key), child, place.child(key)))
    return problems


def _reference_loads(node: Any, path: str, found: list[tuple[str, Any]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            where = integrity._child(path, key) if path else str(key)
            if key == "load" and isinstance(value, dict):
                found.append((where, value))
            else:
                _reference_loads(value, where, found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _reference_loads(value, f"{path}[{i}]", found)


def _duplicated(value: dict[str, Any]) -> dict[str, Any]:
    marked = reading._DuplicateKeys(value)
    marked.duplicates = list(value)[:1]
    return marked


def _nested(depth: int, leaf: Any) -> Any:
    for level in range(depth):
        leaf = [leaf] if level % 2 else {"load": leaf}
    return leaf


_KEYS = st.sampled_from(["load", "sources", "id", "steps", "percent_of", "exercises", "name"])
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=4)
)
_TREES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(_KEYS | st.text(max_size=3), inner, max_size=4)
        | st.dictionaries(_KEYS, inner, min_size=1, max_size=3).map(_duplicated)
    ),
    max_leaves=40,
)
_DOCUMENTS = _TREES | st.tuples(st.integers(28, 36), _TREES).map(lambda d: _nested(*d))


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.integers(1, 6))
def test_the_reading_walk_finds_what_it_found(data: Any, most_items: int) -> None:
    """Duplicate keys, huge numbers, too deep a nesting and overlong lists (here shorter,
    to be met) come out the same, in the same order."""
    with mock.patch.object(reading, "max_items", return_value=most_items):
        assert reading._structure_problems(data) == _reference_structure_problems(data)


def _protocol_paths() -> list[tuple[str | int, ...]]:
    found: list[tuple[str | int, ...]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), _RUNNERS_KNEE)]
    while stack:
        path, value = stack.pop()
        found.append(path)
        if isinstance(value, dict):
            stack += [((*path, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [((*path, k), v) for k, v in enumerate(value)]
    return found


_RUNNERS_KNEE = json.loads(
    (Path(__file__).parents[1] / "protocols" / "runners-knee.json").read_text()
)
_PATHS = _protocol_paths()
_SIZES = st.sampled_from([0, 2, 10, 11, 35, 36, 100, 101, 300, 301, 2001, 5001, 20001])


def _replaced(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """The data with ``value`` at ``path``; unchanged where an earlier change took the
    path away."""
    if not path:
        return value
    if isinstance(data, dict) and path[0] in data:
        return {**data, path[0]: _replaced(data[path[0]], path[1:], value)}
    if isinstance(data, list) and isinstance(path[0], int) and path[0] < len(data):
        head = path[0]
        return [*data[:head], _replaced(data[head], path[1:], value), *data[head + 1 :]]
    return data


_CHANGES = st.lists(
    st.tuples(
        st.sampled_from(_PATHS),
        _SIZES.map(lambda n: "x" * n) | _SIZES.map(lambda n: [{}] * n) | _LEAVES | _TREES,
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(_CHANGES, st.sampled_from(["protocol", "plan", "session-log"]))
def test_the_bounds_walk_finds_what_it_found(changes: list[Any], schema: str) -> None:
    """Overlong texts and lists anywhere in a protocol, and anything else put there."""
    data: Any = _RUNNERS_KNEE
    for path, value in changes:
        data = _replaced(data, path, value)
    assert bounds.bound_problems(data, schema) == _reference_bound_problems(data, schema)


def _loads(node: Any) -> list[tuple[str, Any]]:
    """Every load in ``node``, as the rule on loads finds them: protocol data through the
    one walk of ``cited``; any other container (the invalid corpus) walked from the top."""
    if isinstance(node, dict):
        return cited.found(node)[1]
    return cited.loads_below(node, "") if isinstance(node, list) else []


@settings(max_examples=200, deadline=None)
@given(_CHANGES)
def test_the_walk_for_loads_finds_what_it_found(changes: list[Any]) -> None:
    data: Any = _RUNNERS_KNEE
    for path, value in changes:
        data = _replaced(data, path, value)
    slow: list[tuple[str, Any]] = []
    _reference_loads(data, "", slow)
    assert _loads(data) == slow


_BAD_TEXT = st.sampled_from(["\x00", "\t", "\n", "\x1f", "\x7f", "\x85", "\ud800", "\ufeff",
                             "\ufdd0", "\uffff", "\U0010ffff", "é", "’", " "])  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(max_size=6) | _BAD_TEXT, max_size=6).map("".join))
def test_text_is_refused_as_the_regex_refuses_it(text: str) -> None:
    found, slow = fields._unprintable(text), fields._unprintable_pattern().search(text)
    assert (found and (found.group(), found.start())) == (slow and (slow.group(), slow.start()))


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "invalid").iterdir()))
def test_every_invalid_file_meets_the_same_walks(name: str) -> None:
    """The invalid corpus, walked by each fast walk and by the walk as it was."""
    path = DATA / "invalid" / name
    try:
        data = reading.read_path(path)
    except reading.ReadError:
        return  # refused before any walk of data (its test is in test_invalid_files)
    assert reading._structure_problems(data) == _reference_structure_problems(data)
    for schema in ("protocol", "plan", "session-log"):
        assert bounds.bound_problems(data, schema) == _reference_bound_problems(data, schema)
    slow: list[tuple[str, Any]] = []
    _reference_loads(data, "", slow)
    assert _loads(data) == slow


def _place_of(schema: str, path: tuple[str | int, ...]) -> Any:
    limits = bounds._limits(schema)
    place = limits.place([limits.root])
    for key in path:
        place = place.child(key)
    return place


@pytest.mark.parametrize("over", [0, 1])
def test_every_text_of_a_protocol_at_its_bound_and_one_over(over: int) -> None:
    """Each text of runners-knee made exactly as long as its place allows, then one longer:
    the fast walk reports the same, at the edge where a slip would hide."""
    texts = [p for p in _PATHS if isinstance(_value_at(_RUNNERS_KNEE, p), str)]
    assert len(texts) > 100
    for path in texts:
        most = _place_of("protocol", path).max_length
        data = _replaced(_RUNNERS_KNEE, path, "x" * (most + over))
        found = bounds.bound_problems(data, "protocol")
        assert found == _reference_bound_problems(data, "protocol")
        assert len(found) == over


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        data = data[key]
    return data
