"""``rehabkit validate``: check files and report every problem, for people or machines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import rehabkit as rk
from rehabkit import ValidationError
from rehabkit._app.common import EXIT_INVALID, EXIT_OK, Commands, add_command, out, out_line
from rehabkit._app.loading import is_path, load_protocol

# By name: the classes load with the model, which the parser must not import.
_KIND_NAMES = {
    "protocol": "Protocol",
    "plan": "Plan",
    "session-log": "SessionLog",
    "translation": "Translation",
}

# Each file named, with the problems found in it (none: valid).
Results = list[tuple[str, list[rk.Problem]]]


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
        "validate",
        _cmd_validate,
        "Check protocol, plan, session-log or translation files; report every problem.",
    )
    sub.add_argument("paths", nargs="+", metavar="PATH", help="files, or bundled protocol ids")
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
        "--format", choices=("text", "json"), default="text", help="output for people or machines"
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    protocol = load_protocol(args.protocol) if args.protocol else None
    results = [(item, _validate_one(item, args.kind, protocol)) for item in args.paths]
    if args.format == "json":
        out(json.dumps(_json_payload(results), indent=2))
    else:
        _print_text(results)
    return EXIT_INVALID if any(problems for _, problems in results) else EXIT_OK


def _validate_one(
    id_or_path: str, kind: str, protocol: rk.Protocol | None = None
) -> list[rk.Problem]:
    cls = None if kind == "auto" else getattr(rk, _KIND_NAMES[kind])
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


def _json_payload(results: Results) -> list[dict[str, Any]]:
    return [
        {
            "source": name,
            "valid": not problems,
            "problems": [
                {"path": p.path, "message": p.message, "value": _jsonable(p.value)}
                for p in problems
            ],
        }
        for name, problems in results
    ]


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


def _print_text(results: Results) -> None:
    for name, problems in results:
        if not problems:
            out_line(f"{name}: valid")
        for p in problems:
            out_line(f"{name}: {p}")
