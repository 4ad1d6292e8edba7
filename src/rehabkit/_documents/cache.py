"""Bundled protocols kept, once validated, as pickles in the user's cache folder.

A bundled protocol's first use in a process used to cost a schema run and cattrs writing
its structuring code, about three quarters of the time a user waits. The objects a full,
validating load makes are pickled under a key of rehabkit's version and its files' stamps,
Python's version and the file's own bytes; later processes read them back without importing
the schema or cattrs. Every check still runs: on the exact bytes, by the exact code, that
made the entry.

An entry is trusted only when it verifies: its key matches the file now bundled, a digest
of its payload matches, it unpickles through an unpickler that makes nothing but the
model's classes and dates, and it is the Protocol asked for. Anything else (a stale,
truncated, corrupt or foreign entry) is ignored and replaced by a full load. An unwritable
or missing cache folder only costs the full load. The folder is the user's own, with the
trust of Python's ``__pycache__``: ``REHABKIT_CACHE_DIR`` moves it, and an empty value
turns the cache off.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import attrs

from rehabkit._core import resources as _resources
from rehabkit._core.digest import sha256_hex
from rehabkit._core.errors import RehabkitError, UnknownIdError
from rehabkit._version import __version__

if TYPE_CHECKING:  # the model loads when an entry is read: the CLI's parser needs no model
    from rehabkit._model.protocol import Protocol

_MAGIC = b"rehabkit bundled protocol cache 1\n"
_DATES = {"date": dt.date, "datetime": dt.datetime, "timedelta": dt.timedelta}


def cache_dir() -> str | None:
    """Where entries live: ``$REHABKIT_CACHE_DIR`` (empty: no cache), else the XDG cache.
    Text, not a pathlib path: a first use needs no pathlib."""
    configured = os.environ.get("REHABKIT_CACHE_DIR")
    if configured is not None:
        return configured or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "rehabkit")


def entry_key(source: bytes) -> str:
    """What an entry must have been made from: this rehabkit (its version and the files it
    is made of), this Python, these bytes."""
    made_by = f"{__version__}\0{_code_stamp()}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0"
    return sha256_hex(made_by.encode() + source)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


@functools.cache
def _code_stamp(package: str | os.PathLike[str] = _PACKAGE) -> str:
    """The package's files as Python stamps its ``.pyc`` files: each one's path, size and
    modification time. A checkout whose code changed without a new version number (every
    working copy) would otherwise read back objects of the classes as they were, or that no
    longer exist. About a hundred ``stat`` calls, once per process, through ``os.scandir``
    (whose entries keep what they read): ``Path.rglob`` took 3 ms of a first use."""
    stamps = sorted(_stamps(os.fspath(package), ""))
    return sha256_hex("\n".join(stamps).encode())


def _stamps(folder: str, relative: str) -> Iterator[str]:
    with os.scandir(folder) as entries:
        for entry in entries:
            name = relative + entry.name
            if entry.name == "__pycache__":
                continue  # Python's own cache of the files stamped: nothing to stamp
            if entry.is_dir(follow_symlinks=False):  # as rglob: never into a link
                yield from _stamps(entry.path, name + "/")
            elif entry.name.endswith((".py", ".json")) and entry.is_file():
                info = entry.stat()
                yield f"{name}:{info.st_size}:{info.st_mtime_ns}"


def _model_classes() -> dict[str, type]:
    """The model's public classes by name, from its modules already imported (importing
    Protocol imports every one a protocol holds); a missing one only fails the entry."""
    found: dict[str, type] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("rehabkit._model."):
            for public in getattr(module, "__all__", ()):
                value = getattr(module, public, None)
                if isinstance(value, type) and (attrs.has(value) or issubclass(value, enum.Enum)):
                    found[public] = value
    return found


class _ModelUnpickler(pickle.Unpickler):
    """Makes only the model's attrs classes and enums, and dates: a corrupt or crafted
    entry cannot call anything else. Pickles name them ``rehabkit.<name>``."""

    def __init__(self, payload: bytes) -> None:
        super().__init__(io.BytesIO(payload))
        self.classes = _model_classes()

    def find_class(self, module: str, name: str) -> object:
        if module == "datetime" and name in _DATES:
            return _DATES[name]
        if module == "rehabkit" and name in self.classes:
            return self.classes[name]
        raise pickle.UnpicklingError(f"not a model class: {module}.{name}")


def _entry_bytes(key: str, protocol: Protocol) -> bytes:
    payload = pickle.dumps(protocol, protocol=pickle.HIGHEST_PROTOCOL)
    digest = sha256_hex(payload)
    return _MAGIC + f"{key}\n{digest}\n".encode() + payload


def _verified(entry: bytes, key: str, protocol_id: str) -> Protocol | None:
    """The protocol an entry holds, or None unless every part of it checks out."""
    # Importing Protocol imports every class an entry may hold, for the unpickler's list.
    from rehabkit._model.protocol import Protocol

    head = _MAGIC + f"{key}\n".encode()
    if not entry.startswith(head):
        return None  # another version, another file, or not an entry at all
    digest, _, payload = entry[len(head) :].partition(b"\n")
    if digest != sha256_hex(payload).encode():
        return None  # truncated or damaged
    try:
        found = _ModelUnpickler(payload).load()
    except Exception:  # any failure to unpickle means the entry is not usable
        return None
    if isinstance(found, Protocol) and found.id == protocol_id:
        return found
    return None


def _read(path: str, key: str, protocol_id: str) -> Protocol | None:
    try:
        with open(path, "rb") as handle:
            entry = handle.read()
    except OSError:
        return None
    return _verified(entry, key, protocol_id)


def _write(path: str, entry: bytes) -> None:
    # Imported here: atomic writing (tempfile, ctypes) is only for a missing entry.
    from rehabkit._core.output import write_file

    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        write_file(path, entry, overwrite=True)
    except (OSError, RehabkitError):
        pass  # a cache that cannot be written is only a slower next start


def bundled_protocol(protocol_id: str, validated: Callable[[bytes], Protocol]) -> Protocol:
    """A bundled protocol by id: from a verified cache entry, else ``validated(its bytes)``
    (a full load), which is then cached. Raises RehabkitError for an unknown id."""
    files = _resources.bundled_protocol_files()
    if protocol_id not in files:
        raise UnknownIdError("bundled protocol", protocol_id, files)
    source = _resources.read_source(files[protocol_id])
    folder = cache_dir()
    if folder is None:
        return validated(source)
    key = entry_key(source)
    path = os.path.join(folder, f"{protocol_id}.{key[:32]}.pickle")
    cached = _read(path, key, protocol_id)
    if cached is not None:
        return cached
    protocol = validated(source)
    _write(path, _entry_bytes(key, protocol))
    return protocol
