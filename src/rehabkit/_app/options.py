"""Exporter options from the command line (--option key=value), checked before any work."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import rehabkit as rk
from rehabkit import RehabkitError
from rehabkit._app.common import UsageError

# No option needs more than a list in a list; documents stop at 32 levels, and so do options.
_MAX_DEPTH = 32


def _depth(value: Any) -> int:
    # Iterative: a hostile value must not exhaust the stack here either.
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        stack += [(child, depth + 1) for child in children]
    return deepest


def _option_value(key: str, text: str) -> Any:
    # key=value from the command line: JSON where it parses (numbers, lists, true), else text.
    too_deep = UsageError(f"--option {key}: its value nests deeper than {_MAX_DEPTH} levels")
    try:
        value = json.loads(text)
    except RecursionError:
        raise too_deep from None
    except ValueError:
        return text
    if _depth(value) > _MAX_DEPTH:
        raise too_deep
    return value


def _parse_options(pairs: Sequence[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise RehabkitError(f"--option takes key=value, not {pair!r}")
        options[key.strip()] = _option_value(key.strip(), value)
    return options


def exporter_and_options(name: str, pairs: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    """The exporter named on the command line, and its --option values, checked before any
    work: an option it does not take is a usage error."""
    from rehabkit._formats.registry import check_options, get_exporter

    exporter = get_exporter(name)
    options = _parse_options(pairs)
    try:
        check_options(exporter, options)
    except rk.OptionError as exc:
        raise UsageError(str(exc)) from None
    return exporter, options
