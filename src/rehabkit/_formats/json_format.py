"""The canonical JSON exporter: the rehabkit file format itself."""

from __future__ import annotations

from rehabkit._documents.api import dumps
from rehabkit._model.document import Document


class JsonExporter:
    """Writes a Protocol or a Plan as its canonical JSON file; ``load`` reads it back."""

    name = "json"
    media_type = "application/json"
    suffix = ".json"

    def export(self, document: Document) -> bytes:
        """The document's canonical JSON, UTF-8."""
        return dumps(document).encode("utf-8")
