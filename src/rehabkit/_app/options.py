"""Exporter options from the command line (--option key=value), checked before any work."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import rehabkit as rk
from rehabkit import RehabkitError
from rehabkit._app.common import UsageError


def _option_value(text: str) -> Any:
    # key=value from the command line: JSON where it parses (numbers, lists, true), else text.
    try:
        return json.loads(text)
    except ValueError:
        return text


def _parse_options(pairs: Sequence[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise RehabkitError(f"--option takes key=value, not {pair!r}")
        options[key.strip()] = _option_value(value)
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
