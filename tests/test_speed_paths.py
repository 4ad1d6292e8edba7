"""Issue 28: the fast paths give what the slow ones give, and never trust what they cannot verify."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import rehabkit as rk
from rehabkit._core import resources
from rehabkit._documents import api, cache

SRC = Path(rk.__file__).parents[1]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHABKIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entry(folder: Path) -> Path:
    (found,) = folder.glob("runners-knee.*.pickle")
    return found


def _full_load(protocol_id: str) -> rk.Protocol:
    return rk.load(Path(str(resources.bundled_protocols()[protocol_id])), rk.Protocol)


def _no_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a full load ran where a cache entry should have served")

    monkeypatch.setattr(api, "loads", refuse)


@pytest.mark.parametrize("protocol_id", rk.bundled_ids())
def test_a_cached_protocol_equals_a_fully_validated_load(
    folder: Path, monkeypatch: pytest.MonkeyPatch, protocol_id: str
) -> None:
    built = rk.bundled(protocol_id)  # the first use validates fully and writes the entry
    assert list(folder.glob(f"{protocol_id}.*.pickle"))
    _no_full_load(monkeypatch)
    cached = rk.bundled(protocol_id)
    assert cached is not built
    assert cached == built == _full_load(protocol_id)
    assert rk.dumps(cached) == rk.dumps(built)


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: b"",
        lambda entry: entry[: len(entry) // 2],  # truncated
        lambda entry: entry[:-40] + bytes(40),  # payload changed, digest not
        lambda entry: entry.replace(b"cache 1\n", b"cache 0\n", 1),  # another format
        lambda entry: b"not a cache entry at all",
    ],
    ids=["empty", "truncated", "damaged", "other-format", "garbage"],
)
def test_a_damaged_entry_is_ignored_and_replaced(folder: Path, damage: object) -> None:
    rk.bundled("runners-knee")
    entry = _entry(folder)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert rk.bundled("runners-knee") == _full_load("runners-knee")
    assert cache._verified(entry.read_bytes(), _key("runners-knee"), "runners-knee")


def _key(protocol_id: str) -> str:
    return cache.entry_key(resources.bundled_protocols()[protocol_id].read_bytes())


class _Calls:
    """Unpickling this calls os.system: what a crafted entry would try."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def _forged(key: str, obj: object) -> bytes:
    """An entry with a correct header and digest around ``obj``: only unpickling can refuse it."""
    payload = pickle.dumps(obj)
    import hashlib

    digest = hashlib.sha256(payload).hexdigest()
    return cache._MAGIC + f"{key}\n{digest}\n".encode() + payload


def test_an_entry_that_would_call_anything_but_the_model_is_refused(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    key = _key("runners-knee")
    assert cache._verified(_forged(key, _Calls()), key, "runners-knee") is None
    assert cache._verified(_forged(key, [eval]), key, "runners-knee") is None
    assert not (tmp_path / "pwned").exists()


def test_an_entry_of_another_protocol_or_another_version_is_not_used(folder: Path) -> None:
    other = rk.bundled_ids()[0] if rk.bundled_ids()[0] != "runners-knee" else rk.bundled_ids()[1]
    key = _key("runners-knee")
    assert cache._verified(_forged(key, rk.bundled(other)), key, "runners-knee") is None
    assert cache._verified(_forged(key, {"id": "runners-knee"}), key, "runners-knee") is None
    stale = _forged("0" * 64, rk.bundled("runners-knee"))
    assert cache._verified(stale, key, "runners-knee") is None
    assert cache._verified(_forged(key, rk.bundled("runners-knee")), key, "runners-knee")


def test_the_key_changes_with_the_bytes_and_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.entry_key(b"{}")
    assert cache.entry_key(b"{ }") != key
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.entry_key(b"{}") != key


def test_the_key_changes_with_the_code_even_at_one_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A working copy changes its code without a new version: an entry made by the old code
    (whose classes may have other fields, or be gone) must not be read back. Found when a
    merge added a field to a model class and a warm cache returned objects without it."""
    key = cache.entry_key(b"{}")
    monkeypatch.setattr(cache, "_code_stamp", lambda: "another-checkout")
    assert cache.entry_key(b"{}") != key


def test_the_code_stamp_follows_a_file_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "rehabkit"
    (package / "_model").mkdir(parents=True)
    module = package / "_model" / "plan.py"
    module.write_text("x = 1\n")
    before = cache._code_stamp(package)
    module.write_text("x = 2  # edited\n")
    assert cache._code_stamp.__wrapped__(package) != before
    (package / "notes.txt").write_text("not code")
    module.write_text("x = 1\n")
    os.utime(module, ns=(0, 0))
    again = cache._code_stamp.__wrapped__(package)
    os.utime(module, ns=(0, 10**9))
    assert cache._code_stamp.__wrapped__(package) != again


def test_an_unwritable_cache_folder_only_costs_a_full_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REHABKIT_CACHE_DIR", str(blocker / "cache"))
    assert rk.bundled("runners-knee") == _full_load("runners-knee")
    monkeypatch.setenv("REHABKIT_CACHE_DIR", str(blocker))  # a file where the folder goes
    assert rk.bundled("runners-knee") == _full_load("runners-knee")
    assert blocker.read_text() == "not a folder"


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REHABKIT_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() is None
    assert rk.bundled("runners-knee") == _full_load("runners-knee")
    assert not list(tmp_path.rglob("*.pickle"))


def test_an_unknown_id_is_still_a_plain_error(folder: Path) -> None:
    with pytest.raises(rk.RehabkitError, match="no bundled protocol 'nope'"):
        rk.bundled("nope")


def test_a_cached_first_use_imports_neither_the_schema_nor_cattrs(folder: Path) -> None:
    code = (
        "import sys, rehabkit; rehabkit.bundled('runners-knee');"
        "print(sorted(m for m in ('cattrs', 'jsonschema', 'jsonschema_rs') if m in sys.modules))"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC), REHABKIT_CACHE_DIR=str(folder))
    run = [sys.executable, "-c", code]
    cold = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert "cattrs" in cold.stdout  # the first use validates fully
    assert warm.stdout.strip() == "[]"


def test_the_cli_help_imports_no_checker_no_cattrs_and_no_pdf_stack(folder: Path) -> None:
    code = (
        "import sys; sys.argv = ['rehabkit', '--help']\n"
        "from rehabkit._app.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('cattrs', 'jsonschema', 'jsonschema_rs', 'typst', 'fontTools')\n"
        "print('HEAVY', sorted(m for m in heavy if m in sys.modules))"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC), REHABKIT_CACHE_DIR=str(folder))
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "HEAVY []" in run.stdout, run.stdout + run.stderr


def test_the_schemas_are_still_public_and_whole() -> None:
    assert rk.schema_names() == resources.schema_names()
    assert rk.schema("plan") == resources.schema("plan")
    with pytest.raises(rk.RehabkitError, match="no schema 'nope'"):
        rk.schema("nope")
