"""Issue 28, the CLI's PDF export in 200 ms, sixth pass: each change keeps what it made.

- The command ends its process at once when it is done (``cli.leave``), where nothing else
  would run at exit: Python's exit only freed every object and module, some 15 ms of a PDF
  export. Its files and its output are whole, its exit codes the same; an ``atexit``
  callback or a running thread still gets the ordinary exit; run by other code through
  ``runpy``, it still raises SystemExit to its caller.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
