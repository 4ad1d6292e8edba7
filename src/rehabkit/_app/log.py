"""``rehabkit log``: a session log kept from the terminal, as the paper log is filled in.

``start`` makes an empty log for a plan's patient; ``add``, ``next-morning``, ``measure`` and
``review`` each add one thing to the log they are given. Each value is checked as the file
checks it before anything is written: a value the log refuses is a usage error (2) that
names the field's path in the file and leaves the file as it was. The log is then replaced
atomically (another reader sees the old log or the new one, never half of one).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

import rehabkit as rk
from rehabkit import FieldError
from rehabkit._app.common import (
    EXIT_OK,
    Commands,
    Handler,
    UsageError,
    add_command,
    counted,
    err,
)
from rehabkit._app.loading import load_document, load_log

_ANSWERS = ("better", "same", "worse")


def _unchanged(handler: Handler) -> Handler:
    """The handler, a value it refuses reported with the log's name, which it leaves as
    it was."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except _Refused as exc:
            raise UsageError(f"{args.log}: {exc} (the log is unchanged)") from None

    return run


def register(commands: Commands) -> None:
    parent = add_command(
        commands, "log", _no_action, "Keep a session log: start one from a plan, then add to it."
    )
    actions = parent.add_subparsers(dest="action", metavar="ACTION", required=True)
    _register_start(actions)
    _register_add(actions)
    _register_next_morning(actions)
    _register_measure(actions)
    _register_review(actions)


def _no_action(args: argparse.Namespace) -> int:  # pragma: no cover - argparse requires one
    raise UsageError("say what to do: start, add, next-morning, measure or review")


def _register_start(actions: Commands) -> None:
    sub = add_command(actions, "start", _cmd_start, "Start an empty log for a plan's patient.")
    sub.add_argument("plan", metavar="PLAN", help="the plan the patient follows")
    sub.add_argument("-o", "--output", required=True, metavar="LOG", help="the log to write")
    sub.add_argument("--force", action="store_true", help="replace LOG if it exists")


def _register_add(actions: Commands) -> None:
    sub = add_command(
        actions, "add", _unchanged(_cmd_add), "Add one session of one exercise to a log."
    )
    _log_and_date(sub, "the day of the session")
    sub.add_argument("--exercise", required=True, metavar="ID", help="the exercise's id")
    sub.add_argument(
        "--pain-during", required=True, type=float, metavar="0-10", help="worst pain during it"
    )
    for flag, kind, meta, meaning in _SESSION_FLAGS:
        sub.add_argument(flag, type=kind, metavar=meta, help=meaning)
    sub.add_argument("--next-morning", choices=_ANSWERS, help="how it felt the morning after")
    sub.add_argument(
        "--symptom",
        action="append",
        default=[],
        metavar="NAME",
        help="a warning symptom noticed, e.g. swelling (may repeat)",
    )
    sub.add_argument("--note", help="anything else the patient wants to record")
    sub.add_argument(
        "--as-prescribed",
        metavar="PLAN",
        help="log what the options leave out (sets, repetitions, hold, duration, distance)"
        " as PLAN prescribes it now; the exercise must be in play in PLAN",
    )


# The session's fields, named as the file names them (--pain-after is pain_after), with
# the meaning docs/session-log.md gives each.
_SESSION_FLAGS: tuple[tuple[str, Any, str, str], ...] = (
    ("--session", int, "N", "which session of the day (1, 2, ...)"),
    ("--sets", int, "N", "sets done"),
    ("--repetitions", int, "N", "the fewest repetitions done in any set"),
    ("--hold", str, "TIME", "hold per repetition, e.g. 10s"),
    ("--duration", str, "TIME", "how long it was done, e.g. 5min"),
    ("--distance", str, "DISTANCE", "how far, e.g. 2km"),
    ("--load", str, "LOAD", "the load used, e.g. 20kg"),
    ("--pain-before", float, "0-10", "pain just before the session"),
    ("--pain-after", float, "0-10", "pain right after the sets"),
    ("--pain-settled-after", str, "TIME", "how long pain took to settle, e.g. 30min"),
    ("--effort", float, "0-10", "how hard it felt (Borg CR10)"),
    ("--reps-in-reserve", int, "N", "how many more repetitions could have been done"),
)
_QUANTITIES = ("hold", "duration", "distance", "load", "pain_settled_after")


def _register_next_morning(actions: Commands) -> None:
    sub = add_command(
        actions,
        "next-morning",
        _unchanged(_cmd_next_morning),
        "Add how it felt the morning after a day's sessions: better, same or worse.",
    )
    _log_and_date(sub, "the day of the sessions the answer is about")
    sub.add_argument("answer", choices=_ANSWERS, help="compared with usual")
    sub.add_argument("--exercise", metavar="ID", help="only this exercise's sessions")


def _register_measure(actions: Commands) -> None:
    sub = add_command(
        actions, "measure", _unchanged(_cmd_measure), "Add a clinician's measurement to a log."
    )
    _log_and_date(sub, "when it was measured")
    sub.add_argument("name", metavar="NAME", help="the measurement, as the protocol names it")
    what = sub.add_mutually_exclusive_group(required=True)
    what.add_argument("--value", metavar="VALUE[UNIT]", help="a value with its unit: 95deg")
    what.add_argument("--level", help="for a graded measurement: the level found")
    what.add_argument("--present", choices=("yes", "no"), help="for a sign: present or not")


def _register_review(actions: Commands) -> None:
    sub = add_command(
        actions, "review", _unchanged(_cmd_review), "Add a clinician's review to a log."
    )
    _log_and_date(sub, "when the clinician reviewed the patient")
    sub.add_argument("--clinician", help="who reviewed")
    sub.add_argument("--note", help="what was decided")


def _log_and_date(sub: argparse.ArgumentParser, date_help: str) -> None:
    sub.add_argument("log", metavar="LOG", help="the session-log file, updated in place")
    sub.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=date_help)


# --------------------------------------------------------------------------- commands


def _cmd_start(args: argparse.Namespace) -> int:
    plan = load_document(args.plan)
    if not isinstance(plan, rk.Plan):
        raise UsageError(f"{args.plan} is a protocol: a log starts from a plan (rehabkit export)")
    log = rk.SessionLog(protocol=plan.protocol.id, patient=plan.patient, patient_id=plan.patient_id)
    rk.write_file(args.output, rk.dumps(log).encode("utf-8"), overwrite=args.force)
    err(f"wrote {args.output}, an empty log for {plan.patient or plan.patient_id or 'the plan'}")
    return EXIT_OK


def _cmd_add(args: argparse.Namespace) -> int:
    log = load_log(args.log)
    where = f"entries[{len(log.entries)}]"
    values = {name: _quantity(getattr(args, name), where, name) for name in _QUANTITIES}
    plan = load_document(args.as_prescribed) if args.as_prescribed else None
    new = _checked(
        where,
        lambda: log.log_session(
            args.exercise, args.date, pain_during=args.pain_during, pain_after=args.pain_after,
            session=args.session, as_prescribed=plan, sets=args.sets,
            repetitions=args.repetitions, symptoms=args.symptom, note=args.note,
            effort=args.effort, reps_in_reserve=args.reps_in_reserve,
            pain_before=args.pain_before, **values,
        ),
    )  # fmt: skip
    if args.next_morning:
        new = _checked(
            where,
            lambda: new.with_next_morning(args.date, args.next_morning, exercise=args.exercise),
        )
    sessions = counted(len(new.entries), "session")
    return _save(args.log, new, f"added {args.exercise} on {args.date} ({sessions} logged)")


def _cmd_next_morning(args: argparse.Namespace) -> int:
    log = load_log(args.log)
    try:
        new = log.with_next_morning(args.date, args.answer, exercise=args.exercise)
    except FieldError as exc:  # a bad date, or no session that day: the sessions' answer
        raise _Refused("entries", str(exc)) from None
    changed = sum(a != b for a, b in zip(log.entries, new.entries, strict=True))
    told = counted(changed, "session")
    return _save(args.log, new, f"the morning after {args.date}: {args.answer} ({told})")


def _cmd_measure(args: argparse.Namespace) -> int:
    log = load_log(args.log)
    where = f"measurements[{len(log.measurements)}]"
    value = unit = None
    if args.value is not None:
        value, unit = _number_and_unit(args.value, f"{where}.value")
    present = None if args.present is None else args.present == "yes"
    new = _checked(
        where,
        lambda: log.with_measurement(
            args.name, args.date, value=value, unit=unit, level=args.level, present=present
        ),
    )
    return _save(args.log, new, f"added {args.name} on {args.date}")


def _cmd_review(args: argparse.Namespace) -> int:
    log = load_log(args.log)
    where = f"reviews[{len(log.reviews)}]"
    new = _checked(
        where, lambda: log.with_review(args.date, clinician=args.clinician, note=args.note)
    )
    return _save(args.log, new, f"added a review on {args.date}")


# --------------------------------------------------------------------------- checking


class _Refused(UsageError):
    """A value the log refuses, at its path in the file (entries[45].pain_during)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")


def _checked(where: str, build: Any) -> Any:
    """What ``build`` makes; a value it refuses is a usage error naming the field's path in
    the file, so that nothing is written."""
    try:
        return build()
    except FieldError as exc:
        raise _Refused(f"{where}.{exc.field}" if exc.field else where, str(exc)) from None


# A number, then its unit (which starts with no digit): 30min, 10 s, 2.5kg, 95deg.
_AMOUNT = re.compile(r"\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))\s*([^\s0-9.]\S*)\s*")


def _number_and_unit(text: str, path: str) -> tuple[float, str]:
    """``30min`` or ``30 min`` as (30.0, "min")."""
    found = _AMOUNT.fullmatch(text)
    if found is None:
        raise _Refused(path, f"{text!r} is not a number with its unit, such as 30min or 10s")
    return float(found.group(1)), found.group(2)


def _quantity(text: str | None, where: str, name: str) -> rk.Quantity | None:
    if text is None:
        return None
    number, unit = _number_and_unit(text, f"{where}.{name}")
    return _checked(f"{where}.{name}", lambda: rk.Quantity(number, unit))  # type: ignore[no-any-return]


def _save(path: str, log: rk.SessionLog, said: str) -> int:
    """The log checked whole as a file is (its bounds too), then written in place."""
    problems = rk.validate(rk.to_data(log), rk.SessionLog)
    if problems:
        raise _Refused(problems[0].path, problems[0].message)
    rk.write_file(path, rk.dumps(log).encode("utf-8"), overwrite=True)
    err(f"{path}: {said}")
    return EXIT_OK
