"""The ``rehabkit`` command: a thin shell over the public API.

Each command lives in a module of its own beside its options (``validate``, ``show``,
``exporters``, ``export``, ``report``, ``assess``, ``log``, ``illustrate``, ``batch``,
``fhir_package``); this one builds the parser from them and runs the command asked for.

Exit codes: 0 success; 1 an invalid document (every problem is printed), a refused output
file, or a file or stream that cannot be read or written; 2 a usage error, bad option values
included. SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM and SIGXCPU end it with 128 + the
signal's number and one line saying so, leaving no partial file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from rehabkit import RehabkitError, ValidationError
from rehabkit._app.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Handler,
    UsageError,
    err,
    out_line,
)
from rehabkit._app.terminal import red, wants_colour

# Each command, and the module of rehabkit._app whose register() adds it, in the order
# ``rehabkit --help`` lists them (a test keeps this table equal to what the modules add).
COMMANDS = {
    "validate": "validate",
    "list": "show",
    "show": "show",
    "schema": "show",
    "exporters": "exporters",
    "export": "export",
    "report": "report",
    "assess": "assess",
    "advance": "assess",
    "log": "log",
    "illustrate": "illustrate",
    "batch": "batch",
    "fhir-package": "fhir_package",
}


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for mistyped commands (built in only from Python 3.14)."""

    def error(self, message: str) -> NoReturn:
        if "invalid choice" in message and self._subparsers is not None:
            for action in self._subparsers._group_actions:
                message += _did_you_mean(message, action)
        super().error(message)


def _did_you_mean(message: str, action: argparse.Action) -> str:
    """`` (did you mean 'validate'?)`` when the word argparse refused is close to a choice."""
    choices = list(getattr(action, "choices", None) or [])
    wrong = message.split("'")[1] if "'" in message else ""
    import difflib  # here: only a mistyped word needs it

    close = difflib.get_close_matches(wrong, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``rehabkit`` command. Given the arguments, and they name
    a command, only that command is added, its module alone imported: a command need not
    pay for the options and imports of the other twelve (about 6 ms of CPU). Otherwise
    (no command, ``--help``, a mistyped one) every command is added."""
    from rehabkit._version import __version__

    parser = _Parser(
        prog="rehabkit",
        description="Validate, inspect and export structured rehabilitation protocols.",
        epilog="Exit status: 0 success, 1 invalid input, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"rehabkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in command_modules(argv):
        importlib.import_module(f"rehabkit._app.{module}").register(commands)
    return parser


def command_modules(argv: Sequence[str] | None) -> list[str]:
    """The modules whose commands the parser needs: the named command's alone, or all.
    The command is the first argument not an option: ``rehabkit`` itself takes no option
    with a value."""
    named = next((a for a in argv or () if not a.startswith("-")), None)
    if named in COMMANDS:
        return [COMMANDS[named]]
    return list(dict.fromkeys(COMMANDS.values()))


class _Signalled(SystemExit):
    """A signal that ends the command: raised, not just exiting, so that the write in
    progress unwinds and removes its temporary file, which may hold a whole handout with a
    patient's name in it."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise _Signalled(signum)


# Every signal whose default action ends the process and that a program may catch: SIGQUIT
# and SIGXCPU would also dump core, SIGUSR1/2 and SIGALRM end it silently; each would leave
# the temporary file of the write in progress.
_ENDING_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU")


def _trap_signals() -> Callable[[], None]:
    """Turn the ending signals into SystemExit; returns what puts the old handlers back."""
    import signal

    old = {}
    for name in _ENDING_SIGNALS:
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
    import signal

    restore = _trap_signals()
    try:
        return _run(argv)
    except _Signalled as exc:
        err(f"stopped by {signal.Signals(exc.signum).name}; no partial file is left")
        return 128 + exc.signum
    finally:
        restore()


def run() -> NoReturn:
    """The ``rehabkit`` console command: ``main()``, then the process ends (see ``leave``)."""
    code = main()
    leave(code)
    sys.exit(code)


def leave(code: int) -> None:
    """End the process at once with ``code``, its output flushed, where nothing else would
    run at exit: no ``atexit`` callback (a temporary folder's clean-up, a worker pool's
    join) and no other thread. Python's own exit then only frees every object and module
    one by one, some 15 ms of a PDF export (mypy's ``hard_exit`` does the same). Otherwise,
    or where a stream cannot be flushed (Python's exit reports that), it returns."""
    import atexit

    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's; elsewhere, exit as usual
    threading = sys.modules.get("threading")
    if callbacks is None or callbacks() > 0:
        return
    if threading is not None and threading.active_count() > 1:
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _run(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        handler: Handler = args.handler
        return handler(args)
    except (RehabkitError, OSError) as exc:
        return _failed(exc, args)
    except KeyboardInterrupt:
        return 130


def _failed(exc: RehabkitError | OSError, args: argparse.Namespace) -> int:
    """Say what went wrong, in as few lines as will do; returns the exit status."""
    if isinstance(exc, ValidationError):
        return _invalid_document(exc, args)
    if isinstance(exc, UsageError):
        action = getattr(args, "action", None)  # rehabkit log add: "log add"
        err(f"{args.command}{' ' + action if action else ''}: {exc}")
        return EXIT_USAGE
    if isinstance(exc, RehabkitError):
        err(str(exc))
        return EXIT_INVALID
    if isinstance(exc, BrokenPipeError):  # the reader (head, say) has had enough
        return EXIT_OK
    return _cannot_write(exc)


def _invalid_document(exc: ValidationError, args: argparse.Namespace) -> int:
    source = exc.source or getattr(args, "protocol", None) or "input"
    paint = red if wants_colour(getattr(args, "color", "auto"), sys.stderr) else None
    for problem in exc.problems:
        out_line(f"{source}: {problem}", sys.stderr, paint)
    return EXIT_INVALID


def _cannot_write(exc: OSError) -> int:
    # A file or stream that cannot be written (a full disk, a missing folder, no
    # permission) is reported in one line; nothing half-written is left behind.
    where = f": {exc.filename}" if exc.filename else ""
    err(f"cannot write{where}: {exc.strerror or exc}")
    return EXIT_INVALID
