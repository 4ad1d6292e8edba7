"""docs/tutorial.md, followed as a reader would (issue 13): each step's JSON is added to
`my-protocol.json`, each `rehabkit` command runs and prints what the page shows (the fields
a step has not reached yet are reported missing, exactly), the Python session runs, and
the file at the end is the bundled protocols/achilles-example.json. Installing is not run:
the tests run in the installed package."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

from .docs_helpers import ROOT, blocks, run_console

TUTORIAL = ROOT / "docs" / "tutorial.md"


def test_the_tutorial_builds_the_bundled_protocol_step_by_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    built: dict[str, object] = {}
    (tmp_path / "my-protocol.json").write_text("{}")
    steps = blocks(TUTORIAL, ("json", "console", "pycon"))
    assert [lang for lang, _, _ in steps].count("json") == 6
    for language, code, line in steps:
        where = f"tutorial.md, line {line}"
        if language == "json":
            built.update(json.loads(code))  # every step is whole JSON, no "..."
            (tmp_path / "my-protocol.json").write_text(json.dumps(built, indent=2))
        elif language == "console":
            shell = "\n".join(x for x in code.splitlines() if "pip install" not in x)
            run_console(shell, tmp_path, where)
        else:
            test = doctest.DocTestParser().get_doctest(code, {}, where, where, line)
            runner = doctest.DocTestRunner()
            runner.run(test)
            assert runner.failures == 0, where
    bundled = json.loads((ROOT / "protocols" / "achilles-example.json").read_text())
    assert built == bundled
