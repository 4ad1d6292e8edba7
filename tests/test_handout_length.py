"""Issue 25, the goal left: page counts. The notes for the physiotherapist leave the
patient's handout (a clinician's copy prints them: ``clinician_notes=True``, the CLI's
``--clinician-notes``); the paper log runs in two halves side by side where they fit; the
rest is set compactly. Page counts and text are read with poppler (``pdfinfo``,
``pdftotext``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._view.handout import view_model

from .handout_helpers import html_handout
from .pdf_reading import poppler_available, poppler_pages, squeeze, write

START = dt.date(2026, 12, 1)

needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")
personalise = functools.partial(rk.personalise, allow_example=True)


def _plan(name: str, **options: object) -> rk.Plan:
    protocol = rk.bundled(name)
    events = {e.id: START.isoformat() for e in protocol.events}
    return personalise(
        protocol, patient="Ana Lopez", side="left", start=START, region="GB", events=events,
        **options,
    )  # fmt: skip


def _pdf_text(pdf: bytes, folder: Path) -> str:
    return squeeze(" ".join(poppler_pages(write(pdf, folder), layout=False)))


# --------------------------------------------------------------------------- the notes


def _notes(document: rk.Protocol | rk.Plan) -> list[str]:
    notes = view_model(document, clinician_notes=True)["clinician"]
    assert notes, "every bundled protocol has notes for its physiotherapist"
    return notes


@needs_poppler
@pytest.mark.parametrize("name", ["runners-knee", "acl-early-rehab"])
def test_the_patients_handout_leaves_the_physiotherapists_notes_out(
    name: str, tmp_path: Path
) -> None:
    """Decision 1: where names and pictures come from, the rules in full, the phases'
    entry criteria are what a clinician checks; the default PDF and HTML print none of
    them, nor their heading."""
    plan = _plan(name)
    assert view_model(plan)["clinician"] == []
    text = _pdf_text(rk.export(plan, "pdf"), tmp_path)
    html = squeeze(html_handout(plan).text())
    for note in _notes(plan):
        assert squeeze(note) not in text, note
        assert squeeze(note) not in html, note
    assert squeeze("For your physiotherapist") not in text
    assert squeeze("For your physiotherapist") not in html


@needs_poppler
@pytest.mark.parametrize("name", ["runners-knee", "acl-early-rehab"])
def test_a_clinicians_copy_prints_every_note(name: str, tmp_path: Path) -> None:
    plan = _plan(name)
    text = _pdf_text(rk.export(plan, "pdf", clinician_notes=True), tmp_path)
    html = squeeze(html_handout(plan, clinician_notes=True).text())
    for note in _notes(plan):
        assert squeeze(note) in text, note
        assert squeeze(note) in html, note


@pytest.mark.parametrize("format", ["pdf", "html"])
def test_clinician_notes_is_a_yes_or_no(format: str) -> None:
    with pytest.raises(rk.OptionError, match="clinician_notes must be true or false"):
        rk.export(rk.bundled("runners-knee"), format, clinician_notes="yes")


@needs_poppler
def test_the_cli_prints_a_clinicians_copy_on_request(tmp_path: Path) -> None:
    plain, copy = tmp_path / "patient.pdf", tmp_path / "clinician.pdf"
    common = ["export", "runners-knee", "--side", "left", "--start", "2026-12-01"]
    assert main([*common, "-o", str(plain)]) == 0
    assert main([*common, "--clinician-notes", "-o", str(copy)]) == 0
    note = squeeze("the picture is the editors' reading of the source's words")
    assert note not in _pdf_text(plain.read_bytes(), tmp_path)
    assert note in _pdf_text(copy.read_bytes(), tmp_path)


def test_the_cli_flag_is_for_handouts_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A usage error (exit 2) for a format that is not a handout, with no traceback."""
    target = tmp_path / "out.json"
    assert main(["export", "runners-knee", "--clinician-notes", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--clinician-notes is for the handouts" in err and "Traceback" not in err
    assert not target.exists()


def test_batch_passes_the_option_through(tmp_path: Path) -> None:
    """Batch takes the exporters' options as they are: clinician_notes=true prints the
    clinician's copy of every row."""
    rows = tmp_path / "p.csv"
    rows.write_text("name,id,side,start\nAna,1,left,2026-12-01\n")
    out = tmp_path / "out"
    argv = ["batch", "runners-knee", str(rows), "--format", "html", "-o", str(out)]
    assert main([*argv, "--option", "clinician_notes=true"]) == 0
    [page] = out.glob("*.html")
    assert "For your physiotherapist" in page.read_text(encoding="utf-8")


def _pages(pdf: bytes, folder: Path) -> int:
    out = subprocess.run(
        ["pdfinfo", str(write(pdf, folder))], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]
