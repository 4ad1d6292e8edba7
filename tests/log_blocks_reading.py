"""Reading large print's log blocks back from the page (issue 25): poppler's words
(``pdftotext -bbox``) give each block's title, its header's days and its rows' labels and
dashes; the page's drawing operators (read with pypdf) give its boxes, solid and dashed,
and its thick rules, each where Typst draws it."""

from __future__ import annotations

import itertools
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pypdf

MM = 72 / 25.4
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    r"|<page width=\"([\d.]+)\" height=\"([\d.]+)\""
)
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Typst draws each shape at its place: `q 1 0 0 -1 X Y cm`, then its path, then `Q`.
_SHAPE = re.compile(r"q 1 0 0 -1 ([\d.-]+) ([\d.-]+) cm([^Q]*?)\nQ", re.S)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Shape:
    """A box (``box``; ``told``, dashed) by its middle, or a thick rule (``rule``) by its
    x and its top and bottom, all measured from the page's top left."""

    kind: str
    x: float
    y: float
    bottom: float = 0.0


@dataclass
class Block:
    page: int
    title: str
    top: float
    days: list[str] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)
    columns: list[float] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    row_middles: list[float] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)
    bottom: float = 0.0


def page_words(path: Path) -> list[tuple[float, list[Word]]]:
    """Each page's height and its words (an Arabic word's letters put back in order)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages: list[tuple[float, list[Word]]] = []
    for x0, y0, x1, y1, text, _, height in _WORD.findall(out):
        if height:
            pages.append((float(height), []))
            continue
        text = text[::-1] if _ARABIC.search(text) else text
        pages[-1][1].append(Word(float(x0), float(y0), float(x1), float(y1), text))
    return pages


def _path(body: str) -> tuple[list[float], list[float]]:
    """A shape's points (x, y), its colour, line width, miter and dash set aside."""
    tail = re.split(r"scn|SCN", body)[-1]
    tail = re.sub(r"[\d.]+ w|[\d.]+ M|\[[\d. ]*\]\s*[\d.]+ d", " ", tail)
    numbers = [float(n) for n in _NUMBER.findall(tail)]
    return numbers[0::2], numbers[1::2]


def page_shapes(path: Path) -> list[list[Shape]]:
    """Each page's boxes of the log's cells (0.8 em of 14 pt, 11.2 pt a side: a solid one
    is drawn filled, its outline a ring; a dashed one stroked 1.2 pt, dashed) and its rules
    2 pt thick that stand upright."""
    pages = []
    for page in pypdf.PdfReader(path).pages:
        height = float(page.mediabox.height)
        stream = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        shapes = []
        for x, y, body in _SHAPE.findall(stream):
            if "BT" in body:
                continue
            xs, ys = _path(body)
            if not xs or len(xs) != len(ys):
                continue
            left, top = float(x), height - float(y)
            wide, tall = max(xs) - min(xs), max(ys) - min(ys)
            middle = (left + (max(xs) + min(xs)) / 2, top + (max(ys) + min(ys)) / 2)
            if " 2 w" in body and wide < 0.5 and tall > 20:
                shapes.append(Shape("rule", left, top + min(ys), top + max(ys)))
            elif (
                re.search(r"1\.2 w.*\[[\d. ]+\]\s*0 d", body) and 10 < wide < 12 and 10 < tall < 12
            ):
                shapes.append(Shape("told", *middle))
            elif (
                body.rstrip().endswith("f") and " c " in body and 11 < wide < 13 and 11 < tall < 13
            ):
                shapes.append(Shape("box", *middle))
        pages.append(shapes)
    return pages


def _lines(words: list[Word]) -> list[list[Word]]:
    ordered = sorted(words, key=lambda w: (round(w.y0), w.x0))
    return [list(line) for _, line in itertools.groupby(ordered, key=lambda w: round(w.y0))]


def read_blocks(path: Path, titles: list[str], labels: list[str], *, rtl: bool) -> list[Block]:
    """The blocks titled ``titles`` (in order), each with its header's days (the day's
    number, and its weekday where it says one) in reading order (right to left in
    Arabic), the middles of its day columns and of its rows (``labels`` in order, each the
    label's first word), and each row's cells: ``box``, ``told`` (dashed), ``dash`` or ``""``;
    and the thick rules within it."""
    wanted = [sorted(t.split()) for t in titles]
    blocks: list[Block] = []
    words_by_page = page_words(path)
    shapes_by_page = page_shapes(path)
    for number, (_, words) in enumerate(words_by_page, 1):
        for line in _lines(words):
            if len(blocks) < len(titles) and sorted(w.text for w in line) == wanted[len(blocks)]:
                blocks.append(Block(number, titles[len(blocks)], max(w.y0 for w in line) + 1))
    for n, block in enumerate(blocks):
        end = blocks[n + 1].top if n + 1 < len(blocks) and blocks[n + 1].page == block.page else 1e9
        words = [w for w in words_by_page[block.page - 1][1] if block.top < w.y0 < end]
        _read_block(block, words, shapes_by_page[block.page - 1], labels, end, rtl)
    return blocks


def _read_block(
    block: Block, words: list[Word], shapes: list[Shape], labels: list[str], end: float, rtl: bool
) -> None:
    lines = _lines(words)
    # The header: the lines above the first row's label, the one of numbers and the one of
    # weekdays above it (where there is one).
    start = max(w.x1 if rtl else -w.x0 for line in lines for w in line)
    first_label = next(
        k for k, line in enumerate(lines) if _at_start(line, start, rtl)[:1] == [labels[0]]
    )
    header = lines[:first_label]
    numbers = [w for line in header for w in line if w.text.isdigit()]
    order = sorted(numbers, key=lambda w: -w.middle[0] if rtl else w.middle[0])
    block.days = [w.text for w in order]
    block.columns = [w.middle[0] for w in order]
    block.weekdays = [
        w.text
        for line in header
        for w in sorted(line, key=lambda w: -w.x0 if rtl else w.x0)
        if not w.text.isdigit()
    ]
    rows = lines[first_label:]
    half = (abs(block.columns[1] - block.columns[0]) if len(block.columns) > 1 else 31) / 2
    for label, line in zip(labels, rows, strict=False):
        said = _at_start(line, start, rtl)
        if said[:1] != [label]:
            break
        y = sum(w.middle[1] for w in line if w.text == label) / sum(w.text == label for w in line)
        block.labels.append(label)
        block.row_middles.append(y)
        dashes = [w for w in line if w.text == "\u2013"]
        row = []
        for x in block.columns:
            kinds = [
                s.kind
                for s in shapes
                if s.kind != "rule" and abs(s.x - x) < half and abs(s.y - y) < 9
            ]
            kinds += ["dash" for w in dashes if abs(w.middle[0] - x) < half]
            row.append("".join(kinds))
        block.cells.append(row)
    block.bottom = block.row_middles[-1] + 9 if block.row_middles else block.top
    block.rules = sorted(
        s.x for s in shapes if s.kind == "rule" and block.top < s.y < block.bottom and s.y < end
    )


def _at_start(line: list[Word], start: float, rtl: bool) -> list[str]:
    """The words of ``line`` that start at the table's start edge (its label's)."""
    edge = (lambda w: w.x1) if rtl else (lambda w: -w.x0)
    ordered = sorted(line, key=lambda w: -w.x0 if rtl else w.x0)
    return [w.text for w in ordered[:1] if abs(edge(w) - start) < 8]
