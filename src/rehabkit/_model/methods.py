"""attrs' methods for the model's classes, compiled with the package instead of at each start.

attrs writes each class's ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` as Python
text and compiles it as the class is made: for the model's fifty classes that was 15 ms of a
bundled protocol's first use, every process. The text attrs writes for them is kept in the
modules of ``rehabkit._model.compiled`` (written by ``scripts/update-model-methods``), whose
bytecode Python keeps in ``__pycache__`` like any module's.

A class takes its kept methods only when the text attrs writes for it now is, character for
character, the text they were written from (a SHA-256 of it is kept beside them). Anything
else (another attrs, a class changed and not yet written out, a damaged file) is compiled
as attrs always does. The one number attrs writes that changes between processes, the
class's hash seed, is passed in as a name. ``tests/test_speed_paths_4.py`` checks that the
kept methods are current and compile to the very bytecode of attrs' text.

attrs has no hook for this, so ``install`` replaces the one method of its class builder
that compiles, and only when that method is the one this module replaces (its names and
variables as recorded); classes of any other module pass straight through to it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import FunctionType, ModuleType
from typing import Any

from attr import _make

from rehabkit._core.digest import sha256_hex

TYPE_HASH_NAME = "__rehabkit_type_hash"
_COMPILED = "rehabkit._model.compiled."
_MODEL = "rehabkit._model."
# attrs writes a class's hash seed alone on the line after this; it is hash() of a text,
# so it changes with each process's hash randomisation.
_BEFORE_SEED = "hash((\n"

# What a class's kept methods were written from, by "module:qualname", normalised: every
# model class made in this process, whether it took its kept methods or not.
SEEN: dict[str, str] = {}
MISSED: list[str] = []  # model classes that compiled attrs' text: their kept text was stale


def normalised(script: str) -> tuple[str, int | None]:
    """attrs' text with its hash seed replaced by a name, and the seed."""
    line = script.find(_BEFORE_SEED) + len(_BEFORE_SEED)
    end = script.find(",\n", line)
    seed = script[line:end].strip(" ")
    if line < len(_BEFORE_SEED) or end < 0 or not seed.removeprefix("-").isdigit():
        return script, None
    start = end - len(seed)
    return script[:start] + TYPE_HASH_NAME + script[end:], int(seed)


def digest(text: str) -> str:
    return sha256_hex(text.encode())


def class_key(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _kept_module(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(_COMPILED + module.removeprefix(_MODEL))
    except ImportError:  # no methods kept for that module (yet)
        return None


def _kept(cls: type) -> tuple[str, Callable[[], dict[str, Any]]] | None:
    if not cls.__module__.startswith(_MODEL):
        return None
    module = _kept_module(cls.__module__)
    found: tuple[str, Callable[[], dict[str, Any]]] | None = getattr(module, "METHODS", {}).get(
        cls.__qualname__
    )
    return found


def _snippets_methods(builder: Any, text: str, seed: int | None) -> dict[str, Any] | None:
    """The class's methods from their kept bytecode, run in the names attrs gives them."""
    kept = _kept(builder._cls)
    if kept is None or kept[0] != digest(text):
        return None
    names: dict[str, Any] = {}
    for _, snippet_names, _ in builder._script_snippets:
        names.update(snippet_names)
    if seed is not None:
        names[TYPE_HASH_NAME] = seed
    # The kept function's body is attrs' text: run with attrs' names as its globals, it
    # defines the methods, and returns them as attrs' compiled text would have.
    return FunctionType(kept[1].__code__, names)()  # type: ignore[no-any-return]


def _eval_snippets(builder: Any) -> None:
    """attrs' ``_ClassBuilder._eval_snippets``, taking a model class's kept methods."""
    if not builder._cls.__module__.startswith(_MODEL):
        _ORIGINAL(builder)
        return
    text, seed = normalised("\n".join(snippet[0] for snippet in builder._script_snippets))
    SEEN[class_key(builder._cls)] = text
    methods = _snippets_methods(builder, text, seed)
    if methods is None:
        MISSED.append(class_key(builder._cls))
        _ORIGINAL(builder)
        return
    for _, _, attach in builder._script_snippets:
        attach(builder._cls_dict, methods)


# The names and variables of the attrs method replaced, as recorded: another attrs whose
# method differs keeps its own. Python 3.12 adds its comprehension's variable (PEP 709).
_REPLACES = (
    ("join", "_script_snippets", "update", "_linecache_and_compile",
     "_generate_unique_filename", "_cls", "_cls_dict"),
    ("self", "script", "globs", "_", "snippet_globs", "locs", "hook"),
)  # fmt: skip
_INLINED = "snippet"
_ORIGINAL: Callable[[Any], None] = getattr(_make._ClassBuilder, "_eval_snippets", None)  # type: ignore[assignment]


def install() -> bool:
    """Let the model's classes take their kept methods; False when this attrs differs."""
    code = getattr(_ORIGINAL, "__code__", None)
    if code is None:
        return False
    variables = tuple(name for name in code.co_varnames if name != _INLINED)
    if (code.co_names, variables) != _REPLACES:
        return False
    _make._ClassBuilder._eval_snippets = _eval_snippets  # type: ignore[method-assign,assignment]
    return True
