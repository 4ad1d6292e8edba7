"""How much text a handout may set: the bound that keeps every valid file's handout
within the time and memory docs/file-format.md promises."""

from __future__ import annotations

from typing import Any

from rehabkit._core.errors import ExportError

#: The most characters of text one handout sets: the editors' bound, about 150 pages of A4.
#: The bundled protocols' handouts hold 7,000 to 17,500; the largest valid protocol (50
#: exercises of 100 long steps, nearly 2 MB of text) would hold about 1,900,000 and took
#: 46 s and 713 MB to set as a PDF here, past the promise of 10 s and 600 MB.
MAX_HANDOUT_TEXT = 300_000


def text_size(node: Any) -> int:
    """The characters of text in a handout's view model; a drawing's SVG is not text."""
    if isinstance(node, str):
        return len(node)
    if isinstance(node, dict):
        return sum(text_size(v) for k, v in node.items() if k != "svg")
    if isinstance(node, (list, tuple)):
        return sum(text_size(v) for v in node)
    return 0


def refuse_long_handout(model: dict[str, Any]) -> dict[str, Any]:
    """The model, unless it holds more text than a handout sets: then a clear error that
    says what to do."""
    size = text_size(model)
    if size > MAX_HANDOUT_TEXT:
        raise ExportError(
            f"this handout would set {size:,} characters of text; a handout sets at most"
            f" {MAX_HANDOUT_TEXT:,}: shorten the exercises' steps and notes, or make a"
            " handout of fewer exercises"
        )
    return model
