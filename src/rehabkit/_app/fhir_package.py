"""``rehabkit fhir-package``: our FHIR definitions (and protocols) as one package.tgz."""

from __future__ import annotations

import argparse
from pathlib import Path

import rehabkit as rk
from rehabkit._app.common import EXIT_OK, Commands, UsageError, add_command, counted, err
from rehabkit._app.loading import load_protocol_only


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
        "fhir-package",
        _cmd_fhir_package,
        "Write our FHIR definitions (and protocols) as a FHIR package, package.tgz.",
    )
    sub.add_argument(
        "protocols", metavar="PROTOCOL", nargs="*", help="protocols to include (default: none)"
    )
    sub.add_argument("-o", "--output", default="package.tgz", metavar="FILE", help="where to write")
    sub.add_argument("--fhir-version", choices=("R4", "R5"), default="R4", type=str.upper)
    sub.add_argument(
        "--canonical-base", metavar="URL", default=None, help="the base of every canonical URL"
    )
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def _cmd_fhir_package(args: argparse.Namespace) -> int:
    protocols = [load_protocol_only(p) for p in args.protocols]
    options = {} if args.canonical_base is None else {"canonical_base": args.canonical_base}
    try:
        content = rk.fhir_package(protocols, fhir_version=args.fhir_version, **options)
    except rk.OptionError as exc:
        raise UsageError(str(exc)) from None
    rk.write_file(Path(args.output), content, overwrite=args.force)
    err(f"wrote {args.output} ({counted(len(content), 'byte')})")
    return EXIT_OK
