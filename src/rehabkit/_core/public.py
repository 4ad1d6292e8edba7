"""Public names report the package as their module, as httpx's do: tracebacks, reprs and
pickles say ``rehabkit.Plan``, never the private module a class happens to live in."""

from __future__ import annotations

import contextlib
from typing import Any

import attrs

from rehabkit._core import attrs_code

# Every module that builds rehabkit's classes imports this one first (to present them).
attrs_code.install()


def present_as_public(namespace: dict[str, Any]) -> None:
    """Give each name of a module's ``__all__`` the module ``rehabkit``; call it last in
    the module. Annotations are resolved first, while their own module still finds them."""
    for name in namespace.get("__all__", ()):
        obj = namespace[name]
        if isinstance(obj, type) and attrs.has(obj):
            attrs.resolve_types(obj, globalns=namespace)
        with contextlib.suppress(AttributeError, TypeError):  # typing aliases refuse
            obj.__module__ = "rehabkit"
