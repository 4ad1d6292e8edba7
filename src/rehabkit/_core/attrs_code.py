"""The compiled methods of rehabkit's own attrs classes, kept beside its bytecode.

attrs writes each class's methods (``__init__``, ``__eq__``, ``__repr__``...) as Python
source and compiles it when the class is built. For the classes a bundled protocol's first
use builds, compiling was about 15 ms of 60 (``benchmarks/goals.py``). A code object
depends only on its source text, its file name and the compiler, so the code is kept,
keyed by a digest of text and name, in one file in this package's ``__pycache__`` folder,
and a class built later evaluates the kept code exactly as attrs evaluates what it
compiles. Only rehabkit's classes (attrs names their code ``<attrs generated ...
rehabkit.…>``) go through the store; any other attrs class is compiled by attrs itself.

The file is Python's own bytecode cache in all but name, and trusted as that is: it lives
where Python keeps this package's ``.pyc`` files (``PYTHONPYCACHEPREFIX`` moves both), is
named for this Python, and is not written when Python writes no bytecode
(``PYTHONDONTWRITEBYTECODE``, ``-B``) or cannot write there. It is used only when its
digest matches and it holds nothing but code objects; a damaged one is ignored and
replaced. If attrs no longer has the function this wraps, nothing is wrapped and every
class compiles as before.
"""

# The same compiler flags as attrs' own ``_make`` module, which compiles with this line in
# force: ``compile`` inherits it, and a test holds the code equal to attrs' own.
from __future__ import annotations

import atexit
import contextlib
import hashlib
import inspect
import marshal
import os
import sys
import types
from collections.abc import Mapping
from typing import Any

import attr._make as _make

_MAGIC = b"rehabkit compiled attrs methods 1\n"
_PARAMETERS = ["script", "globs", "locs", "filename"]  # attrs' _compile_and_eval
_MOST = 4000  # entries kept; more (old code of a working copy) and only this run's are kept


class _Store:
    """What the file held, what this process compiled anew, and what it used."""

    def __init__(self) -> None:
        self.read: dict[str, types.CodeType] | None = None
        self.new: dict[str, types.CodeType] = {}
        self.used: dict[str, types.CodeType] = {}


_STORE = _Store()


def store_path() -> str:
    """Where Python would put this module's ``.pyc`` file, named for the store: the same
    folder (``__pycache__`` or under ``PYTHONPYCACHEPREFIX``), the same Python tag."""
    from importlib.util import cache_from_source

    return cache_from_source(__file__).removesuffix(".pyc") + ".methods"


def _head() -> bytes:
    """The store's first line and the bytecode's magic number, as a ``.pyc`` file begins."""
    from importlib.util import MAGIC_NUMBER

    return _MAGIC + MAGIC_NUMBER


def codes_of(entry: bytes) -> dict[str, types.CodeType]:
    """The code objects a store file holds, or none unless all of it checks out."""
    if not entry.startswith(_head()):
        return {}
    digest, _, payload = entry[len(_head()) :].partition(b"\n")
    if digest != hashlib.sha256(payload).hexdigest().encode():
        return {}  # truncated or damaged
    try:
        found = marshal.loads(payload)  # noqa: S302 - as Python reads its .pyc files
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(found, dict) or not all(_is_kept(k, v) for k, v in found.items()):
        return {}
    return found


def _is_kept(key: object, value: object) -> bool:
    return isinstance(key, str) and isinstance(value, types.CodeType)


def store_bytes(codes: Mapping[str, types.CodeType]) -> bytes:
    payload = marshal.dumps(dict(codes))
    return _head() + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _read() -> dict[str, types.CodeType]:
    if _STORE.read is None:
        try:
            _STORE.read = codes_of(_read_bytes(store_path()))
        except (OSError, NotImplementedError):  # no file; or a Python without bytecode tags
            _STORE.read = {}
    return _STORE.read


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def code_for(script: str, filename: str) -> types.CodeType:
    """The code of one class's methods: kept, else compiled (and kept at exit)."""
    key, seeded = _key(script, filename)
    code = _read().get(key) or _STORE.new.get(key)
    if code is None or code.co_filename != filename:
        code = compile(script, filename, "exec")
        if not _STORE.new:
            atexit.register(save)
        _STORE.new[key] = code
    elif seeded is not None:
        code = _with_own_function(code, script, filename, seeded)
    _STORE.used[key] = code
    return code


def _key(script: str, filename: str) -> tuple[str, str | None]:
    """The script's digest, leaving out the one number in it that differs between processes,
    and that number. attrs writes into ``__hash__`` the hash of a name, which Python seeds
    afresh in every process (``PYTHONHASHSEED``)."""
    name = filename.removeprefix("<attrs generated methods ").removesuffix(">")
    base, dash, count = name.rpartition("-")  # attrs numbers a name used already: X-1
    name = base if dash and count.isdigit() else name
    seeded = str(hash(f"<attrs generated hash {name}>"))
    if script.count(seeded) != 1:  # not there: the script is its own key
        return hashlib.sha256(f"{filename}\0{script}".encode()).hexdigest(), None
    script = script.replace(seeded, "SEEDED")
    return hashlib.sha256(f"{filename}\0{script}".encode()).hexdigest(), seeded


def _with_own_function(
    code: types.CodeType, script: str, filename: str, seeded: str
) -> types.CodeType:
    """The kept code with the function holding this process's number compiled afresh, at
    its own lines: its columns (kept in the code for tracebacks) follow the number's width.
    The few lines of ``__hash__`` compile in a tenth of the time of the whole script."""
    lines = script.splitlines(keepends=True)
    start, end = _function_around(lines, seeded)
    own = compile("\n" * start + "".join(lines[start:end]), filename, "exec")
    (function,) = (c for c in own.co_consts if isinstance(c, types.CodeType))
    consts = tuple(
        function
        if isinstance(c, types.CodeType) and c.co_firstlineno == function.co_firstlineno
        else c
        for c in code.co_consts
    )
    return code.replace(co_consts=consts)


def _function_around(lines: list[str], seeded: str) -> tuple[int, int]:
    """The lines of the one top-level function whose body holds ``seeded``."""
    at = next(i for i, line in enumerate(lines) if seeded in line)
    starts = [i for i, line in enumerate(lines) if line.startswith("def ")]
    start = max(i for i in starts if i <= at)
    return start, min((i for i in starts if i > at), default=len(lines))


def save() -> None:
    """Write the store if this process compiled anything: what it read and compiled, or
    only what it used once old entries pile up. Failing to write costs nothing else."""
    if sys.dont_write_bytecode or not _STORE.new:
        return
    kept = {**_read(), **_STORE.new}
    if len(kept) > _MOST:
        kept = dict(_STORE.used)
    try:
        _write(store_path(), store_bytes(kept))
    except (OSError, NotImplementedError):
        return
    _STORE.read, _STORE.new = kept, {}


def _write(path: str, content: bytes) -> None:
    temporary = f"{path}.{os.getpid()}.tmp"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(temporary, "wb") as file:
            file.write(content)
        os.replace(temporary, path)  # readers see the old file or the new, never half
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _ours(filename: str) -> bool:
    return filename.startswith("<attrs generated ") and " rehabkit." in filename


def install() -> None:
    """Route attrs' compiling of rehabkit's classes through the store, once; call it before
    any of them is built."""
    original = getattr(_make, "_compile_and_eval", None)
    if original is None or original.__module__ == __name__:
        return
    if list(inspect.signature(original).parameters) != _PARAMETERS:
        return  # another attrs: leave its compiling alone

    def compile_and_eval(
        script: str,
        globs: dict[str, Any] | None,
        locs: Mapping[str, object] | None = None,
        filename: str = "",
    ) -> None:
        if not _ours(filename):
            original(script, globs, locs, filename)
            return
        eval(code_for(script, filename), globs, locs)  # noqa: S307 - as attrs evaluates it

    _make._compile_and_eval = compile_and_eval
