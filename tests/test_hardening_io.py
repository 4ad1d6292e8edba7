"""Issue 29, hardening round 2, the reading and writing items: the batch CSV read as every
other document is, signals during a batch and a write, output lines that cannot be forged,
logs that name no plan, and plugin suffixes."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._core import output

# ------------------------------------------------------------------ item 14: atomic writes


def test_the_temporary_file_is_private_while_it_holds_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:  # the content is whole in the temporary file here
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    old = os.umask(0o022)
    try:
        output.write_file(tmp_path / "h.pdf", b"%PDF handout of Ana Lopez")
    finally:
        os.umask(old)
    assert modes == [0o600]
    assert stat.S_IMODE((tmp_path / "h.pdf").stat().st_mode) == 0o644


ENDING = ["SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU", "SIGHUP"]


@pytest.mark.parametrize("name", ENDING)
def test_an_ending_signal_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, name: str
) -> None:
    signum = int(getattr(signal, name))
    script = f"""
import os, sys
from rehabkit._app.cli import main
real = os.fsync
def killed(fd):
    real(fd)
    os.kill(os.getpid(), {signum})
os.fsync = killed
sys.exit(main(["export", "runners-knee", "--format", "json", "--patient", "Ana Lopez",
               "--start", "2026-12-01", "-o", {str(tmp_path / "plan.json")!r}]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 128 + signum, done.stderr
    assert list(tmp_path.iterdir()) == []
    assert done.stderr == f"rehabkit: stopped by {name}; no partial file is left\n"


def _no_links(target: Path) -> Any:
    """os.link as on a file system without hard links, where another writer creates the
    target just before: the no-overwrite rule must still hold."""

    def link(_src: Any, _dst: Any) -> None:
        target.write_bytes(b"the other writer's file")
        raise PermissionError(errno.EPERM, "Operation not permitted")

    return link


@pytest.mark.parametrize("renameat2", [True, False], ids=["renameat2", "o_excl"])
def test_without_hard_links_a_file_that_appeared_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renameat2: bool
) -> None:
    target = tmp_path / "h.pdf"
    monkeypatch.setattr(os, "link", _no_links(target))
    if not renameat2:
        monkeypatch.setattr(output, "_renameat2", lambda: None)
    with pytest.raises(rk.RehabkitError, match="already exists"):
        output.write_file(target, b"mine")
    assert target.read_bytes() == b"the other writer's file"
    assert [p.name for p in tmp_path.iterdir()] == ["h.pdf"]


@pytest.mark.parametrize("renameat2", [True, False], ids=["renameat2", "o_excl"])
def test_without_hard_links_a_new_file_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, renameat2: bool
) -> None:
    def link(_src: Any, _dst: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", link)
    if not renameat2:
        monkeypatch.setattr(output, "_renameat2", lambda: None)
    old = os.umask(0o022)
    try:
        output.write_file(tmp_path / "h.pdf", b"mine")
    finally:
        os.umask(old)
    assert (tmp_path / "h.pdf").read_bytes() == b"mine"
    assert stat.S_IMODE((tmp_path / "h.pdf").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["h.pdf"]


# ------------------------------------------------------------------ item 15: plugin suffixes

BAD_SUFFIXES = ["pdf/../x", "pdf", ".pdf\n", ". pdf", "./x", ".p/df", "..", "", ".x" * 4]


def test_a_plugin_suffix_that_is_not_a_file_suffix_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from .helpers import fake_distribution

    site = tmp_path / "site"
    site.mkdir()
    classes = "".join(
        f"class Bad{n}:\n    name = 'bad{n}'\n    media_type = 'text/plain'\n"
        f"    suffix = {suffix!r}\n    def export(self, document):\n        return b'x'\n"
        for n, suffix in enumerate(BAD_SUFFIXES)
    )
    classes += (
        "class Good:\n    name = 'good'\n    media_type = 'text/plain'\n"
        "    suffix = '.fhir.json'\n    def export(self, document):\n        return b'x'\n"
    )
    (site / "suffix_plugins.py").write_text(classes)
    entries = "".join(f"bad{n} = suffix_plugins:Bad{n}\n" for n in range(len(BAD_SUFFIXES)))
    fake_distribution(site, "rehabkit-suffixes", entries + "good = suffix_plugins:Good\n")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    infos = {info.name: info for info in rk.available_exporters()}
    for n, suffix in enumerate(BAD_SUFFIXES):
        info = infos[f"bad{n}"]
        assert not info.loads, suffix
        assert "is not a file suffix" in (info.error or ""), suffix
        with pytest.raises(rk.ExportError):
            rk.export(rk.bundled("runners-knee"), f"bad{n}")
    assert infos["good"].loads


# ------------------------------------------------------------------ item 13: forged lines

FORGED = "rehabkit: wrote /etc/passwd"
HOSTILE = [
    f"Ana\n{FORGED}",
    f"Ana\r{FORGED}",
    f"Ana\r\n{FORGED}",
    f"Ana\n \u200b{FORGED}",
    f"Ana\x1b[2K\x1b[1G{FORGED}",
    f"Ana\x1bE{FORGED}",  # ESC E: a terminal's "next line"
]


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    from rehabkit._app.cli import main

    main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


def _assert_unforged(text: str) -> None:
    assert "\x1b" not in text and "\r" not in text
    for line in text.split("\n"):
        assert not line.lstrip(" \u200b").startswith(FORGED), text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_names_and_keys_cannot_forge_a_line_of_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile: str
) -> None:
    import json

    data = rk.to_data(rk.bundled("runners-knee"))
    data["authors"][0]["name"] = hostile
    data["exercises"][0]["name"] = hostile
    protocol = tmp_path / "protocol.json"
    protocol.write_text(json.dumps(data))
    plan = tmp_path / "plan.json"
    # Written as data: where the model refuses the name, its problem is printed instead.
    plan_data = rk.to_data(rk.personalise(rk.bundled("runners-knee"), start="2026-12-01"))
    plan.write_text(json.dumps({**plan_data, "patient": hostile}))
    keyed = tmp_path / "keyed.json"
    keyed.write_text(json.dumps({**data, hostile: 1, "title": hostile, "version": hostile}))
    translation = json.loads(Path("protocols/translations/runners-knee.es.json").read_text())
    translation["translator"]["name"] = hostile
    translated = tmp_path / "t.json"
    translated.write_text(json.dumps(translation))
    runs = [
        ["show", str(protocol)],
        ["show", str(plan)],
        ["show", str(translated)],
        ["validate", str(keyed), str(protocol), str(plan)],
        ["validate", "--format", "json", str(keyed)],
        ["report", "cert", str(protocol)],
        ["report", "tidier", str(protocol), "--format", "markdown"],
        ["export", str(keyed), "--format", "json", "-o", str(tmp_path / "x.json")],
        ["export", str(plan), "--format", "html", "-o", str(tmp_path / f"{hostile}.html")],
    ]
    for argv in runs:
        _assert_unforged(_cli(argv, capsys))


def test_only_rehabkits_own_messages_start_with_its_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rehabkit._app.common import err, out, out_line

    out(f"Title\n{FORGED}\n  {FORGED}")
    out_line(f"a: {FORGED}\n{FORGED}")
    err(f"wrote x\n{FORGED}")
    captured = capsys.readouterr()
    assert captured.out == (
        "Title\n\\x72ehabkit: wrote /etc/passwd\n  \\x72ehabkit: wrote /etc/passwd\n"
        f"a: {FORGED}\\n{FORGED}\n"
    )
    assert captured.err == f"rehabkit: wrote x\\n{FORGED}\n"


# ------------------------------------------------------------------ item 5: the batch CSV

KNEE = rk.bundled("runners-knee")


def test_a_named_pipe_as_the_patients_list_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "patients.csv"
    os.mkfifo(fifo)
    with pytest.raises(rk.ValidationError, match="not a regular file"):
        rk.read_patients_file(fifo, KNEE)
    done = subprocess.run(
        [sys.executable, "-m", "rehabkit", "batch", "runners-knee", str(fifo), "-o", "out"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_device_as_the_patients_list_is_refused_not_read() -> None:
    with pytest.raises(rk.ValidationError, match="not a regular file"):
        rk.read_patients_file("/dev/zero", KNEE)


def test_a_patients_list_over_the_size_limit_is_one_problem(tmp_path: Path) -> None:
    big = tmp_path / "p.csv"
    big.write_text("name,start\n" + "Ana,2026-12-01\n" * 150_000)
    with pytest.raises(rk.ValidationError, match="the limit is 2,000,000"):
        rk.read_patients_file(big, KNEE)
    rows, problems = rk.read_patients("name,start\n" + "Ana,2026-12-01\n" * 150_000, KNEE)
    assert rows == [] and "larger than 2,000,000 bytes" in problems[0].message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('name,start\n"' + "x" * 131_073 + '",2026-12-01\n', "row 2"),
        ('name,start\nAna,2026-12-01\n"' + "x" * 131_073 + '",2026-12-01\n', "row 3"),
        ('name,"' + "x" * 200_000 + '"\nAna,2026-12-01\n', "row 1"),
    ],
)
def test_a_cell_over_the_limit_is_a_problem_of_its_row(text: str, path: str) -> None:
    _rows, problems = rk.read_patients(text, KNEE)
    assert [p.path for p in problems] == [path]
    assert "longer than 131,072 characters" in problems[0].message


@pytest.mark.parametrize(
    "header", ["name,start,name", "name,start,Name", "id,start, start ", "name,id,id,start"]
)
def test_a_column_named_twice_is_a_problem_of_the_header(header: str) -> None:
    cells = ",".join(["Ana"] * header.count(","))
    rows, problems = rk.read_patients(f"{header}\n{cells},2026-12-01\n", KNEE)
    assert rows == []
    assert [p.path for p in problems] == ["row 1"]
    assert "named more than once" in problems[0].message


def test_the_batch_command_reports_a_bad_cell_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text('name,start\n"' + "x" * 131_073 + '",2026-12-01\n')
    done = subprocess.run(
        [sys.executable, "-m", "rehabkit", "batch", "runners-knee", "p.csv", "-o", "out",
         "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "row 2: a cell is longer than 131,072 characters" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------ item 6: translations

SPANISH = Path(__file__).parents[1] / "protocols" / "translations" / "runners-knee.es.json"


def _spanish(tmp_path: Path, change: Any) -> Path:
    import json

    data = json.loads(SPANISH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data))
    return path


def _step(data: dict[str, Any]) -> str:
    return next(k for k in data["text"] if ".steps[" in k)


CHANGES = {
    "escape code": lambda d: d["text"].update(title=d["text"]["title"] + "\x1b[31m"),
    "bell": lambda d: d["text"].update({_step(d): d["text"][_step(d)] + "\x07"}),
    "new placeholder": lambda d: d["text"].update({_step(d): d["text"][_step(d)] + " {x}"}),
    "known placeholder added": lambda d: d["text"].update(title=d["text"]["title"] + " {leg}"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_translation_validate_calls_valid_exports(
    tmp_path: Path, change: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from rehabkit._app.cli import main

    path = _spanish(tmp_path, change)
    assert main(["validate", "--protocol", "runners-knee", str(path)]) == 1
    assert main(["validate", str(path)]) == 1
    out = tmp_path / "h.html"
    assert main(["export", "runners-knee", "--translation", str(path), "-o", str(out),
                 "--format", "html"]) == 1  # fmt: skip
    captured = capsys.readouterr()
    assert "text." in captured.out + captured.err and not out.exists()
    import json

    data = json.loads(path.read_text())
    translation = rk.Translation(
        protocol=data["protocol"], version=data["version"], language="es",
        translator=rk.Person(name="T"), text=data["text"],
    )  # fmt: skip
    assert rk.translation_problems(translation, KNEE)
    with pytest.raises(rk.ValidationError):
        rk.translate(KNEE, translation)


@pytest.mark.parametrize("value", [[], {}, ["runners-knee"], 5, None])
def test_a_translation_naming_no_protocol_is_a_problem(
    tmp_path: Path, value: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from rehabkit._app.cli import main

    path = _spanish(tmp_path, lambda d: d.update(protocol=value))
    assert main(["validate", "--protocol", "runners-knee", str(path)]) == 1
    assert main(["validate", "--kind", "translation", str(path)]) == 1
    out = tmp_path / "h.html"
    assert main(["export", "runners-knee", "--translation", str(path), "-o", str(out),
                 "--format", "html"]) == 1  # fmt: skip
    assert "protocol" in capsys.readouterr().out
    assert rk.validate(path, rk.Translation)


# ------------------------------------------------------------------ item 7: batch and signals

INTERRUPTED_BATCH = """
import multiprocessing, os, signal, sys, tempfile
import rehabkit as rk

def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    plan = rk.personalise(rk.bundled("runners-knee"), start="2026-12-01")
    folder = tempfile.mkdtemp()
    count = 0

    def profile(frame, event, arg):
        # The n-th return (of any function, or of a lock's __enter__) is the point where
        # Ctrl-C lands: each run of this script tries one point of the batch.
        nonlocal count
        if event == "return" and (kind == "any" or frame.f_code.co_name == "__enter__"):
            count += 1
            if count == n:
                sys.setprofile(None)
                os.kill(os.getpid(), signal.SIGINT)

    jobs = [(f"{folder}/{i}.json", plan) for i in range(6)]
    # Looked up first: the lazy import of the batch module is Python's, not the batch's
    # (a KeyboardInterrupt inside an import's callback is "ignored" by Python itself).
    export_many = rk.export_many
    try:
        sys.setprofile(profile)
        export_many(jobs, "json", workers=2)
        sys.setprofile(None)
        print("finished" if count >= n else "not reached")
    except KeyboardInterrupt:
        print("interrupted")
    print("children", len(multiprocessing.active_children()))

if __name__ == "__main__":
    main()
"""

# Points across a batch of six documents on two workers (about 250 lock entries and 10,000
# returns in all): the pool starting, documents going out, results coming back, the end.
POINTS = [("enter", n) for n in (1, 4, 16, 40, 80, 130, 180, 215, 230, 245)] + [
    ("any", n) for n in (500, 2000, 4000, 4742, 6500, 8000, 9500, 9900)
]


@pytest.mark.parametrize(("kind", "n"), POINTS, ids=[f"{k}-{n}" for k, n in POINTS])
def test_ctrl_c_at_any_point_stops_the_batch_at_once(tmp_path: Path, kind: str, n: int) -> None:
    script = tmp_path / "interrupted_batch.py"
    script.write_text(INTERRUPTED_BATCH)
    done = subprocess.run(
        [sys.executable, str(script), kind, str(n)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = done.stdout.split("\n")
    assert said[0] in ("interrupted", "not reached"), done.stdout + done.stderr  # never lost
    assert said[1] == "children 0"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its parent's reaping is left


KILLED_BATCH = """
import sys
import rehabkit as rk

def ready(done, total):
    if done == 1:
        print("ready", flush=True)

if __name__ == "__main__":
    plan = rk.personalise(rk.bundled("runners-knee"), start="2026-12-01")
    jobs = [(f"{sys.argv[1]}/{i}.pdf", plan) for i in range(40)]
    rk.export_many(jobs, "pdf", workers=2, progress=ready)
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_workers_end_with_a_parent_killed_by_sigkill(tmp_path: Path) -> None:
    import time

    script = tmp_path / "killed_batch.py"
    script.write_text(KILLED_BATCH)
    process = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"  # the workers are running
        workers = _children(process.pid)
        assert len(workers) >= 2
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers):
        assert time.monotonic() < deadline, [pid for pid in workers if _alive(pid)]
        time.sleep(0.05)


def test_sighup_stops_a_batch_with_one_plain_line(tmp_path: Path) -> None:
    import pty

    from .test_batch import _read

    rows = "".join(f"Patient {n},ID-{n:03d},left,2026-12-01\n" for n in range(60))
    (tmp_path / "p.csv").write_text("name,id,side,start\n" + rows)
    master, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "rehabkit", "batch", "runners-knee", "p.csv", "-o", "out",
             "--workers", "2"],
            cwd=tmp_path, stderr=terminal, start_new_session=True,
        )  # fmt: skip
        os.close(terminal)
        before = _read(master, 120, until=b" 2/60")
        os.killpg(process.pid, signal.SIGHUP)  # the terminal hangs up on the whole group
        err = _read(master, 30, seen=before).decode(errors="replace")
        process.wait(timeout=30)
    finally:
        os.close(master)
    assert process.returncode == 128 + signal.SIGHUP, err
    assert "rehabkit: stopped by SIGHUP; no partial file is left" in err
    assert "Traceback" not in err
    for path in (tmp_path / "out").iterdir():
        assert path.suffix == ".pdf" and path.read_bytes().rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("workers", ["0", "65", "1000000"])
def test_workers_have_a_documented_upper_bound(
    tmp_path: Path, workers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from rehabkit._app import batch as batch_command
    from rehabkit._app.cli import main
    from rehabkit._formats import batch

    assert batch_command.MAX_WORKERS == batch.MAX_WORKERS == 64
    (tmp_path / "p.csv").write_text("name,start\nAna,2026-12-01\n")
    argv = ["batch", "runners-knee", str(tmp_path / "p.csv"), "-o", str(tmp_path / "out")]
    assert main([*argv, "--workers", workers]) == 2
    assert "--workers must be between 1 and 64" in capsys.readouterr().err
    plan = rk.personalise(KNEE, start="2026-12-01")
    with pytest.raises(rk.RehabkitError, match="between 1 and 64"):
        rk.export_many([(tmp_path / "a.json", plan)], "json", workers=int(workers))


# ------------------------------------------------------------------ item 15: unnamed logs

STEADY = Path(__file__).parents[1] / "docs" / "examples" / "progression" / "log-steady.json"


@pytest.mark.parametrize(
    "unname",
    [
        {"patient": None, "patient_id": None},
        {"protocol": None, "patient": None, "patient_id": None},
    ],
    ids=["no patient", "neither patient nor protocol"],
)
def test_a_log_that_names_no_one_is_not_filed_under_any_plan(
    tmp_path: Path, unname: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from rehabkit._app.cli import main

    data = {k: v for k, v in json.loads(STEADY.read_text()).items() if k not in unname}
    log = rk.from_data(data, rk.SessionLog)
    plan = rk.personalise(KNEE, patient="Ben Okafor", patient_id="MRN-2", start="2026-12-01")
    with pytest.raises(rk.ExportError, match="unnamed_log=True"):
        rk.export(log, "fhir", plan=plan)
    bundle = json.loads(rk.export(log, "fhir", plan=plan, unnamed_log=True))
    assert bundle["resourceType"] == "Bundle"
    (tmp_path / "log.json").write_text(json.dumps(data))
    rk.dump(plan, tmp_path / "plan.json")
    argv = ["export", str(tmp_path / "log.json"), "--plan", str(tmp_path / "plan.json"),
            "--format", "fhir", "-o", str(tmp_path / "out.json")]  # fmt: skip
    assert main(argv) == 1
    assert "names no patient" in capsys.readouterr().err and not (tmp_path / "out.json").exists()
    assert main([*argv, "--option", "unnamed_log=true"]) == 0


def test_a_log_that_names_its_patient_and_protocol_exports_as_before() -> None:
    log = rk.load(STEADY, rk.SessionLog)
    plan = rk.personalise(KNEE, patient="Ana Lopez", start="2026-12-01")
    assert rk.export(log, "fhir", plan=plan).startswith(b"{")
