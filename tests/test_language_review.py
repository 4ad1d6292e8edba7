"""Issue 25's language findings from native readers, each a test: "every other day" in
Arabic, the Arabic picture descriptions' grammar (a verb that must agree with the gender of
the part that moves; "9 درجة" where Arabic counts 3-10 with a plural), Arabic set too small
to read comfortably, and Spanish calques in the runner's-knee translation."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re

import pypdf

import rehabkit as rk
from rehabkit._view.handout import view_model

personalise = functools.partial(rk.personalise, allow_example=True)
START = dt.date(2026, 12, 1)
KNEE = rk.bundled("runners-knee")


def _plan(language: str, **extra: object) -> rk.Plan:
    return personalise(KNEE, patient="Ana López", side="left", start=START,
                       language=language, **extra)  # type: ignore[arg-type]  # fmt: skip


def _alt_texts(language: str) -> list[str]:
    html = rk.export(_plan(language), "html").decode()
    return re.findall(r"<desc[^>]*>([^<]*)</desc>", html)


def test_every_other_day_is_every_two_days_in_arabic_not_day_after_day() -> None:
    html = rk.export(_plan("ar"), "html").decode()
    assert "يوما بعد يوم" not in html
    assert "كل يومين" in html


def test_arabic_picture_descriptions_use_no_verb_that_could_disagree_with_its_part() -> None:
    """A finite verb before a part must agree with its gender ("يرتفع الكعب", not "ترتفع
    الكعب") and stays singular before a dual; the catalog names the movement with a verbal
    noun after the part instead, which agrees with anything."""
    texts = " ".join(_alt_texts("ar"))
    assert texts, "no picture descriptions found"
    for wrong in ("ترتفع الكعب", "ترتفعان", "تنخفضان", "تتحركان"):
        assert wrong not in texts
    assert re.search(r"(الكعب|الكعبان|الوركان|الساق|الركبة)[^:]*: (ارتفاع|انخفاض|تحرك)", texts)


def test_arabic_angles_are_written_with_the_degree_sign() -> None:
    """Arabic counts 3 to 10 with a plural noun ("9 درجات") and 11 and up with a singular:
    the degree sign says it for every number."""
    texts = " ".join(_alt_texts("ar"))
    assert not re.search(r"\d+\s*درجة", texts)
    assert re.search(r"\d+°", texts)


def test_arabic_is_set_larger_than_latin_text() -> None:
    sizes = {}
    for language in ("es", "ar"):
        model = view_model(_plan(language))
        assert model is not None
        reader = pypdf.PdfReader(io.BytesIO(rk.export(_plan(language), "pdf")))
        found: list[float] = []

        def visit(text: str, cm: object, tm: list[float], fonts: object, size: float,
                  found: list[float] = found) -> None:  # fmt: skip
            if text.strip():
                found.append(round(size * abs(tm[3] or tm[0]), 1))

        reader.pages[1].extract_text(visitor_text=visit)  # type: ignore[arg-type]
        sizes[language] = max(set(found), key=found.count)  # the body text's size
    assert sizes["ar"] > sizes["es"], sizes
    html = rk.export(_plan("ar"), "html").decode()
    assert 'html[dir="rtl"]' in html


def test_the_spanish_translation_uses_the_clinicians_names() -> None:
    html = rk.export(_plan("es"), "html").decode()
    for calque in ("rango interno", "poco profunda"):
        assert calque not in html
    assert "arco corto" in html and "sentadilla parcial" in html.lower()
