"""Regenerate the handout examples shown in docs/handouts.md: the PDF and HTML handouts for
one plan, page images of the PDF (poppler's pdftoppm) and the HTML on a phone's width
(headless Chromium, as in tests/test_html_browser.py).

    python docs/tools/handout_images.py    # after scripts/install-test-tools
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import rehabkit as rk

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PHONE = (390, 844)


def _plan() -> rk.Plan:
    return rk.personalise(
        rk.bundled("runners-knee"),
        patient="Ana Lopez",
        side="left",
        start="2026-12-01",
        region="GB",
        clinician="Sam Physio",
        clinician_contact="01234 567890",
    )


def _pages(pdf: Path) -> tuple[int, ...]:
    """The first page, the second, the first after them with exercise cards and the first
    with the log's days (the first cards share the second page with the safety box's end,
    and the log's key the last cards' page)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    exercises = next(n for n, page in enumerate(pages, 1) if n > 2 and "How much:" in page)
    log = next(n for n, page in enumerate(pages, 1) if "\nDecember 2026\n" in page)
    return (1, 2, exercises, log)


def _figures(plan: rk.Plan) -> None:
    """Each runner's-knee exercise drawn for this plan, as docs/illustrations.md shows."""
    folder = EXAMPLES / "figures"
    folder.mkdir(exist_ok=True)
    for figure in rk.illustrate(plan):
        rk.write_file(folder / f"{figure.exercise}.svg", figure.svg.encode(), overwrite=True)


def _page_images(pdf: Path) -> tuple[int, ...]:
    for old in EXAMPLES.glob("runners-knee-handout-page*.png"):
        old.unlink()
    pages = _pages(pdf)
    for page in pages:
        stem = EXAMPLES / f"runners-knee-handout-page{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
             str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
    return pages


def _arm_page() -> int:
    """The first exercise page of a tennis-elbow handout (format 1.2: an arm programme)."""
    plan = rk.personalise(rk.bundled("tennis-elbow"), side="right", start="2026-12-01")
    return _first_page_with(plan, "tennis-elbow-handout", "Which arm")


def _back_page() -> int:
    """The first exercise page of a low-back-pain handout (format 1.2: trunk exercises,
    "Which side" for a roll each way, no leg)."""
    plan = rk.personalise(rk.bundled("low-back-pain"), start="2026-12-01")
    return _first_page_with(plan, "low-back-pain-handout", "Which side")


def _first_page_with(plan: rk.Plan, stem: str, marker: str) -> int:
    """Write ``plan``'s PDF handout as ``stem``.pdf and its first page that says ``marker``
    as ``stem``-page.png; returns that page's number."""
    pdf = EXAMPLES / f"{stem}.pdf"
    rk.write_file(pdf, rk.export(plan, "pdf"), overwrite=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    page = next(n for n, p in enumerate(text.split("\f"), 1) if marker in p)
    for old in EXAMPLES.glob(f"{stem}-page*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(EXAMPLES / f"{stem}-page")],
        check=True,
    )  # fmt: skip
    return page


def _ankle_page() -> int:
    """The page of a phased leg programme (ankle-sprain) with its band exercise, whose
    resistance is a band colour (format 1.2: a start gate, phases, load levels)."""
    plan = rk.personalise(rk.bundled("ankle-sprain"), side="right", start="2026-12-01",
                          events={"injury": "2026-11-29"})  # fmt: skip
    pdf = EXAMPLES / "ankle-sprain-handout.pdf"
    rk.write_file(pdf, rk.export(plan, "pdf"), overwrite=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    page = next(
        n
        for n, p in enumerate(text.split("\f"), 1)
        if "Which leg" in p and "Turning the foot out against" in p
    )
    for old in EXAMPLES.glob("ankle-sprain-handout-page*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(EXAMPLES / "ankle-sprain-handout-page")],
        check=True,
    )  # fmt: skip
    return page


def _phone_screenshot(html: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--window-size={PHONE[0]},{PHONE[1]}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "chromedriver"), options=options
    )
    try:
        driver.set_window_size(*PHONE)
        driver.get(html.as_uri())
        driver.save_screenshot(str(EXAMPLES / "runners-knee-handout-phone.png"))
    finally:
        driver.quit()


def main() -> None:
    plan = _plan()
    pdf = EXAMPLES / "runners-knee-handout.pdf"
    html = EXAMPLES / "runners-knee-handout.html"
    rk.write_file(pdf, rk.export(plan, "pdf"), overwrite=True)
    rk.write_file(html, rk.export(plan, "html"), overwrite=True)
    pages = _page_images(pdf)
    _figures(plan)
    _phone_screenshot(html)
    arm = _arm_page()
    ankle = _ankle_page()
    back = _back_page()
    print(f"wrote {pdf.name}, {html.name}, page images {pages} and the phone screenshot;")
    print(f"tennis-elbow-handout.pdf and its page {arm} (an arm exercise);")
    print(f"ankle-sprain-handout.pdf and its page {ankle} (a band exercise);")
    print(f"low-back-pain-handout.pdf and its page {back} (trunk exercises)")


if __name__ == "__main__":
    main()
