"""Who gives each answer of a CERT or TIDieR report: the protocol's own source, another
source it cites, its editors, or nobody (not reported by the source, or not applicable).

A report item is answered by one or more fields of the protocol, each at an exact path
(``progression_rules[2].criteria``) with what it says there. A field's provenance is read
from the ``sources`` it cites, never guessed:

- the id ``based_on`` names: **source**;
- the entry marked ``editorial``: **editors**;
- any other cited entry: **other source**;
- a field that cites nothing (or cannot, like ``title``): **not cited**.

A field citing several gives each, in that order: ``source + editors``. An item's
provenance is the union of its fields'.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

from attrs import frozen

from rehabkit._core.public import present_as_public
from rehabkit._model.protocol import Protocol

__all__ = ["ItemPart", "Provenance"]


class Provenance(str, enum.Enum):
    """Who gives an answer, or why nobody does; listed in this order when several do."""

    SOURCE = "source"  # the source the protocol is based on (based_on)
    OTHER_SOURCE = "other source"  # another source the protocol cites
    EDITORS = "editors"  # the protocol's editors (the entry marked editorial)
    NOT_REPORTED = "not reported"  # the source is silent, and the protocol says so
    NOT_CITED = "not cited"  # the field cites no source: who said it is not recorded
    NOT_APPLICABLE = "not applicable"  # nothing to say, for a protocol or this programme


@frozen(kw_only=True)
class ItemPart:
    """One field that answers (part of) a report item.

    :param path: The field's exact path, e.g. ``progression_rules[2].criteria``; empty for
        what no field holds (a trial's results, the handout rehabkit prints).
    :param text: What the field says there, e.g. the rule's description.
    :param provenance: Who gives it, in ``Provenance`` order.
    :param sources: The ids of the protocol's sources it cites.
    """

    path: str
    text: str
    provenance: tuple[Provenance, ...]
    sources: tuple[str, ...] = ()


def ordered(found: Iterable[Provenance]) -> tuple[Provenance, ...]:
    """``found`` without repeats, in ``Provenance`` order."""
    wanted = set(found)
    return tuple(p for p in Provenance if p in wanted)


def whose(protocol: Protocol, *cited: Sequence[str]) -> tuple[Provenance, ...]:
    """The provenance of a part answered by fields citing ``cited`` (one list per field):
    each list's sources, or not cited for a list that is empty."""
    found: set[Provenance] = set()
    for ids in cited:
        found |= {_whose(protocol, i) for i in ids} if ids else {Provenance.NOT_CITED}
    return ordered(found)


def _whose(protocol: Protocol, ident: str) -> Provenance:
    if ident == protocol.based_on:
        return Provenance.SOURCE
    ref = next((r for r in protocol.sources if r.id == ident), None)
    return Provenance.EDITORS if ref is not None and ref.editorial else Provenance.OTHER_SOURCE


def cited(protocol: Protocol, path: str, text: str, *lists: Sequence[str]) -> ItemPart:
    """The part at ``path`` saying ``text``, answered by fields citing ``lists``."""
    ids = tuple(dict.fromkeys(i for ids in lists for i in ids))
    return ItemPart(path=path, text=text, provenance=whose(protocol, *lists), sources=ids)


def uncited(path: str, text: str) -> ItemPart:
    """The part at ``path``: a field that cites no source (title, summary, duration)."""
    return ItemPart(path=path, text=text, provenance=(Provenance.NOT_CITED,))


def nobodys(path: str, text: str, why: Provenance) -> ItemPart:
    """The part at ``path`` nobody gives: not reported, or not applicable."""
    return ItemPart(path=path, text=text, provenance=(why,))


present_as_public(globals())
