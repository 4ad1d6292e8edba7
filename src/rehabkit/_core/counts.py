"""A count with its noun in the form that agrees with it, for the English summaries and
messages (rehabkit's translated words count with ``ngettext`` instead)."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 session", "2 sessions", "1,000 rows": ``plural`` defaults to ``singular`` + s."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"
