"""Walking plain data (dicts and lists): every node below a value, with its path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rehabkit._core.errors import format_path


def walk(value: Any) -> list[tuple[str, Any]]:
    """Every (path, value) of plain data, the value itself first, paths written like
    ``exercises[2].steps[0]``."""
    return find(value, lambda _key, _node: True)


def find(value: Any, wanted: Callable[[Any, Any], bool]) -> list[tuple[str, Any]]:
    """Every (path, value) below ``value`` for which ``wanted(key, value)`` holds, in
    document order. Paths are written only for what is found: most nodes never are."""
    found: list[tuple[tuple[str | int, ...], Any]] = []
    stack: list[tuple[tuple[str | int, ...], Any, Any]] = [((), None, value)]
    while stack:
        parts, key, node = stack.pop()
        if wanted(key, node):
            found.append((parts, node))
        if isinstance(node, dict):
            stack += [((*parts, k), k, v) for k, v in reversed(node.items())]
        elif isinstance(node, list):
            stack += [((*parts, i), i, v) for i, v in reversed(list(enumerate(node)))]
    return [(format_path(parts), node) for parts, node in found]
