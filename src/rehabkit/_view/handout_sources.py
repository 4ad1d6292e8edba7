"""The handout's list of sources: each citation marked with the language it is written in
when that is not the handout's, and the editors' own entry said in the handout's words.

The patient's handout cites each source in a short form (issue 25, the lead's decision):
what finds the source, not every detail of it. The clinician's copy cites them in full.

A translated handout cites its sources as published, in their own language (English for
the bundled protocols). Marked as such, a screen reader speaks them with the right voice,
and in a right-to-left handout they are laid out left to right, their full stops at the
end of the line instead of at its start.
"""

from __future__ import annotations

import re
from typing import Any

from rehabkit._core.i18n import N_, gettext, is_right_to_left, primary
from rehabkit._core.language_tag import read_tag
from rehabkit._model.protocol import Protocol
from rehabkit._model.provenance import Reference
from rehabkit._model.words import join_phrases

__all__: list[str] = []

EDITORIAL = N_("Choices made by this protocol's editors ({editors}), not taken from a source.")
# Translators: said after a source's first author for the others it does not name, as in
# "Crossley KM et al."; the rest of the citation stays as it was published.
ET_AL = N_("et al.")

#: A journal cited with its issue, Vancouver style: "Am J Sports Med 2007;35(6):897-906",
#: "BMJ 2010;340:c1964". The year with a volume after it is what tells a journal's issue
#: from a publisher's name with a year ("NICE, 2016").
JOURNAL_ISSUE = re.compile(r"(?P<journal>[^;]+?)\s+(?P<year>\d{4});\s*\d")


def source_language(protocol: Protocol) -> str:
    """The language the protocol's sources are cited in: the one it was translated from."""
    note = protocol.translation
    return note.from_language if note is not None else protocol.language


def source_list(protocol: Protocol, *, in_full: bool) -> dict[str, Any]:
    """The handout's sources: each one's citation (``sources``), in full for a clinician's
    copy, else in short; whether each is in another language than the handout's
    (``cited_apart``); and the handout's own word among them, if any (``et_al``)."""
    return {
        "sources": source_lines(protocol) if in_full else short_lines(protocol),
        "cited_apart": cited_apart(protocol),
        "et_al": None if in_full else et_al_apart(protocol),
    }


def source_lines(protocol: Protocol) -> list[str]:
    """Each source's citation; the editors' own entry in the handout's words."""
    return [_line(protocol, ref) for ref in protocol.sources]


def short_lines(protocol: Protocol) -> list[str]:
    """Each source's citation in short, for the patient's handout; the editors' own entry
    as in full."""
    return [
        _line(protocol, ref)
        if ref.editorial
        else short_citation(ref, based_on=ref.id == protocol.based_on)
        for ref in protocol.sources
    ]


def short_citation(ref: Reference, *, based_on: bool) -> str:
    """``ref`` in short: its authors (the first and "et al." where there are more than
    two), its title where nothing else identifies it, its journal or publisher and year,
    its DOI or URL. A DOI, or a journal's issue (its year and volume), identifies a source;
    a web page or a leaflet is known by its title, and the source a protocol is based on
    keeps its title, which the handout names as what it is based on."""
    issue = JOURNAL_ISSUE.match(ref.publisher or "")
    link = f"doi:{ref.doi}" if ref.doi else ref.url
    parts = [_authors(ref.authors)]
    if based_on or not (ref.doi or issue):
        parts.append(ref.title)
    # Where a DOI or URL finds it, a journal's volume and pages and a date's day and month
    # add nothing to find it by.
    where = f"{issue['journal']} {issue['year']}" if issue and link else ref.publisher
    date = None if ref.date is None else str(ref.date.year) if link else ref.date.isoformat()
    parts.append("; ".join(x for x in (where, date) if x))
    said = [_ended(p) for p in parts if p]
    return " ".join([*said, link] if link else said)


def et_al_apart(protocol: Protocol) -> str | None:
    """The handout's own word for "et al." where the short citations, in another language,
    hold it in the handout's (Arabic "وآخرون"), to be marked as in the handout's language;
    None where there is no such word (Latin "et al." is the citations' own word too)."""
    word = gettext(ET_AL)
    return word if cited_in(protocol) is not None and word != ET_AL else None


def _authors(names: tuple[str, ...]) -> str:
    """All of one or two authors, else the first and "et al."; a list that ends in "et
    al." names fewer than there are."""
    named = [n for n in names if n != "et al."]
    if not named:
        return ""
    if len(named) > 2 or len(named) < len(names):
        return f"{named[0]} {gettext(ET_AL)}"
    return ", ".join(named)


def _ended(text: str) -> str:
    """``text`` with a full stop at its end, unless it ends in one, or a ? or !."""
    return text if text.endswith((".", "?", "!")) else text + "."


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
