"""The canonical JSON exporter: the rehabkit file format itself."""

from __future__ import annotations

from rehabkit._documents.api import dumps
from rehabkit._model.document import Document
from rehabkit._model.session_log import SessionLog
from rehabkit._model.translation import Translation


class JsonExporter:
    """Writes a Protocol, Plan, SessionLog or Translation as its canonical JSON file;
    ``load`` reads it back."""

    name = "json"
    media_type = "application/json"
    suffix = ".json"

    def export(self, document: Document | SessionLog | Translation) -> bytes:
        """The document's canonical JSON, UTF-8."""
        return dumps(document).encode("utf-8")
