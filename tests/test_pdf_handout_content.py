"""The PDF handout's content, read back by pypdf and poppler (issue 9, each case reproduced
first): lost safety text, the side, the paper log, clinician notes, the stop box,
layout, scripts, standards and large print."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._view.handout import view_model

from .handout_helpers import (
    bundled_documents,
    html_handout,
    labelled,
    log_table,
    printed_strings,
    stress_protocol,
    stress_texts,
)
from .handout_helpers import runners_knee_data as _runners_knee
from .pdf_reading import (
    poppler_available,
    poppler_pages,
    poppler_words,
    pypdf_text,
    squeeze,
    write,
)

# The tutorial's example protocol is marked as one; these tests make plans of it on purpose.
personalise = functools.partial(rk.personalise, allow_example=True)


pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")
needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")

START = dt.date(2026, 12, 1)
MARGIN = 1.5 / 2.54 * 72  # the template's 15 mm side margins (standard print), in points


@pytest.fixture(scope="module")
def stress_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan = personalise(stress_protocol(), patient="Stress Test", side="left", start=START)
    return write(rk.export(plan, "pdf"), tmp_path_factory.mktemp("stress"))


def test_stress_every_word_in_the_pypdf_text_layer(stress_pdf: Path) -> None:
    text = squeeze(pypdf_text(stress_pdf))
    for expected in stress_texts(stress_protocol()):
        assert squeeze(expected) in text, expected[:60]


@needs_poppler
def test_stress_every_word_in_the_poppler_text_layer(stress_pdf: Path) -> None:
    text = squeeze("".join(poppler_pages(stress_pdf, layout=False, footers=False)))
    text = text.replace(squeeze(stress_protocol().title), "")  # the footer's first column
    for expected in stress_texts(stress_protocol()):
        assert squeeze(expected) in text, expected[:60]


@needs_poppler
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_word_outside_the_margins(paper: str, tmp_path: Path) -> None:
    plan = personalise(stress_protocol(), patient="Stress Test", side="left", start=START)
    path = write(rk.export(plan, "pdf", paper=paper), tmp_path)
    for page, x0, y0, x1, y1, width, height in poppler_words(path):
        assert x0 >= MARGIN - 1 and x1 <= width - MARGIN + 1, (page, x0, x1)
        assert y0 >= 0 and y1 <= height, (page, y0, y1)


def _headings(path: Path) -> set[str]:
    """Every heading of the PDF, as its outline (the bookmarks a reader shows) lists them."""

    def titles(outline: list[Any]) -> list[str]:
        return [t for item in outline
                for t in (titles(item) if isinstance(item, list) else [item.title])]  # fmt: skip

    return set(titles(pypdf.PdfReader(path).outline))


def _last_lines(path: Path) -> list[str]:
    """The last line of text above the footer on each page but the last."""
    lasts = []
    for page in poppler_pages(path)[:-1]:
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        lasts.append(lines[-2] if len(lines) > 1 else "")
    return lasts


@needs_poppler
@pytest.mark.parametrize(
    ("name", "paper"),
    [("runners-knee", "a4"), ("runners-knee", "letter"), ("achilles-example", "a4"),
     ("achilles-eccentric", "letter"), ("stress", "a4")],
)  # fmt: skip
def test_a_heading_is_never_the_last_line_of_a_page(name: str, paper: str, tmp_path: Path) -> None:
    protocol = stress_protocol() if name == "stress" else rk.bundled(name)
    plan = personalise(protocol, patient="Ana Lopez", side="left", start=START)
    path = write(rk.export(plan, "pdf", paper=paper), tmp_path)
    headings = _headings(path)
    assert headings, "the PDF has no outline to read its headings from"
    for number, last in enumerate(_last_lines(path), 1):
        assert last not in headings, f"page {number} ends with the heading {last!r}"


@needs_poppler
def test_a_long_german_title_is_hyphenated_not_cut(tmp_path: Path) -> None:
    data = _runners_knee()
    data["language"] = "de-DE"
    data["title"] = "Kniescheibenrehabilitationsübungsprogramm für Läuferinnen und Läufer"
    path = write(rk.export(rk.from_data(data), "pdf"), tmp_path)
    text = squeeze("".join(poppler_pages(path, layout=False)))
    assert squeeze(data["title"]) in text
    for _page, x0, _y0, x1, _y1, width, _h in poppler_words(path):
        assert x0 >= MARGIN - 1 and x1 <= width - MARGIN + 1


# --------------------------------------------------------------------------- the side


@pytest.mark.parametrize("side", ["left", "right"])
def test_every_one_sided_exercise_names_the_leg(side: str, tmp_path: Path) -> None:
    protocol = rk.bundled("runners-knee")
    plan = personalise(protocol, side=side, start=START)
    text = " ".join(pypdf_text(write(rk.export(plan, "pdf"), tmp_path)).split())
    headings = [f"{n}. {ex.name}" for n, ex in enumerate(protocol.exercises, 1)]
    sided = [ex for ex in protocol.exercises if ex.side is not rk.Side.BOTH]
    assert {ex.id for ex in sided} == {"inner-range-quads", "side-lying-clam", "hip-abduction"}
    for n, ex in enumerate(protocol.exercises):
        start = text.index(headings[n])
        end = text.index(headings[n + 1]) if n + 1 < len(headings) else len(text)
        block = text[start:end]
        if ex in sided:
            assert f"{side} leg" in block, ex.name
        assert "{leg}" not in block and "{other leg}" not in block
    other = "right" if side == "left" else "left"
    assert f"Lie on your side, on your {other} leg, with your {side} leg on top" in text


def test_placeholders_are_checked() -> None:
    data = _runners_knee()
    data["exercises"][4]["steps"][0] = "Put your {leg} forward."  # the wall sit: both legs
    data["exercises"][0]["steps"][0] = "Press with your {foot}."
    with pytest.raises(rk.ValidationError) as caught:
        rk.from_data(data)
    found = {(p.path, p.message) for p in caught.value.problems}
    assert any(path == "exercises[4].steps[0]" and "both legs" in m for path, m in found)
    assert any(path == "exercises[0].steps[0]" and "{foot}" in m for path, m in found)


def test_a_generic_handout_says_treated_leg() -> None:
    page = html_handout(rk.bundled("runners-knee"))
    clam = labelled(page.find("section", aria_labelledby="ex-side-lying-clam"))
    assert "your treated leg on top" in clam["Starting position"]
    assert clam["Which leg"] == "Do it with your treated leg."


# --------------------------------------------------------------------------- the paper log


def _done_in_full(plan: rk.Plan, exercise: str) -> dict[str, Any]:
    """What a tick in "done in full" stands for: the whole prescribed dose."""
    dose = next(i.dosage for i in plan.exercises if i.exercise == exercise)
    done: dict[str, Any] = {"sets": dose.sets, "repetitions": dose.repetitions}
    if dose.hold is not None:
        done["hold"] = {"value": dose.hold.value, "unit": dose.hold.unit.value}
    return {k: v for k, v in done.items() if v is not None}


def _fill(plan: rk.Plan, rows: int, pain: int) -> list[dict[str, Any]]:
    """Session-log entries written from the first ``rows`` rows of the paper log, as a
    person would fill them: the whole dose, ``pain``, settled, the same next morning."""
    log = view_model(plan)["log"]
    entries = []
    for row in log["rows"][:rows]:
        for due, ex in zip(row["due"], log["exercises"], strict=True):
            if not due:
                continue
            entry: dict[str, Any] = {"date": row["date"], "exercise": ex["exercise"]}
            entry["session"] = row["session"]
            if "full_dosage" in ex["asks"]:
                entry |= _done_in_full(plan, ex["exercise"])
            if "pain_during" in ex["asks"]:
                entry["pain_during"] = pain
            for column in log["columns"]:
                if column["kind"] == "yes_no":
                    entry["pain_settled_after"] = {
                        "value": column["within_seconds"] / 60,
                        "unit": "min",
                    }
                if column["kind"] == "choice":
                    entry["next_morning"] = "same"
            entries.append(entry)
    return entries


def test_the_paper_log_asks_what_assess_reads(tmp_path: Path) -> None:
    plan = personalise(rk.bundled("runners-knee"), side="left", start=START, weeks=6)
    data = view_model(plan)
    log = data["log"]
    assert [c["metric"] for c in log["columns"]] == ["pain_settle_time", "next_morning_worse"]
    assert all(e["asks"] == ["full_dosage", "pain_during"] for e in log["exercises"])
    assert log["columns"][0]["within_seconds"] == 3600
    # Filled in well for three sessions, the wall sit goes deeper.
    session_log = rk.from_data({"protocol": "runners-knee", "entries": _fill(plan, rows=3, pain=1)})
    assessment = rk.assess(plan, session_log, on=START + dt.timedelta(days=3))
    wall_sit = next(d for d in assessment.decisions if d.exercise == "wall-sit")
    assert wall_sit.verdict is rk.Verdict.PROGRESS
    # Filled in with pain of 7, every exercise stops.
    session_log = rk.from_data({"protocol": "runners-knee", "entries": _fill(plan, rows=2, pain=7)})
    assessment = rk.assess(plan, session_log, on=START + dt.timedelta(days=2))
    assert {d.verdict for d in assessment.decisions} == {rk.Verdict.STOP}
    # And the PDF prints those very columns.
    text = " ".join(pypdf_text(write(rk.export(plan, "pdf"), tmp_path)).split())
    for column in log["columns"]:
        assert column["label"] in text
    assert "Pain (0-10)" not in text


def test_each_exercise_is_logged_on_its_own_days() -> None:
    protocol = rk.bundled("achilles-example")
    plan = personalise(protocol, start=START, weeks=1)
    header, rows = log_table(html_handout(plan))
    names = header[1:]  # after the date: the exercises, by the names the page gives them
    daily = [due[names.index(protocol.exercise("calf-isometric-hold").name)] for _, due in rows]
    thrice = [due[names.index(protocol.exercise("double-heel-raise").name)] for _, due in rows]
    assert len(rows) == 7 and all(daily)
    assert sum(thrice) == 3
    assert all(re.fullmatch(r"\w{3} \d{1,2} \w{3}", label) for label, _ in rows)


def test_twice_daily_sessions_have_a_row_each() -> None:
    plan = personalise(rk.bundled("achilles-eccentric"), start=START, weeks=1)
    _, rows = log_table(html_handout(plan))
    assert len(rows) == 14
    assert rows[0][0].endswith("session 1") and rows[1][0].endswith("session 2")


# --------------------------------------------------------------------------- what the patient reads


def _patient_and_clinician_parts(pdf: bytes, tmp_path: Path) -> tuple[str, str]:
    text = squeeze(pypdf_text(write(pdf, tmp_path)))
    patient, _, clinician = text.partition(squeeze("For your physiotherapist"))
    return patient, clinician


def test_clinician_notes_are_not_on_the_patient_pages(tmp_path: Path) -> None:
    protocol = rk.bundled("runners-knee")
    plan = personalise(protocol, side="left", start=START)
    # Issue 25: the notes print in a clinician's copy only (clinician_notes=True).
    pdf = rk.export(plan, "pdf", clinician_notes=True)
    patient, clinician = _patient_and_clinician_parts(pdf, tmp_path)
    for note in ("without naming it", "about 30 degrees)", "made concrete here"):
        assert squeeze(note) not in patient, note
    assert squeeze("without naming it") in clinician
    for rule in protocol.progression_rules:
        assert squeeze(rule.description) not in patient
        assert squeeze(rule.description) in clinician


def test_the_stop_box_says_each_thing_once(tmp_path: Path) -> None:
    protocol = rk.bundled("runners-knee")
    plan = personalise(protocol, side="left", start=START, region="GB")
    text = " ".join(pypdf_text(write(rk.export(plan, "pdf"), tmp_path)).split())
    assert "Get urgent medical help: Get urgent" not in text
    for stop in protocol.stop_criteria:
        assert text.count(stop.text) == 1, stop.text
    urgent = sum(s.text.startswith("Get urgent medical help") for s in protocol.stop_criteria)
    assert text.count("Get urgent medical help") == urgent
    assert "Where to get urgent help: Call 111" in text and "999" in text


def _urgent_help(document: rk.Protocol | rk.Plan) -> str:
    """Where the handout's safety box says to get urgent help ("" if it does not say)."""
    safety = html_handout(document).find("section", class_="safety")
    return labelled(safety).get("Where to get urgent help", "")


def test_urgent_help_follows_the_region() -> None:
    protocol = rk.bundled("runners-knee")
    gb = personalise(protocol, start=START, region="gb")
    elsewhere = personalise(protocol, start=START, region="FR")
    assert "111" in _urgent_help(gb)
    assert "local emergency number" in _urgent_help(elsewhere)
    assert "local emergency number" in _urgent_help(protocol)


def test_region_must_be_a_country_code() -> None:
    data = json.loads(rk.dumps(personalise(rk.bundled("runners-knee"), start=START)))
    data["region"] = "Great Britain"
    with pytest.raises(rk.ValidationError) as caught:
        rk.from_data(data)
    assert caught.value.problems[0].path == "region"


# --------------------------------------------------------------------------- standards, scripts


def _root(path: Path) -> Any:
    return pypdf.PdfReader(path).trailer["/Root"]


def test_lang_carries_the_region(tmp_path: Path) -> None:
    plan = personalise(rk.bundled("runners-knee"), start=START)
    assert _root(write(rk.export(plan, "pdf"), tmp_path))["/Lang"] == "en-GB"


def test_archival_handouts_are_accessible_too(tmp_path: Path) -> None:
    plan = personalise(rk.bundled("runners-knee"), start=START)
    root = _root(write(rk.export(plan, "pdf", pdf_standard="a-2b"), tmp_path))
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*2", xmp)
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "/StructTreeRoot" in root
    pages = pypdf.PdfReader(write(rk.export(plan, "pdf", pdf_standard="a-2b"), tmp_path))
    assert all(page.get("/Tabs") == "/S" for page in pages.pages)


NAMES = ["Nguyễn Thị Huỳnh", "Παπαδόπουλος Γιώργος", "Иванова Мария Сергеевна"]


@pytest.mark.parametrize("name", NAMES)
def test_names_in_every_script_extract_exactly(name: str, tmp_path: Path) -> None:
    plan = personalise(rk.bundled("runners-knee"), patient=name, start=START)
    path = write(rk.export(plan, "pdf"), tmp_path)
    assert name in pypdf_text(path)
    if poppler_available():
        assert name in "".join(poppler_pages(path, layout=False))
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        assert "Serif" not in fonts and "NewCM" not in fonts, fonts


def test_latin_handouts_keep_atkinson_hyperlegible(tmp_path: Path) -> None:
    plan = personalise(rk.bundled("runners-knee"), patient="Zoë Brontë", start=START)
    reader = pypdf.PdfReader(write(rk.export(plan, "pdf"), tmp_path))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("AtkinsonHyperlegible" in f for f in fonts), fonts


def _sizes(path: Path) -> Counter[float]:
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes[round(size * abs(tm[0]) if tm[0] else size, 1)] += len(text)

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print(tmp_path: Path) -> None:
    plan = personalise(rk.bundled("runners-knee"), start=START)
    normal = _sizes(write(rk.export(plan, "pdf"), tmp_path, "normal.pdf"))
    large = _sizes(write(rk.export(plan, "pdf", large_print=True), tmp_path, "large.pdf"))
    assert normal.most_common(1)[0][0] == 13
    assert large.most_common(1)[0][0] == 16
    assert min(large) >= 14
    with pytest.raises(rk.OptionError):
        rk.export(plan, "pdf", large_print="yes")


def test_view_model_parts_do_not_share_state() -> None:
    plan = personalise(rk.bundled("runners-knee"), start=START)
    first = view_model(plan)
    again = copy.deepcopy(first)
    first["safety"]["stop"].clear()
    assert view_model(plan) == again


@needs_poppler
# Every bundled handout on A4 and Letter: the thorough run (CI). Locally the page-fill test
# (tests/test_handout_pages.py) reads every bundled handout's A4 pages.
@pytest.mark.thorough
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_page_holds_only_a_few_lines(paper: str, tmp_path: Path) -> None:
    """A part that fits on a page is kept whole, so no page is left with a stray line or
    two (the Achilles handout once ended with a page of two lines)."""
    for name, document in bundled_documents(START):
        path = write(rk.export(document, "pdf", paper=paper), tmp_path)
        for number, page in enumerate(poppler_pages(path, footers=False), 1):
            lines = [line for line in page.splitlines() if line.strip()]
            assert len(lines) >= 5, f"{name}, page {number}: {lines}"


def test_the_pdf_prints_every_string_of_the_view_model(tmp_path: Path) -> None:
    """The same content as the HTML (tests/test_html.py checks the same list there)."""
    plan = personalise(
        rk.bundled("runners-knee"), patient="Ana Lopez", side="left", start=START,
        region="GB", clinician="Sam Physio",
    )  # fmt: skip
    text = squeeze(pypdf_text(write(rk.export(plan, "pdf"), tmp_path)))
    for path, value in printed_strings(view_model(plan)):
        # The PDF's log says a day short under its month ("Tue 1" under "December 2026"),
        # the HTML's its full date: tests/test_handout_length.py reads each back.
        if re.search(r"^log\.rows\[\d+\]\.label$", path):
            continue
        assert squeeze(value) in text, path


def _many_exercises(count: int) -> rk.Protocol:
    data = rk.to_data(rk.bundled("runners-knee"))
    exercises = []
    for i in range(count):
        ex = copy.deepcopy(data["exercises"][i % len(data["exercises"])])
        ex["id"], ex["name"] = f"{ex['id']}-{i}", f"{ex['name']} {i}"
        exercises.append(ex)
    data.update(exercises=exercises, progression_rules=[], phases=[])
    return rk.from_data(data, rk.Protocol)


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_a_paper_log_beyond_the_limit_is_refused_with_what_to_change(fmt: str) -> None:
    """Issue 12: 50 exercises for 104 weeks took 6 s and 540 MB for a 98-page log; the
    handout now states its limit (docs/handouts.md) instead."""
    plan = personalise(_many_exercises(50), start="2026-12-01", weeks=104, side="left")
    with pytest.raises(rk.ExportError, match=r"728 sessions × 50 exercises \(36,400 boxes\)"):
        rk.export(plan, fmt)
    shorter = personalise(_many_exercises(50), start="2026-12-01", weeks=4, side="left")
    assert rk.export(shorter, fmt)
