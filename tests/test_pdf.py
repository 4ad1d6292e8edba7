"""Patient handouts, read back by real parsers (pypdf, and poppler where installed)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._app.cli import main

from .pdf_reading import pypdf_text, squeeze, write

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")

HOSTILE = "#set page(fill: red) $x^2$ [a] <b> \\c *d* _e_ @f // g"


def text_of(pdf: bytes, tmp_path: Path) -> str:
    """The text layer with spaces, hyphens and line-break marks taken out: compare it
    with ``squeeze(expected)``, whatever the line breaks and hyphenation."""
    return squeeze(pypdf_text(write(pdf, tmp_path), footers=True))


@pytest.fixture(scope="module")
def plan() -> rk.Plan:
    return personalise(
        rk.bundled("runners-knee"), patient="Ana Lopez", side="left", start=dt.date(2026, 12, 1),
        weeks=6, clinician="Sam Physio", clinician_contact="01234 567890",
    )  # fmt: skip


@pytest.fixture(scope="module")
def handout(plan: rk.Plan) -> bytes:
    return rk.export(plan, "pdf")


def test_every_element_is_in_the_handout(handout: bytes, plan: rk.Plan, tmp_path: Path) -> None:
    text = text_of(handout, tmp_path)
    protocol = plan.protocol
    for ex in (e.for_side(plan.side) for e in protocol.exercises):
        assert squeeze(ex.name) in text, ex.name
        assert squeeze(" ".join(ex.feel.split())) in text
        for step in ex.steps:
            assert squeeze(step) in text, step
    assert squeeze("3 sets of 12 repetitions") in text
    assert squeeze("hold 5 s") in text
    for expected in ("Ana Lopez", "Left", "1 December 2026", "Sam Physio (01234 567890)"):
        assert squeeze(expected) in text
    # The log says a day short under its month's heading (tests/test_handout_length.py
    # reads each back in order, under its month).
    for day in plan.session_dates():
        assert squeeze(f"{day:%a} {day.day}") in text, day
        assert squeeze(f"{day:%B %Y}") in text, day
    assert squeeze(protocol.disclaimer) in text
    assert squeeze(protocol.supervision) in text
    assert squeeze(protocol.pain_guidance.summary) in text
    for stop in protocol.stop_criteria:
        assert squeeze(stop.text) in text
    assert squeeze("Runners Knee Exercises (Strengthening Exercises)") in text
    assert squeeze("Flawless Physio") in text
    assert squeeze("Bend your knees more, towards 60 degrees.") in text  # harder
    assert squeeze("Bend your knees less, towards 30 degrees.") in text  # easier
    pages = len(pypdf.PdfReader(_write(handout, tmp_path)).pages)
    assert squeeze(f"Page 1 of {pages}") in text
    assert squeeze(f"Page {pages} of {pages}") in text


def _write(pdf: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "h.pdf"
    path.write_bytes(pdf)
    return path


def test_metadata_tagging_and_language(handout: bytes, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(_write(handout, tmp_path))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Strengthening exercises for runner's knee"
    assert meta.author == "rehabkit editors"  # the protocol's authors: its editors
    assert meta.subject is not None and "Ana Lopez" in meta.subject
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"  # the protocol's language, with its region
    assert bool(root["/MarkInfo"]["/Marked"])
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4


def test_body_text_is_at_least_12pt(handout: bytes, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(_write(handout, tmp_path))
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * abs(tm[0]) if tm[0] else size)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes
    assert min(sizes) >= 12


def test_us_letter_and_pdf_a(plan: rk.Plan, tmp_path: Path) -> None:
    pdf = rk.export(plan, "pdf", paper="letter", pdf_standard="a-2b")
    reader = pypdf.PdfReader(_write(pdf, tmp_path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*2", xmp)
    assert re.search(r"pdfaid:conformance[^A-Z]*B", xmp)


def test_hostile_name_comes_out_literally(tmp_path: Path) -> None:
    plan = personalise(
        rk.bundled("runners-knee"), patient=HOSTILE, start=dt.date(2026, 12, 1), weeks=1
    )
    text = text_of(rk.export(plan, "pdf"), tmp_path)
    assert squeeze(HOSTILE) in text


def test_greek_renders_with_a_font_that_covers_it(tmp_path: Path) -> None:
    fonts = [p for p in ("/usr/share/fonts/truetype/dejavu",) if Path(p).is_dir()]
    name = "Ελένη Παπαδοπούλου"
    plan = personalise(
        rk.bundled("runners-knee"), patient=name, start=dt.date(2026, 12, 1), weeks=1
    )
    text = text_of(rk.export(plan, "pdf", font_paths=fonts), tmp_path)
    assert squeeze(name) in text


def test_generic_handout_for_a_bare_protocol(tmp_path: Path) -> None:
    protocol = rk.bundled("achilles-example")
    text = text_of(rk.export(protocol, "pdf"), tmp_path)
    for ex in protocol.exercises:
        assert squeeze(ex.name) in text
    assert squeeze("5 sets, hold 45 s") in text
    assert squeeze("Write the date") in text
    assert squeeze(protocol.disclaimer) in text


def test_bad_options_are_clear_errors(plan: rk.Plan) -> None:
    with pytest.raises(rk.ExportError, match="paper"):
        rk.export(plan, "pdf", paper="a5")
    with pytest.raises(rk.ExportError, match="pdf_standard"):
        rk.export(plan, "pdf", pdf_standard="x")
    with pytest.raises(rk.ExportError, match="unknown option"):
        rk.export(plan, "pdf", colour="red")
    with pytest.raises(rk.ExportError, match="does not exist"):
        rk.export(plan, "pdf", font_paths=["/no/such/fonts"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_cli_handout_read_by_poppler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["export", "runners-knee", "--format", "pdf", "--patient", "Ana Lopez",
                 "--side", "left", "--start", "2026-12-01", "-o", "h.pdf"])  # fmt: skip
    assert code == 0
    out = subprocess.run(
        ["pdftotext", "h.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(out.split())
    assert "Ana Lopez" in flat
    assert "Inner Range Quads" in flat
    assert "not medical advice" in flat
    info = subprocess.run(["pdfinfo", "h.pdf"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Title:\s+Strengthening exercises for runner's knee", info)


def test_handout_for_an_advanced_plan(tmp_path: Path) -> None:
    examples = Path(__file__).parents[1] / "docs" / "examples" / "progression"
    plan = rk.load(examples / "plan-squat.json", rk.Plan)
    text = text_of(rk.export(plan, "pdf"), tmp_path)
    assert (
        squeeze("You have moved on from this exercise to the Shallow Squat with Resistance Band")
        in text
    )
    assert squeeze("Later in your programme") not in text
    wall_60 = rk.load(examples / "plan-wall-sit-60.json", rk.Plan)
    text = text_of(rk.export(wall_60, "pdf"), tmp_path)
    assert (
        squeeze("knee bend 60 degrees") in text
    )  # the plan's current angle, not the protocol's range
    assert squeeze("Later in your programme, in place of the Wall Sit") in text


def test_the_letters_assumed_in_atkinson_are_in_its_cmap() -> None:
    """Handouts written only in these letters skip reading the font's cmap."""
    import os

    from rehabkit._formats.handout import pdf

    font = os.path.join(pdf._font_dirs()[0], "AtkinsonHyperlegible-Regular.ttf")
    covered = pdf._covered(font)
    assert [c for c in pdf.ATKINSON_SURE if ord(c) not in covered] == []


def test_handouts_made_on_many_threads_at_once_are_whole_and_the_same() -> None:
    """Found by running docs/scale.md's Dask recipe on threads: a kept Typst compiler
    cannot compile two documents at once ("Already borrowed")."""
    from concurrent.futures import ThreadPoolExecutor

    knee = rk.bundled("runners-knee")
    plans = [personalise(knee, patient=f"P{n}", start="2026-12-01") for n in range(6)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(pool.map(lambda p: rk.export(p, "pdf"), plans))
    assert together == [rk.export(p, "pdf") for p in plans]
