"""A fast path for structuring valid data into the model's classes, beside cattrs.

cattrs' structuring dispatches on each value's type, catches and annotates every field's
errors, and writes its functions (some 65 ms) in each process: most of a valid load's
time. Here each class gets one plain function, written from its attrs fields at first
use, that takes only data of exactly the shapes cattrs takes and makes exactly what
cattrs makes of it (the same constructors, called with the same values). Anything else,
an invalid document above all, makes it give up (``Miss``): the caller then runs cattrs
from the start, so that every error is cattrs' own, with its path and message.

The rules mirror ``converter``'s hooks, one type at a time (``_expression``); a type it
does not know is handed to cattrs itself. ``tests/test_speed_load_5.py`` proves the two
paths make equal objects over valid documents and the same problems over invalid ones.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

from rehabkit._documents import building
from rehabkit._documents.converter import converter
from rehabkit._model import integrity
from rehabkit._model.protocol import Protocol
from rehabkit._model.units import Amount, Count, IntRange, Quantity, Range

T = TypeVar("T")


class Miss(Exception):
    """The fast path does not take this data; cattrs is to structure it."""


def _miss() -> Any:
    raise Miss


def structure(data: Any, cls: type[T]) -> T:
    """``data`` as ``cls``, as ``converter.structure`` makes it; cattrs makes it (and
    raises its errors) whenever the fast path gives up, for whatever reason."""
    try:
        return cast(T, _function(cls)(data))
    except Exception:
        return converter.structure(data, cls)


class _Writer:
    """The source of one module of structuring functions, and the names it uses."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"_miss": _miss, "Miss": Miss, "_dt": dt, **building.names()}
        self.lines: list[str] = []
        self.texts: dict[str, str] = {}  # each function's own text, by its name
        self.done: dict[type, str] = {}

    def name(self, value: Any, hint: str) -> str:
        """A global name of the written module bound to ``value``."""
        key = f"_{hint}_{len(self.names)}"
        self.names[key] = value
        return key

    def function(self, cls: type) -> str:
        """The name of the function that structures ``cls``, written if need be."""
        if cls in self.done:
            return self.done[cls]
        name = self.done[cls] = f"s_{cls.__name__}_{len(self.done)}"
        body = _class_body(self, cls)
        lines = [f"def {name}(o):", *("    " + line for line in body), ""]
        self.lines += lines
        self.texts[name] = "\n".join(lines)
        return name


def _class_body(writer: _Writer, cls: type) -> list[str]:
    fields = [a for a in attrs.fields(cls) if a.init]
    allowed = writer.name(frozenset(a.alias for a in fields), "keys")
    body = [f"if type(o) is not dict or not o.keys() <= {allowed}: raise Miss"]
    values = {a.name: _expression(writer, a.type, "x") for a in fields}
    # As converter's Protocol hook: the rules run once, on this data (checked_data).
    around = f"{writer.name(integrity.checked_data, 'checked')}(o)" if cls is Protocol else ""
    if building.builds(cls):
        return body + building.lines(writer, cls, values, around)
    return body + _called(writer, cls, fields, values, around)


def _called(
    writer: _Writer, cls: type, fields: list[Any], values: dict[str, str], around: str
) -> list[str]:
    """The lines that make ``cls`` by calling it with the fields' values as keywords."""
    body = ["r = {}"]
    for a in fields:
        step = [f"x = o[{a.alias!r}]", f"r[{a.alias!r}] = {values[a.name]}"]
        required = a.default is attrs.NOTHING
        body += step if required else [f"if {a.alias!r} in o:", *("    " + s for s in step)]
    made = f"{writer.name(cls, cls.__name__)}(**r)"
    return [*body, f"with {around}:", f"    return {made}"] if around else [*body, f"return {made}"]


def _scalar(writer: _Writer, kind: Any, x: str) -> str | None:
    """The expression for a value of a type converter's own hooks structure."""
    if kind is str or kind is bool or kind is int:
        # Exactly the type: a bool is no int here, as the int hook refuses it.
        return f"{x} if type({x}) is {kind.__name__} else _miss()"
    if kind is float:
        return f"float({x}) if type({x}) is float or type({x}) is int else _miss()"
    if kind is dt.date:
        return f"_dt.date.fromisoformat({x}) if type({x}) is str else _miss()"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        members = writer.name(kind._value2member_map_, kind.__name__)
        return f"{members}[{x}] if type({x}) is str else _miss()"
    return None


def _expression(writer: _Writer, kind: Any, x: str) -> str:
    """The expression that structures the value named ``x`` as ``kind``; it raises (Miss,
    or whatever fails) for anything the fast path does not take."""
    found = _scalar(writer, kind, x)
    if found is not None:
        return found
    if kind == Amount:
        quantity, rng = writer.function(Quantity), writer.function(Range)
        return (
            f"({quantity}({x}) if 'value' in {x} else {rng}({x}) if 'low' in {x} else _miss())"
            f" if type({x}) is dict else _miss()"
        )
    if kind == Count:
        whole = writer.function(IntRange)
        return f"{whole}({x}) if type({x}) is dict else {x} if type({x}) is int else _miss()"
    args = typing.get_args(kind)
    if _is_optional(kind, args):
        inner = next(a for a in args if a is not type(None))
        rest: Any = typing.Union[tuple(a for a in args if a is not type(None))]
        value = _expression(writer, rest if len(args) > 2 else inner, x)
        return f"None if {x} is None else ({value})"
    if typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _expression(writer, args[0], "y")
        return f"tuple([{item} for y in {x}]) if type({x}) is list else _miss()"
    if attrs.has(kind):
        return f"{writer.function(kind)}({x})"
    if typing.get_origin(kind) is dict and args == (str, str):
        return (
            f"dict({x}) if type({x}) is dict and all(type(k) is str and type(v) is str"
            f" for k, v in {x}.items()) else _miss()"
        )
    # A type the rules above do not know: cattrs structures it, as it would anyway.
    return f"{writer.name(converter, 'converter')}.structure({x}, {writer.name(kind, 'type')})"


def _is_optional(kind: Any, args: tuple[Any, ...]) -> bool:
    origin = typing.get_origin(kind)
    return origin in (typing.Union, types.UnionType) and type(None) in args


_FUNCTIONS: dict[type, Callable[[Any], Any]] = {}


def _function(cls: type) -> Callable[[Any], Any]:
    """The structuring function of ``cls`` (with those of the classes in it), written at
    its first use in a process."""
    found = _FUNCTIONS.get(cls)
    if found is None:
        found = _FUNCTIONS[cls] = _written(cls)
    return found


def _written(cls: type) -> Callable[[Any], Any]:
    writer = _Writer()
    top = writer.function(cls)
    names = dict(writer.names)
    title = f"<rehabkit structuring {cls.__name__}>"
    # Each function is compiled at its first call: a document compiles only the classes it
    # holds (compiling them all took a tenth of a first load).
    for name, text in writer.texts.items():
        names[name] = _compiled_when_called(name, text, names, title)
    return lambda o: names[top](o)


def _compiled_when_called(
    name: str, text: str, names: dict[str, Any], title: str
) -> Callable[[Any], Any]:
    """A stand-in for the function ``name`` that compiles it into ``names``, where the
    functions that call it find it from then on, and calls it."""

    def compile_and_call(o: Any) -> Any:
        exec(compile(text, title, "exec"), names)  # noqa: S102 - our own text, from the model's fields
        return names[name](o)

    return compile_and_call
