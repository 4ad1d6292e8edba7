"""The ``sources`` lists and the loads anywhere in protocol data, found in one walk.

Two of the whole-protocol rules look through every container of the data: one for each
list of cited sources, one for each load. Each walked the whole tree on every load of a
protocol (a fifth of a load's time between them); the walk here finds both at once, and
``integrity.data_problems`` runs it once for both rules.

Most protocols give those rules nothing to report, and a walk that writes no path tells
so in a third of the time (``Walks``): it finds every value held under a ``sources`` or
``load`` key (more than the walk with paths finds, never less), and only when one of them
might be a problem does the walk with paths run, so that each problem is said as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__: list[str] = []

Found = tuple[list[tuple[str, list[Any]]], list[tuple[str, Mapping[str, Any]]]]


def _walk(node: Any, path: str, load_path: str | None, found: Found) -> None:
    """Look into ``node`` at ``path``, adding to ``found`` each ``sources`` list and each
    load below it; ``load_path`` is where a load below it would be said to be: the very
    same text but below a top-level key that is empty text, None inside a load (a load is
    not looked into for further loads). One plain function, its paths written inline: it
    visits every container of every protocol loaded."""
    if isinstance(node, list):
        same = load_path is path
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                here = f"{path}[{i}]"
                inner = here if same else None if load_path is None else f"{load_path}[{i}]"
                _walk(value, here, inner, found)
        return
    same = load_path is path and bool(path)
    for key, value in node.items():
        if not isinstance(value, (dict, list)):
            continue  # no list of sources and no load is below a text or a number
        here = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"
        if key == "sources" and isinstance(value, list):
            found[0].append((here, value))
        inner = here if same else _load_key(load_path, key)
        if inner is not None and key == "load" and isinstance(value, dict):
            found[1].append((inner, value))
            inner = None
        _walk(value, here, inner, found)


def _load_key(load_path: str | None, key: Any) -> str | None:
    """Where the rule on loads says a key's value is (its own way at the top level)."""
    if load_path is None:
        return None
    if not load_path:
        return str(key)
    return f"{load_path}[{key}]" if isinstance(key, int) else f"{load_path}.{key}"


def found(data: Mapping[str, Any]) -> Found:
    """Every ``sources`` list below the top level (the top level's own declares them) and
    every load, each with its path, in document order."""
    walked: Found = ([], [])
    for key, value in data.items():
        if not isinstance(value, (dict, list)):
            continue
        here = str(key)
        if key == "load" and isinstance(value, dict):
            walked[1].append((here, value))
            _walk(value, here, None, walked)
        else:
            _walk(value, here, here, walked)  # one text: the same object for both
    return walked


def loads_below(node: dict[str, Any] | list[Any], path: str) -> list[tuple[str, Mapping[str, Any]]]:
    """Every load below ``node``, a container at ``path`` (not empty), with its path."""
    walked: Found = ([], [])
    _walk(node, path, path, walked)
    return walked[1]


# The types a JSON document's leaves have: no list of sources and no load is below them.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def held(data: Mapping[str, Any]) -> tuple[list[Any], list[Any]]:
    """Every value held under a ``sources`` key below the top level, and every value held
    under a ``load`` key, the top level's too: each list and load ``found`` finds (the very
    objects), and perhaps more. No path is written: most protocols need none."""
    lists: list[Any] = []
    loads: list[Any] = [data["load"]] if "load" in data else []
    stack = list(data.values())
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is list:
            stack += node
        elif kind is dict:
            stack += node.values()
            if "sources" in node:
                lists.append(node["sources"])
            if "load" in node:
                loads.append(node["load"])
        elif kind not in _LEAVES:
            stack += _odd(node, lists, loads)
    return lists, loads


def _hold(node: Mapping[str, Any], lists: list[Any], loads: list[Any]) -> None:
    # As held() does for a dict, for a mapping of a subclass.
    if "sources" in node:
        lists.append(node["sources"])
    if "load" in node:
        loads.append(node["load"])


def _odd(node: Any, lists: list[Any], loads: list[Any]) -> Any:
    """The children of a value of another type: a list's or a mapping's of a subclass (as
    ``found`` takes them), none of anything else."""
    if isinstance(node, list):
        return node
    if isinstance(node, dict):
        _hold(node, lists, loads)
        return node.values()
    return ()


class Walks:
    """The walks of one protocol's data: the one without paths at once, the one with paths
    (``found``) only when asked."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.lists, self.loads = held(data)
        self._found: Found | None = None

    def found(self) -> Found:
        if self._found is None:
            self._found = found(self.data)
        return self._found

    def all_cited(self, ids: set[str]) -> bool:
        """Whether every text in every list of sources is one of ``ids``: then the rule on
        cited sources has nothing to say. False when it cannot tell at once."""
        try:
            return all(ids.issuperset(value) for value in self.lists if isinstance(value, list))
        except TypeError:  # an item that cannot be looked up (a list, an object)
            return False

    def no_relative_load(self) -> bool:
        """Whether no load is a percent of a measurement or gives a measured value: then
        the rule on such loads has nothing to say."""
        return not any(
            isinstance(load, dict) and ("percent_of" in load or "measured" in load)
            for load in self.loads
        )
