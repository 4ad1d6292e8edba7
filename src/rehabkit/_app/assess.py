"""``rehabkit assess`` and ``advance``: what a session log says about a plan, and the next
plan it leads to."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import rehabkit as rk
from rehabkit import RehabkitError
from rehabkit._app.common import EXIT_OK, Commands, UsageError, add_command, err, out, value
from rehabkit._app.loading import load_document, load_log, protocol_of
from rehabkit._app.terminal import verdict_painter, wants_colour, width


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
        "assess",
        _cmd_assess,
        "Decide from a session log whether to progress, hold, regress or stop, and why.",
    )
    _plan_and_log(sub, "a plan file (or a protocol: bundled id or file)")
    sub.add_argument("-v", "--verbose", action="store_true", help="also list stop criteria not met")
    sub.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    sub = add_command(
        commands,
        "advance",
        _cmd_advance,
        "Assess a plan against its session log and write the next plan.",
    )
    _plan_and_log(sub, "a plan file")
    sub.add_argument("-o", "--output", required=True, metavar="FILE", help="the next plan")
    sub.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def _plan_and_log(sub: argparse.ArgumentParser, plan_help: str) -> None:
    """The arguments assess and advance share: what to assess, against which log, when."""
    sub.add_argument("plan", metavar="PLAN", help=plan_help)
    sub.add_argument("log", metavar="LOG", help="a session-log file")
    sub.add_argument(
        "--on", metavar="YYYY-MM-DD", help="date of the assessment (default: last logged day)"
    )


def _cmd_assess(args: argparse.Namespace) -> int:
    import datetime as dt

    document = load_document(args.plan)
    log = load_log(args.log)
    on: dt.date = _assess_date(args, log, document)
    result = rk.assess(document, log, on=on)
    if args.format == "json":
        out(json.dumps(result.to_data(), indent=2, default=str))
        return EXIT_OK
    text = rk.describe(
        result, protocol=protocol_of(document), verbose=args.verbose, width=width(sys.stdout)
    )
    out(text, paint=verdict_painter if wants_colour(args.color, sys.stdout) else None)
    return EXIT_OK


def _cmd_advance(args: argparse.Namespace) -> int:
    plan = load_document(args.plan)
    if not isinstance(plan, rk.Plan):
        raise RehabkitError(f"{args.plan} is a protocol: advance needs a plan (rehabkit export)")
    log = load_log(args.log)
    result = rk.assess(plan, log, on=_assess_date(args, log, plan))
    text = rk.dumps(rk.advance(plan, result))
    rk.write_file(args.output, text.encode("utf-8"), overwrite=args.force)
    _tell_what_changed(result)
    if text == rk.dumps(plan):
        # Written all the same, so that a script can always go on from the next plan.
        err(
            "No change: nothing progressed, regressed or moved on a phase"
            f" (the plan stays as it is); wrote {args.output}, the same plan"
        )
    else:
        err(f"wrote {args.output}")
    return EXIT_OK


def _tell_what_changed(result: rk.Assessment) -> None:
    """What the next plan does differently: the changes first, then what stays stopped."""
    for decision in result.decisions:
        if decision.verdict.value in ("progress", "regress"):
            err(value(decision.summary))
    for decision in result.decisions:
        if decision.verdict.value == "stop":
            err(f"still stopped: {value(decision.summary)}")
    if result.next_phase is not None and result.next_phase.ready:
        err(f"entered phase {result.next_phase.phase}")


def _assess_date(args: argparse.Namespace, log: rk.SessionLog, document: Any) -> Any:
    import datetime as dt

    if args.on:
        try:
            return dt.date.fromisoformat(args.on)
        except ValueError:
            raise UsageError(f"--on {args.on!r} is not a date YYYY-MM-DD") from None
    # The latest logged day, not today's date: the same files always give the same answer.
    dates = [e.date for e in log.entries]
    on = max(dates) if dates else (document.start if isinstance(document, rk.Plan) else None)
    if on is None:
        raise UsageError("the log is empty: give --on DATE")
    return on
