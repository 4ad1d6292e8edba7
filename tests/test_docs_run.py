"""Documentation that runs as written (issue 13): every `console` and `python` block of the
pages below runs, in order, in a fresh folder holding what the earlier blocks wrote.

Blocks are found with markdown-it-py, the CommonMark parser the tests already use: none of
mktestdocs, pytest-examples or doctest runs a shell session written with `$ ` prompts and
shell features (`>`, `cp`, `printf`), and the pages are written that way for readers. A
`console` block's `$ ` lines run in bash and must exit 0 (or the code a `# exits N` comment
gives); the lines after a command, if any, must each appear in what it printed. A `python` block runs as written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).parents[1]
PAGES = [
    "README.md", "docs/fhir.md", "docs/scale.md", "docs/illustrations.md", "docs/progression.md",
]  # fmt: skip
# Pages whose examples run in a folder of example files ("Run from that folder").
FOLDERS = {"docs/progression.md": ROOT / "docs" / "examples" / "progression"}


def blocks(
    page: Path, languages: tuple[str, ...] = ("console", "python")
) -> list[tuple[str, str, int]]:
    """(language, code, line) of every fenced block in ``languages``, in order."""
    tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
    return [
        (t.info.strip(), t.content, (t.map or [0])[0] + 1)
        for t in tokens
        if t.type == "fence" and t.info.strip() in languages
    ]


def commands(block: str) -> list[tuple[str, list[str]]]:
    """Each `$ ` command of a console block with the output lines shown under it."""
    found: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found and line.strip():
            found[-1][1].append(line.strip())
    return found


# A command the page shows failing says so: `$ rehabkit ... # exits 1`.
_EXITS = re.compile(r"#\s*exits (\d+)\s*$")


def run_console(block: str, folder: Path, where: str) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command, shown in commands(block):
        done = subprocess.run(
            ["bash", "-c", command], cwd=folder, capture_output=True, text=True, env=env,
            timeout=300,
        )  # fmt: skip
        said = done.stdout + done.stderr
        expected = int(m.group(1)) if (m := _EXITS.search(command)) else 0
        assert done.returncode == expected, f"{where}: $ {command}\n{said}"
        for line in shown:
            assert line in said, f"{where}: $ {command}\nexpected {line!r} in:\n{said}"


@pytest.mark.parametrize("page", PAGES)
def test_every_command_and_snippet_runs_as_written(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("protocols", "docs"):  # what the pages refer to, read-only
        (tmp_path / name).symlink_to(ROOT / name)
    if page in FOLDERS:
        for example in FOLDERS[page].glob("*.json"):
            (tmp_path / example.name).symlink_to(example)
    monkeypatch.chdir(tmp_path)
    found = blocks(ROOT / page)
    assert found, page
    for language, code, line in found:
        where = f"{page}, line {line}"
        if language == "console":
            run_console(code, tmp_path, where)
        else:
            exec(compile(code, where, "exec"), {"__name__": "__docs__"})


def test_a_broken_command_fails_the_run(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="no-such-protocol"):
        run_console("$ rehabkit show no-such-protocol\n", tmp_path, "example")
    with pytest.raises(AssertionError, match="expected 'valid'"):
        run_console("$ rehabkit list\nvalid\n", tmp_path, "example")
