"""``rehabkit report``: how fully a protocol is described, item by item of CERT or TIDieR."""

from __future__ import annotations

import argparse
import json

import rehabkit as rk
from rehabkit import RehabkitError
from rehabkit._app.common import (
    EXIT_INVALID,
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    err,
    out,
)
from rehabkit._app.loading import load_document, protocol_of


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
        "report",
        _cmd_report,
        "Check a protocol against CERT or TIDieR: which items it describes, item by item.",
    )
    sub.add_argument("checklist", choices=("cert", "tidier"), help="the reporting checklist")
    sub.add_argument("protocol", metavar="ID_OR_PATH", help="a bundled id, or a protocol file")
    sub.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output for people, machines, or a paper's supplement",
    )
    sub.add_argument(
        "--require",
        nargs="?",
        const="all",
        metavar="ITEMS",
        help="exit 1 if any item (or any of these, e.g. 5,6,16a) is missing or only partly"
        " described",
    )


def _cmd_report(args: argparse.Namespace) -> int:
    result = rk.report(_report_protocol(args.protocol), args.checklist)
    _print_report(result, args.format)
    if args.require is None:
        return EXIT_OK
    missing = result.missing(_required_items(args, result))
    for item in missing:
        err(f"{result.name} item {item.number} is {item.status.value}: {item.title}")
    return EXIT_INVALID if missing else EXIT_OK


def _report_protocol(id_or_path: str) -> rk.Protocol:
    protocol = protocol_of(load_document(id_or_path))
    if not isinstance(protocol, rk.Protocol):
        raise RehabkitError("a report is of a protocol (or a plan's protocol)")
    return protocol


def _print_report(result: rk.Report, output_format: str) -> None:
    if output_format == "json":
        out(json.dumps(result.to_data(), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        out(result.to_markdown())
    else:
        out(result.to_text())


def _required_items(args: argparse.Namespace, result: rk.Report) -> list[str] | None:
    """The items --require names (None: all of them); an item the checklist lacks is a
    usage error."""
    wanted = None if args.require == "all" else [n.strip() for n in args.require.split(",")]
    unknown = sorted(set(wanted or ()) - {i.number for i in result.items})
    if unknown:
        raise UsageError(f"--require: {args.checklist} has no item {unknown[0]!r}")
    return wanted
