"""Measure every list and text of a document against its schema's bounds, before the schema
runs: a list of 600,000 items must be refused at once, not walked by jsonschema, which would
take minutes and gigabytes to report each item's errors (issue 29)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from rehabkit._core.errors import Problem, format_path
from rehabkit._core.resources import schema
from rehabkit._documents.reading import max_items
from rehabkit._documents.schema import _resolve_ref

Schema = Mapping[str, Any]

MAX_BOUND_PROBLEMS = 100
"""The walk stops after this many: the document is refused either way."""

_BRANCHES = ("allOf", "anyOf", "oneOf", "then", "else")


def _flat(node: Any, root: Schema, seen: set[int]) -> Iterator[Schema]:
    """The schema and every schema it defers to ($ref, the branches of allOf, anyOf, oneOf
    and if): each may hold the bound of the value at this place."""
    if not isinstance(node, Mapping) or id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if "$ref" in node:
        yield from _flat(_resolve_ref(node["$ref"], root), root, seen)
    for key in _BRANCHES:
        branch = node.get(key)
        for sub in branch if isinstance(branch, list) else [branch]:
            yield from _flat(sub, root, seen)


def _largest(nodes: tuple[Schema, ...], key: str, otherwise: int) -> int:
    found = [n[key] for n in nodes if isinstance(n.get(key), int)]
    return max(found) if found else otherwise


class _Place:
    """What the schemas that may describe one place in a document allow there."""

    def __init__(self, nodes: tuple[Schema, ...], limits: _Limits) -> None:
        self.nodes = nodes
        self.limits = limits
        self.max_items = _largest(nodes, "maxItems", limits.max_items)
        self.max_length = _largest(nodes, "maxLength", limits.max_length)
        # The schema's own names, so that a document's unknown keys (any text an author or
        # an attacker writes) share one remembered place instead of growing the memo.
        self.named = {k for n in nodes for k in n.get("properties", {})}
        self._children: dict[str | int, _Place] = {}

    def child(self, key: str | int) -> _Place:
        """The place of an item (any int key: every item shares one) or of a field."""
        # ``named`` holds only text: an item's int index is never in it.
        memo = key if key in self.named else isinstance(key, int)
        found = self._children.get(memo)
        if found is None:
            found = self._children[memo] = self._look_up(key)
        return found

    def _look_up(self, key: str | int) -> _Place:
        found: list[Any] = []
        for node in self.nodes:
            if isinstance(key, int):
                found.append(node.get("items"))
            else:
                found.append(node.get("properties", {}).get(key, node.get("additionalProperties")))
        return self.limits.place([n for n in found if isinstance(n, Mapping)])


class _Limits:
    """A schema's bounds, looked up lazily place by place and remembered."""

    def __init__(self, name: str) -> None:
        self.root = schema(name)
        every = list(_every_node(self.root))
        # Where the schema says nothing (an unknown field), the loosest bound it has
        # anywhere; a schema without lists (a translation's) takes any document's.
        self.max_items = max(
            (n["maxItems"] for n in every if isinstance(n.get("maxItems"), int)),
            default=max_items(),
        )
        self.max_length = max(n["maxLength"] for n in every if isinstance(n.get("maxLength"), int))
        self._places: dict[tuple[int, ...], _Place] = {}

    def place(self, nodes: list[Schema]) -> _Place:
        seen: set[int] = set()
        flat = tuple(f for n in nodes for f in _flat(n, self.root, seen))
        key = tuple(id(n) for n in flat)
        if key not in self._places:
            self._places[key] = _Place(flat, self)
        return self._places[key]


def _every_node(node: Any) -> Iterator[Schema]:
    if isinstance(node, Mapping):
        yield node
        for value in node.values():
            yield from _every_node(value)
    elif isinstance(node, list):
        for value in node:
            yield from _every_node(value)


@cache
def _limits(name: str) -> _Limits:
    return _Limits(name)


def _too_big(value: Any, place: _Place) -> str | None:
    if isinstance(value, list) and len(value) > place.max_items:
        return f"holds {len(value):,} items; at most {place.max_items:,} are allowed"
    if isinstance(value, str) and len(value) > place.max_length:
        return f"is {len(value):,} characters long; at most {place.max_length:,} are allowed"
    return None


def _children(value: Any) -> list[tuple[str | int, Any]]:
    # Last first: they are pushed on a stack, and problems come out in document order.
    if isinstance(value, dict):
        return list(reversed(value.items()))
    if isinstance(value, list):
        return list(reversed(list(enumerate(value))))
    return []


def _inner(place: _Place, key: str | int, value: Any) -> _Place | None:
    """The place of ``value`` when it is to be walked; None for a text within its bound
    and a value with nothing inside that has no bound (a number, a flag, null): most of a
    document, left out of the walk. Only a text or a container needs its place looked up."""
    if type(value) is str:
        inner = place.child(key)
        return None if len(value) <= inner.max_length else inner
    if not isinstance(value, (dict, list, str)):
        return None
    return place.child(key)


def bound_problems(data: Any, name: str) -> list[Problem]:
    """Every list longer and every text longer than the schema ``name`` allows at its
    place (at most ``MAX_BOUND_PROBLEMS``); an oversized list is not looked into."""
    limits = _limits(name)
    problems: list[Problem] = []
    # Iterative: the reader has bounded the depth, but a stack costs nothing here.
    stack: list[tuple[tuple[str | int, ...], Any, _Place]] = [
        ((), data, limits.place([limits.root]))
    ]
    while stack and len(problems) < MAX_BOUND_PROBLEMS:
        path, value, place = stack.pop()
        message = _too_big(value, place)
        if message is not None:
            problems.append(Problem(format_path(path), message))
            continue
        for key, child in _children(value):
            inner = _inner(place, key, child)
            if inner is None:
                continue  # nothing inside, nothing to report: the same problems, in order
            stack.append(((*path, key), child, inner))
    return problems
