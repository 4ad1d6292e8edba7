"""The ``rehabkit`` command: a thin shell over the public API.

Exit codes: 0 success; 1 an invalid document (every problem is printed), a refused output
file, or a file or stream that cannot be read or written; 2 a usage error, bad option values
included. SIGTERM and SIGHUP end it with 128 + the signal's number, leaving no partial file.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import rehabkit as rk
from rehabkit import (
    Plan,
    Problem,
    Protocol,
    RehabkitError,
    SessionLog,
    ValidationError,
    describe,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class _UsageError(RehabkitError):
    """An option's value is wrong: exit status 2, like any other usage error."""


def _usage_on_error(build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    # Options such as --weeks or --start become a plan: if the plan refuses a value, the
    # option was wrong, so the person gets a usage error (2), not "invalid document" (1).
    try:
        return build(*args, **kwargs)
    except ValidationError as exc:
        raise _UsageError("; ".join(str(p) for p in exc.problems)) from None
    except RehabkitError as exc:
        raise _UsageError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for mistyped commands (built in only from Python 3.14)."""

    def error(self, message: str) -> NoReturn:
        if "invalid choice" in message and self._subparsers is not None:
            for action in self._subparsers._group_actions:
                choices = list(getattr(action, "choices", None) or [])
                wrong = message.split("'")[1] if "'" in message else ""
                close = difflib.get_close_matches(wrong, choices, n=1)
                if close:
                    message += f" (did you mean {close[0]!r}?)"
        super().error(message)


# Text from files is data: a control character (an ANSI escape, say) must not reach the
# terminal as one. Newlines and tabs are the CLI's own layout; bidi controls could reorder
# what a line appears to say, so they are shown escaped too.
_CONTROLS = {
    c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (0x09, 0x0A)
}
_CONTROLS.update({c: f"\\u{c:04x}" for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F))})
_CONTROLS.update({c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)})
# Inside a value, a line break is data as well: it must not start a line of its own.
_VALUE = {0x0A: "\\n", 0x0D: "\\r"}


def _printable(text: str) -> str:
    return text.translate(_CONTROLS)


def _value(text: str) -> str:
    """A value from a document, safe to put inside one line of output."""
    return text.translate(_VALUE)


def _out(text: str = "", stream: TextIO | None = None) -> None:
    print(_printable(text), file=stream or sys.stdout)


def _err(text: str) -> None:
    print(f"rehabkit: {_printable(text)}", file=sys.stderr)


def _is_path(id_or_path: str) -> bool:
    return Path(id_or_path).exists() or os.sep in id_or_path or "." in id_or_path


_KIND_NAMES = {
    "protocol": Protocol,
    "plan": Plan,
    "session-log": SessionLog,
    "translation": rk.Translation,
}


def _validate_one(id_or_path: str, kind: str, protocol: Protocol | None = None) -> list[Problem]:
    cls = None if kind == "auto" else _KIND_NAMES[kind]
    if _is_path(id_or_path) or id_or_path not in rk.bundled_ids():
        problems = rk.validate(Path(id_or_path), cls)
        if protocol is None or problems:
            return problems
        document = rk.load(id_or_path)
        if isinstance(document, rk.Translation):
            return rk.translation_problems(document, protocol)
        return []
    try:
        rk.bundled(id_or_path)  # a bundled protocol is read with every check
    except ValidationError as exc:
        return exc.problems
    return []


def load_protocol(id_or_path: str) -> Protocol:
    """A protocol from a file path or a bundled id; raises ValidationError/RehabkitError."""
    if _is_path(id_or_path):
        return rk.load(id_or_path, Protocol)
    bundled = rk.bundled_ids()
    if id_or_path not in bundled:
        close = difflib.get_close_matches(id_or_path, bundled, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        known = ", ".join(bundled)
        raise RehabkitError(
            f"{id_or_path!r} is neither a file nor a bundled protocol ({known}){hint}"
        )
    return rk.bundled(id_or_path)


# --------------------------------------------------------------------------- commands


def _cmd_validate(args: argparse.Namespace) -> int:
    results = []
    protocol = load_protocol(args.protocol) if args.protocol else None
    for item in args.paths:
        results.append((item, _validate_one(item, args.kind, protocol)))
    if args.format == "json":
        payload = [
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
        _out(json.dumps(payload, indent=2))
    else:
        for name, problems in results:
            if not problems:
                _out(f"{name}: valid")
            for p in problems:
                _out(f"{name}: {p}")
    return EXIT_INVALID if any(problems for _, problems in results) else EXIT_OK


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


def _cmd_list(args: argparse.Namespace) -> int:
    for ident in rk.bundled_ids():
        protocol = rk.bundled(ident)
        _out(f"{ident:<20} {protocol.title} (v{protocol.version})")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    if Path(args.protocol).exists():
        document = rk.load(args.protocol)
        if not isinstance(document, Protocol):
            # Plans and logs describe themselves; the library does it for apps too.
            _out(describe(document))
            return EXIT_OK
    p = load_protocol(args.protocol)
    _out(describe(p))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    _out(json.dumps(rk.schema(args.name), indent=2))
    return EXIT_OK


def _cmd_exporters(args: argparse.Namespace) -> int:
    from rehabkit._formats.registry import available_exporters

    infos = available_exporters()
    if args.format == "json":
        rows = [
            {
                "name": i.name,
                "media_type": i.media_type,
                "suffix": i.suffix,
                "distribution": i.distribution,
                "target": i.target,
                "loads": i.loads,
                "error": i.error,
                "missing": i.missing,
                "options": None if i.options is None else list(i.options),
            }
            for i in infos
        ]
        _out(json.dumps(rows, indent=2))
        return EXIT_OK
    for i in infos:
        if not i.loads:
            status = f"BROKEN: {i.error}"
        elif i.missing:
            status = f"not installed: {i.missing}"
        else:
            status = "ok"
        media = i.media_type or "-"
        _out(f"{_value(i.name):<10} {media:<24} {i.distribution or '-':<24} {_value(status)}")
        if i.loads:
            options = "any" if i.options is None else ", ".join(i.options) or "none"
            _out(f"{'':<10} options: {options}")
    return EXIT_OK


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


def _exporter_and_options(name: str, pairs: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    """The exporter named on the command line, and its --option values, checked before any
    work: an option it does not take is a usage error."""
    from rehabkit._formats.registry import check_options, get_exporter

    exporter = get_exporter(name)
    options = _parse_options(pairs)
    try:
        check_options(exporter, options)
    except rk.OptionError as exc:
        raise _UsageError(str(exc)) from None
    return exporter, options


def _load_document(id_or_path: str, log_allowed: bool = False) -> Any:
    """A Protocol or a Plan from a bundled id or a file (a plan embeds its protocol), or
    a session log where ``log_allowed``."""
    if not Path(id_or_path).exists():
        return load_protocol(id_or_path)  # a bundled id, or the right "not found" message
    document = rk.load(id_or_path)
    if isinstance(document, SessionLog) and not log_allowed:
        raise RehabkitError(
            f"{id_or_path} is a session log: export it to FHIR with --plan PLAN,"
            " or assess it with rehabkit assess"
        )
    return document


def _log_options(args: argparse.Namespace, document: Any, options: dict[str, Any]) -> None:
    """A session log exports with the plan it follows (--plan), to FHIR only."""
    if not isinstance(document, SessionLog):
        if args.plan is not None:
            raise _UsageError("--plan is for exporting a session log")
        return
    if args.plan is None:
        raise _UsageError("a session log exports with the plan it follows: give --plan PLAN")
    if args.format != "fhir":
        raise _UsageError("a session log exports to --format fhir only")
    options["plan"] = rk.load(args.plan, Plan)


def _format_for(name: str | None, output: str | None) -> str:
    """The exporter asked for (any case), else the one whose suffix -o has."""
    from rehabkit._formats.registry import available_exporters

    if name:
        return name if ":" in name else name.lower()
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    by_suffix = [i.name for i in available_exporters() if i.loads and i.suffix == suffix]
    if len(by_suffix) != 1:
        raise _UsageError("say which format with --format (json, fhir, pdf, ...)")
    return by_suffix[0]


_PLAN_FLAGS = (
    "patient",
    "patient_id",
    "side",
    "start",
    "frequency",
    "weeks",
    "clinician",
    "clinician_contact",
    "region",
    "language",
    "translation",
)


def _cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    args.format = _format_for(args.format, args.output)
    exporter, options = _exporter_and_options(args.format, args.option)
    document = _load_document(args.document, log_allowed=True)
    _log_options(args, document, options)
    wants_plan = any(getattr(args, flag) is not None for flag in _PLAN_FLAGS)
    if wants_plan and isinstance(document, SessionLog):
        raise RehabkitError("--patient, --side and the like personalise a protocol, not a log")
    if wants_plan and isinstance(document, Plan):
        raise RehabkitError(
            "this file is already a plan: --patient, --side and the like apply to protocols"
        )
    if wants_plan:
        document = _usage_on_error(
            rk.personalise,
            document,
            patient=args.patient,
            patient_id=args.patient_id,
            side=args.side or "unspecified",
            start=args.start or dt.date.today().isoformat(),
            frequency=args.frequency,
            weeks=args.weeks,
            clinician=args.clinician,
            clinician_contact=args.clinician_contact,
            region=args.region,
            language=args.language,
            translation=rk.load(args.translation, rk.Translation) if args.translation else None,
        )
    try:
        content = rk.export(document, args.format, **options)  # the contract checked for all
    except rk.OptionError as exc:
        raise _UsageError(str(exc)) from None
    if isinstance(document, SessionLog):
        protocol = options["plan"].protocol
    else:
        protocol = document.protocol if isinstance(document, Plan) else document
    if args.output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return EXIT_OK
    target = Path(args.output or f"{protocol.id}{exporter.suffix}")
    rk.write_file(target, content, overwrite=args.force)
    _err(f"wrote {target} ({len(content):,} bytes)")
    return EXIT_OK


def _assess_date(args: argparse.Namespace, log: SessionLog, document: Any) -> Any:
    import datetime as dt

    if args.on:
        try:
            return dt.date.fromisoformat(args.on)
        except ValueError:
            raise _UsageError(f"--on {args.on!r} is not a date YYYY-MM-DD") from None
    # The latest logged day, not today's date: the same files always give the same answer.
    dates = [e.date for e in log.entries]
    on = max(dates) if dates else (document.start if isinstance(document, Plan) else None)
    if on is None:
        raise _UsageError("the log is empty: give --on DATE")
    return on


def _cmd_advance(args: argparse.Namespace) -> int:

    plan = _load_document(args.plan)
    if not isinstance(plan, Plan):
        raise RehabkitError(f"{args.plan} is a protocol: advance needs a plan (rehabkit export)")
    log = _load_log(args.log)
    result = rk.assess(plan, log, on=_assess_date(args, log, plan))
    nxt = rk.advance(plan, result)
    rk.write_file(args.output, rk.dumps(nxt).encode("utf-8"), overwrite=args.force)
    for decision in result.decisions:
        if decision.verdict.value in ("progress", "regress"):
            _err(_value(decision.summary))
    for decision in result.decisions:
        if decision.verdict.value == "stop":
            _err(f"still stopped: {_value(decision.summary)}")
    if result.next_phase is not None and result.next_phase.ready:
        _err(f"entered phase {result.next_phase.phase}")
    _err(f"wrote {args.output}")
    return EXIT_OK


def _cmd_illustrate(args: argparse.Namespace) -> int:
    document = _load_document(args.document)
    figures = rk.illustrate(document, args.exercise)
    if not figures:
        raise RehabkitError("no exercise here has a pose to draw")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise RehabkitError(f"{folder} is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    for figure in figures:
        outputs = [(folder / f"{figure.exercise}.svg", figure.svg.encode("utf-8"))]
        if args.png:
            outputs.append((folder / f"{figure.exercise}.png", figure.png()))
        for path, content in outputs:
            rk.write_file(path, content, overwrite=args.force)
            _err(f"wrote {path}")
    return EXIT_OK


def _load_log(path: str) -> Any:
    try:
        return rk.load(path, SessionLog)
    except ValidationError as exc:
        raise ValidationError(exc.problems, path) from None


def _cmd_report(args: argparse.Namespace) -> int:
    protocol = _load_document(args.protocol)
    if isinstance(protocol, Plan):
        protocol = protocol.protocol
    if not isinstance(protocol, Protocol):
        raise RehabkitError("a report is of a protocol (or a plan's protocol)")
    result = rk.report(protocol, args.checklist)
    if args.format == "json":
        _out(json.dumps(result.to_data(), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        _out(result.to_markdown())
    else:
        _out(result.to_text())
    if args.require is None:
        return EXIT_OK
    wanted = None if args.require == "all" else [n.strip() for n in args.require.split(",")]
    unknown = sorted(set(wanted or ()) - {i.number for i in result.items})
    if unknown:
        raise _UsageError(f"--require: {args.checklist} has no item {unknown[0]!r}")
    missing = result.missing(wanted)
    for item in missing:
        _err(f"{result.name} item {item.number} is {item.status.value}: {item.title}")
    return EXIT_INVALID if missing else EXIT_OK


def _cmd_assess(args: argparse.Namespace) -> int:
    import datetime as dt

    document = _load_document(args.plan)
    log = _load_log(args.log)
    on: dt.date = _assess_date(args, log, document)
    result = rk.assess(document, log, on=on)
    if args.format == "json":
        _out(json.dumps(result.to_data(), indent=2, default=str))
        return EXIT_OK
    protocol = document.protocol if isinstance(document, Plan) else document
    _out(describe(result, protocol=protocol, verbose=args.verbose))
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``rehabkit`` command."""
    from rehabkit._version import __version__

    parser = _Parser(
        prog="rehabkit",
        description="Validate, inspect and export structured rehabilitation protocols.",
        epilog="Exit status: 0 success, 1 invalid input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"rehabkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = add(
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
    add("list", _cmd_list, "List the protocols bundled with rehabkit.")
    sub = add("show", _cmd_show, "Print a readable summary of a protocol, plan or session log.")
    sub.add_argument(
        "protocol", metavar="ID_OR_PATH", help="a bundled id, or a protocol, plan or log file"
    )
    sub = add("schema", _cmd_schema, "Print a JSON Schema of the file formats.")
    sub.add_argument(
        "--name",
        choices=rk.schema_names(),
        default="protocol",
        help="which schema (default: protocol)",
    )
    sub = add("exporters", _cmd_exporters, "List the export formats and whether each loads.")
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    sub = add(
        "export",
        _cmd_export,
        "Export a protocol or a plan; personalise a protocol on the way with --patient etc.",
    )
    sub.add_argument(
        "document",
        metavar="PROTOCOL_PLAN_OR_LOG",
        help="a bundled id, a protocol or plan file, or a session log (with --plan)",
    )
    sub.add_argument(
        "--plan", metavar="PLAN", help="for a session log: the plan it follows (FHIR only)"
    )
    sub.add_argument(
        "--format",
        metavar="NAME",
        help="json, fhir, pdf or a plugin's name (default: from the suffix of -o)",
    )
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="where to write; - for stdout (default: ID + suffix)"
    )
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    sub.add_argument("--patient", help="the person's name, as printed")
    sub.add_argument("--patient-id", dest="patient_id", help="an identifier of the person")
    sub.add_argument(
        "--side",
        type=str.lower,
        choices=("left", "right", "both"),
        help="which side is treated (default: not stated)",
    )
    sub.add_argument("--start", metavar="YYYY-MM-DD", help="first day of the plan (default: today)")
    sub.add_argument(
        "--frequency",
        help="where the protocol offers a choice: daily, alternate-days (or 3/week, 2/day)",
    )
    sub.add_argument(
        "--weeks", type=int, help="plan length in weeks (default: the protocol's, or 6)"
    )
    sub.add_argument("--clinician", help="the prescribing clinician's name")
    sub.add_argument("--clinician-contact", dest="clinician_contact", help="how to reach them")
    sub.add_argument(
        "--region", help="the person's country, e.g. GB: picks where to get urgent help"
    )
    sub.add_argument(
        "--language",
        metavar="TAG",
        help="the plan's language, e.g. es or ar (the protocol's bundled translation)",
    )
    sub.add_argument(
        "--translation",
        metavar="FILE",
        help="a translation file of the protocol, for a language rehabkit does not bundle",
    )
    sub.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="exporter option, e.g. fhir_version=R5, paper=letter, large_print=true",
    )
    sub = add(
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
    sub = add(
        "assess",
        _cmd_assess,
        "Decide from a session log whether to progress, hold, regress or stop, and why.",
    )
    _plan_and_log(sub, "a plan file (or a protocol: bundled id or file)")
    sub.add_argument("-v", "--verbose", action="store_true", help="also list stop criteria not met")
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    sub = add(
        "advance",
        _cmd_advance,
        "Assess a plan against its session log and write the next plan.",
    )
    _plan_and_log(sub, "a plan file")
    sub.add_argument("-o", "--output", required=True, metavar="FILE", help="the next plan")
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    sub = add(
        "illustrate",
        _cmd_illustrate,
        "Draw exercises as prescribed, one SVG file each (EXERCISE.svg) in a folder.",
    )
    sub.add_argument(
        "document", metavar="PROTOCOL_OR_PLAN", help="a bundled id, a protocol or plan file"
    )
    sub.add_argument(
        "exercise", metavar="EXERCISE", nargs="?", help="one exercise's id (default: all)"
    )
    sub.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write to")
    sub.add_argument("--png", action="store_true", help="PNG files too (needs rehabkit[png])")
    sub.add_argument("--force", action="store_true", help="overwrite files that exist")

    sub = add(
        "batch",
        _cmd_batch,
        "One handout per patient of a CSV (name, id, side, start, frequency, clinician, ...).",
    )
    sub.add_argument("protocol", metavar="PROTOCOL", help="a bundled id or a protocol file")
    sub.add_argument("patients", metavar="CSV", help="the patients, one row each, a header first")
    sub.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write to")
    sub.add_argument("--format", default="pdf", metavar="NAME", help="pdf (default), html, ...")
    sub.add_argument("--workers", type=int, default=None, metavar="N", help="default: every core")
    sub.add_argument("--force", action="store_true", help="replace handouts that exist")
    sub.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="an exporter option"
    )

    sub = add(
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
    return parser


def _cmd_fhir_package(args: argparse.Namespace) -> int:
    protocols = [_load_protocol_only(p) for p in args.protocols]
    options = {} if args.canonical_base is None else {"canonical_base": args.canonical_base}
    try:
        content = rk.fhir_package(protocols, fhir_version=args.fhir_version, **options)
    except rk.OptionError as exc:
        raise _UsageError(str(exc)) from None
    rk.write_file(Path(args.output), content, overwrite=args.force)
    _err(f"wrote {args.output} ({len(content):,} bytes)")
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace) -> int:
    exporter, options = _exporter_and_options(args.format, args.option)
    if args.workers is not None and args.workers < 1:
        raise _UsageError("--workers must be at least 1")
    protocol = _load_protocol_only(args.protocol)
    rows, problems = rk.read_patients(_read_text(args.patients), protocol)
    for problem in problems:
        _err(f"{args.patients}: {problem}")
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    targets = {folder / f"{r.stem}{exporter.suffix}": r for r in rows}
    jobs = [(path, r.plan) for path, r in targets.items()]
    bar = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    result = rk.export_many(
        jobs, args.format, workers=args.workers, overwrite=args.force, progress=bar, **options
    )
    for path, why in result.failed:
        _err(f"{args.patients}: row {targets[path].row}: {why}")
    refused = {p.path.split(",")[0] for p in problems}  # "row N" of each row with no plan
    not_exported = len(refused) + len(result.failed)
    summary = f"wrote {len(result.written)} of {len(rows) + len(refused)} handouts to {folder}"
    if not_exported:
        summary += f"; {not_exported} rows not exported (see above)"
    _err(summary)
    return EXIT_INVALID if not_exported else EXIT_OK


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RehabkitError(f"cannot read {path}: {exc}") from None


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


def _load_protocol_only(id_or_path: str) -> Any:
    document = _load_document(id_or_path)
    return document.protocol if isinstance(document, Plan) else document


def _plan_and_log(sub: argparse.ArgumentParser, plan_help: str) -> None:
    """The arguments assess and advance share: what to assess, against which log, when."""
    sub.add_argument("plan", metavar="PLAN", help=plan_help)
    sub.add_argument("log", metavar="LOG", help="a session-log file")
    sub.add_argument(
        "--on", metavar="YYYY-MM-DD", help="date of the assessment (default: last logged day)"
    )


def _exit_on_signal(signum: int, _frame: object) -> None:
    # Raised, not just exiting: the write in progress unwinds and removes its temporary
    # file, which may hold a whole handout with a patient's name in it.
    raise SystemExit(128 + signum)


def _trap_signals() -> Callable[[], None]:
    """Turn SIGTERM and SIGHUP into SystemExit; returns what puts the old handlers back."""
    import signal

    old = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            old[signum] = signal.signal(signum, _exit_on_signal)
        except ValueError:  # not the main thread: leave signals alone
            break

    def restore() -> None:
        for signum, handler in old.items():
            signal.signal(signum, handler)

    return restore


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    restore = _trap_signals()
    try:
        return _run(argv)
    finally:
        restore()


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        handler: Handler = args.handler
        return handler(args)
    except ValidationError as exc:
        source = exc.source or getattr(args, "protocol", None) or "input"
        for problem in exc.problems:
            _out(f"{source}: {problem}", sys.stderr)
        return EXIT_INVALID
    except _UsageError as exc:
        _err(f"{args.command}: {exc}")
        return EXIT_USAGE
    except RehabkitError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        # A file or stream that cannot be written (a full disk, a missing folder, no
        # permission) is reported in one line; nothing half-written is left behind.
        where = f": {exc.filename}" if exc.filename else ""
        _err(f"cannot write{where}: {exc.strerror or exc}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
