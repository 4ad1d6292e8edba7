"""How the fast path makes a model object: without attrs' ``__init__``, checking the same.

attrs' ``__init__`` takes keywords, applies each field's converter, sets the field, runs
every validator, then ``__attrs_post_init__``: about two thirds of a valid load's building
time. The fast path (``fast_structure``) has already made each value of the type its
field declares, so the lines written here set the fields themselves (through each slot's
own descriptor, as ``object.__setattr__`` would) and run only the checks that could
still fail:

- a converter is left out only where a test proves it gives back what it is given for
  every value the fast path can make of that field's type (``passes_through``): an
  enumeration's members, None, a tuple, a date;
- a validator is left out only where what the fast path made cannot break it: a
  ``MemberCheck`` of the very enumeration whose member table made the value;
- a text's (a number's) validator runs only for a text that is not plain printable ASCII
  with some character other than a space (a number that is not finite): ``AT_A_GLANCE``,
  each condition proven by a test to be one the validator passes;
- a field left at its default is not looked at: a test proves every default passes;
- every other validator runs, as attrs runs it, with the field's attribute, once every
  field is set; and then the class's ``__attrs_post_init__`` (its rules over several
  fields), always.

Anything any of them raises makes the fast path give up, and cattrs then builds the
document through attrs' ``__init__``, so that every error is still cattrs' own. A class
this module does not know how to build (``builds``) is built by calling it.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from rehabkit._model import fields

__all__: list[str] = []

# A text _text passes without a look: str, printable ASCII (no control character, no
# surrogate, noncharacter or byte-order mark), and not blank (in ASCII only the space is
# blank). tests/test_speed_load_6.py proves it over any text.
PLAIN_TEXT = "type({x}) is str and {x}.isascii() and {x}.isprintable() and {x}.strip(' ') != ''"
# A number _finite passes without a look (the fast path makes every number a float).
FINITE = "type({x}) is float and _isfinite({x})"

# Validators that read nothing but the value (so may run as soon as it is set), each with
# a condition it passes on (tests/test_speed_load_6.py proves each over any value) and the
# shape of the value it looks at: one value, an optional one, or each of a tuple. The
# validator itself runs only when the condition fails.
AT_A_GLANCE: dict[Any, tuple[str, str]] = {
    fields._text: ("one", PLAIN_TEXT),
    fields._optional_text: ("optional", PLAIN_TEXT),
    fields._texts: ("many", PLAIN_TEXT),
    fields._finite: ("one", FINITE),
}


# attrs' classes of an optional validator and of a list's (the kinds of what they make).
_OPTIONAL: type[Any] = type(attrs.validators.optional(fields._text))
_DEEP: type[Any] = type(attrs.validators.deep_iterable(fields._text))


class _Writer(typing.Protocol):
    def name(self, value: Any, hint: str) -> str: ...


def builds(cls: type) -> bool:
    """Whether the lines below make ``cls`` as its ``__init__`` would: an attrs class of
    slots whose every field is set from a keyword, with no ``__attrs_pre_init__``, no
    cached hash and no default made by a factory."""
    return (
        attrs.has(cls)
        and "__slots__" in cls.__dict__
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_cached_hash")
        and all(_plain_field(a) for a in attrs.fields(cls))
    )


def _plain_field(a: attrs.Attribute[Any]) -> bool:
    # A converter that is an attrs.Converter may take the instance: attrs' __init__ it is.
    plain_converter = a.converter is None or isinstance(a.converter, types.FunctionType)
    return a.init and plain_converter and not isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]


def _kinds(kind: Any) -> tuple[Any, ...]:
    """``kind``'s types, None's type among them for an optional one."""
    args = typing.get_args(kind)
    return args if typing.get_origin(kind) in (typing.Union, type(int | None)) else (kind,)


def passes_through(kind: Any) -> bool:
    """Whether the fast path makes values of ``kind`` that a field's converter gives back
    unchanged (tests/test_speed_load_6.py proves it of every converter on such a field):
    members of one enumeration, tuples, dates, or None with one of them."""
    inner = [k for k in _kinds(kind) if k is not type(None)]
    if len(inner) != 1:
        return False
    one = inner[0]
    if typing.get_origin(one) is tuple:
        return True
    return one is dt.date or (isinstance(one, type) and issubclass(one, enum.Enum))


def _member_of(kind: Any) -> Any:
    """The enumeration whose member table the fast path looks values of ``kind`` up in."""
    inner = [k for k in _kinds(kind) if k is not type(None)]
    return inner[0] if len(inner) == 1 else None


def left_out(a: attrs.Attribute[Any]) -> bool:
    """Whether the validator of field ``a`` cannot fail on what the fast path makes of it:
    a member check of the field's own enumeration (or of its optional or tuple of them)."""
    check: Any = a.validator
    kind = a.type
    if isinstance(check, _OPTIONAL):
        check = check.validator
    elif isinstance(check, _DEEP) and check.iterable_validator is None:
        check = check.member_validator
        args = typing.get_args(kind)
        kind = args[0] if typing.get_origin(kind) is tuple and len(args) == 2 else None
    return isinstance(check, fields.MemberCheck) and check.kind is _member_of(kind)


def lines(writer: _Writer, cls: type, values: dict[str, str], around: str = "") -> list[str]:
    """The lines that make ``cls`` as ``s`` from ``o``, its data: ``values`` holds each
    field's expression of ``x`` (the field's value in ``o``), as ``fast_structure`` writes
    them; ``around``, a context manager's expression the class's own rules run in. Builds
    nothing the fast path could not make by calling ``cls``."""
    body = [f"s = _new({writer.name(cls, cls.__name__)})"]
    for a in attrs.fields(cls):
        body += _set_lines(writer, a, values[a.name], _setter(writer, cls, a.name))
    for a in attrs.fields(cls):
        body += _check_lines(writer, a)
    if hasattr(cls, "__attrs_post_init__"):
        post = "s.__attrs_post_init__()"
        body += [f"with {around}:", f"    {post}"] if around else [post]
    return [*body, "return s"]


def _setter(writer: _Writer, cls: type, name: str) -> str:
    """How a field is set: through its slot's own descriptor (what ``object.__setattr__``
    looks up and calls, as attrs' __init__ does), a third quicker called directly."""
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if isinstance(slot, types.MemberDescriptorType):
            return f"{writer.name(slot.__set__, 'set_' + name)}(s, {{}})"
        if slot is not None:
            break
    return f"_set(s, {name!r}, {{}})"


def _set_lines(writer: _Writer, a: attrs.Attribute[Any], value: str, setter: str) -> list[str]:
    convert = a.converter is not None and not passes_through(a.type)
    if convert:
        value = f"{writer.name(a.converter, 'convert')}({value})"
    glance = _glance_lines(writer, a)  # on y, the value set
    step = [
        f"x = o[{a.alias!r}]",
        *([f"y = {value}", setter.format("y")] if glance else [setter.format(value)]),
        *glance,
    ]
    if a.default is attrs.NOTHING:
        return step
    # attrs converts a default at each call: so here, unless the converter passes it through.
    default = writer.name(a.default, "default")
    if convert:
        default = f"{writer.name(a.converter, 'convert')}({default})"
    return [
        f"if {a.alias!r} in o:",
        *("    " + line for line in step),
        "else:",
        f"    {setter.format(default)}",
    ]


def _run(writer: _Writer, a: attrs.Attribute[Any]) -> str:
    return f"{writer.name(a.validator, 'check')}(s, {writer.name(a, 'field')}, s.{a.name})"


def _glance(a: attrs.Attribute[Any]) -> tuple[str, str] | None:
    """The shape and condition by which field ``a``'s validator is passed at a glance
    (``AT_A_GLANCE``), if the field holds the value as the fast path made it."""
    if a.converter is not None and not passes_through(a.type):
        return None
    check: Any = a.validator
    if isinstance(check, _OPTIONAL) and AT_A_GLANCE.get(check.validator, ("",))[0] == "one":
        return "optional", AT_A_GLANCE[check.validator][1]
    return AT_A_GLANCE.get(check)


def _glance_lines(writer: _Writer, a: attrs.Attribute[Any]) -> list[str]:
    """The field's validator, run only when its value, ``y``, is not passed at a glance."""
    glance = _glance(a)
    if glance is None:
        return []
    (shape, condition), run = glance, _run(writer, a)
    passed = condition.format(x="y")
    if shape == "one":
        return [f"if not ({passed}): {run}"]
    if shape == "optional":
        return [f"if y is not None and not ({passed}): {run}"]
    each = condition.format(x="z")
    return ["for z in y:", f"    if not ({each}):", f"        {run}", "        break"]


def _check_lines(writer: _Writer, a: attrs.Attribute[Any]) -> list[str]:
    """Any other validator, run once every field is set, as attrs runs it; for a field left
    at its default, not at all: every default passes its field's validator (a test proves
    it), whatever the object's other fields."""
    if a.validator is None or left_out(a) or _glance(a) is not None:
        return []
    if a.default is attrs.NOTHING:
        return [_run(writer, a)]
    return [f"if {a.alias!r} in o: {_run(writer, a)}"]


def names() -> dict[str, Callable[..., Any]]:
    """The globals the written lines use."""
    return {"_new": object.__new__, "_set": object.__setattr__, "_isfinite": math.isfinite}
