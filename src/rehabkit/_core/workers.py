"""Worker processes that end with their parent, and signals that wait for a safe moment.

A batch runs its exports in worker processes. Two things must hold whatever the timing:
the workers never outlive the process that started them (even one killed with SIGKILL,
which no handler sees), and a signal such as Ctrl-C never lands half-way through the
pool's own bookkeeping, where an exception could leave a lock held or be swallowed by a
callback ("Exception ignored in ...") and so lost.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

# The signals whose Python handlers (KeyboardInterrupt for SIGINT, the CLI's clean exit for
# the others) are held back while the pool runs, then run at a point chosen for them.
_NAMES = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU")
DEFERRED = tuple(getattr(signal, name) for name in _NAMES if hasattr(signal, name))

_PR_SET_PDEATHSIG = 1
# How often a worker without PR_SET_PDEATHSIG looks for its parent; it ends within this.
_WATCH_SECONDS = 0.5


def start_worker(parent: int) -> None:
    """Run first in each worker: end it when ``parent`` ends. Linux does this in the kernel
    (PR_SET_PDEATHSIG); elsewhere a thread watches the parent's process id."""
    if not _die_with_parent():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the worker could ask
        os._exit(1)


def _die_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    return int(prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


class Deferred:
    """The signals received while deferred, in order; ``wake`` is called for each, from the
    handler, and must be reentrant (``queue.SimpleQueue.put`` is)."""

    def __init__(self, wake: Callable[[int], None]) -> None:
        self.wake = wake
        self.received: list[int] = []
        self.handlers: dict[int, Any] = {}

    def _handle(self, signum: int, _frame: object) -> None:
        self.received.append(signum)
        self.wake(signum)

    def act(self) -> None:
        """Run the held-back handler of each signal received so far, in order; the first
        that raises (KeyboardInterrupt, say) ends this."""
        while self.received:
            signum = self.received.pop(0)
            self.handlers[signum](signum, None)


@contextlib.contextmanager
def deferred_signals(wake: Callable[[int], None]) -> Iterator[Deferred]:
    """While inside, each deferred signal with a Python handler only records itself and
    calls ``wake``; the caller runs ``act()`` where an exception is safe. A signal left
    unacted on is acted on at the end. Only the main thread may handle signals: elsewhere
    nothing is deferred."""
    deferred = Deferred(wake)
    if threading.current_thread() is not threading.main_thread():
        yield deferred
        return
    for signum in DEFERRED:
        handler = signal.getsignal(signum)
        if callable(handler):
            deferred.handlers[signum] = signal.signal(signum, deferred._handle)
    try:
        yield deferred
    finally:
        for signum, handler in deferred.handlers.items():
            signal.signal(signum, handler)
    deferred.act()


# What a terminal sends to every process of its foreground group: Ctrl-C, Ctrl-\ and a
# hang-up. The workers leave them to the parent, which ends them itself.
_TERMINAL_NAMES = ("SIGINT", "SIGQUIT", "SIGHUP")
TERMINAL = tuple(getattr(signal, name) for name in _TERMINAL_NAMES if hasattr(signal, name))


@contextlib.contextmanager
def children_ignore_terminal_signals() -> Iterator[None]:
    """While inside, processes started (the workers, and multiprocessing's resource
    tracker) are born ignoring the terminal's signals, as a disposition of SIG_IGN survives
    exec: a worker caught starting by Ctrl-C printed a KeyboardInterrupt traceback, and a
    resource tracker killed by a hang-up was started again with a warning and a traceback.
    This process blocks them meanwhile, so one arriving now waits and is handled after,
    not lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # The resource tracker is started first, and apart: starting it unblocks SIGINT (and
    # SIGTERM), which would let a Ctrl-C in while SIGINT is ignored, and lose it.
    with _ignoring(tuple(s for s in TERMINAL if s != signal.SIGINT)):
        _start_resource_tracker()
    with _ignoring(TERMINAL):
        yield


def _start_resource_tracker() -> None:
    try:
        from multiprocessing import resource_tracker
    except ImportError:  # Windows has none
        return
    resource_tracker.ensure_running()


@contextlib.contextmanager
def _ignoring(signals: tuple[int, ...]) -> Iterator[None]:
    """``signals`` ignored (for the processes started meanwhile) and blocked (so that one
    arriving meanwhile is delivered after, to the handler put back)."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is not None:
        block(signal.SIG_BLOCK, set(signals))
    before = {signum: signal.signal(signum, signal.SIG_IGN) for signum in signals}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        if block is not None:
            block(signal.SIG_UNBLOCK, set(signals))
