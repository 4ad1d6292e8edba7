"""The HTML handout without a browser: escaping, self-containment, the same content as the
PDF's view model, options."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._view.handout import view_model

from .handout_helpers import printed_strings

pytest.importorskip("jinja2")

START = dt.date(2026, 12, 1)
HOSTILE = '<script>alert("x")</script> {{ 7*7 }} {% raw %} &amp; "quoted"'


class _Page(HTMLParser):
    """The page's text, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def parse(html: bytes) -> _Page:
    page = _Page()
    page.feed(html.decode("utf-8"))
    return page


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def plan() -> rk.Plan:
    return rk.personalise(
        rk.bundled("runners-knee"), patient="Ana Lopez", side="left", start=START,
        region="GB", clinician="Sam Physio",
    )  # fmt: skip


def test_every_string_of_the_view_model_is_on_the_page(plan: rk.Plan) -> None:
    page = parse(rk.export(plan, "html"))
    text = plain(" ".join(page.text))
    for path, value in printed_strings(view_model(plan)):
        assert plain(value) in text, path


def test_hostile_text_is_escaped(plan: rk.Plan) -> None:
    hostile = rk.personalise(rk.bundled("runners-knee"), patient=HOSTILE, start=START)
    html = rk.export(hostile, "html")
    page = parse(html)
    assert HOSTILE in plain(" ".join(page.text))
    # One script, the log form's own (issue 27): the name's "<script>" made none.
    assert [t for t, _ in page.tags].count("script") == 1
    assert b"&lt;script&gt;" in html  # escaped, and "{{ 7*7 }}" stays text (above)


def test_self_contained(plan: rk.Plan) -> None:
    html = rk.export(plan, "html")
    page = parse(html)
    tags = [t for t, _ in page.tags]
    assert "link" not in tags and "img" not in tags
    # The log form's script (issue 27) is inline: nothing is loaded from anywhere.
    assert all("src" not in a for t, a in page.tags if t == "script")
    assert not re.search(rb"url\((?!data:)", html)
    assert not re.search(rb"(src|href)=\"https?:", html)
    assert b"@font-face" in html


def test_language_and_landmarks(plan: rk.Plan) -> None:
    page = parse(rk.export(plan, "html"))
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag["lang"] == "en-GB"
    tags = [t for t, _ in page.tags]
    assert {"header", "main", "footer"} <= set(tags)
    assert tags.count("h1") == 1
    row_headers = [a for t, a in page.tags if t == "th" and a.get("scope") == "row"]
    assert len(row_headers) >= len(plan.session_dates())


def test_options(plan: rk.Plan) -> None:
    large = rk.export(plan, "html", large_print=True)
    assert b"--body: 1.375rem" in large and b"16pt" in large
    letter = rk.export(plan, "html", paper="letter", embed_fonts=False)
    assert b"size: letter" in letter and b"@font-face" not in letter
    bad: list[dict[str, Any]] = [{"paper": "a5"}, {"large_print": "yes"}, {"embed_fonts": 1}]
    for options in bad:
        with pytest.raises(rk.OptionError):
            rk.export(plan, "html", **options)
