"""Text set literally in Markdown: the one escape for every Markdown rehabkit writes (FHIR's
instructionMarkdown, the CERT and TIDieR reports), so that a protocol's text never
becomes a link, raw HTML or emphasis in a reader's renderer."""

from __future__ import annotations

import re

# Every character that can start Markdown (or raw HTML) markup, escaped with a backslash,
# which CommonMark allows before any ASCII punctuation: the text stays text.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&:\"'=])")


def markdown_literal(text: str) -> str:
    """Text shown literally by a Markdown renderer: no link, no HTML, no emphasis."""
    return _MARKUP.sub(r"\\\1", text)


def markdown_code(text: str) -> str:
    """Text as a Markdown code span, shown literally: fenced by one backtick more than its
    longest run of them (CommonMark 6.1), on one line, since a line break inside could
    start a new block (a heading, a list) before the span is read."""
    flat = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
