"""SHA-256 digests without OpenSSL's bindings: ``hashlib`` loads them as it is imported,
about 2 ms of a bundled protocol's first use, for a digest CPython also builds in. The
same digest either way (``tests/test_speed_paths_4.py``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__: list[str] = []


def _builtin_sha256() -> Callable[[bytes], Any]:
    # CPython's own SHA-256: _sha256 up to 3.11, _sha2 from 3.12; hashlib where neither is.
    for module in ("_sha256", "_sha2"):
        try:
            found: Callable[[bytes], Any] = importlib.import_module(module).sha256
        except (ImportError, AttributeError):
            continue
        return found
    import hashlib

    return hashlib.sha256


_SHA256 = _builtin_sha256()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data``, in hexadecimal."""
    digest: str = _SHA256(data).hexdigest()
    return digest
