"""Typesetting one handout's input with two templates, the package's and one as it was: the
speed tests' proof that a template change keeps the PDF (tests/test_speed_pdf_4.py, _5, _7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import rehabkit as rk


def event_plan(protocol_id: str, language: str | None = None) -> rk.Plan:
    """A bundled protocol's plan for Ana Lopez from 1 December 2026, every event dated."""
    protocol = rk.bundled(protocol_id)
    events = {e.id: dt.date(2026, 11, 20) for e in protocol.events}
    return rk.personalise(
        protocol, patient="Ana Lopez", side="left", start=dt.date(2026, 12, 1), events=events,
        language=language,
    )  # fmt: skip


class _Recording:
    """A Typst compiler that keeps what it was asked to compile."""

    def __init__(self, real: Any) -> None:
        self.real, self.asked = real, []

    def compile(self, **options: Any) -> Any:
        self.asked.append(options)
        return self.real.compile(**options)


def both_ways(
    document: Any, options: dict[str, Any], template: str, folder: Path, monkeypatch: Any
) -> tuple[bytes, bytes]:
    """The handout from the package's template, and from ``template`` (its text) given the
    very input the exporter gave the first."""
    import typst

    from rehabkit._formats.handout import pdf

    recording: list[_Recording] = []

    def compiler(fonts: tuple[str, ...]) -> _Recording:
        recording.append(_Recording(pdf._new_compiler(fonts)))
        return recording[-1]

    monkeypatch.setattr(pdf, "_compiler", compiler)
    now = rk.export(document, "pdf", **options)
    then_template = folder / "handout.typ"
    then_template.write_text(template, encoding="utf-8")
    (asked,) = recording[0].asked
    then = typst.Compiler(
        str(then_template), root=str(folder), font_paths=list(pdf._font_dirs()),
        ignore_system_fonts=True,
    ).compile(**asked)  # fmt: skip
    return now, then
