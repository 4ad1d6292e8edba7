"""Public names report the package as their module, as httpx's do: tracebacks, reprs and
pickles say ``rehabkit.Plan``, never the private module a class happens to live in."""

from __future__ import annotations

import contextlib
from typing import Any

import attrs

# Classes whose string annotations are not resolved yet, with the namespace that resolves
# them. Resolving costs about 3 ms of a bundled protocol's first use, and only cattrs reads
# the types: the converter asks for them (``resolve_annotations``) before it reads any.
_UNRESOLVED: list[tuple[type, dict[str, Any]]] = []
_EAGER = False  # once asked for, later modules' classes are resolved as they load


def present_as_public(namespace: dict[str, Any]) -> None:
    """Give each name of a module's ``__all__`` the module ``rehabkit``; call it last in
    the module. Its annotations are kept to resolve in its own namespace, which still finds
    them once ``__module__`` no longer does."""
    for name in namespace.get("__all__", ()):
        obj = namespace[name]
        if isinstance(obj, type) and attrs.has(obj):
            _UNRESOLVED.append((obj, namespace))
        with contextlib.suppress(AttributeError, TypeError):  # typing aliases refuse
            obj.__module__ = "rehabkit"
    if _EAGER:
        resolve_annotations()


def resolve_annotations() -> None:
    """Resolve the string annotations of every public attrs class loaded so far, and of
    those loaded later as they load: call before reading field types (cattrs does)."""
    global _EAGER
    _EAGER = True
    while _UNRESOLVED:
        cls, namespace = _UNRESOLVED.pop(0)
        attrs.resolve_types(cls, globalns=namespace)
