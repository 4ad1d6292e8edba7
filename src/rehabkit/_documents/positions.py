"""Where each problem is in its file: a problem's JSON path mapped back to a line and a
column of the source text, for editors and CI annotations."""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rehabkit._core.errors import Problem, format_path
from rehabkit._core.extras import needs_extra
from rehabkit._core.public import present_as_public
from rehabkit._documents import reading

__all__ = ["problem_positions"]

# One JSON token, after any white space: a string, a punctuation mark, or a bare literal.
_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])|([^\s{}\[\]:,"]+))')
# The last step of a path: ".key" or "[index]" (or "[id]").
_LAST_STEP = re.compile(r"(?:\.[^.\[\]]*|\[[^\]]*\])$|^[^.\[\]]+$")
# Syntax errors already say where they are: "... at line 3, column 7 ...".
_SAID = re.compile(r"line (\d+), column (\d+)")

Parts = tuple[str | int, ...]


class _Offsets:
    """Each path's offset in the text; an item with an ``id`` is also found by it
    (``exercises[wall-sit]``), as the protocol's own rules name it."""

    def __init__(self) -> None:
        self.found: dict[str, int] = {}
        self._items: dict[Parts, Any] = {}

    def add(self, parts: Parts, at: Any) -> None:
        self.found[format_path(parts)] = at
        if parts and isinstance(parts[-1], int):
            self._items[parts] = at

    def add_id(self, item: Parts, value: Any) -> None:
        if item in self._items and isinstance(value, str):
            self.found.setdefault(f"{format_path(item[:-1])}[{value}]", self._items[item])


class _JsonScan:
    """Reads JSON tokens in order, keeping the open objects and lists: each entry is [its
    path, whether it is an object, the key or index of the value that comes next]."""

    def __init__(self) -> None:
        self.offsets = _Offsets()
        self.stack: list[list[Any]] = []
        self.expect_key = False

    def token(self, piece: str, start: int) -> None:
        if self.expect_key and piece.startswith('"'):
            self.key(json.loads(piece), start)
        elif piece in (",", ":", "]", "}"):
            self.punctuation(piece)
        else:
            self.value(piece, start)

    def key(self, key: str, start: int) -> None:
        top = self.stack[-1]
        top[2] = key
        self.offsets.add((*top[0], key), start)  # a member is placed at its key
        self.expect_key = False

    def punctuation(self, piece: str) -> None:
        if piece == ",":
            top = self.stack[-1]
            self.expect_key = top[1]
            if not top[1]:
                top[2] += 1
        elif piece != ":":
            self.stack.pop()

    def value(self, piece: str, start: int) -> None:
        top: list[Any] = self.stack[-1] if self.stack else [(), False, None]
        parts: Parts = (*top[0], top[2]) if self.stack else ()
        if not top[1]:
            self.offsets.add(parts, start)
        elif parts[-1] == "id" and piece.startswith('"'):
            self.offsets.add_id(top[0], json.loads(piece))
        if piece in ("{", "["):
            self.stack.append([parts, piece == "{", 0 if piece == "[" else None])
            self.expect_key = piece == "{"


def _json_offsets(text: str) -> dict[str, Any]:
    """Offsets of every key and value of JSON ``text``; iterative, so depth costs nothing."""
    scan = _JsonScan()
    pos = 0
    while (match := _TOKEN.match(text, pos)) and match.lastindex:
        pos = match.end()
        scan.token(match.group(match.lastindex), match.start(match.lastindex))
    return scan.offsets.found


def _yaml_marks(text: str) -> dict[str, Any]:
    """Marks of every key and item of valid YAML ``text``, from the nodes PyYAML composes."""
    with needs_extra("yaml", "reading YAML"):
        import yaml

    offsets = _Offsets()
    # The strict loader refuses aliases: walking one node reached many times could take for ever.
    root = yaml.compose(text, Loader=reading.strict_loader())
    if root is None:
        return {}
    offsets.add((), root.start_mark)
    stack: list[tuple[Parts, Any]] = [((), root)]
    while stack:
        parts, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                offsets.add((*parts, key.value), key.start_mark)
                if key.value == "id" and isinstance(child, yaml.ScalarNode):
                    offsets.add_id(parts, child.value)
                stack.append(((*parts, key.value), child))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                offsets.add((*parts, index), child.start_mark)
                stack.append(((*parts, index), child))
    return offsets.found


def _nearest(path: str, found: dict[str, Any]) -> Any:
    """The place of ``path``, or of the nearest enclosing path that is in the file: a missing
    key is reported where the object that lacks it is."""
    while path:
        if path in found:
            return found[path]
        path = _LAST_STEP.sub("", path)
    return found.get("")


def _line_column(text: str) -> Any:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    return at


def _places(path: Path) -> tuple[dict[str, Any], Any]:
    """The places of a file's paths and what turns one into (line, column); none if the file
    cannot be read or composed (its problems then say where they are themselves). JSON
    is not parsed again: a file with repeated keys is tokenized all the same."""
    try:
        text = reading.read_text(path)
        if path.suffix.lower() in reading.YAML_SUFFIXES:
            return _yaml_marks(text), lambda mark: (mark.line + 1, mark.column + 1)
        return _json_offsets(text), _line_column(text)
    except Exception:  # an unreadable file is already its problems
        return {}, None


def problem_positions(
    path: str | os.PathLike[str], problems: Iterable[Problem]
) -> list[tuple[int, int]]:
    """The (line, column) in the file at ``path`` of each problem, both counted from 1.

    A problem is placed at its key (or list item) in the file; one about something missing,
    at the nearest enclosing object there is; one about the whole document, or a syntax
    error, at the place its message names, else at line 1, column 1.

    :param path: the JSON or YAML file the problems were found in.
    :param problems: the problems, as ``validate`` returned them.
    :returns: one ``(line, column)`` per problem, in order.
    """
    found, convert = _places(Path(path))
    result = []
    for problem in problems:
        place = _nearest(problem.path, found) if problem.path else None
        said = _SAID.search(problem.message)
        if place is not None and convert is not None:
            result.append(convert(place))
        elif said:
            result.append((int(said.group(1)), int(said.group(2))))
        else:
            result.append((1, 1))
    return result


present_as_public(globals())
