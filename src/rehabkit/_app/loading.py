"""Finding the document a command names: a bundled protocol's id, or a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import rehabkit as rk
from rehabkit import RehabkitError, ValidationError


def is_path(id_or_path: str) -> bool:
    return Path(id_or_path).exists() or os.sep in id_or_path or "." in id_or_path


def load_protocol(id_or_path: str) -> rk.Protocol:
    """A protocol from a file path or a bundled id; raises ValidationError/RehabkitError."""
    if is_path(id_or_path):
        return rk.load(id_or_path, rk.Protocol)
    bundled = rk.bundled_ids()
    if id_or_path not in bundled:
        import difflib  # here: only a mistyped id needs it

        close = difflib.get_close_matches(id_or_path, bundled, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        known = ", ".join(bundled)
        raise RehabkitError(
            f"{id_or_path!r} is neither a file nor a bundled protocol ({known}){hint}"
        )
    return rk.bundled(id_or_path)


def load_document(id_or_path: str, log_allowed: bool = False) -> Any:
    """A Protocol or a Plan from a bundled id or a file (a plan embeds its protocol), or
    a session log where ``log_allowed``."""
    if not Path(id_or_path).exists():
        return load_protocol(id_or_path)  # a bundled id, or the right "not found" message
    document = rk.load(id_or_path)
    if isinstance(document, rk.SessionLog) and not log_allowed:
        raise RehabkitError(
            f"{id_or_path} is a session log: export it to FHIR with --plan PLAN,"
            " or assess it with rehabkit assess"
        )
    return document


def load_protocol_only(id_or_path: str) -> Any:
    """The protocol named, or the protocol of the plan named."""
    document = load_document(id_or_path)
    return protocol_of(document)


def protocol_of(document: Any) -> Any:
    """A plan's protocol, or the document itself."""
    return document.protocol if isinstance(document, rk.Plan) else document


def load_log(path: str) -> Any:
    try:
        return rk.load(path, rk.SessionLog)
    except ValidationError as exc:
        raise ValidationError(exc.problems, path) from None


def read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RehabkitError(f"cannot read {path}: {exc}") from None
