"""``rehabkit batch``: one handout per patient of a CSV file, in parallel."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import rehabkit as rk
from rehabkit._app.common import (
    EXIT_INVALID,
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    counted,
    err,
)
from rehabkit._app.loading import load_protocol_only
from rehabkit._app.options import exporter_and_options

# export_many's bound (the editors' choice; tests keep the two equal): each worker holds
# its own exporter and fonts, so hundreds would only exhaust memory.
MAX_WORKERS = 64


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
        "batch",
        _cmd_batch,
        "One handout per patient of a CSV (name, id, side, start, ..., event:NAME for a date).",
    )
    sub.add_argument("protocol", metavar="PROTOCOL", help="a bundled id or a protocol file")
    sub.add_argument("patients", metavar="CSV", help="the patients, one row each, a header first")
    sub.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write to")
    sub.add_argument("--format", default="pdf", metavar="NAME", help="pdf (default), html, ...")
    sub.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help=f"processes, 1 to {MAX_WORKERS} (default: every core)",
    )
    sub.add_argument("--force", action="store_true", help="replace handouts that exist")
    sub.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="an exporter option"
    )


def _cmd_batch(args: argparse.Namespace) -> int:
    exporter, options = exporter_and_options(args.format, args.option)
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be between 1 and {MAX_WORKERS}")
    protocol = load_protocol_only(args.protocol)
    rows, problems = rk.read_patients_file(args.patients, protocol)
    for problem in problems:
        err(f"{args.patients}: {problem}")
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    targets = {folder / f"{r.stem}{exporter.suffix}": r for r in rows}
    result = _export_rows(args, targets, options)
    for path, why in result.failed:
        err(f"{args.patients}: row {targets[path].row}: {why}")
    return _summarise(problems, len(rows), result, folder)


def _export_rows(
    args: argparse.Namespace, targets: dict[Path, rk.PatientRow], options: dict[str, Any]
) -> rk.BatchResult:
    """Each row's plan exported to its file, with a progress bar on a terminal."""
    jobs = [(path, r.plan) for path, r in targets.items()]
    bar = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    return rk.export_many(
        jobs, args.format, workers=args.workers, overwrite=args.force, progress=bar, **options
    )


def _summarise(
    problems: list[rk.Problem], planned: int, result: rk.BatchResult, folder: Path
) -> int:
    """One line on how many handouts were written, of the rows planned and the rows
    refused; exit 1 if any row was not exported."""
    refused = {p.path.split(",")[0] for p in problems}  # "row N" of each row with no plan
    not_exported = len(refused) + len(result.failed)
    total = counted(planned + len(refused), "handout")
    summary = f"wrote {len(result.written):,} of {total} to {folder}"
    if not_exported:
        summary += f"; {counted(not_exported, 'row')} not exported (see above)"
    err(summary)
    return EXIT_INVALID if not_exported else EXIT_OK


class _ProgressBar:
    """``[#####.....] 12/50`` on one terminal line, rewritten as documents finish."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int) -> None:
        filled = round(30 * done / total) if total else 30
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
