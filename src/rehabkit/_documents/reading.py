"""Turn bytes from a file into plain data, safely, or into Problems that say what is wrong."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rehabkit._core.errors import Problem, ValidationError, format_path
from rehabkit._core.extras import needs_extra
from rehabkit._core.resources import schema, schema_names

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 2_000_000
"""Largest document accepted; real protocols are a few tens of kilobytes."""
MAX_DEPTH = 32
"""Deepest nesting accepted; the format itself needs fewer than ten levels."""

YAML_SUFFIXES = (".yaml", ".yml")

_TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; this is not a protocol"


class ReadError(ValidationError):
    """The problems that stopped reading; callers add the file's name. A ValidationError,
    so that even one that escaped would be caught as every rehabkit error is."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that had repeated keys; remembers them for reporting with a path."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # dict() keeps each key's first place and last value, as the loop below does; only an
    # object with a repeated key (fewer keys than pairs) needs the loop to name them.
    fast = dict(pairs)
    if len(fast) == len(pairs):
        return fast
    result: dict[str, Any] = {}
    repeated = []
    for key, value in pairs:
        if key in result:
            repeated.append(key)
        result[key] = value
    if repeated:
        marked = _DuplicateKeys(result)
        marked.duplicates = repeated
        _mark()
        return marked
    return result


# Set while a text is parsed: what parsing met that only the walk can place (a repeated
# key, a number of twenty digits or more). A document without any, which a check proves
# holds no nesting too deep and no list too long, need not be walked (``parse_text``).
_MARKS: ContextVar[list[bool] | None] = ContextVar("rehabkit_reading_marks", default=None)


def _mark() -> None:
    marks = _MARKS.get()
    if marks is not None:
        marks.append(True)


def _parse_int(text: str) -> int:
    # 2**64 has twenty digits: a shorter number is not huge (``_is_huge``).
    if len(text) >= 20:
        _mark()
    return int(text)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


class _Nodes:
    """The (parent's index, key) of every node met, so that a node's path is written only
    when there is a problem to report at it."""

    def __init__(self) -> None:
        self._keys: list[tuple[int, str | int]] = [(-1, "")]  # the root is node 0

    def add(self, parent: int, key: str | int) -> int:
        self._keys.append((parent, key))
        return len(self._keys) - 1

    def path(self, index: int) -> str:
        parts: list[str | int] = []
        while index > 0:
            index, key = self._keys[index]
            parts.append(key)
        return format_path(reversed(parts))


def _children(value: Any) -> Iterable[tuple[str | int, Any]]:
    if isinstance(value, dict):
        return value.items()
    if isinstance(value, list):
        return enumerate(value)
    return ()


def _duplicate_problems(value: _DuplicateKeys, prefix: str) -> list[Problem]:
    message = "key {!r} appears more than once in the same object"
    return [Problem(f"{prefix}{key}", message.format(key), key) for key in value.duplicates]


def _is_huge(value: Any) -> bool:
    # Nothing in a document counts that high; such a number only costs time.
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64


def _node_problems(value: Any, index: int, nodes: _Nodes) -> list[Problem]:
    if isinstance(value, _DuplicateKeys):
        return _duplicate_problems(value, f"{nodes.path(index)}." if index else "")
    if _is_huge(value):
        return [Problem(nodes.path(index), "a whole number this large is not allowed (64 bits)")]
    return []


@cache
def max_items() -> int:
    """The most items any list of any document may hold: the loosest ``maxItems`` of the
    bundled schemas. A longer list is refused whatever it holds."""
    found = [0]
    stack: list[Any] = [schema(name) for name in schema_names()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("maxItems"), int):
                found.append(node["maxItems"])
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return max(found)


def _too_long(value: Any) -> bool:
    return isinstance(value, list) and len(value) > max_items()


def _quiet(value: Any) -> bool:
    """A value with nothing inside and nothing to report: most of a document's values
    (its texts above all) are not walked at all, which halves the walk's time."""
    return type(value) is str or not (isinstance(value, (dict, list)) or _is_huge(value))


def _structure_problems(data: Any) -> list[Problem]:
    # Iterative, so that a hostile document cannot exhaust the Python stack here.
    problems = []
    nodes = _Nodes()
    stack: list[tuple[int, Any, int]] = [(0, data, 0)]  # (node's index, value, depth)
    while stack:
        index, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(Problem(nodes.path(index), _TOO_DEEP))
            break
        if _too_long(value):
            # Not looked into: 600,000 empty objects cost seconds to walk. The document is
            # refused all the same, by the bound of the list's own place (bounds.py).
            continue
        problems += _node_problems(value, index, nodes)
        for key, child in _children(value):
            # A quiet value is left out only where it is not too deep itself: leaving out
            # what reports nothing keeps every problem, in the same order.
            if depth < MAX_DEPTH and _quiet(child):
                continue
            stack.append((nodes.add(index, key), child, depth + 1))
    return problems


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            [Problem("", f"not valid UTF-8 text (line {line}, column {column}, byte {exc.start})")]
        ) from None


def _parse_json(text: str) -> Any:
    try:
        return json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_reject_constant, parse_int=_parse_int
        )
    except json.JSONDecodeError as exc:
        raise ReadError(
            [Problem("", f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    except ValueError as exc:
        raise ReadError([Problem("", f"JSON error: {exc}")]) from None
    except RecursionError:
        raise ReadError([Problem("", _TOO_DEEP)]) from None


def strict_loader() -> type[yaml.SafeLoader]:
    with needs_extra("yaml", "reading YAML"):
        import yaml

    class _Loader(yaml.SafeLoader):
        """Safe loading only; repeated keys are errors; no aliases (they can multiply a
        small file into billions of nodes)."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not allowed", event.start_mark
                )
            return super().compose_node(parent, index)

        def construct_text_keyed_mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
            pairs = [
                (self.construct_object(k, deep=True), self.construct_object(v, deep=True))
                for k, v in node.value
            ]
            for key, _ in pairs:
                if not isinstance(key, str):
                    mark = node.start_mark
                    raise yaml.constructor.ConstructorError(
                        None, None, f"keys must be text, not {key!r}", mark
                    )
            return _pairs(pairs)

    _Loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_text_keyed_mapping
    )
    # Dates stay text so that the schema, not the YAML parser, decides what a date is.
    _Loader.add_constructor(
        "tag:yaml.org,2002:timestamp",
        _Loader.construct_yaml_str,  # type: ignore[type-var]
    )
    return _Loader


def _marked_yaml_problem(exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    what = exc.problem or exc.context or "invalid YAML"
    if "could not determine a constructor" in what:
        what = "tags that construct objects are not allowed (" + what.split("tag ")[-1] + ")"
    return Problem("", f"YAML error{where}: {what}")


def _unreadable_value_problem(exc: Exception) -> Problem:
    # PyYAML's own constructors fail this way on "!!float x", "!!bool maybe", "!!map x"
    # or an integer of thousands of digits: the text is wrong, not rehabkit.
    what = exc.args[0] if exc.args and isinstance(exc.args[0], str) else repr(exc)
    return Problem("", f"YAML error: a value cannot be read ({what})")


def _measure_yaml_lists(text: str) -> None:
    """Refuse a list longer than any document may hold before YAML builds it: building
    a 1.8 MB list of 450,000 items takes PyYAML some 20 s, reading its events a fraction."""
    with needs_extra("yaml", "reading YAML"):
        import yaml

    # Each open collection: its first line and its items so far; a mapping counts none.
    open_nodes: list[tuple[int, int]] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where built
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionEndEvent):
            open_nodes.pop()
            continue
        if isinstance(event, yaml.NodeEvent) and open_nodes and open_nodes[-1][1] >= 0:
            line, count = open_nodes[-1]
            open_nodes[-1] = (line, count + 1)
            if count >= max_items():
                message = f"YAML: the list at line {line} holds more than {max_items():,} items,"
                raise ReadError([Problem("", f"{message} more than any document's list may")])
        if isinstance(event, yaml.CollectionStartEvent):
            line = event.start_mark.line + 1 if event.start_mark else 0
            open_nodes.append((line, 0 if isinstance(event, yaml.SequenceStartEvent) else -1))


def _parse_yaml(text: str) -> Any:
    with needs_extra("yaml", "reading YAML"):
        import yaml
    try:
        _measure_yaml_lists(text)
        return yaml.load(text, Loader=strict_loader())  # noqa: S506 - a SafeLoader
    except ReadError:
        raise  # a ValueError too: it must not be taken for a value YAML cannot read
    except yaml.MarkedYAMLError as exc:
        raise ReadError([_marked_yaml_problem(exc)]) from None
    except yaml.YAMLError as exc:
        raise ReadError([Problem("", f"YAML error: {exc}")]) from None
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise ReadError([_unreadable_value_problem(exc)]) from None
    except RecursionError:
        raise ReadError([Problem("", _TOO_DEEP)]) from None


def parse_text(
    text: str, yaml_syntax: bool = False, sound: Callable[[Any], bool] | None = None
) -> Any:
    """Parse a document's text; raises ReadError with the problems.

    ``sound``, when given, is a check whose passing proves the data holds no nesting
    deeper than ``MAX_DEPTH`` and no list longer than ``max_items()`` (a schema the data
    passes: tests/test_speed_load_5.py proves it): JSON it passes, in which parsing met no
    repeated key and no number of twenty digits, is not walked, as the walk would find
    nothing.
    """
    # No character takes more than 4 bytes: a text of at most a quarter of the limit in
    # characters is within it without encoding it (a copy of the whole text) to count.
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ReadError([Problem("", f"the document is larger than {MAX_BYTES:,} bytes")])
    if not text.strip():
        raise ReadError([Problem("", "the document is empty")])
    marks: list[bool] = []
    token = _MARKS.set(marks)
    try:
        data = _parse_yaml(text) if yaml_syntax else _parse_json(text)
    finally:
        _MARKS.reset(token)
    if not yaml_syntax and not marks and sound is not None and sound(data):
        return data
    problems = _structure_problems(data)
    if problems:
        raise ReadError(problems)
    return data


def _read_regular(p: Path) -> bytes:
    # Opened without blocking, then checked: a named pipe with no writer would otherwise
    # wait for ever, and a device could stream without end.
    fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise ReadError([Problem("", f"{p} is not a regular file; rehabkit reads files")])
        # What the file holds and one byte more, to see it has grown (then the rest, up to
        # the limit): asking for the limit at once sets 2 MB aside for every file read.
        raw = handle.read(min(found.st_size, MAX_BYTES) + 1)
        if len(raw) > found.st_size:
            raw += handle.read(MAX_BYTES + 1 - len(raw))
        return raw


def read_bytes(path: str | os.PathLike[str], what: str = "protocol file") -> bytes:
    """A regular file's bytes, by the rules every document is read by: no folder, pipe or
    device, no more than MAX_BYTES; raises ReadError with the problem."""
    p = Path(path)
    try:
        found = p.stat()  # one look at the file: whether it is a folder, and its size
        if stat.S_ISDIR(found.st_mode):
            raise ReadError([Problem("", f"{p} is a directory, not a {what}")])
        size = found.st_size
        if size > MAX_BYTES:
            raise ReadError(
                [Problem("", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}")]
            )
        raw = _read_regular(p)
    except FileNotFoundError:
        raise ReadError([Problem("", f"no such file: {p}")]) from None
    except PermissionError:
        raise ReadError([Problem("", f"permission denied: {p}")]) from None
    except OSError as exc:
        raise ReadError([Problem("", f"cannot read {p}: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        raise ReadError([Problem("", f"the file is larger than {MAX_BYTES:,} bytes")])
    return raw


def read_text(path: str | os.PathLike[str], what: str = "protocol file") -> str:
    """A regular file's UTF-8 text, read as ``read_bytes`` reads; raises ReadError."""
    return _decode(read_bytes(path, what))


def read_path(path: str | os.PathLike[str], sound: Callable[[Any], bool] | None = None) -> Any:
    """Read and parse a file; raises ReadError with the problems. ``sound`` as for
    ``parse_text``."""
    p = Path(path)
    return parse_text(read_text(p), yaml_syntax=p.suffix.lower() in YAML_SUFFIXES, sound=sound)
