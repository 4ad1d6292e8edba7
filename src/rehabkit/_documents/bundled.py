"""The protocols shipped with rehabkit, read without the schema or cattrs when cached.

Kept apart from ``api`` so that a bundled protocol's first use imports neither: a full,
validating load (``api.loads``) runs only when no verified cache entry exists.
"""

from __future__ import annotations

from rehabkit._core import resources as _resources
from rehabkit._core.public import present_as_public
from rehabkit._documents import cache as _cache
from rehabkit._model.protocol import Protocol

__all__ = ["bundled", "bundled_ids"]


def bundled_ids() -> list[str]:
    """Ids of the protocols shipped with rehabkit.

    :returns: the ids, sorted.
    """
    return list(_resources.bundled_protocols())


def _validated(source: bytes) -> Protocol:
    # Imported here: the schema and cattrs are what a cached protocol saves importing.
    from rehabkit._documents.api import loads

    return loads(source, Protocol)


def bundled(protocol_id: str) -> Protocol:
    """A protocol shipped with rehabkit, by id (see :func:`bundled_ids`).

    Its first use validates it fully and keeps the result in the user's cache folder
    (``REHABKIT_CACHE_DIR``; empty turns this off); later processes read that back.

    :param protocol_id: the protocol's id, e.g. ``"runners-knee"``.
    :returns: the protocol.
    :raises RehabkitError: if no bundled protocol has that id (with the closest id).
    """
    return _cache.bundled_protocol(protocol_id, _validated)


present_as_public(globals())
