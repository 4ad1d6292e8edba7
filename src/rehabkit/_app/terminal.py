"""How output meets the terminal: the width it wraps to, the tables it aligns, and whether it
takes colour.

Width: on a terminal, ``COLUMNS`` when set, else the terminal's own width (as
``shutil.get_terminal_size`` finds them); piped or redirected, no wrapping at all, so that
each item stays one line for ``grep`` and ``diff`` (a pager such as ``less`` wraps for
itself), whatever ``COLUMNS`` says: it is the width of a terminal, and test runners and
shells export it where there is none.

Colour (https://no-color.org): ``--color always`` or ``never`` decides; with ``auto`` (the
default) a set ``NO_COLOR`` turns colour off, then a set ``FORCE_COLOR`` turns it on, and
otherwise colour is used only when the stream is a terminal whose ``TERM`` is not ``dumb``
(the order Python 3.13's own ``_colorize`` follows).

Only the standard library, and nothing heavy: the parser imports this module, so textwrap
and shutil load only when a line is wrapped or a terminal measured.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import TextIO

COLOR_CHOICES = ("auto", "always", "never")

# The narrowest width wrapped to: below it a line would be more breaks than words.
_NARROWEST = 20


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def width(stream: TextIO) -> int | None:
    """The columns to wrap ``stream``'s lines to; None for no wrapping (piped output)."""
    if not _is_terminal(stream):
        return None
    import shutil

    return max(shutil.get_terminal_size().columns, _NARROWEST)  # COLUMNS first


def wants_colour(choice: str, stream: TextIO) -> bool:
    """Whether ``stream`` gets colour, for ``--color`` ``choice`` (auto, always or never)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _is_terminal(stream) and os.environ.get("TERM") != "dumb"


# SGR codes: what a clinician must see at a glance is coloured, and nothing else.
_CODES = {"green": "32", "yellow": "33", "red": "31"}
VERDICT_COLOURS = {"PROGRESS": "green", "HOLD": "yellow", "REGRESS": "red", "STOP": "red"}
# A decision's heading as describe() writes it: "Wall Sit: HOLD (rule ...)".
_VERDICT = re.compile(r"^(\S.*: )(PROGRESS|HOLD|REGRESS|STOP)\b")

Painter = Callable[[str], str]


def paint(text: str, colour: str) -> str:
    return f"\x1b[{_CODES[colour]}m{text}\x1b[0m"


def verdict_painter(line: str) -> str:
    """A decision's verdict word in its colour: progress green, hold yellow, regress and
    stop red."""
    return _VERDICT.sub(lambda m: m.group(1) + paint(m.group(2), VERDICT_COLOURS[m.group(2)]), line)


def red(line: str) -> str:
    return paint(line, "red")


# What a wrapped line's continuation lines are indented under: a bullet's text, a
# criterion's text after its [mark], a numbered item's text.
_HANGING = re.compile(r"^\s*(?:- |\[[^\]]*\] |\d+\. )?")


def fit(text: str, columns: int | None) -> str:
    """Each line of ``text`` wrapped to ``columns``, its continuation lines hanging under
    its text; ``text`` unchanged for None."""
    if columns is None:
        return text
    return "\n".join(_fit_line(line, columns) for line in text.split("\n"))


def _fit_line(line: str, columns: int) -> str:
    if len(line) <= columns:
        return line
    import textwrap

    hang = _HANGING.match(line).end()  # type: ignore[union-attr]
    if hang > columns // 2:  # a hanging indent that deep leaves no room for words
        hang = len(line) - len(line.lstrip())
    return textwrap.fill(
        line[hang:],
        width=columns,
        initial_indent=line[:hang],
        subsequent_indent=" " * hang,
        break_on_hyphens=False,
    )


def table(rows: Sequence[Sequence[str]], columns: int | None) -> list[str]:
    """Rows aligned in columns, each as wide as its widest cell; the last cell of a row
    wraps, hanging under its own column, to fit ``columns``."""
    if not rows:
        return []
    count = max(len(r) for r in rows)
    widths = [max((len(r[i]) for r in rows if i < len(r) - 1), default=0) for i in range(count)]
    lines = []
    for row in rows:
        start = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:-1]))
        start += "  " if len(row) > 1 else ""
        lines.append(_hang(start, row[-1], columns))
    return lines


def _hang(start: str, last: str, columns: int | None) -> str:
    if columns is None or len(start) + len(last) <= columns or len(start) > columns // 2:
        return fit(start + last, columns)
    import textwrap

    return textwrap.fill(
        last,
        width=columns,
        initial_indent=start,
        subsequent_indent=" " * len(start),
        break_on_hyphens=False,
    )
