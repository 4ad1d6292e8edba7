"""``rehabkit exporters``: the export formats installed, and whether each one loads."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from rehabkit._app.common import EXIT_OK, Commands, add_command, out, value
from rehabkit._app.terminal import fit, table, width

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
    columns = width(sys.stdout)
    lines = table([_text_row(i) for i in infos], columns)
    indent = " " * (max((len(value(i.name)) for i in infos), default=0) + 2)
    for info, line in zip(infos, lines, strict=True):
        out(line)
        if info.loads:  # its options on a line of their own, under the media type
            options = "any" if info.options is None else ", ".join(info.options) or "none"
            out(fit(f"{indent}options: {value(options)}", columns))
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


def _text_row(info: ExporterInfo) -> tuple[str, str, str, str]:
    """The exporter's name, media type, distribution and status."""
    media = info.media_type or "-"
    distribution = info.distribution or "-"
    return value(info.name), value(media), value(distribution), value(_status(info))


def _status(info: ExporterInfo) -> str:
    if not info.loads:
        return f"BROKEN: {info.error}"
    if info.missing:
        return f"not installed: {info.missing}"
    return "ok"
