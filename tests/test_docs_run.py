"""Documentation that runs as written (issue 13): every `console` and `python` block of the
pages below runs, in order, in a fresh folder holding what the earlier blocks wrote.

Blocks are found with markdown-it-py, the CommonMark parser the tests already use: none of
mktestdocs, pytest-examples or doctest runs a shell session written with `$ ` prompts and
shell features (`>`, `cp`, `printf`), and the pages are written that way for readers. A
`console` block's `$ ` lines run in bash and must exit 0 (or the code a `# exits N` comment
gives); the lines after a command, if any, must each appear in what it printed. A `python` block runs as written.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk

from .docs_helpers import ROOT, blocks, run_console
from .helpers import fake_distribution, thorough_after_first

PAGES = [
    "README.md", "docs/fhir.md", "docs/scale.md", "docs/illustrations.md", "docs/progression.md",
    "docs/languages.md", "docs/reporting.md",
]  # fmt: skip
# Pages whose examples run in a folder of example files ("Run from that folder").
FOLDERS = {"docs/progression.md": ROOT / "docs" / "examples" / "progression"}


@pytest.mark.parametrize("page", thorough_after_first(PAGES))
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


def test_the_plugin_guide_runs_as_written(tmp_path: Path) -> None:
    """docs/plugins.md: its example package, made from the page's own Python and TOML blocks
    and installed as pip would (a dist-info with those entry points), is listed, exports,
    and a broken plugin is reported beside working ones, as the console blocks show."""
    page = ROOT / "docs" / "plugins.md"
    [(_, module, _)], [(_, toml, _)] = blocks(page, ("python",)), blocks(page, ("toml",))
    site = tmp_path / "site"
    target = site / module.splitlines()[0].removeprefix("# ")  # rehabkit_markdown/__init__.py
    target.parent.mkdir(parents=True)
    target.write_text(module)
    # The table's lines, `name = "module:attribute"` (tomllib is Python 3.11 and later).
    section = toml.split('[project.entry-points."rehabkit.exporters"]\n')[1]
    lines = "".join(f"{n} = {v}\n" for n, v in re.findall(r'^(\S+) = "([^"]+)"$', section, re.M))
    assert lines
    fake_distribution(site, "rehabkit-markdown", lines)
    work = tmp_path / "work"
    work.mkdir()
    installed, broken = blocks(page, ("console",))
    # The plugin's folder first, then whatever rehabkit the caller runs (a worktree's src).
    env_path = {
        "PYTHONPATH": os.pathsep.join(filter(None, (str(site), os.environ.get("PYTHONPATH"))))
    }
    run_console(installed[1].replace("$ pip install rehabkit-markdown\n", ""), work, "plugins",
                env_path)  # fmt: skip
    fake_distribution(site, "rehabkit-broken", "broken = no_such_module:Exporter\n")
    run_console(broken[1], work, "plugins, a broken plugin", env_path)


def _fragment(code: str) -> Any:
    """A JSON fragment of a reference page as data: ``...`` stands for what the page leaves
    out, and a fragment of members (``"key": value, ...``) is read inside braces."""
    text = re.sub(r",\s*\.\.\.", "", code.strip())
    return json.loads(text if text.startswith("{") else "{" + text + "}")


def test_the_json_fragments_of_the_references_mean_what_they_say() -> None:
    """docs/file-format.md, docs/session-log.md and docs/illustrations.md: each JSON block is
    valid where the page says it is, and does what the text beside it says."""
    header, dosage = (_fragment(c) for _, c, _ in blocks(ROOT / "docs/file-format.md", ("json",)))
    assert header["$schema"] == rk.schema("protocol")["$id"]

    knee = rk.to_data(rk.bundled("runners-knee"))
    knee["default_dosage"] = dosage["default_dosage"]
    for exercise in knee["exercises"]:
        exercise.pop("dosage", None)
        if exercise["id"] == dosage["exercises"][0]["id"]:
            exercise["dosage"] = dosage["exercises"][0]["dosage"]
    resolved = rk.from_data(knee).dosage_for("inner-range-quads").describe()
    page = (ROOT / "docs/file-format.md").read_text(encoding="utf-8")
    assert f'resolves Inner Range Quads to "{resolved}"' in page

    [(_, log, _)] = blocks(ROOT / "docs/session-log.md", ("json",))
    assert isinstance(rk.loads(log), rk.SessionLog)
    plan = rk.personalise(rk.bundled("runners-knee"), start="2026-12-01", patient="Ana Lopez")
    rk.assess(plan, rk.loads(log), on="2026-12-02")  # the page: it matches the plan's patient
    other = rk.personalise(rk.bundled("runners-knee"), start="2026-12-01", patient="Ben Okafor")
    with pytest.raises(rk.MismatchError):
        rk.assess(other, rk.loads(log), on="2026-12-02")  # "or assess refuses the log"

    [(_, pose, _)] = blocks(ROOT / "docs/illustrations.md", ("json",))
    clam = next(e for e in knee["exercises"] if e["id"] == "side-lying-clam")
    clam["pose"] = _fragment(pose)["pose"]
    drawn = rk.illustrate(rk.from_data(knee), "side-lying-clam")
    assert drawn[0].exercise == "side-lying-clam" and "<svg" in drawn[0].svg
