"""The one way an optional dependency is imported: a missing one raises
``MissingExtraError``, which names the extra and says how to install it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rehabkit._core.errors import MissingExtraError

__all__: list[str] = []


@contextmanager
def needs_extra(extra: str, purpose: str) -> Iterator[None]:
    """Import optional modules inside this block: an ``ImportError`` becomes a
    ``MissingExtraError`` for ``extra``, saying that ``purpose`` needs it.

    The imports stay ordinary statements, so type checkers still see the modules.
    """
    try:
        yield
    except MissingExtraError:
        raise
    except ImportError as exc:
        module = exc.name.split(".")[0] if exc.name else None  # babel, not babel.dates
        raise MissingExtraError(extra, purpose, module) from None
