"""``rehabkit validate``: check files and report every problem, for people or machines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import rehabkit as rk
from rehabkit import ValidationError
from rehabkit._app.common import EXIT_INVALID, EXIT_OK, Commands, add_command
from rehabkit._app.loading import is_path, load_protocol
from rehabkit._app.terminal import wants_colour
from rehabkit._app.validate_output import FORMATS, Checked, report

# By name: the classes load with the model, which the parser must not import.
_KIND_NAMES = {
    "protocol": "Protocol",
    "plan": "Plan",
    "session-log": "SessionLog",
    "translation": "Translation",
}

# What a folder is searched for, in it and every folder below it.
SUFFIXES = (".json", ".yaml", ".yml")


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
        "validate",
        _cmd_validate,
        "Check protocol, plan, session-log or translation files; report every problem.",
    )
    sub.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, folders (searched for .json, .yaml and .yml files), or bundled protocol ids",
    )
    sub.add_argument(
        "--kind",
        choices=("auto", *_KIND_NAMES),
        default="auto",
        help="what the files are (default: recognised from their content)",
    )
    sub.add_argument(
        "--protocol",
        metavar="ID_OR_PATH",
        help="check translations against this protocol (a bundled one is found by its id)",
    )
    sub.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people; github (Actions annotations), junit (XML) or json for machines",
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    protocol = load_protocol(args.protocol) if args.protocol else None
    results = [
        _checked(name, _validate_one(name, args.kind, protocol))
        for item in args.paths
        for name in _expand(item)
    ]
    report(results, args.format, wants_colour(args.color, sys.stdout))
    return EXIT_INVALID if any(c.problems for c in results) else EXIT_OK


def _expand(item: str) -> list[str]:
    """A folder's document files, in it and below it, in a stable order; else the item."""
    folder = Path(item)
    if not folder.is_dir():
        return [item]
    found = [
        str(p)
        for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES and p.is_file() and not _hidden(p.relative_to(folder))
    ]
    return sorted(found) or [item]  # an empty folder is reported as a problem of its own


def _hidden(relative: Path) -> bool:
    # .git, .venv and the like hold no one's protocols, and may hold thousands of files.
    return any(part.startswith(".") for part in relative.parts)


def _checked(name: str, problems: list[rk.Problem]) -> Checked:
    places = rk.problem_positions(name, problems) if problems and Path(name).is_file() else None
    return Checked(name, problems, places)


def _validate_one(
    id_or_path: str, kind: str, protocol: rk.Protocol | None = None
) -> list[rk.Problem]:
    cls = None if kind == "auto" else getattr(rk, _KIND_NAMES[kind])
    if Path(id_or_path).is_dir():
        return [rk.Problem("", f"no {', '.join(SUFFIXES)} files in this folder")]
    if is_path(id_or_path) or id_or_path not in rk.bundled_ids():
        problems = rk.validate(Path(id_or_path), cls)
        if protocol is None or problems:
            return problems
        return _translation_problems(id_or_path, protocol)
    try:
        rk.bundled(id_or_path)  # a bundled protocol is read with every check
    except ValidationError as exc:
        return exc.problems
    return []


def _translation_problems(path: str, protocol: rk.Protocol) -> list[rk.Problem]:
    """A valid file checked against --protocol: only a translation can disagree with one."""
    document = rk.load(path)
    if isinstance(document, rk.Translation):
        return rk.translation_problems(document, protocol)
    return []
