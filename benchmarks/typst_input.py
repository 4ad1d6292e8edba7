"""What the PDF exporter asks Typst to compile, kept without compiling: the benchmarks that
time Typst alone (typst_parts.py, typst_passes.py) give it the exporter's very input."""

from __future__ import annotations

from typing import Any


def typst_input(document: Any, options: dict[str, Any]) -> dict[str, Any]:
    """The options (``sys_inputs`` with the handout's data, the PDF's standards) the exporter
    hands Typst for ``document``. rehabkit is imported here, after a ``--src`` is on the
    path."""
    import rehabkit as rk
    from rehabkit._formats.handout import pdf

    asked: dict[str, Any] = {}

    class Keeping:
        def compile(self, **given: Any) -> bytes:
            asked.update(given)
            return b"%PDF"

    real = pdf._compiler
    pdf._compiler = lambda fonts: Keeping()  # type: ignore[assignment]
    try:
        rk.export(document, "pdf", **options)
    finally:
        pdf._compiler = real  # type: ignore[assignment]
    return asked
