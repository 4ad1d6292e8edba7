"""The handout's list of sources: each citation marked with the language it is written in
when that is not the handout's, and the editors' own entry said in the handout's words.

A translated handout cites its sources as published, in their own language (English for
the bundled protocols). Marked as such, a screen reader speaks them with the right voice,
and in a right-to-left handout they are laid out left to right, their full stops at the
end of the line instead of at its start.
"""

from __future__ import annotations

from rehabkit._core.i18n import N_, gettext, is_right_to_left, primary
from rehabkit._core.language_tag import read_tag
from rehabkit._model.protocol import Protocol
from rehabkit._model.provenance import Reference
from rehabkit._model.words import join_phrases

__all__: list[str] = []

EDITORIAL = N_("Choices made by this protocol's editors ({editors}), not taken from a source.")


def source_language(protocol: Protocol) -> str:
    """The language the protocol's sources are cited in: the one it was translated from."""
    note = protocol.translation
    return note.from_language if note is not None else protocol.language


def source_lines(protocol: Protocol) -> list[str]:
    """Each source's citation; the editors' own entry in the handout's words."""
    return [_line(protocol, ref) for ref in protocol.sources]


def cited_apart(protocol: Protocol) -> list[bool]:
    """For each source, whether its citation is in another language than the handout's
    (the one ``cited_in`` names)."""
    foreign = cited_in(protocol) is not None
    return [foreign and not ref.editorial for ref in protocol.sources]


def cited_in(protocol: Protocol) -> dict[str, str | None] | None:
    """The language of the citations, when it is not the handout's: its tag
    (``language``, for HTML), its ISO 639 language and ISO 3166-1 region (``lang`` and
    ``region``, for Typst), its direction (``dir``) and the title of the source the
    protocol is based on (``title``, which the about line names); None when it is the
    handout's."""
    tag = source_language(protocol)
    if primary(tag) == primary(protocol.language):
        return None
    parts = read_tag(tag)
    # Laid out in their own direction, whatever the handout's.
    direction = "rtl" if is_right_to_left(tag) else "ltr"
    # The about line names the source the protocol is based on by its title, in its language.
    title = protocol.reference(protocol.based_on).title if protocol.based_on else None
    return {
        "language": parts.tag,
        "lang": parts.language,
        "region": parts.region,
        "dir": direction,
        "title": title,
    }


def _line(protocol: Protocol, ref: Reference) -> str:
    if ref.editorial:
        # The editors' own choices are not a publication: rehabkit says what they are.
        editors = join_phrases([a.name for a in protocol.authors])
        return gettext(EDITORIAL).format(editors=editors)
    return ref.citation()
