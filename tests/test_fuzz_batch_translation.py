"""Issue 29's fuzzers for the batch CSV and translations: any bytes give patients or a list
of problems, any translation document gives a translation or problems, and every
translation that validates exports."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._formats.batch import COLUMNS

KNEE = rk.bundled("runners-knee")
ACL = rk.bundled("acl-early-rehab")  # it declares an event: event:surgery columns
TRANSLATIONS = Path(__file__).parents[1] / "protocols" / "translations"
SPANISH = json.loads((TRANSLATIONS / "runners-knee.es.json").read_text(encoding="utf-8"))

# ------------------------------------------------------------------ the batch CSV

HEADERS = (*COLUMNS, "event:surgery", "event:x", "", "Name", " start ")
hostile_text = st.text(max_size=30) | st.sampled_from(
    ["", " ", "\x00", '"', "2026-12-01", "2026-02-30", "left", "both", "es", "ZZ", "3x/week",
     "x" * 131_073, "\r", "\n", "\ufeff", "a,b", "{leg}"]
)  # fmt: skip


def _outcome(read: Any) -> None:
    rows: list[rk.PatientRow] = []
    try:
        rows, problems = read()
    except rk.ValidationError as exc:  # the file cannot be read at all; any other fails
        problems = exc.problems
        assert problems
    assert all(isinstance(r, rk.PatientRow) for r in rows)
    assert all(isinstance(p, rk.Problem) for p in problems)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2_000))
def test_any_bytes_give_patients_or_problems(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "patients.csv"
    path.write_bytes(raw)
    for protocol in (KNEE, ACL):
        _outcome(lambda p=protocol: rk.read_patients_file(path, p))  # type: ignore[misc]


@given(
    st.lists(st.sampled_from(HEADERS), min_size=0, max_size=6),
    st.lists(st.lists(hostile_text, max_size=7), max_size=5),
    st.sampled_from([KNEE, ACL]),
)
def test_any_table_gives_patients_or_problems(
    header: list[str], rows: list[list[str]], protocol: rk.Protocol
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    _outcome(lambda: rk.read_patients(buffer.getvalue(), protocol))


# ------------------------------------------------------------------ translations

keys = sorted(SPANISH["text"])
hostile_words = st.text(max_size=40) | st.sampled_from(
    ["", " ", "\x1b[31m", "{x}", "{leg}", "{other leg}", "{", "}", "\ufffe", "\u202e",
     "a\nb", "\x00", "{arm}", "%s", "{0}"]
)  # fmt: skip
top_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=10)
    | st.sampled_from(
        [[], {}, ["runners-knee"], "runners-knee", "2.0.0", "es", "es-419", {"name": "A"}]
    )
)


@st.composite
def translations(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(SPANISH)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["text", "append", "drop", "top", "translator"]))
        key = draw(st.sampled_from(keys))
        texts = doc["text"] if isinstance(doc["text"], dict) else {}
        if action == "text":
            texts[key] = draw(hostile_words)
        elif action == "append":
            texts[key] = str(texts.get(key, "")) + draw(hostile_words)
        elif action == "drop":
            texts.pop(key, None)
        elif action == "top":
            doc[draw(st.sampled_from(["protocol", "version", "language", "text", "reviewed"]))] = (
                draw(top_values)
            )
        else:
            doc["translator"] = {"name": draw(hostile_words)}
    return doc


def _translation(doc: Any) -> rk.Translation | None:
    """The translation, or None after checking its problems are Problems."""
    problems = rk.validate(doc, rk.Translation)
    assert all(isinstance(p, rk.Problem) for p in problems)
    if problems:
        return None
    translation = rk.from_data(doc, rk.Translation)
    assert isinstance(translation, rk.Translation)
    return translation


@given(translations())
def test_any_translation_gives_a_translation_or_problems(doc: Any) -> None:
    text = json.dumps(doc)
    problems: list[rk.Problem] = []
    try:
        document: Any = rk.loads(text)
    except rk.ValidationError as exc:  # any other exception fails the test
        document, problems = None, exc.problems
    assert problems or isinstance(document, (rk.Translation, rk.Protocol, rk.Plan, rk.SessionLog))
    assert all(isinstance(p, rk.Problem) for p in problems)
    _translation(doc)


@given(translations())
def test_every_translation_that_validates_exports(doc: Any) -> None:
    translation = _translation(doc)
    if translation is None:
        return
    problems = rk.translation_problems(translation, KNEE)
    if problems:
        with pytest.raises(rk.ValidationError):
            rk.translate(KNEE, translation)
        return
    translated = rk.translate(KNEE, translation)
    assert rk.export(translated, "html").startswith(b"<!DOCTYPE html>")
