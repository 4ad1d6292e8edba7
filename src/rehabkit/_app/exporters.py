"""``rehabkit exporters``: the export formats installed, and whether each one loads."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from rehabkit._app.common import EXIT_OK, Commands, add_command, out, value

if TYPE_CHECKING:
    from rehabkit._formats.registry import ExporterInfo


def register(commands: Commands) -> None:
    sub = add_command(
        commands, "exporters", _cmd_exporters, "List the export formats and whether each loads."
    )
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _cmd_exporters(args: argparse.Namespace) -> int:
    from rehabkit._formats.registry import available_exporters

    infos = available_exporters()
    if args.format == "json":
        out(json.dumps([_json_row(i) for i in infos], indent=2))
        return EXIT_OK
    for i in infos:
        _print_text_rows(i)
    return EXIT_OK


def _json_row(info: ExporterInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "media_type": info.media_type,
        "suffix": info.suffix,
        "distribution": info.distribution,
        "target": info.target,
        "loads": info.loads,
        "error": info.error,
        "missing": info.missing,
        "options": None if info.options is None else list(info.options),
    }


def _print_text_rows(info: ExporterInfo) -> None:
    """One line for the exporter, and a second with its options if it loads."""
    media = info.media_type or "-"
    distribution = info.distribution or "-"
    out(f"{value(info.name):<10} {media:<24} {distribution:<24} {value(_status(info))}")
    if info.loads:
        options = "any" if info.options is None else ", ".join(info.options) or "none"
        out(f"{'':<10} options: {options}")


def _status(info: ExporterInfo) -> str:
    if not info.loads:
        return f"BROKEN: {info.error}"
    if info.missing:
        return f"not installed: {info.missing}"
    return "ok"
