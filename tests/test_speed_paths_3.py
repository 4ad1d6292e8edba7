"""Issue 28, third pass: a bundled protocol's first use imports and compiles less, and what
it skips is proven equal to what it replaced."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import types
from importlib import resources as importlib_resources
from pathlib import Path

import attrs
import pytest

import rehabkit as rk
from rehabkit._core import attrs_code, resources
from rehabkit._documents import cache

SRC = Path(rk.__file__).parents[1]

# Every class rehabkit builds, and the code attrs gave each of its methods, marshalled.
_METHODS = """
import importlib, marshal, pkgutil, sys
from rehabkit._core import attrs_code
if sys.argv[1] == "attrs":
    attrs_code.install = lambda: None  # attrs compiles every class itself
import rehabkit
for info in pkgutil.walk_packages(rehabkit.__path__, "rehabkit."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
rehabkit.bundled("runners-knee")
codes = {}
for name, module in sorted(sys.modules.items()):
    if name.startswith("rehabkit."):
        for value in list(vars(module).values()):
            if isinstance(value, type) and "__attrs_attrs__" in vars(value):
                for method, function in vars(value).items():
                    code = getattr(function, "__code__", None)
                    if code is not None and code.co_filename.startswith("<attrs generated"):
                        codes[f"{value.__qualname__}.{method}"] = code
sys.stdout.buffer.write(marshal.dumps((codes, len(attrs_code._STORE.new))))
"""


def _env(pycache: Path, **more: str) -> dict[str, str]:
    """A process whose bytecode, and so the store, lives in ``pycache``."""
    env = dict(os.environ, PYTHONPATH=str(SRC), PYTHONPYCACHEPREFIX=str(pycache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return {**env, **more}


def _methods(
    pycache: Path, seed: int, compiler: str = "store"
) -> tuple[dict[str, types.CodeType], int]:
    env = _env(pycache, PYTHONHASHSEED=str(seed), REHABKIT_CACHE_DIR=str(pycache / "cache"))
    argv = [sys.executable, "-c", _METHODS, compiler]
    done = subprocess.run(argv, env=env, capture_output=True, check=True)
    codes, compiled = marshal.loads(done.stdout)
    return codes, compiled


def test_kept_methods_are_the_code_attrs_compiles(tmp_path: Path) -> None:
    """Every method of every class, read back from the store in a process with another hash
    seed (attrs writes a seeded hash into ``__hash__``), equals what attrs compiles there
    itself with the store off."""
    written, compiled = _methods(tmp_path, seed=1)
    assert compiled > 50  # the first process compiled and kept them
    assert list(tmp_path.rglob("attrs_code.*.methods"))
    kept, compiled = _methods(tmp_path, seed=2)
    assert compiled == 0  # the second compiled nothing
    own, _ = _methods(tmp_path, seed=2, compiler="attrs")
    assert len(own) > 200
    assert kept == own
    assert kept.keys() == written.keys()
    assert any(kept[name] != written[name] for name in kept if name.endswith("__hash__"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: b"",
        lambda entry: b"not a store at all",
        lambda entry: entry[: len(entry) // 2],  # truncated
        lambda entry: entry[:-20] + bytes(20),  # payload changed, digest not
    ],
)
def test_a_damaged_store_is_ignored(damage: object) -> None:
    code = compile("x = 1", "<attrs generated methods rehabkit.X>", "exec")
    entry = attrs_code.store_bytes({"key": code})
    assert attrs_code.codes_of(entry) == {"key": code}
    assert callable(damage)
    assert attrs_code.codes_of(damage(entry)) == {}
    other_python = entry.replace(attrs_code._head(), attrs_code._MAGIC + b"\0\0\r\n", 1)
    assert attrs_code.codes_of(other_python) == {}


@pytest.mark.parametrize(
    "held",
    [{"key": 1}, {"key": (b"bytes", None)}, {"key": ("code",)}, {1: None}, ["a list"]],
)
def test_a_store_of_anything_but_code_is_ignored(held: object) -> None:
    payload = marshal.dumps(held)
    import hashlib

    digest = hashlib.sha256(payload).hexdigest().encode()
    entry = attrs_code._head() + digest + b"\n" + payload
    assert attrs_code.codes_of(entry) == {}


def test_only_rehabkit_classes_go_through_the_store() -> None:
    before = dict(attrs_code._STORE.used)

    @attrs.frozen
    class Mine:
        x: int

    assert Mine(1) == Mine(1)
    assert attrs_code._STORE.used == before
    assert attrs_code._ours("<attrs generated methods rehabkit._model.units.Quantity>")
    assert not attrs_code._ours("<attrs generated methods myrehabkit.Quantity>")
    assert not attrs_code._ours("<attrs generated methods tests.rehabkit_like.X>")


def test_the_key_leaves_out_the_seeded_hash_and_nothing_else() -> None:
    filename = "<attrs generated methods rehabkit._model.units.Quantity>"
    seeded = str(hash("<attrs generated hash rehabkit._model.units.Quantity>"))
    script = f"def __hash__(self):\n    return hash(({seeded}, self.value))\n"
    key, found = attrs_code._key(script, filename)
    assert found == seeded
    assert attrs_code._key(script.replace(seeded, "12345"), filename) == (
        attrs_code._key(script.replace(seeded, "12345"), filename)[0],
        None,  # not this process's number: the whole script is the key
    )
    assert attrs_code._key(script.replace(seeded, "12345"), filename)[0] != key
    assert attrs_code._key(script + "# more\n", filename)[0] != key
    renamed = filename.replace(">", "-1>")  # attrs numbers a file name used already
    assert attrs_code._key(script, renamed)[1] == seeded


def test_an_unwritable_store_only_costs_compiling(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    done = subprocess.run(
        [sys.executable, "-c", 'import rehabkit; print(rehabkit.bundled("runners-knee").id)'],
        env=_env(blocked, REHABKIT_CACHE_DIR=str(tmp_path / "cache")),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "runners-knee"
    assert done.stderr == ""


def test_no_store_is_written_when_python_writes_no_bytecode(tmp_path: Path) -> None:
    env = _env(tmp_path, PYTHONDONTWRITEBYTECODE="1", REHABKIT_CACHE_DIR="")
    subprocess.run([sys.executable, "-c", "import rehabkit; rehabkit.bundled('runners-knee')"],
                   env=env, check=True)  # fmt: skip
    assert not list(tmp_path.rglob("*.methods"))


_IMPORTED = """
import json, sys, rehabkit
rehabkit.bundled("runners-knee")
print(json.dumps(sorted(sys.modules)))
"""

# None of these is needed to read a verified entry: each cost milliseconds of a first use.
_NOT_FOR_A_CACHED_LOAD = [
    "cattrs",
    "jsonschema_rs",
    "importlib.resources",
    "tempfile",
    "ctypes",
    "rehabkit._documents.api",
    "rehabkit._core.output",
]


def test_a_cached_first_use_imports_only_what_reading_an_entry_needs(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC), REHABKIT_CACHE_DIR=str(tmp_path / "cache"))
    argv = [sys.executable, "-c", _IMPORTED]
    cold = json.loads(subprocess.run(argv, env=env, capture_output=True, check=True).stdout)
    warm = json.loads(subprocess.run(argv, env=env, capture_output=True, check=True).stdout)
    assert "cattrs" in cold  # the first use validated fully
    assert [name for name in _NOT_FOR_A_CACHED_LOAD if name in warm] == []


def test_the_code_stamp_reads_the_files_rglob_finds() -> None:
    """``os.scandir`` stamps exactly the files ``Path.rglob`` found, with the same stamps."""
    package = Path(cache.__file__).parents[1]
    slow = sorted(
        f"{path.relative_to(package).as_posix()}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        for path in package.rglob("*")
        if path.suffix in (".py", ".json") and path.is_file()
    )
    assert sorted(cache._stamps(str(package), "")) == slow


@pytest.mark.parametrize("parts", [("locale",), ("schemas",), ("protocols",), ("py.typed",)])
def test_package_files_are_where_importlib_resources_finds_them(parts: tuple[str, ...]) -> None:
    slow = importlib_resources.files("rehabkit").joinpath(*parts)
    assert str(resources.package_file(*parts)) == str(slow)
