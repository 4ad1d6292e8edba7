"""The ``sources`` lists and the loads anywhere in protocol data, found in one walk.

Two of the whole-protocol rules look through every container of the data: one for each
list of cited sources, one for each load. Each walked the whole tree on every load of a
protocol (a fifth of a load's time between them); the walk here finds both at once, and
``integrity.data_problems`` runs it once for both rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Found = tuple[list[tuple[str, list[Any]]], list[tuple[str, Mapping[str, Any]]]]


def _child(path: str, key: Any) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


class _Walk:
    """What one walk has found: each ``sources`` list below the top level and each load,
    with their paths, in document order."""

    def __init__(self) -> None:
        self.cited: list[tuple[str, list[Any]]] = []
        self.loads: list[tuple[str, Mapping[str, Any]]] = []

    def node(self, node: Any, path: str, load_path: str | None) -> None:
        """Look into ``node`` at ``path``; ``load_path`` is where a load below it would be
        said to be: the very same text but below a top-level key that is empty text, None
        inside a load (a load is not looked into for further loads)."""
        if isinstance(node, list):
            self._items(node, path, load_path)
            return
        for key, value in node.items():
            if not isinstance(value, (dict, list)):
                continue  # no list of sources and no load is below a text or a number
            here = _child(path, key)
            if key == "sources" and isinstance(value, list):
                self.cited.append((here, value))
            inner = here if load_path is path and path else _load_key(load_path, key)
            if inner is not None and key == "load" and isinstance(value, dict):
                self.loads.append((inner, value))
                inner = None
            self.node(value, here, inner)

    def _items(self, node: list[Any], path: str, load_path: str | None) -> None:
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                here = f"{path}[{i}]"
                inner = here if load_path is path else _load_item(load_path, i)
                self.node(value, here, inner)


def _load_key(load_path: str | None, key: Any) -> str | None:
    """Where the rule on loads says a key's value is (its own way at the top level)."""
    if load_path is None:
        return None
    return _child(load_path, key) if load_path else str(key)


def _load_item(load_path: str | None, index: int) -> str | None:
    return None if load_path is None else f"{load_path}[{index}]"


def found(data: Mapping[str, Any]) -> Found:
    """Every ``sources`` list below the top level (the top level's own declares them) and
    every load, each with its path, in document order."""
    walk = _Walk()
    for key, value in data.items():
        if not isinstance(value, (dict, list)):
            continue
        here = str(key)
        if key == "load" and isinstance(value, dict):
            walk.loads.append((here, value))
            walk.node(value, here, None)
        else:
            walk.node(value, here, here)  # one text: the same object for both
    return walk.cited, walk.loads


def loads_below(node: dict[str, Any] | list[Any], path: str) -> list[tuple[str, Mapping[str, Any]]]:
    """Every load below ``node``, a container at ``path`` (not empty), with its path."""
    walk = _Walk()
    walk.node(node, path, path)
    return walk.loads
