"""Many exports at once: every core busy, each file complete or absent, every failure
reported while the rest go on; and the clinic's list of patients (a CSV) read into plans."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import queue
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from attrs import field, frozen

from rehabkit._core.errors import Problem, RehabkitError, ValidationError
from rehabkit._core.output import write_file
from rehabkit._core.public import present_as_public
from rehabkit._core.workers import (
    Deferred,
    children_ignore_terminal_signals,
    deferred_signals,
    start_worker,
)
from rehabkit._documents.reading import MAX_BYTES, ReadError, read_text
from rehabkit._formats.registry import check_options, export, get_exporter
from rehabkit._model.document import Document
from rehabkit._model.fields import _unprintable
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol
from rehabkit._model.terms import Laterality
from rehabkit._plan.personalise import parse_frequency, personalise

__all__ = ["BatchResult", "PatientRow", "export_many", "read_patients", "read_patients_file"]

Progress = Callable[[int, int], None]


@frozen
class BatchResult:
    """What a batch did: the files written, and each document that failed with why.

    :param written: The files written, in the order of the documents.
    :param failed: Each target path not written, with the reason.
    """

    written: tuple[Path, ...]
    failed: tuple[tuple[Path, str], ...]

    @property
    def ok(self) -> bool:
        """Whether every document was written."""
        return not self.failed


def _export_bytes(document: Document, format: str, options: Mapping[str, Any]) -> bytes:
    # A worker's whole job: pure, picklable in and out. The parent writes the files, so a
    # worker killed half-way leaves nothing behind.
    return export(document, format, **options)


def _pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing

    # spawn, not fork: forking after Typst's threads have run can deadlock a child. Each
    # worker first arranges to end with this process, even one killed with SIGKILL.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(os.getpid(),),
    )


MAX_WORKERS = 64
"""The most worker processes a batch starts: the editors' choice, several times the cores
of a large workstation; each worker holds its own exporter and fonts (some 100 MB)."""


def export_many(
    items: Iterable[tuple[str | os.PathLike[str], Document]],
    format: str,
    *,
    workers: int | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> BatchResult:
    """Export each ``(path, document)`` to its path, on ``workers`` processes (default:
    one per core), each keeping its exporter (and Typst's fonts) for all its documents.

    Each file is written whole or not at all. A document that fails is reported in the
    result while the others go on. Before any work starts, an unknown format or option
    raises ``ExportError``, and a path that exists raises ``RehabkitError``
    unless ``overwrite``. ``progress(done, total)`` is called after each document.
    Interrupted (Ctrl-C), it stops at once and leaves only complete files.

    :param items: ``(path, document)`` pairs.
    :param format: the exporter's name, as for ``export``.
    :param workers: processes to use (default: one per core, at most 64); 1 works in
        this process.
    :param overwrite: replace files that exist.
    :param progress: called as ``progress(done, total)`` after each document.
    :param options: the exporter's options, the same for every document.
    :returns: the files written, and each failed document with why.
    :raises ExportError: for an unknown format or option, before any work.
    :raises RehabkitError: if a path exists (and not ``overwrite``), two documents share one,
        or ``workers`` is not between 1 and 64.
    """
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise RehabkitError(f"workers must be between 1 and {MAX_WORKERS}, not {workers}")
    jobs = [(Path(path), document) for path, document in items]
    check_options(get_exporter(format), options)
    _check_targets([path for path, _ in jobs], overwrite)
    count = min(workers or os.cpu_count() or 1, MAX_WORKERS)
    written: list[Path] = []
    failed: list[tuple[Path, str]] = []

    def finish(path: Path, outcome: bytes | BaseException) -> None:
        if isinstance(outcome, BaseException):
            failed.append((path, str(outcome)))
        else:
            try:
                write_file(path, outcome, overwrite=overwrite)
                written.append(path)
            except (OSError, RehabkitError) as exc:
                failed.append((path, str(exc)))
        if progress is not None:
            progress(len(written) + len(failed), len(jobs))

    # A signal (Ctrl-C) puts its number on this queue (SimpleQueue.put may be called from
    # a handler), and its exception is raised only between two documents: raised anywhere
    # else it could leave a lock of the pool held, or be swallowed by a callback and lost.
    finished: queue.SimpleQueue[Future[bytes] | int] = queue.SimpleQueue()
    with deferred_signals(finished.put) as deferred:
        if count == 1 or len(jobs) <= 1:
            for path, document in jobs:
                deferred.act()
                try:
                    finish(path, _export_bytes(document, format, options))
                except RehabkitError as exc:
                    finish(path, exc)
        else:
            _run_pool(jobs, format, options, min(count, len(jobs)), finish, finished, deferred)
    return BatchResult(tuple(written), tuple(failed))


def _run_pool(
    jobs: Sequence[tuple[Path, Document]],
    format: str,
    options: Mapping[str, Any],
    workers: int,
    finish: Callable[[Path, bytes | BaseException], None],
    finished: queue.SimpleQueue[Future[bytes] | int],
    deferred: Deferred,
) -> None:
    # Each future, once done, is put on the queue that this thread reads, rather than
    # waited for with concurrent.futures.wait, which takes every future's lock in turn.
    pool = None
    try:
        with children_ignore_terminal_signals():
            pool = _pool(workers)
            paths: dict[Future[bytes], Path] = {}
            for path, document in jobs:
                future = pool.submit(_export_bytes, document, format, options)
                paths[future] = path
                future.add_done_callback(finished.put)
        for future in _done(finished, len(paths), deferred):
            error = future.exception()
            finish(paths[future], error if error is not None else future.result())
    except BaseException:
        if pool is not None:
            _end_now(pool)  # signals meanwhile are only recorded: this must finish
        raise
    pool.shutdown(wait=True)


def _done(
    finished: queue.SimpleQueue[Future[bytes] | int], count: int, deferred: Deferred
) -> Iterator[Future[bytes]]:
    """The ``count`` futures, as each is done; a signal's handler runs as it comes."""
    while count:
        item = finished.get()
        if isinstance(item, int):
            deferred.act()
            continue
        count -= 1
        yield item


def _end_now(pool: ProcessPoolExecutor) -> None:
    """Drop what has not started and end the workers now (Ctrl-C or a signal). They only
    make bytes (this process writes the files), so ending them loses nothing written."""
    running = list((getattr(pool, "_processes", None) or {}).values())
    # shutdown() forgets these: taken first.
    results = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in running:
        process.terminate()
    # A worker ended while it sent its result leaves half a message in the results pipe,
    # and the pool's manager thread (which the interpreter waits for at exit) would wait
    # for the rest for ever. With this process's end of the pipe closed as well, every
    # writer is gone once the workers are, and that thread reads the end of the pipe.
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()
    # Let that thread finish here: at exit, concurrent.futures wakes it without the lock
    # its own closing takes, and a wake-up racing the close printed "Bad file descriptor"
    # with a traceback (CPython 3.11; seen once in 20 runs of the interrupted-batch test).
    if manager is not None:
        manager.join(timeout=10)


def _check_targets(paths: Sequence[Path], overwrite: bool) -> None:
    seen: set[Path] = set()
    for path in paths:
        if path in seen:
            raise RehabkitError(f"{path} is the target of two documents")
        seen.add(path)
    existing = [str(p) for p in paths if os.path.lexists(p)]
    if existing and not overwrite:
        shown = ", ".join(existing[:5]) + (
            f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        )
        verb = "exists" if len(existing) == 1 else "exist"
        raise RehabkitError(f"{shown} already {verb} (pass overwrite/--force to replace)")


# --------------------------------------------------------------------------- patients CSV

COLUMNS = (
    "name", "id", "side", "start", "frequency", "clinician", "clinician_contact", "region",
    "language", "patient_family", "patient_given",
)  # fmt: skip
_SIDES = {side.value for side in Laterality}
# The given names in one cell, in order ("Ana;María"): a space may be part of one given
# name ("Mary Ann"), so the cell is split at this and at nothing else.
GIVEN_SEPARATOR = ";"
# A column ``event:NAME`` holds each row's date of the protocol's event NAME (surgery, injury).
EVENT = "event:"


@frozen
class PatientRow:
    """One patient of a CSV: its row number (the header is row 1) and its plan.

    :param row: The row's number in the file (the header is row 1).
    :param plan: The plan personalised from the row.
    :param stem: The handout's file name without suffix: the row's id, else its name, made safe.
    :param events: The dates of the protocol's events from the row's ``event:NAME`` columns,
        by event id (``{"surgery": date(2026, 11, 20)}``); empty without such columns.
    """

    row: int
    plan: Plan
    stem: str
    events: dict[str, dt.date] = field(factory=dict, hash=False)


def _column_problem(row: int, column: str, message: str, value: Any) -> Problem:
    return Problem(f"row {row}, column {column}", message, value)


def _text(cells: Mapping[str, str], column: str) -> str | None:
    """A cell's text without the spaces around it, or None if that leaves nothing."""
    return (cells.get(column) or "").strip() or None


def _side(cells: Mapping[str, str]) -> str:
    # An empty cell means no side was given; a cell of spaces is a wrong side, said as such.
    return (cells.get("side") or "unspecified").strip().lower()


def _start_text(cells: Mapping[str, str]) -> str:
    return (cells.get("start") or "").strip()


def _side_problems(row: int, cells: Mapping[str, str]) -> list[Problem]:
    side = _side(cells)
    if side in _SIDES:
        return []
    return [_column_problem(row, "side", f"{side!r} is not left, right or both", side)]


def _date_problems(row: int, column: str, text: str) -> list[Problem]:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return [_column_problem(row, column, f"{text!r} is not a date YYYY-MM-DD", text)]
    return []


def _start_problems(row: int, cells: Mapping[str, str]) -> list[Problem]:
    return _date_problems(row, "start", _start_text(cells))


def _event_columns(cells: Mapping[str, str]) -> dict[str, str]:
    """The ``event:NAME`` columns of a row: each event's id with its cell's text."""
    return {
        column.removeprefix(EVENT): (cells.get(column) or "").strip()
        for column in cells
        if column.startswith(EVENT)
    }


def _event_problems(row: int, cells: Mapping[str, str]) -> list[Problem]:
    # The header holds a column for every event the protocol declares (_header_problem), so
    # an empty cell is a date the plan needs and does not have.
    problems = []
    for event, text in _event_columns(cells).items():
        if text:
            problems += _date_problems(row, EVENT + event, text)
        else:
            why = f"the plan needs the date of event {event!r}"
            problems.append(_column_problem(row, EVENT + event, why, text))
    return problems


def _events(cells: Mapping[str, str]) -> dict[str, dt.date]:
    """The row's event dates, once _event_problems has found none."""
    return {event: dt.date.fromisoformat(text) for event, text in _event_columns(cells).items()}


def _frequency_problems(row: int, cells: Mapping[str, str]) -> list[Problem]:
    frequency = _text(cells, "frequency")
    if frequency is None:
        return []
    try:
        parse_frequency(frequency)
    except RehabkitError as exc:
        return [_column_problem(row, "frequency", str(exc), frequency)]
    return []


def _given(cells: Mapping[str, str]) -> tuple[str, ...]:
    """The row's given names, in order; none for an empty cell."""
    text = _text(cells, "patient_given")
    return tuple(part.strip() for part in text.split(GIVEN_SEPARATOR)) if text else ()


def _name_problem(row: int, column: str, name: str, what: str) -> list[Problem]:
    """The problem of one name of a row, said as the model says it of a plan's name."""
    if not name:
        why = f"{what} is empty (given names are separated by {GIVEN_SEPARATOR!r})"
        return [_column_problem(row, column, why, name)]
    bad = _unprintable(name)
    if bad is None:
        return []
    why = (
        f"{what} contains the character U+{ord(bad.group()):04X} at position {bad.start()}:"
        " control characters, noncharacters and lone surrogates are not text"
    )
    return [_column_problem(row, column, why, name)]


def _name_problems(row: int, cells: Mapping[str, str]) -> list[Problem]:
    # Checked here rather than left to personalise, which stops at the first: a row's
    # family name and given names are each reported, beside the row's other problems.
    family = _text(cells, "patient_family")
    problems = _name_problem(row, "patient_family", family, "the family name") if family else []
    for number, given in enumerate(_given(cells), start=1):
        found = _name_problem(row, "patient_given", given, f"given name {number}")
        if found:
            return problems + found  # one problem for the cell: its first bad name
    return problems


def _patient_problems(row: int, cells: Mapping[str, str]) -> list[Problem]:
    # The name is tried first, as the id is only read when the name cell is empty: a name
    # of spaces with an id is still a row with no patient.
    if (cells.get("name") or cells.get("id") or "").strip():
        return []
    return [Problem(f"row {row}", "a patient needs a name or an id")]


# Each rule checks one thing of a row; a row's problems are all of theirs, in this order.
_ROW_RULES: tuple[Callable[[int, Mapping[str, str]], list[Problem]], ...] = (
    _side_problems, _start_problems, _event_problems, _frequency_problems, _name_problems,
    _patient_problems,
)  # fmt: skip

# The cells handed to personalise, in the order _at_fault tries leaving them out.
_PLAN_COLUMNS = (
    "name", "id", "frequency", "clinician", "clinician_contact", "region", "language",
    "patient_family", "patient_given",
)  # fmt: skip


def _row_plan(protocol: Protocol, row: int, cells: Mapping[str, str]) -> Plan | list[Problem]:
    problems = [problem for rule in _ROW_RULES for problem in rule(row, cells)]
    if problems:
        return problems
    given = {column: _text(cells, column) for column in _PLAN_COLUMNS}
    side, start = _side(cells), dt.date.fromisoformat(_start_text(cells))
    events = _events(cells)

    def plan(values: Mapping[str, str | None]) -> Plan:
        return personalise(
            protocol, patient=values["name"], patient_id=values["id"],
            patient_family=values["patient_family"],
            patient_given=_given({"patient_given": values["patient_given"] or ""}),
            side=side, start=start,
            frequency=values["frequency"], clinician=values["clinician"],
            clinician_contact=values["clinician_contact"], region=values["region"],
            language=values["language"], events=events,
        )  # fmt: skip

    try:
        return plan(given)
    except (RehabkitError, ValueError, TypeError) as exc:
        return [Problem(f"row {row}, column {_at_fault(plan, given)}", str(exc))]


def _at_fault(plan: Callable[[Mapping[str, str | None]], Plan], given: Mapping[str, Any]) -> str:
    """The column whose cell, left empty, lets the row make a plan."""
    for column, value in given.items():
        if value is None:
            continue
        try:
            plan({**given, column: None})
        except (RehabkitError, ValueError, TypeError):
            continue
        return column
    return "?"


def _stem(cells: Mapping[str, str], row: int) -> str:
    """A file name for the row's handout: its id, else its name, made safe."""
    raw = (cells.get("id") or cells.get("name") or "").strip() or f"row-{row}"
    stem = re.sub(r"[^\w.-]+", "-", raw, flags=re.UNICODE).strip(".-")
    return stem or f"row-{row}"


def _header_problem(header: Sequence[str], protocol: Protocol) -> Problem | None:
    """Why the header row cannot be read, if it cannot: an unknown column, no start, an
    event the protocol does not declare, or one it declares with no column."""
    unknown = [h for h in header if h not in COLUMNS and not h.startswith(EVENT)]
    if header and not unknown and "start" in header:
        return _event_header_problem(header, protocol)
    why = f"unknown columns {unknown}" if unknown else "no start column"
    return Problem("row 1", f"{why}; the columns are {', '.join(COLUMNS)} and event:NAME")


def _event_header_problem(header: Sequence[str], protocol: Protocol) -> Problem | None:
    """The header's event columns against the protocol's events: each column names one it
    declares, and each it declares has a column."""
    declared = [event.id for event in protocol.events]
    return _unknown_events(header, protocol.id, declared) or _missing_events(
        header, protocol.id, declared
    )


def _unknown_events(header: Sequence[str], protocol: str, declared: list[str]) -> Problem | None:
    unknown = [h for h in header if h.startswith(EVENT) and h.removeprefix(EVENT) not in declared]
    if not unknown:
        return None
    has = ", ".join(EVENT + event for event in declared)
    known = f"{protocol} declares {has}" if declared else f"{protocol} declares no events"
    return Problem("row 1", f"unknown event columns {unknown}; {known}")


def _missing_events(header: Sequence[str], protocol: str, declared: list[str]) -> Problem | None:
    missing = [event for event in declared if EVENT + event not in header]
    if not missing:
        return None
    needs = [f"no {EVENT}{e} column: {protocol} needs the date of event {e!r}" for e in missing]
    return Problem("row 1", "; ".join(needs))


def _patient_row(
    protocol: Protocol, row: int, cells: Mapping[Any, Any], stems: dict[str, int]
) -> PatientRow | list[Problem]:
    """The row as a patient, or its problems; ``stems`` (file name -> row) gains its name."""
    if None in cells:  # csv puts the cells past the header's columns under the key None
        return [Problem(f"row {row}", "more cells than the header has columns")]
    found = _row_plan(protocol, row, cells)
    if isinstance(found, list):
        return found
    stem = _stem(cells, row)
    if stem in stems:
        return [Problem(f"row {row}", f"the same file name as row {stems[stem]}", stem)]
    stems[stem] = row
    return PatientRow(row, found, stem, _events(cells))


def read_patients(text: str, protocol: Protocol) -> tuple[list[PatientRow], list[Problem]]:
    """The patients of a CSV (columns: name, id, side, start, frequency, clinician,
    clinician_contact, region, language, patient_family, patient_given (the given names
    in order, separated by ``;``: ``Ana;María``), and ``event:NAME`` for the date of each
    event the protocol declares, e.g. ``event:surgery``; a header row first) as plans of
    ``protocol``,
    and every problem of every row, with its row number and the column at fault. An event
    column the protocol does not declare, an event it declares with no column, or a column
    named twice is one problem of the header (row 1), and no row is read. A text over
    2,000,000 bytes, or a cell over csv's limit (131,072 characters), is a problem too.

    :param text: the CSV text, a header row first.
    :param protocol: the protocol every plan follows.
    :returns: the patients' plans, and every problem (path ``row N, column C``).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return [], [Problem("", f"the patients' list is larger than {MAX_BYTES:,} bytes")]
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[PatientRow] = []
    problems: list[Problem] = []
    row = 0  # the last row read whole; the header is row 1
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
        row = 1
        problem = _duplicate_columns(header) or _header_problem(header, protocol)
        if problem is not None:
            return [], [problem]
        reader.fieldnames = header
        stems: dict[str, int] = {}
        for row, cells in enumerate(reader, start=2):
            found = _patient_row(protocol, row, cells, stems)
            if isinstance(found, PatientRow):
                rows.append(found)
            else:
                problems += found
    except csv.Error as exc:  # a cell over the field limit, a NUL, a stray quote
        problems.append(_unreadable_row(row + 1, exc))
    return rows, problems


def _unreadable_row(row: int, exc: csv.Error) -> Problem:
    why = str(exc)
    if "field limit" in why:
        why = f"a cell is longer than {csv.field_size_limit():,} characters"
    return Problem(f"row {row}", f"{why}; no row from here on is read")


def _duplicate_columns(header: Sequence[str]) -> Problem | None:
    # csv.DictReader keeps the last of two same-named columns and drops the first unseen.
    twice = sorted({h for h in header if header.count(h) > 1})
    if not twice:
        return None
    return Problem("row 1", f"columns named more than once: {', '.join(twice)}")


def read_patients_file(
    path: str | os.PathLike[str], protocol: Protocol
) -> tuple[list[PatientRow], list[Problem]]:
    """``read_patients`` of a file, read by the rules every document is read by: a
    regular file (never a pipe or a device) of at most 2,000,000 bytes of UTF-8.

    :param path: the CSV file.
    :param protocol: the protocol every plan follows.
    :returns: the patients' plans, and every problem.
    :raises ValidationError: if the file cannot be read, with the problem and its name.
    """
    try:
        text = read_text(path, what="CSV file")
    except ReadError as exc:
        raise ValidationError(exc.problems, str(path)) from None
    return read_patients(text, protocol)


present_as_public(globals())
