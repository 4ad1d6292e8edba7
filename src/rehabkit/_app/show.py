"""``rehabkit list``, ``show`` and ``schema``: what rehabkit bundles, and what a file says."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import rehabkit as rk
from rehabkit._app.common import (
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    out,
    usage_on_error,
    value,
)
from rehabkit._app.loading import load_protocol
from rehabkit._app.terminal import table, width


def register(commands: Commands) -> None:
    add_command(commands, "list", _cmd_list, "List the protocols bundled with rehabkit.")
    sub = add_command(
        commands, "show", _cmd_show, "Print a readable summary of a protocol, plan or session log."
    )
    sub.add_argument(
        "protocol", metavar="ID_OR_PATH", help="a bundled id, or a protocol, plan or log file"
    )
    sub.add_argument(
        "--language",
        metavar="TAG",
        help="show a protocol in this language, e.g. es or ar (its bundled translation)",
    )
    sub = add_command(commands, "schema", _cmd_schema, "Print a JSON Schema of the file formats.")
    sub.add_argument(
        "--name",
        choices=rk.schema_names(),
        default="protocol",
        help="which schema (default: protocol)",
    )


def _cmd_list(args: argparse.Namespace) -> int:
    rows = []
    for ident in rk.bundled_ids():
        protocol = rk.bundled(ident)
        marker = " [example, not for patients]" if protocol.example else ""
        rows.append((value(ident), value(f"{protocol.title} (v{protocol.version}){marker}")))
    for line in table(rows, width(sys.stdout)):
        out(line)
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    document = _shown(args)
    if args.language is not None:
        document = _in_language(document, args.language)
    out(rk.describe(document, width=width(sys.stdout)))
    return EXIT_OK


def _shown(args: argparse.Namespace) -> Any:
    """The protocol, plan or session log named."""
    if Path(args.protocol).exists():
        document = rk.load(args.protocol)
        if not isinstance(document, rk.Protocol):
            return document  # plans and logs describe themselves, for apps too
    return load_protocol(args.protocol)


def _in_language(document: Any, language: str) -> Any:
    """A protocol in ``language``, translated as a plan in that language would be; a
    plan is already in the language it was made in."""
    if not isinstance(document, rk.Protocol):
        raise UsageError(
            "--language is for a protocol: a plan is in the language it was made in"
            " (rehabkit export --language makes a plan in another)"
        )
    # A plan in that language carries its protocol translated: the same checks, the same
    # errors (a language with no translation is a usage error), and only public API.
    plan = usage_on_error(
        rk.personalise, document, start="2000-01-01", language=language, allow_example=True
    )
    return plan.protocol


def _cmd_schema(args: argparse.Namespace) -> int:
    out(json.dumps(rk.schema(args.name), indent=2))
    return EXIT_OK
