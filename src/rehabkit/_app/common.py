"""What every command shares: exit codes, the usage error, and printing text from files
safely to a terminal."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeAlias

from rehabkit import RehabkitError, ValidationError
from rehabkit._app.terminal import COLOR_CHOICES, Painter

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]
# What argparse's add_subparsers returns: each command's module adds its parser to it.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(RehabkitError):
    """An option's value is wrong: exit status 2, like any other usage error."""


def usage_on_error(build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    # Options such as --weeks or --start become a plan: if the plan refuses a value, the
    # option was wrong, so the person gets a usage error (2), not "invalid document" (1).
    try:
        return build(*args, **kwargs)
    except ValidationError as exc:
        raise UsageError("; ".join(str(p) for p in exc.problems)) from None
    except RehabkitError as exc:
        raise UsageError(str(exc)) from None


def add_command(
    commands: Commands, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    """A command's parser, its one-line help doubling as its description."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    sub.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="colour the decisions and problems: auto (on a terminal, unless NO_COLOR is set;"
        " FORCE_COLOR forces it), always or never",
    )
    return sub


# Text from files is data: a control character (an ANSI escape, say) must not reach the
# terminal as one. Newlines and tabs are the CLI's own layout; bidi controls could reorder
# what a line appears to say, so they are shown escaped too.
_CONTROLS = {
    c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (0x09, 0x0A)
}
_CONTROLS.update({c: f"\\u{c:04x}" for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F))})
_CONTROLS.update({c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)})
# Inside a value, a line break is data as well: it must not start a line of its own.
_VALUE = {0x0A: "\\n", 0x0D: "\\r"}


def printable(text: str) -> str:
    return text.translate(_CONTROLS)


def value(text: str) -> str:
    """A value from a document, safe to put inside one line of output."""
    return text.translate(_VALUE)


# The mark of rehabkit's own messages on stderr (err). Only err may start a line with it:
# a line break in a value (a patient's name, a JSON key) must not make a line that reads
# "rehabkit: wrote /etc/passwd".
_OWN = "rehabkit:"


# What a line may start with that shows as nothing: spaces, and the invisible format marks.
_BLANK_START = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*")


def _unforgeable(line: str) -> str:
    # The first letter shown as its escape, as every other control is shown.
    start = _BLANK_START.match(line).end()  # type: ignore[union-attr]
    if line.startswith(_OWN, start):
        return f"{line[:start]}\\x72{line[start + 1 :]}"
    return line


def out(text: str = "", stream: TextIO | None = None, paint: Painter | None = None) -> None:
    """Print ``text`` (which may hold several lines), its controls escaped and no line of
    it passing for one of rehabkit's own messages; ``paint`` colours each line after that,
    so that the only escapes printed are rehabkit's own."""
    lines = [_unforgeable(line) for line in printable(text).split("\n")]
    if paint is not None:
        lines = [paint(line) for line in lines]
    print("\n".join(lines), file=stream or sys.stdout)


def out_line(text: str, stream: TextIO | None = None, paint: Painter | None = None) -> None:
    """Print ``text`` as exactly one line: a line break in it is shown as ``\\n``."""
    out(value(text), stream, paint)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with its noun in the form that agrees with it: "1 row", "2 rows"."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def err(text: str) -> None:
    """One of rehabkit's own messages: always exactly one line, whatever values it holds."""
    print(f"rehabkit: {value(printable(text))}", file=sys.stderr)
