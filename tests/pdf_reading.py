"""Reading exported PDFs back with real parsers: pypdf, and poppler's command-line tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pypdf

# Line-break marks a reader never sees as text: zero-width spaces we insert into overlong
# words, soft hyphens, and the hyphens Typst adds where it hyphenates a word.
_BREAKS = re.compile(r"[\s\u200b\u00ad\-\u2010]+")


def squeeze(text: str) -> str:
    """Text with every space, hyphen and break mark removed, for comparing what a page
    says with what was sent, whatever the line breaks."""
    return _BREAKS.sub("", unicodedata.normalize("NFKC", text))


def write(pdf: bytes, folder: Path, name: str = "handout.pdf") -> Path:
    path = folder / name
    path.write_bytes(pdf)
    return path


def page_count(pdf: bytes, folder: Path) -> int:
    """How many pages poppler's ``pdfinfo`` counts in ``pdf``."""
    out = subprocess.run(
        ["pdfinfo", str(write(pdf, folder))], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


def header_digit_middles(path: Path, page: int, first_row_y: float) -> list[float]:
    """The middles (x, in points) of the single digits in a table's header row on ``page``:
    the row of most digits above ``first_row_y`` (the lowest such row where rows tie)."""
    words = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    numbers = [(float(a), float(b), float(y)) for a, y, b, _ in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>(\d)</word>', words)]  # fmt: skip
    above = [round(y) for _, _, y in numbers if y < first_row_y]
    top = max(above, key=lambda y: (above.count(y), y))
    return sorted((a + b) / 2 for a, b, y in numbers if abs(y - top) < 1)


# The running footer: the title and "Page N of M", marked as an artifact in the PDF but
# read by extractors in the middle of text that runs on to the next page.
_FOOTER = re.compile(r"^.*Page \d+ of \d+\s*$", re.M)


def pypdf_text(path: Path, *, footers: bool = False) -> str:
    pages = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    return "\n".join(pages if footers else [_FOOTER.sub("", p) for p in pages])


def poppler_available() -> bool:
    return shutil.which("pdftotext") is not None


def poppler_pages(path: Path, *, layout: bool = True, footers: bool = True) -> list[str]:
    """Each page's text, as poppler lays it out."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")[:-1]
    return pages if footers else [_FOOTER.sub("", p) for p in pages]


def poppler_words(path: Path) -> list[tuple[int, float, float, float, float, float, float]]:
    """Every word's page number, box (x min, y min, x max, y max) and the page size."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(out[out.index("<html") :])
    words = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
        width, height = float(page.get("width", 0)), float(page.get("height", 0))
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = [float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")]
            words.append((number, box[0], box[1], box[2], box[3], width, height))
    return words
