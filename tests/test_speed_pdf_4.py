"""Issue 28, the CLI's PDF export: each fast path gives what the slow one gave.

- The command line builds the parser of the one command it is asked for (its module alone
  imported): the arguments parse to the same namespace, and help and errors read the same,
  as with every command's parser.
- The handout's log makes each exercise's cell once, not once a row: the PDF is the same,
  byte for byte, as when each row makes its own.
- The characters a handout sets (which choose its fonts) are found by a plain descent: the
  same set as ``walk`` finds, a figure's SVG left out.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app import cli

# --------------------------------------------------------------------------- the parser

# Each command with arguments it accepts, and the options each of its arguments may take.
PARSED = [
    ["validate", "a.json", "b.json", "--format", "json"],
    ["list"],
    ["show", "runners-knee", "--language", "es"],
    ["schema", "--name", "plan"],
    ["exporters", "--format", "json"],
    ["export", "runners-knee", "--format", "pdf", "-o", "x.pdf", "--force", "--patient", "A",
     "--side", "LEFT", "--event", "surgery=2026-11-20", "--event", "b=2026-11-21",
     "--option", "paper=letter", "--measure", "mvc=200N.m", "--weeks", "6"],
    ["export", "plan.json", "--format", "fhir"],
    ["report", "runners-knee"],
    ["assess", "plan.json", "log.json"],
    ["advance", "plan.json", "log.json", "-o", "next.json"],
    ["log", "start", "plan.json", "-o", "log.json"],
    ["illustrate", "runners-knee"],
    ["batch", "runners-knee", "people.csv"],
    ["fhir-package"],
    ["--version"],
]  # fmt: skip

# Arguments each command refuses: the narrow parser must refuse them in the same words.
REFUSED = [
    ["export"],
    ["export", "runners-knee", "--side", "middle"],
    ["export", "runners-knee", "--weeks", "many"],
    ["validate", "--format", "yaml", "a.json"],
    ["log"],
    ["log", "add"],
    ["show"],
    ["export", "runners-knee", "--no-such-option"],
    ["schema", "--name", "nothing"],
    ["exprt", "runners-knee"],
    [],
]


def _full_parser() -> argparse.ArgumentParser:
    return cli.build_parser()


def _outcome(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[Any, str, str]:
    """The namespace (or exit code), and what the parser printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: Any = vars(parser.parse_args(argv))
        except SystemExit as exc:
            result = exc.code
    return result, out.getvalue(), err.getvalue()


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_the_command_table_lists_what_the_modules_add_in_help_order() -> None:
    assert _subcommands(_full_parser()) == list(cli.COMMANDS)
    for name, module in cli.COMMANDS.items():
        alone = cli.build_parser([name])
        assert name in _subcommands(alone)
        # The module's other commands come with it, and nothing else.
        assert set(_subcommands(alone)) == {n for n, m in cli.COMMANDS.items() if m == module}


@pytest.mark.parametrize("argv", PARSED + REFUSED, ids=lambda a: " ".join(a) or "nothing")
def test_the_one_command_parser_parses_as_the_full_one(argv: list[str]) -> None:
    assert _outcome(cli.build_parser(argv), argv) == _outcome(_full_parser(), argv)


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_each_commands_help_reads_the_same(name: str) -> None:
    argv = [name, "--help"]
    narrow = _outcome(cli.build_parser(argv), argv)
    assert narrow == _outcome(_full_parser(), argv)
    assert narrow[0] == 0 and name in narrow[1]


def test_no_command_or_a_mistyped_one_gets_every_command() -> None:
    for argv in ([], ["--help"], ["exprt"], ["-"]):
        assert _subcommands(cli.build_parser(argv)) == list(cli.COMMANDS)


_APP_MODULES = (
    "import sys, runpy; sys.argv = ['rehabkit', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('rehabkit', run_name='__main__')\n"
    "except SystemExit as exc:\n    code = exc.code\n"
    "print(sorted(m for m in sys.modules if m.startswith('rehabkit._app.')), code)"
)


def test_an_export_imports_no_other_commands_module(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    argv = ["export", "runners-knee", "--format", "json", "-o", str(out), "--start", "2026-12-01"]
    found = subprocess.run(
        [sys.executable, "-c", _APP_MODULES, *argv], capture_output=True, text=True, check=True
    )
    modules, code = found.stdout.strip().splitlines()[-1].rsplit(" ", 1)
    assert code == "0" and out.exists()
    loaded = {m.removeprefix("rehabkit._app.") for m in eval(modules)}  # a list's repr
    assert "export" in loaded
    assert not loaded & (set(cli.COMMANDS.values()) - {"export"})


# --------------------------------------------------------------------------- the log's cells

typst = pytest.importorskip("typst")
from rehabkit._formats.handout import pdf  # noqa: E402 (only with the pdf extra)

from .template_compare import both_ways, event_plan  # noqa: E402

TEMPLATE = Path(pdf.__file__).parent / "templates" / "handout.typ"
# The cells made once: what each row used to make for itself, written back in.
MADE_ONCE = {
    "cells.at(i)": "cell(d.log.exercises.at(i).asks)",
    "told-cells.at(i)": "cell(d.log.exercises.at(i).asks, told: true)",
}


def _each_row_makes_its_cells(template: str) -> str:
    pattern = re.compile(r"(?<![-\w])(told-cells|cells)\.at\(i\)")
    found = pattern.findall(template)
    assert sorted(set(found)) == ["cells", "told-cells"], "the log no longer makes its cells once"
    return pattern.sub(lambda m: MADE_ONCE[m.group(0)], template)


@pytest.mark.parametrize(
    ("protocol_id", "language", "options"),
    [
        ("runners-knee", None, {}),  # a daily log, every exercise due every day
        # phases: dashed boxes for "when told"
        pytest.param("acl-early-rehab", None, {}, marks=pytest.mark.thorough),
        # the lines stacked under the box
        pytest.param("ankle-sprain", None, {"large_print": True}, marks=pytest.mark.thorough),
        # right to left
        pytest.param("runners-knee", "ar", {"paper": "letter"}, marks=pytest.mark.thorough),
    ],
)
def test_cells_made_once_give_the_same_pdf_bytes(
    protocol_id: str,
    language: str | None,
    options: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slow = _each_row_makes_its_cells(TEMPLATE.read_text(encoding="utf-8"))
    fast, slow_pdf = both_ways(
        event_plan(protocol_id, language), options, slow, tmp_path, monkeypatch
    )
    assert fast == slow_pdf


# --------------------------------------------------------------------------- the characters set


def _walked(value: Any) -> set[str]:
    """The characters as the exporter found them before: every text value ``walk`` names,
    but a figure's SVG."""
    from rehabkit._core.tree import walk

    return {
        c for path, v in walk(value) if isinstance(v, str) and not path.endswith(".svg") for c in v
    }


@pytest.mark.parametrize(
    ("protocol_id", "language"),
    [*((i, None) for i in rk.bundled_ids()), ("runners-knee", "es"), ("runners-knee", "ar")],
)
def test_the_characters_are_those_a_walk_finds(protocol_id: str, language: str | None) -> None:
    from rehabkit._view.handout import view_model

    protocol = rk.bundled(protocol_id)
    if protocol.example:
        document: Any = protocol  # a generic handout
    else:
        document = event_plan(protocol_id, language)
    for large_print in (False, True):
        data = view_model(document, large_print=large_print)
        data["extra"] = {"svg": "<svg>\u4e2d</svg>", "list": [{"svg": "\u05d0"}, "\u00e9"]}
        found = pdf._characters(data)
        assert found == _walked(data)
        assert "\u4e2d" not in found and "\u05d0" not in found and "\u00e9" in found
