"""Reading the documentation's pages: their fenced blocks, and running a console block's
commands as a reader would, checking the output and exit code the page shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).parents[1]


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


def run_console(
    block: str, folder: Path, where: str, extra_env: dict[str, str] | None = None
) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.update(extra_env or {})
    for command, shown in commands(block):
        done = subprocess.run(
            ["bash", "-c", command], cwd=folder, capture_output=True, text=True, env=env,
            timeout=300,
        )  # fmt: skip
        said = done.stdout + done.stderr
        expected = int(m.group(1)) if (m := _EXITS.search(command)) else 0
        assert done.returncode == expected, f"{where}: $ {command}\n{said}"
        fault = output_fault(shown, said)
        assert fault is None, f"{where}: $ {command}\n{fault}:\n{said}"


EXCERPT = "..."
"""In a command's output shown on a page: a line of its own stands for any number of lines
left out (the output shown is then an excerpt); within a line, for any text (a size, a
time). Without a line of its own the output shown is the whole output."""


def _line(shown: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in shown.split(EXCERPT)))


def _matches(shown: list[str], printed: list[str]) -> bool:
    if not shown:
        return not printed
    if shown[0] == EXCERPT:
        return any(_matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return (
        bool(printed)
        and bool(_line(shown[0]).fullmatch(printed[0]))
        and _matches(shown[1:], printed[1:])
    )


def output_fault(shown: list[str], said: str) -> str | None:
    """What is wrong with the output a page shows for a command, given what it printed;
    None when it is true: the printed lines (each stripped, blank lines left out), matched
    line by line, ``...`` as EXCERPT says."""
    if not shown:
        return None
    printed = [line.strip() for line in said.splitlines() if line.strip()]
    if _matches(shown, printed):
        return None
    whole = EXCERPT not in shown
    first = next(
        (f"expected {w!r}, not {g!r}" for w, g in zip(shown, printed, strict=False)
         if w != EXCERPT and not _line(w).fullmatch(g)),
        None,
    ) if whole else None  # fmt: skip
    if first:
        return first
    return f"expected {shown!r} ({'the whole output' if whole else 'an excerpt'})"
