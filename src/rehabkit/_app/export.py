"""``rehabkit export``: a protocol, a plan or a session log in any export format; a protocol
can be personalised into a plan on the way (--patient, --side, --event and the like)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import rehabkit as rk
from rehabkit import RehabkitError
from rehabkit._app.common import (
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    counted,
    err,
    usage_on_error,
)
from rehabkit._app.loading import load_document, protocol_of
from rehabkit._app.options import exporter_and_options

# The options that personalise a protocol into a plan, as argparse names them.
_PLAN_FLAGS = (
    "patient",
    "patient_id",
    "patient_family",
    "patient_given",
    "side",
    "start",
    "frequency",
    "weeks",
    "clinician",
    "clinician_contact",
    "region",
    "language",
    "translation",
    "event",
    "measure",
)


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
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
        "--replaces",
        metavar="PLAN",
        help="for a plan (FHIR only): the earlier plan of the same person it replaces",
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
    sub.add_argument(
        "--allow-example",
        dest="allow_example",
        action="store_true",
        help="export a protocol marked as an example (not for patients), or a plan of one",
    )
    _add_plan_options(sub)
    sub.add_argument(
        "--clinician-notes",
        dest="clinician_notes",
        action="store_true",
        help="pdf and html: add the notes for the physiotherapist (a clinician's copy)",
    )
    sub.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="exporter option, e.g. fhir_version=R5, paper=letter, large_print=true",
    )


def _add_plan_options(sub: argparse.ArgumentParser) -> None:
    """The options of _PLAN_FLAGS: who the plan is for, from when, and in which language."""
    sub.add_argument("--patient", help="the person's name, as printed")
    sub.add_argument("--patient-id", dest="patient_id", help="an identifier of the person")
    sub.add_argument(
        "--patient-family", dest="patient_family", help="the person's family name, for records"
    )
    sub.add_argument(
        "--patient-given",
        dest="patient_given",
        action="append",
        help="a given name of the person, for records (may repeat, in order)",
    )
    sub.add_argument(
        "--side",
        type=str.lower,
        choices=("left", "right", "both"),
        help="which side is treated (default: not stated; a trunk-only protocol has none)",
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
        "--event",
        action="append",
        metavar="NAME=DATE",
        help="the date of one of the protocol's events, e.g. surgery=2026-11-20 (may repeat)",
    )
    sub.add_argument(
        "--measure",
        action="append",
        metavar="NAME=VALUE[UNIT]",
        help="one of the person's measured values, e.g. mvc=200N.m: a load given as a percent"
        " of it becomes that percent of this value (may repeat)",
    )


def _cmd_export(args: argparse.Namespace) -> int:
    args.format = _format_for(args.format, args.output)
    exporter, options = exporter_and_options(args.format, args.option)
    _clinician_notes_option(args, options)
    events = event_dates(args.event or ())
    document = load_document(args.document, log_allowed=True)
    _log_options(args, document, options)
    _replaces_option(args, document, options)
    _check_example(args, document)
    if _personalises(args, document):
        document = _personalised(args, document, events)
    try:
        content = rk.export(document, args.format, **options)  # the contract checked for all
    except rk.OptionError as exc:
        raise UsageError(str(exc)) from None
    if args.output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return EXIT_OK
    target = Path(args.output) if args.output else _default_target(document, options, exporter)
    rk.write_file(target, content, overwrite=args.force)
    err(f"wrote {target} ({counted(len(content), 'byte')})")
    return EXIT_OK


# The handouts, whose clinician's copy --clinician-notes asks for.
_HANDOUTS = ("pdf", "html")


def _clinician_notes_option(args: argparse.Namespace, options: dict[str, Any]) -> None:
    """--clinician-notes: the handout with the notes for the physiotherapist."""
    if not args.clinician_notes:
        return
    if args.format not in _HANDOUTS:
        raise UsageError("--clinician-notes is for the handouts: --format pdf or html")
    options["clinician_notes"] = True


def _default_target(document: Any, options: dict[str, Any], exporter: Any) -> Path:
    """ID + the exporter's suffix, the ID being the protocol's (a log's: its plan's)."""
    source = options["plan"] if _is_log(document) else document
    return Path(f"{protocol_of(source).id}{exporter.suffix}")


def _format_for(name: str | None, output: str | None) -> str:
    """The exporter asked for (any case), else the one whose suffix -o has."""
    from rehabkit._formats.registry import available_exporters

    if name:
        return name if ":" in name else name.lower()
    suffix = _suffix_of(output)
    by_suffix = [i.name for i in available_exporters() if i.loads and i.suffix == suffix]
    if len(by_suffix) != 1:
        raise UsageError("say which format with --format (json, fhir, pdf, ...)")
    return by_suffix[0]


def _suffix_of(output: str | None) -> str:
    """The suffix of the -o file, lower case; none for stdout or no -o."""
    if not output or output == "-":
        return ""
    return Path(output).suffix.lower()


def _log_options(args: argparse.Namespace, document: Any, options: dict[str, Any]) -> None:
    """A session log exports with the plan it follows (--plan), to FHIR only."""
    if not _is_log(document):
        if args.plan is not None:
            raise UsageError("--plan is for exporting a session log")
        return
    if args.plan is None:
        raise UsageError("a session log exports with the plan it follows: give --plan PLAN")
    if args.format != "fhir":
        raise UsageError("a session log exports to --format fhir only")
    options["plan"] = rk.load(args.plan, rk.Plan)


def _is_log(document: Any) -> bool:
    """Whether the document is a session log. A protocol or a plan is told first: asking
    ``rk.SessionLog`` loads the log's classes, which a handout's export does not need."""
    return not isinstance(document, (rk.Protocol, rk.Plan)) and isinstance(document, rk.SessionLog)


def _replaces_option(args: argparse.Namespace, document: Any, options: dict[str, Any]) -> None:
    """A plan exported to FHIR may name the earlier plan it replaces (--replaces)."""
    if args.replaces is None:
        return
    if not isinstance(document, rk.Plan) or args.format != "fhir":
        raise UsageError("--replaces is for exporting a plan to --format fhir")
    options["replaces"] = rk.load(args.replaces, rk.Plan)


def _check_example(args: argparse.Namespace, document: Any) -> None:
    """An example protocol, or a plan of one, exports only with --allow-example (a usage error
    otherwise): it is not for patients."""
    if _is_log(document) or args.allow_example:
        return
    protocol = protocol_of(document)
    if protocol.example:
        raise UsageError(
            f"{protocol.id} is an example written to teach the file format, not for patients;"
            " to use it anyway, give --allow-example"
        )


def _personalises(args: argparse.Namespace, document: Any) -> bool:
    """Whether options personalise the document: refused unless it is a protocol."""
    if all(getattr(args, flag) is None for flag in _PLAN_FLAGS):
        return False
    if _is_log(document):
        raise RehabkitError("--patient, --side and the like personalise a protocol, not a log")
    if isinstance(document, rk.Plan):
        raise RehabkitError(
            "this file is already a plan: --patient, --side and the like apply to protocols"
        )
    return True


def _personalised(args: argparse.Namespace, protocol: Any, events: dict[str, dt.date]) -> Any:
    """The plan the options make of the protocol; a value it refuses is a usage error."""
    _check_events(protocol, events)
    plan = usage_on_error(
        rk.personalise,
        protocol,
        patient=args.patient,
        patient_id=args.patient_id,
        patient_family=args.patient_family,
        patient_given=args.patient_given or (),
        side=args.side or "unspecified",
        start=args.start or dt.date.today().isoformat(),
        frequency=args.frequency,
        weeks=args.weeks,
        clinician=args.clinician,
        clinician_contact=args.clinician_contact,
        events=events,
        region=args.region,
        language=args.language,
        translation=rk.load(args.translation, rk.Translation) if args.translation else None,
        allow_example=args.allow_example,
        measures=measures(args.measure or ()),
    )
    # No round trip through the plan schema here (60 ms, most of it cattrs' and the
    # validator's first use): the protocol was validated as it was read, and the plan
    # refuses on construction every option the schema would refuse (--region ZZZZ, a name
    # over its limit), as tests/test_plan_limits.py checks for any options.
    return plan


_MEASURE = re.compile(r"\s*([^=\s]+)\s*=\s*([-+]?[0-9]*\.?[0-9]+)\s*(\S+)\s*")


def measures(pairs: Sequence[str]) -> dict[str, rk.Quantity]:
    """The --measure NAME=VALUE[UNIT] pairs (mvc=200N.m) as the person's measured values;
    a malformed pair, an unknown unit or a NAME given twice is a usage error naming it."""
    found: dict[str, rk.Quantity] = {}
    for pair in pairs:
        match = _MEASURE.fullmatch(pair)
        if match is None:
            raise UsageError(f"--measure takes NAME=VALUE[UNIT] (mvc=200N.m), not {pair!r}")
        name, value, unit = match.groups()
        if name in found:
            raise UsageError(f"--measure {name} is given twice")
        try:
            found[name] = rk.Quantity(float(value), unit)
        except RehabkitError as exc:
            raise UsageError(f"--measure {name}: {exc}") from None
    return found


def event_dates(pairs: Sequence[str]) -> dict[str, dt.date]:
    """The --event NAME=DATE pairs as the dates of the protocol's events, each NAME once;
    a pair without ``=``, a bad date or a NAME given twice is a usage error naming it."""
    events: dict[str, dt.date] = {}
    for pair in pairs:
        name, date = _event_pair(pair)
        if name in events:
            raise UsageError(f"--event {name} is given twice")
        events[name] = date
    return events


def _event_pair(pair: str) -> tuple[str, dt.date]:
    name, sep, text = pair.partition("=")
    name = name.strip().lower()  # event ids are lower case, as the batch CSV's headers are
    if not sep or not name:
        raise UsageError(f"--event takes NAME=DATE (surgery=2026-11-20), not {pair!r}")
    try:
        return name, dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--event {name}: {text!r} is not a date YYYY-MM-DD") from None


def _check_events(protocol: Any, events: dict[str, dt.date]) -> None:
    """Every event dated is one the protocol declares, and every one it declares is dated:
    else a usage error naming the event, and what to give instead."""
    declared = [event.id for event in protocol.events]
    for name in events:
        if name not in declared:
            raise UsageError(f"--event {name}: {_not_declared(protocol.id, name, declared)}")
    missing = [name for name in declared if name not in events]
    if missing:
        raise UsageError("; ".join(map(_needs_date, missing)))


def _not_declared(protocol: str, name: str, declared: list[str]) -> str:
    if not declared:
        return f"{protocol} declares no events"
    return f"{protocol} declares no event {name!r} (its events: {', '.join(declared)})"


def _needs_date(name: str) -> str:
    return f"the plan needs the date of event {name!r}: give --event {name}=YYYY-MM-DD"
