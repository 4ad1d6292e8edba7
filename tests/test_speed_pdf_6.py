"""Issue 28, the CLI's PDF export in 200 ms, sixth pass: each change keeps what it made.

- The command ends its process at once when it is done (``cli.leave``), where nothing else
  would run at exit: Python's exit only freed every object and module, some 15 ms of a PDF
  export. Its files and its output are whole, its exit codes the same; an ``atexit``
  callback or a running thread still gets the ordinary exit; run by other code through
  ``runpy``, it still raises SystemExit to its caller.
- A handout's drawings are kept beside the bundled protocols' cache
  (``_view/kept_drawings.py``), keyed by what they are drawn from: read back, they are the
  drawings made afresh, for every bundled protocol, either side and each language; a
  damaged entry, or one with markup the drawing code does not write (a script, an event
  handler, a link, a style), is drawn again; anything a drawing is drawn from changes its
  key; and the PDF made with them is byte for byte the PDF made with no cache. The key to
  the pictures takes the drawings' colours from a module of their own, not from the
  shapes' classes.
- The output's temporary file is made as ``tempfile.mkstemp`` makes it, without importing
  tempfile (and random), and ctypes is imported only where a file system has
  no hard links.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The command as other code runs it (the ordinary exit: SystemExit reaches the caller).
_BY_RUNPY = (
    "import sys, runpy; sys.argv = ['rehabkit', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('rehabkit', run_name='__main__')\n"
    "except SystemExit as exc:\n    sys.stdout.flush(); sys.exit(exc.code)\n"
)


def _command(argv: list[str], tmp_path: Path, *, fast: bool) -> subprocess.CompletedProcess[bytes]:
    how = ["-m", "rehabkit"] if fast else ["-c", _BY_RUNPY]
    env = dict(os.environ, REHABKIT_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, *how, *argv], capture_output=True, env=env, cwd=tmp_path)


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "runners-knee"],  # more than a pipe's buffer of output
        ["validate", "no-such-file.json"],  # exit code 1, its message on stderr
        ["export", "runners-knee", "--format", "nonesuch"],  # a usage error: 2
        ["export", "runners-knee", "--format", "json", "--start", "2026-12-01", "-o", "-"],
    ],
)
def test_the_quick_exit_keeps_the_output_and_the_exit_code(argv: list[str], tmp_path: Path) -> None:
    quick = _command(argv, tmp_path, fast=True)
    ordinary = _command(argv, tmp_path, fast=False)
    assert (quick.returncode, quick.stdout, quick.stderr) == (
        ordinary.returncode,
        ordinary.stdout,
        ordinary.stderr,
    )
    assert quick.stdout or quick.stderr


def test_the_quick_exit_leaves_the_pdf_whole(tmp_path: Path) -> None:
    pytest.importorskip("typst")
    made = {}
    for fast in (True, False):
        out = tmp_path / f"{fast}.pdf"
        argv = ["export", "runners-knee", "--format", "pdf", "-o", str(out)]
        done = _command([*argv, "--patient", "A Person", "--side", "left"], tmp_path, fast=fast)
        assert done.returncode == 0, done.stderr
        made[fast] = out.read_bytes()
    assert made[True] == made[False] and made[True].rstrip().endswith(b"%%EOF")


# A program that runs the command as its own main module, as ``python -m`` does; an object
# it holds says so when Python's exit frees it.
_AS_MAIN = """
import atexit, runpy, sys, threading, time
class Told:
    def __del__(self):
        sys.stdout.write("freed\\n")
held = Told()
if "atexit" in sys.argv:
    atexit.register(lambda: sys.stdout.write("atexit ran\\n"))
if "thread" in sys.argv:
    threading.Thread(target=lambda: (time.sleep(0.2), sys.stdout.write("thread ran\\n"))).start()
sys.argv = ["rehabkit", "list"]
runpy.run_module("rehabkit", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ([], []),  # the quick exit: nothing is freed one by one
        (["atexit"], ["atexit ran", "freed"]),
        (["thread"], ["thread ran", "freed"]),
    ],
)
def test_an_atexit_callback_or_a_thread_gets_the_ordinary_exit(
    extra: list[str], expected: list[str]
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _AS_MAIN, *extra], capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert "runners-knee" in done.stdout
    assert [line for line in lines if line in ("atexit ran", "thread ran", "freed")] == expected


def test_the_console_command_is_the_one_that_ends_the_process() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 on
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["rehabkit"] == "rehabkit._app.cli:run"


# --------------------------------------------------------------------------- kept drawings

import rehabkit as rk  # noqa: E402
from rehabkit._core.i18n import speaking  # noqa: E402
from rehabkit._view import kept_drawings  # noqa: E402

BUNDLED = [p.stem for p in sorted((ROOT / "protocols").glob("*.json"))]


def _documents(name: str) -> list[object]:
    protocol = rk.bundled(name)
    events = {e.id: "2026-11-20" for e in protocol.events}
    given = dict(start="2026-12-01", events=events, allow_example=True)
    return [
        protocol,
        rk.personalise(protocol, patient="A Person", side="left", **given),  # type: ignore[arg-type]
        rk.personalise(protocol, patient="B Person", side="right", **given),  # type: ignore[arg-type]
    ]


def _no_drawing(document: object) -> None:
    raise AssertionError("drawn again, where the kept drawing was meant")


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_a_kept_drawing_is_the_drawing_made_afresh(
    name: str, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For every bundled protocol, as itself and as a plan for either side, in each of
    rehabkit's languages: the drawings read back from the cache are those drawn now."""
    monkeypatch.setenv("REHABKIT_CACHE_DIR", str(tmp_path))
    draw = kept_drawings.drawn
    for document in _documents(name):
        with speaking(language):
            fresh = draw(document)  # type: ignore[arg-type]
            assert kept_drawings.kept_figures(document) == fresh  # type: ignore[arg-type]
            monkeypatch.setattr(kept_drawings, "drawn", _no_drawing)
            assert kept_drawings.kept_figures(document) == fresh  # type: ignore[arg-type]
            monkeypatch.setattr(kept_drawings, "drawn", draw)


def _entry(folder: Path) -> Path:
    (entry,) = folder.glob("drawings.*.json")
    return entry


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.replace('"key": "', '"key": "0', 1),  # made from something else
        lambda text: text.replace('"panels": false', '"panels": "no"', 1),  # not a drawing
        lambda text: "[]",
        lambda text: "\x00",
    ],
    ids=["truncated", "other key", "wrong shape", "not an entry", "not json"],
)
def test_a_damaged_entry_is_drawn_again_and_replaced(
    damage: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REHABKIT_CACHE_DIR", str(tmp_path))
    plan = _documents("runners-knee")[1]
    fresh = kept_drawings.kept_figures(plan)  # type: ignore[arg-type]
    entry = _entry(tmp_path)
    text = entry.read_text(encoding="utf-8")
    assert damage(text) != text
    entry.write_text(damage(text), encoding="utf-8")
    assert kept_drawings.kept_figures(plan) == fresh  # type: ignore[arg-type]
    monkeypatch.setattr(kept_drawings, "drawn", _no_drawing)
    assert kept_drawings.kept_figures(plan) == fresh  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<title", "<script>alert(1)</script><title"),
        ("<svg ", '<svg onload="alert(1)" '),
        ("<title", '<a href="javascript:alert(1)"><title'),
        ("<title", '<title style="x"'),
        ("</title>", "&#60;script&#62;</title>"),
        ("</title>", "<![CDATA[x]]></title>"),
    ],
    ids=["a script", "an event handler", "a link", "a style", "an entity", "cdata"],
)
def test_an_entry_with_markup_the_drawing_code_does_not_write_is_drawn_again(
    old: str, new: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML handout sets a drawing's SVG as markup: an entry of the right key whose SVG
    holds anything else is not used."""
    monkeypatch.setenv("REHABKIT_CACHE_DIR", str(tmp_path))
    plan = _documents("runners-knee")[1]
    fresh = kept_drawings.kept_figures(plan)  # type: ignore[arg-type]
    entry = _entry(tmp_path)
    planted = json.loads(entry.read_text(encoding="utf-8"))
    for figure in planted["figures"].values():
        assert old in figure["svg"]
        figure["svg"] = figure["svg"].replace(old, new, 1)
    entry.write_text(json.dumps(planted), encoding="utf-8")
    assert kept_drawings.kept_figures(plan) == fresh  # type: ignore[arg-type]
    page = rk.export(plan, "html").decode()  # type: ignore[arg-type]
    assert "alert(1)" not in page and 'style="x"' not in page and "CDATA" not in page


def test_what_a_drawing_is_drawn_from_changes_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another angle, another side, another language, another pose, rehabkit's code
    changed: each is drawn anew, never read from the entry made before it."""
    monkeypatch.setenv("REHABKIT_CACHE_DIR", str(tmp_path))
    protocol = rk.bundled("runners-knee")
    plan = rk.personalise(protocol, patient="A Person", side="left", start="2026-12-01")
    kept_drawings.kept_figures(plan)  # type: ignore[arg-type]
    from attrs import evolve

    def bent(item: Any) -> Any:
        angles = tuple(evolve(a, angle=rk.Quantity(45, "deg")) for a in item.joint_angles)
        return evolve(item, joint_angles=angles)

    changed_angles = evolve(plan, exercises=tuple(bent(i) for i in plan.exercises))

    wall_sit = next(e for e in protocol.exercises if e.id == "wall-sit")
    assert wall_sit.pose is not None
    other_pose = evolve(
        protocol,
        exercises=tuple(
            evolve(e, pose=evolve(e.pose, position=rk.BodyPosition.SITTING))
            if e.id == "wall-sit" else e
            for e in protocol.exercises
        ),
    )  # fmt: skip
    others: list[tuple[object, str]] = [
        (changed_angles, "en"),
        (rk.personalise(protocol, patient="A", side="right", start="2026-12-01"), "en"),
        (plan, "es"),
        (other_pose, "en"),
    ]
    for document, language in others:
        with speaking(language):
            assert kept_drawings.kept_figures(document) == kept_drawings.drawn(document)  # type: ignore[arg-type]
    kept_drawings.kept_figures(plan)  # type: ignore[arg-type]
    monkeypatch.setattr(kept_drawings, "entry_key", lambda made_from: "a changed rehabkit")
    calls: list[object] = []
    monkeypatch.setattr(kept_drawings, "drawn", lambda d: calls.append(d) or {})
    kept_drawings.kept_figures(plan)  # type: ignore[arg-type]
    assert calls == [plan]


def test_no_cache_folder_draws_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REHABKIT_CACHE_DIR", "")
    calls: list[object] = []
    monkeypatch.setattr(kept_drawings, "drawn", lambda d: calls.append(d) or {})
    plan = _documents("runners-knee")[1]
    kept_drawings.kept_figures(plan)  # type: ignore[arg-type]
    kept_drawings.kept_figures(plan)  # type: ignore[arg-type]
    assert calls == [plan, plan]


# Imported only to draw anew, or to write without hard links: none is needed here.
_SOLVER = (
    "rehabkit._view.illustrate.figure",
    "rehabkit._view.illustrate.illustration",
    "rehabkit._view.illustrate.canvas",  # the drawing's shapes: the key needs its colours only
    "tempfile",
    "random",
    "ctypes",
)
_MODULES_AFTER = (
    "import json, sys, runpy; sys.argv = ['rehabkit', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('rehabkit', run_name='__main__')\n"
    "except SystemExit as exc:\n    code = exc.code\n"
    "print(json.dumps([sorted(sys.modules), code]))"
)


def test_a_pdf_with_kept_drawings_is_the_pdf_drawn_afresh(tmp_path: Path) -> None:
    """The CLI's export, its drawings kept from the export before, is byte for byte the
    export with no cache at all; and it imports neither the solver nor the SVG writer, nor
    tempfile (the output's temporary file is made as mkstemp makes it) nor ctypes."""
    pytest.importorskip("typst")
    argv = ["export", "runners-knee", "--format", "pdf", "--force"]
    argv += ["--patient", "A Person", "--side", "left"]
    made = []
    for cache in ("", str(tmp_path / "cache"), str(tmp_path / "cache")):
        out = tmp_path / "x.pdf"
        env = dict(os.environ, REHABKIT_CACHE_DIR=cache)
        done = subprocess.run(
            [sys.executable, "-c", _MODULES_AFTER, *argv, "-o", str(out)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        modules, code = json.loads(done.stdout.strip().splitlines()[-1])
        assert code == 0
        made.append(out.read_bytes())
    assert made[0] == made[1] == made[2]
    assert sorted(set(_SOLVER) & set(modules)) == []


def test_the_temporary_file_takes_another_name_where_one_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made as ``tempfile.mkstemp`` makes it: only where nothing is (a name taken, a link
    there included, is passed over for another), 0600 while it holds the content."""
    from rehabkit._core import output

    names = iter([b"\x00" * 6, b"\x00" * 6, b"\x01" * 6])
    monkeypatch.setattr(os, "urandom", lambda n: next(names))
    taken = tmp_path / f".h.pdf.{'00' * 6}.tmp"
    taken.symlink_to(tmp_path / "elsewhere")
    modes = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        modes.append(os.fstat(fd).st_mode & 0o777)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    output.write_file(tmp_path / "h.pdf", b"mine")
    assert (tmp_path / "h.pdf").read_bytes() == b"mine" and modes == [0o600]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["h.pdf", taken.name])
    assert not (tmp_path / "elsewhere").exists()
