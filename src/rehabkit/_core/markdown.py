"""Text set literally in Markdown: the one escape for every Markdown rehabkit writes (FHIR's
instructionMarkdown, the CERT and TIDieR reports), so that a protocol's text never
becomes a link, raw HTML or emphasis in a reader's renderer."""

from __future__ import annotations

import re

# What can start Markdown markup anywhere in a line: emphasis, code, links and images,
# raw HTML and entities, escapes, GFM tables and strikethrough; and the "@" of a GFM
# e-mail autolink. Escaped with a backslash, which CommonMark allows before any ASCII
# punctuation. Nothing else is escaped: "hold still (isometric)." stays as it is.
_INLINE = re.compile(r"([\\`*_\[\]<&|~@])")
# GFM's extended autolinks: a scheme's "://" and a "www." make a link of plain text.
_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9]):(?=//)|(?<=\bwww)\.", re.IGNORECASE)
# What starts a block at the start of a line: a heading, a quote, a list item or a
# thematic break ("# ", "> ", "- ", "+ ", "1. ", "2) "), a setext heading's underline.
_BLOCK = re.compile(r"^([#>+=-])", re.MULTILINE)
_ORDERED = re.compile(r"^(\d{1,9})([.)])", re.MULTILINE)
# A line's leading spaces or tabs (four make a code block) are no word of the text.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def markdown_literal(text: str) -> str:
    """Text shown literally by a Markdown renderer (CommonMark and GFM): no link, no HTML,
    no emphasis, no heading or list; and no escape where none is needed."""
    text = _INLINE.sub(r"\\\1", _INDENT.sub("", text))
    text = _AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
    text = _ORDERED.sub(r"\1\\\2", text)
    return _BLOCK.sub(r"\\\1", text)


def markdown_code(text: str) -> str:
    """Text as a Markdown code span, shown literally: fenced by one backtick more than its
    longest run of them (CommonMark 6.1), on one line, since a line break inside could
    start a new block (a heading, a list) before the span is read."""
    flat = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
