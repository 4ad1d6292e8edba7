"""A clinic's batch: export_many, and `rehabkit batch PROTOCOL CSV -o DIR`."""

from __future__ import annotations

import datetime as dt
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import rehabkit as rk

from .helpers import run
from .pdf_reading import pypdf_text

START = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")


def plans(count: int) -> list[rk.Plan]:
    return [
        rk.personalise(KNEE, patient=f"Patient {n}", side=("left", "right")[n % 2],
                       start=START + dt.timedelta(days=n))
        for n in range(count)
    ]  # fmt: skip


@pytest.mark.parametrize("workers", [2, pytest.param(1, marks=pytest.mark.thorough)])
def test_export_many_writes_what_export_writes(tmp_path: Path, workers: int) -> None:
    items = [(tmp_path / f"{n}.pdf", plan) for n, plan in enumerate(plans(4))]
    seen: list[tuple[int, int]] = []
    result = rk.export_many(
        items, "pdf", workers=workers, progress=lambda d, t: seen.append((d, t))
    )
    assert result.ok and sorted(result.written) == sorted(p for p, _ in items)
    for path, plan in items:
        assert path.read_bytes() == rk.export(plan, "pdf")
    assert seen[-1] == (4, 4) and [d for d, _ in seen] == [1, 2, 3, 4]


def test_a_failing_document_is_reported_and_the_rest_are_written(tmp_path: Path) -> None:
    good = plans(2)
    items = [(tmp_path / "a.json", good[0]), (tmp_path / "b.json", "not a plan"),
             (tmp_path / "c.json", good[1])]  # fmt: skip
    result = rk.export_many(items, "json", workers=2)  # type: ignore[arg-type]
    assert [p.name for p, _ in result.failed] == ["b.json"]
    assert sorted(p.name for p in result.written) == ["a.json", "c.json"]
    assert not (tmp_path / "b.json").exists()


def test_nothing_is_overwritten_unasked_and_options_are_checked_first(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"keep")
    items = [(tmp_path / "a.pdf", plans(1)[0]), (tmp_path / "b.pdf", plans(2)[1])]
    with pytest.raises(rk.RehabkitError, match="already exists"):
        rk.export_many(items, "pdf")
    assert (tmp_path / "a.pdf").read_bytes() == b"keep" and not (tmp_path / "b.pdf").exists()
    with pytest.raises(rk.OptionError):
        rk.export_many(items, "pdf", colour="red")
    with pytest.raises(rk.RehabkitError, match="two documents"):
        rk.export_many([items[1], items[1]], "pdf")
    result = rk.export_many(items, "pdf", overwrite=True, workers=1)
    assert result.ok and (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


CSV = """name,id,side,start,frequency,clinician
Ana Lopez,MRN-1,left,2026-12-01,daily,Sam Physio
Ben Okafor,MRN-2,sideways,2026-12-01,,
Cara Lind,MRN-3,right,2026-13-01,,
Dan Wu,MRN-4,both,2026-12-03,3/week,
Eve Adams,MRN-5,right,2026-12-04,alternate-days,
Fay Bell,MRN-5,left,2026-12-04,,
"""


def test_the_command_reports_each_bad_row_and_writes_the_others(tmp_path: Path) -> None:
    (tmp_path / "patients.csv").write_text(CSV)
    done = run("batch", "runners-knee", "patients.csv", "-o", "out", "--workers", "2",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if "row " in line and "wrote" not in line]
    assert errors == [
        "rehabkit: patients.csv: row 3, column side: 'sideways' is not left, right or both",
        "rehabkit: patients.csv: row 4, column start: '2026-13-01' is not a date YYYY-MM-DD",
        # Issue 25: "every other day", as people say it, not "once every 2 days".
        "rehabkit: patients.csv: row 5, column frequency: the protocol offers once a day,"
        " every other day; not 3 times a week",
        "rehabkit: patients.csv: row 7: the same file name as row 6",
    ]
    assert done.stderr.splitlines()[-1] == (
        "rehabkit: wrote 2 of 6 handouts to out; 4 rows not exported (see above)"
    )
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["MRN-1.pdf", "MRN-5.pdf"]
    assert "Ana Lopez" in pypdf_text(tmp_path / "out" / "MRN-1.pdf")
    again = run("batch", "runners-knee", "patients.csv", "-o", "out", cwd=tmp_path)
    assert again.returncode == 1 and "already exist" in again.stderr
    assert "Traceback" not in done.stderr + again.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,start,shoe\nAna,2026-12-01,9\n", "unknown columns ['shoe']"),
        ("name,side\nAna,left\n", "no start column"),
        ("", "no start column"),
    ],
)
def test_a_bad_header_is_one_problem(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "p.csv").write_text(text)
    done = run("batch", "runners-knee", "p.csv", "-o", "out", cwd=tmp_path)
    assert done.returncode == 1 and message in done.stderr, done.stderr


def _read(fd: int, timeout: float, *, seen: bytes = b"", until: bytes | None = None) -> bytes:
    """``seen`` and what ``fd`` (a terminal's master end) gives after it, until it holds
    ``until`` or (without one) the other end is closed; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while until is None or until not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"still waiting after {timeout} s: {seen!r}"
        if not select.select([fd], [], [], left)[0]:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: every process holding the terminal has ended
            chunk = b""
        if not chunk:
            return seen
        seen += chunk
    return seen


def test_an_interrupted_batch_leaves_only_complete_files(tmp_path: Path) -> None:
    rows = "".join(f"Patient {n},ID-{n:03d},left,2026-12-01,,\n" for n in range(80))
    (tmp_path / "p.csv").write_text("name,id,side,start,frequency,clinician\n" + rows)
    # stderr is a terminal, so the batch draws its progress bar ("3/80" once the third file
    # is written): the signal follows that event, not a guess of how long three files take.
    master, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "rehabkit", "batch", "runners-knee", "p.csv", "-o", "out",
             "--workers", "2"],
            cwd=tmp_path, stderr=terminal, start_new_session=True,
        )  # fmt: skip
        os.close(terminal)
        before = _read(master, 120, until=b" 3/80")
        assert b" 3/80" in before, before  # not ended before its third file
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole group, as on a terminal
        err = _read(master, 15, seen=before).decode(errors="replace")
        process.wait(timeout=15)  # it stops at once (it took 8 s, waiting)
    finally:
        os.close(master)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    out = tmp_path / "out"
    files = list(out.iterdir())
    assert 3 <= len(files) < 80
    for path in files:  # no temporary file, and every handout whole
        assert path.suffix == ".pdf", path
        assert path.read_bytes().rstrip().endswith(b"%%EOF")
        assert "Patient" in pypdf_text(path)


def test_a_dask_cluster_gives_the_bytes_a_local_export_gives() -> None:
    """docs/scale.md's recipe: the export is pure and its documents picklable, so an
    existing distributed engine runs it unchanged; here a LocalCluster of two processes."""
    distributed = pytest.importorskip("distributed")
    documents = plans(4)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        futures = client.map(rk.export, documents, format="pdf", pure=True)
        remote = client.gather(futures)
    assert remote == [rk.export(d, "pdf") for d in documents]


def test_each_row_may_choose_the_handouts_language() -> None:
    """Issue 14 in a clinic's batch: a language column; a language with no translation is
    that row's problem, with its column, while the others go on."""
    text = (
        "name,id,start,language\n"
        "Ana López,MRN-1,2026-12-01,es\n"
        "Omar Haddad,MRN-2,2026-12-01,ar\n"
        "Zoé Martin,MRN-3,2026-12-01,fr\n"
        "Ben Okafor,MRN-4,2026-12-01,\n"
    )
    rows, problems = rk.read_patients(text, rk.bundled("runners-knee"))
    assert [r.plan.protocol.language for r in rows] == ["es", "ar", "en-GB"]
    assert [p.path for p in problems] == ["row 4, column language"]
    assert "not translated into 'fr'" in problems[0].message


ACL = rk.bundled("acl-early-rehab")


def test_an_event_column_dates_each_rows_event() -> None:
    """Issue 22, finding 9: an ``event:NAME`` column gives each row the date of the
    protocol's event NAME; a bad or empty date is that row's problem, with its column."""
    text = (
        "name,id,start,event:surgery\n"
        "Ana Lopez,MRN-1,2026-11-21,2026-11-20\n"
        "Ben Okafor,MRN-2,2026-11-21,2026-13-40\n"
        "Cara Lind,MRN-3,2026-11-21,\n"
        "Dan Wu,MRN-4,2026-12-01,2026-11-28\n"
    )
    rows, problems = rk.read_patients(text, ACL)
    assert [r.row for r in rows] == [2, 5]
    assert [r.events for r in rows] == [
        {"surgery": dt.date(2026, 11, 20)}, {"surgery": dt.date(2026, 11, 28)}
    ]  # fmt: skip
    assert [r.plan.event_date("surgery") for r in rows] == [dt.date(2026, 11, 20),
                                                            dt.date(2026, 11, 28)]  # fmt: skip
    assert [(p.path, p.message) for p in problems] == [
        ("row 3, column event:surgery", "'2026-13-40' is not a date YYYY-MM-DD"),
        ("row 4, column event:surgery", "the plan needs the date of event 'surgery'"),
    ]


def test_rows_without_an_event_column_have_no_events() -> None:
    rows, problems = rk.read_patients("name,start\nAna,2026-12-01\n", KNEE)
    assert not problems and rows[0].events == {} and rows[0].plan.events == ()


@pytest.mark.parametrize(
    ("protocol", "header", "messages"),
    [
        (
            ACL,
            "name,start,event:injury",
            ["unknown event columns ['event:injury']", "acl-early-rehab declares event:surgery"],
        ),
        (
            KNEE,
            "name,start,event:surgery",
            ["unknown event columns ['event:surgery']", "runners-knee declares no events"],
        ),
        (
            ACL,
            "name,start",
            ["no event:surgery column", "acl-early-rehab needs the date of event 'surgery'"],
        ),
        (ACL, "name,start,event:", ["unknown event columns ['event:']"]),
    ],
)
def test_an_unknown_or_missing_event_column_is_one_problem_of_the_header(
    protocol: rk.Protocol, header: str, messages: list[str]
) -> None:
    text = f"{header}\nAna,2026-12-01,2026-11-20\nBen,2026-12-01,2026-11-21\n"
    rows, problems = rk.read_patients(text, protocol)
    assert rows == [] and [p.path for p in problems] == ["row 1"]
    assert all(m in problems[0].message for m in messages), problems[0].message


def test_the_command_takes_an_event_column(tmp_path: Path) -> None:
    (tmp_path / "patients.csv").write_text(
        "name,id,side,start,event:surgery\n"
        "Ana Lopez,MRN-1,left,2026-11-21,2026-11-20\n"
        "Ben Okafor,MRN-2,right,2026-11-21,2026-11-31\n"
    )
    done = run("batch", "acl-early-rehab", "patients.csv", "-o", "out", "--format", "json",
               "--workers", "1", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        "rehabkit: patients.csv: row 3, column event:surgery: '2026-11-31' is not a date"
        " YYYY-MM-DD",
        "rehabkit: wrote 1 of 2 handouts to out; 1 row not exported (see above)",
    ]
    plan = rk.load(tmp_path / "out" / "MRN-1.json", rk.Plan)
    assert plan.event_date("surgery") == dt.date(2026, 11, 20)
