"""``rehabkit list``, ``show`` and ``schema``: what rehabkit bundles, and what a file says."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import rehabkit as rk
from rehabkit._app.common import EXIT_OK, Commands, add_command, out
from rehabkit._app.loading import load_protocol


def register(commands: Commands) -> None:
    add_command(commands, "list", _cmd_list, "List the protocols bundled with rehabkit.")
    sub = add_command(
        commands, "show", _cmd_show, "Print a readable summary of a protocol, plan or session log."
    )
    sub.add_argument(
        "protocol", metavar="ID_OR_PATH", help="a bundled id, or a protocol, plan or log file"
    )
    sub = add_command(commands, "schema", _cmd_schema, "Print a JSON Schema of the file formats.")
    sub.add_argument(
        "--name",
        choices=rk.schema_names(),
        default="protocol",
        help="which schema (default: protocol)",
    )


def _cmd_list(args: argparse.Namespace) -> int:
    for ident in rk.bundled_ids():
        protocol = rk.bundled(ident)
        marker = " [example, not for patients]" if protocol.example else ""
        out(f"{ident:<20} {protocol.title} (v{protocol.version}){marker}")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    if Path(args.protocol).exists():
        document = rk.load(args.protocol)
        if not isinstance(document, rk.Protocol):
            # Plans and logs describe themselves; the library does it for apps too.
            out(rk.describe(document))
            return EXIT_OK
    p = load_protocol(args.protocol)
    out(rk.describe(p))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    out(json.dumps(rk.schema(args.name), indent=2))
    return EXIT_OK
