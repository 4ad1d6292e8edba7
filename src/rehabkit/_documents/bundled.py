"""The protocols and schemas shipped with rehabkit, read without the schema checker or
cattrs when cached.

Kept apart from ``api`` so that a bundled protocol's first use, and the CLI's parser
(which lists the schema names), import neither: a full, validating load (``api.loads``)
runs only when no verified cache entry exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rehabkit._core import resources as _resources
from rehabkit._core.errors import UnknownIdError
from rehabkit._core.public import present_as_public
from rehabkit._documents import cache as _cache

if TYPE_CHECKING:  # the model loads with the first protocol: listing ids needs none
    from rehabkit._model.protocol import Protocol

__all__ = ["bundled", "bundled_ids", "schema", "schema_names"]


def bundled_ids() -> list[str]:
    """Ids of the protocols shipped with rehabkit.

    :returns: the ids, sorted.
    """
    return list(_resources.bundled_protocols())


def _validated(source: bytes) -> Protocol:
    # Imported here: the schema and cattrs are what a cached protocol saves importing.
    from rehabkit._documents.api import loads
    from rehabkit._model.protocol import Protocol

    return loads(source, Protocol)


def bundled(protocol_id: str) -> Protocol:
    """A protocol shipped with rehabkit, by id (see ``bundled_ids``).

    Its first use validates it fully and keeps the result in the user's cache folder
    (``REHABKIT_CACHE_DIR``; empty turns this off); later processes read that back.

    :param protocol_id: the protocol's id, e.g. ``"runners-knee"``.
    :returns: the protocol.
    :raises RehabkitError: if no bundled protocol has that id (with the closest id).
    """
    return _cache.bundled_protocol(protocol_id, _validated)


def schema_names() -> tuple[str, ...]:
    """The names of the bundled JSON Schemas: ``plan``, ``protocol``, ``session-log``.

    :returns: the names.
    """
    return _resources.schema_names()


def schema(name: str = "protocol") -> dict[str, Any]:
    """A bundled JSON Schema by name (see ``schema_names``).

    :param name: ``protocol``, ``plan`` or ``session-log``.
    :returns: the JSON Schema.
    :raises RehabkitError: for an unknown name.
    """
    if name not in schema_names():
        raise UnknownIdError("schema", name, schema_names())
    return _resources.schema(name)


present_as_public(globals())
