"""Check plain data against a bundled JSON Schema and explain each error in plain English."""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from rehabkit._core.errors import Problem, format_path
from rehabkit._core.resources import schema, schema_names

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError as SchemaError

_TYPES = {
    "object": "an object {...}",
    "array": "a list [...]",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def _validator(name: str) -> Draft202012Validator:
    # Imported here: only validation needs jsonschema, and it is slow to import.
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    # Our schemas refer to each other by $id; resolve those from the bundled files only,
    # never from the network.
    registry: Registry[Any] = Registry().with_resources(
        (schema(other)["$id"], Resource.from_contents(schema(other))) for other in schema_names()
    )
    return Draft202012Validator(
        schema(name), registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _resolve_ref(ref: str, root: Mapping[str, Any]) -> Any:
    """The schema a ``$ref`` points at: in root, or in the bundled schema it names.

    A local ``#/$defs/x`` met inside an embedded schema belongs to that schema, so local
    pointers that miss in root are looked up in the other bundled schemas too.
    """
    url, _, pointer = ref.partition("#")
    others = [schema(n) for n in schema_names()]
    candidates = [s for s in others if s["$id"] == url] if url else [root, *others]
    for target in candidates:
        node: Any = target
        try:
            for part in pointer.strip("/").split("/") if pointer else []:
                node = node[part]
        except (KeyError, TypeError):
            continue
        return node
    raise KeyError(ref)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _branch_fit(error: SchemaError, branch: int, root: Mapping[str, Any]) -> int:
    """How many of the object's keys the oneOf branch declares (higher is a better fit)."""
    sub = cast(list[Any], cast(Mapping[str, Any], error.schema)[str(error.validator)])[branch]
    if "$ref" in sub:
        sub = _resolve_ref(sub["$ref"], root)
    props = set(sub.get("properties", {})) if isinstance(sub, dict) else set()
    return len(props & set(cast(dict[str, Any], error.instance)))


def _leaves(error: SchemaError, root: Mapping[str, Any]) -> list[SchemaError]:
    """For oneOf/anyOf, the errors of the branch that best explains what went wrong."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    if not isinstance(error.instance, dict):
        return [error]  # a scalar or list fits no object branch: say what shapes are accepted
    by_branch: dict[int, list[SchemaError]] = {}
    for sub in error.context:
        by_branch.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    fit = {b: _branch_fit(error, b, root) for b in by_branch}
    best = max(by_branch, key=lambda b: (fit[b], -len(by_branch[b])))
    if fit[best] == 0:
        return [error]
    return [leaf for sub in by_branch[best] for leaf in _leaves(sub, root)]


def _problems(error: SchemaError, root: Mapping[str, Any]) -> list[Problem]:
    return [p for leaf in _leaves(error, root) for p in _leaf_problems(leaf)]


def _leaf_problems(error: SchemaError) -> list[Problem]:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        sch = cast(Mapping[str, Any], error.schema)
        instance = cast(dict[str, Any], error.instance)
        allowed = sorted(sch.get("properties", {}))
        found = []
        for name in sorted(set(instance) - set(allowed)):
            hint = difflib.get_close_matches(name, allowed, n=1)
            tip = f" (did you mean {hint[0]!r}?)" if hint else ""
            found.append(
                Problem(format_path([*path, name]), f"unknown field {name!r}{tip}", instance[name])
            )
        return found
    return [_problem(error)]


# One small function per jsonschema rule, each saying in plain English what that rule wants.


def _rule_of(error: SchemaError) -> Mapping[str, Any]:
    return cast(Mapping[str, Any], error.schema)


def _at(error: SchemaError, message: str) -> Problem:
    """A problem at the value that broke the rule."""
    return Problem(format_path(list(error.absolute_path)), message, cast(Any, error.instance))


def _required(error: SchemaError) -> Problem:
    missing = error.message.split("'")[1]
    path = [*error.absolute_path, missing]
    return Problem(format_path(path), f"required field {missing!r} is missing")


def _type(error: SchemaError) -> Problem:
    wanted = _rule_of(error)["type"]
    names = " or ".join(_TYPES[t] for t in ([wanted] if isinstance(wanted, str) else wanted))
    value = error.instance
    return _at(error, f"expected {names}, got {_kind(value)} {_show(value)}")


def _enum(error: SchemaError) -> Problem:
    choices = ", ".join(str(c) for c in _rule_of(error)["enum"])
    return _at(error, f"{_show(error.instance)} is not one of: {choices}")


def _minimum(error: SchemaError) -> Problem:
    return _at(error, f"must be at least {_rule_of(error)['minimum']}, not {error.instance}")


def _maximum(error: SchemaError) -> Problem:
    return _at(error, f"must be at most {_rule_of(error)['maximum']}, not {error.instance}")


def _min_items(error: SchemaError) -> Problem:
    return _at(error, f"needs at least {_rule_of(error)['minItems']} item(s)")


def _empty(error: SchemaError) -> Problem:
    return _at(error, "must not be empty")


def _pattern(error: SchemaError) -> Problem:
    pattern = _rule_of(error).get("pattern", "")
    if pattern == "\\S":  # the schemas' way of saying "not blank"
        return _empty(error)
    if pattern.startswith("^[a-z0-9]"):
        what = "a valid id (lower-case letters, digits, hyphens)"
    else:
        what = "in the expected form"
    return _at(error, f"{_show(error.instance)} is not {what}")


def _format(error: SchemaError) -> Problem:
    # The only format the schemas use is "date".
    return _at(error, f"{_show(error.instance)} is not a real date (YYYY-MM-DD)")


def _shape(error: SchemaError) -> Problem:
    # No branch fits at all: say what the accepted shapes are, in the schema's own words.
    shape = str(_rule_of(error).get("description", "another shape")).rstrip(".")
    return _at(error, f"expected {shape[:1].lower()}{shape[1:]}")


def _as_jsonschema_says(error: SchemaError) -> Problem:
    return _at(error, error.message)


_EXPLAIN: dict[str, Callable[[SchemaError], Problem]] = {
    "required": _required,
    "type": _type,
    "enum": _enum,
    "minimum": _minimum,
    "maximum": _maximum,
    "minItems": _min_items,
    "minLength": _empty,
    "pattern": _pattern,
    "format": _format,
    "oneOf": _shape,
    "anyOf": _shape,
}


def _problem(error: SchemaError) -> Problem:
    return _EXPLAIN.get(str(error.validator), _as_jsonschema_says)(error)


@cache
def _fast_check(name: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's pass/fail for one schema (the ``fast`` extra), or None."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    registry = jsonschema_rs.Registry(
        [(schema(other)["$id"], schema(other)) for other in schema_names()]
    )
    validator = jsonschema_rs.Draft202012Validator(
        schema(name), registry=registry, validate_formats=True
    )
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid


def passes(data: Any, name: str = "protocol") -> bool:
    """Whether jsonschema-rs (the ``fast`` extra) finds ``data`` valid against the schema
    ``name``; False when it is not installed or cannot take the data. It refuses an
    oversized list or text at once, without walking it."""
    fast = _fast_check(name)
    try:
        return fast is not None and fast(data)
    except (UnicodeError, ValueError, OverflowError):
        return False  # what Rust cannot take (a lone surrogate, a huge number)


def schema_problems(data: Any, name: str = "protocol") -> list[Problem]:
    """Every schema error in ``data``, in document order.

    A valid document is passed by jsonschema-rs where it is installed (some hundred times
    faster); jsonschema finds and explains the errors of one that is not.
    """
    if passes(data, name):
        return []
    errors = sorted(
        _validator(name).iter_errors(data),
        key=lambda e: [(0, p) if isinstance(p, int) else (1, p) for p in deque(e.absolute_path)],
    )
    return [p for e in errors for p in _problems(e, schema(name))]
