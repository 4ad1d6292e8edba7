"""Issue 28, fourth pass: a bundled protocol's first use builds less, and what each change
skips is proven equal to what it replaced."""

from __future__ import annotations
import __future__

import enum
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from attr import _make
from hypothesis import given
from hypothesis import strategies as st

import rehabkit as rk
from rehabkit._core import public
from rehabkit._model import methods

SRC = Path(rk.__file__).parents[1]
ROOT = Path(__file__).resolve().parents[1]  # the checkout (CI installs rehabkit as a wheel)
DATA = Path(__file__).parent / "data"


def _run(code: str, tmp_path: Path) -> object:
    env = dict(os.environ, PYTHONPATH=str(SRC), REHABKIT_CACHE_DIR=str(tmp_path / "cache"))
    argv = [sys.executable, "-c", code]
    subprocess.run(argv, env=env, capture_output=True, check=True)  # warms the cache
    return json.loads(subprocess.run(argv, env=env, capture_output=True, check=True).stdout)


_RESOLVED = """
import json, rehabkit
from rehabkit._core import public
rehabkit.bundled("runners-knee")
print(json.dumps(len(public._UNRESOLVED)))
"""


def test_a_cached_first_use_leaves_the_annotations_as_text(tmp_path: Path) -> None:
    """Only cattrs reads the fields' types: a protocol read from the cache never asks."""
    assert _run(_RESOLVED, tmp_path) > 0


def _public_attrs_classes() -> list[type]:
    return [
        value
        for name in rk.__all__
        if isinstance(value := getattr(rk, name), type) and attrs.has(value)
    ]


def test_every_public_class_has_its_types_once_the_converter_loads() -> None:
    from rehabkit._documents import converter  # noqa: F401  (asks for the types)

    classes = _public_attrs_classes()
    assert len(classes) > 40
    assert public._UNRESOLVED == []
    unresolved = [
        f"{cls.__name__}.{a.name}"
        for cls in classes
        for a in attrs.fields(cls)
        if isinstance(a.type, str)
    ]
    assert unresolved == []


_LATE = """
import json, sys
from rehabkit._documents import converter
assert "rehabkit._model.translation" not in sys.modules
from rehabkit._model.translation import Translation
import attrs
print(json.dumps([a.name for a in attrs.fields(Translation) if isinstance(a.type, str)]))
"""


def test_a_model_module_loaded_after_the_converter_is_resolved_as_it_loads(
    tmp_path: Path,
) -> None:
    assert _run(_LATE, tmp_path) == []


# --- the model's methods, kept with the package instead of compiled at each start ---


def _import_the_model() -> None:
    for path in (SRC / "rehabkit" / "_model").glob("[!_]*.py"):
        importlib.import_module(f"rehabkit._model.{path.stem}")


def _unless_another_attrs(stale: bool) -> None:
    """A newer attrs may write other text: the model then compiles as before, and the kept
    text waits for ``scripts/update-model-methods``. Only the attrs it was written by must
    find it current."""
    from importlib.metadata import version

    from rehabkit._model.compiled import ATTRS_VERSION

    if stale and version("attrs") != ATTRS_VERSION:
        pytest.skip(f"kept for attrs {ATTRS_VERSION}, not {version('attrs')}: run the script")


def test_every_model_class_takes_its_kept_methods() -> None:
    _import_the_model()

    _unless_another_attrs(methods.MISSED != [] or not methods.install())
    assert _make._ClassBuilder._eval_snippets is methods._eval_snippets
    assert len(methods.SEEN) >= 50
    assert methods.MISSED == []


def test_the_kept_methods_are_what_attrs_writes_now() -> None:
    script = ROOT / "scripts" / "update-model-methods"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    _unless_another_attrs(done.returncode != 0)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_builder_attrs_has_on_each_python_is_the_one_replaced() -> None:
    """Python 3.12 inlines the comprehension of attrs' method: its variable is let through."""
    code = methods._ORIGINAL.__code__
    variables = tuple(v for v in code.co_varnames if v != "snippet")
    _unless_another_attrs((code.co_names, variables) != methods._REPLACES)
    assert (code.co_names, variables) == methods._REPLACES


_AS_ATTRS = __future__.annotations.compiler_flag  # attrs' _make module compiles under it
_CO_NESTED = 0x10  # a function defined in a function: the kept ones are, attrs' are not


def _functions(code: object) -> dict[str, object]:
    return {c.co_name: c for c in code.co_consts if hasattr(c, "co_code")}  # type: ignore[attr-defined]


def _essence(code: object) -> tuple[object, ...]:
    c: object = code
    return (
        c.co_code,  # type: ignore[attr-defined]
        c.co_consts,  # type: ignore[attr-defined]
        c.co_names,  # type: ignore[attr-defined]
        c.co_varnames,  # type: ignore[attr-defined]
        c.co_freevars,  # type: ignore[attr-defined]
        c.co_cellvars,  # type: ignore[attr-defined]
        c.co_argcount,  # type: ignore[attr-defined]
        c.co_posonlyargcount,  # type: ignore[attr-defined]
        c.co_kwonlyargcount,  # type: ignore[attr-defined]
        c.co_flags & ~_CO_NESTED,  # type: ignore[attr-defined]
    )


def test_each_kept_method_is_the_bytecode_of_the_text_attrs_writes() -> None:
    """Kept inside a function, attrs' text compiles to the very methods: same bytecode,
    constants, names and arguments, and no variable of the function around it."""
    _import_the_model()

    _unless_another_attrs(methods.MISSED != [])
    for key, text in methods.SEEN.items():
        module, qualname = key.split(":")
        kept = methods._kept_module(module).METHODS[qualname]  # type: ignore[union-attr]
        assert kept[0] == methods.digest(text), key
        attrs_own = _functions(compile(text, "<attrs>", "exec", _AS_ATTRS, dont_inherit=True))
        ours = _functions(kept[1].__code__)
        assert sorted(ours) == sorted(attrs_own), key
        for name, code in attrs_own.items():
            assert _essence(ours[name]) == _essence(code), f"{key} {name}"


def test_only_the_hash_seed_is_taken_out_of_attrs_text() -> None:
    text = "def __hash__(self):\n        return hash((\n                -1234,\n  self.a,\n"
    assert methods.normalised(text) == (text.replace("-1234", methods.TYPE_HASH_NAME), -1234)
    assert methods.normalised("x = hash((1, 2))\n") == ("x = hash((1, 2))\n", None)


def test_a_class_whose_text_changed_is_compiled_as_attrs_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _unless_another_attrs(_make._ClassBuilder._eval_snippets is not methods._eval_snippets)
    monkeypatch.setattr(methods, "SEEN", {})
    monkeypatch.setattr(methods, "MISSED", [])

    @attrs.frozen
    class Frequency:  # named as a model class, with other fields: its kept text is stale
        __module__ = "rehabkit._model.dosage"
        __qualname__ = "Frequency"
        times: int = 2

    assert methods.MISSED == ["rehabkit._model.dosage:Frequency"]
    assert repr(Frequency()) == "Frequency(times=2)"
    assert Frequency() == Frequency() != Frequency(3)
    assert hash(Frequency()) == hash(Frequency())


def test_a_class_of_another_module_passes_straight_to_attrs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(methods, "SEEN", {})

    @attrs.frozen
    class Elsewhere:
        times: int = 2

    assert methods.SEEN == {}
    assert repr(Elsewhere()) == "Elsewhere(times=2)"


def test_another_attrs_keeps_its_own_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    def _eval_snippets(self: object) -> None:  # another attrs' method, other names
        print(self)

    monkeypatch.setattr(methods, "_ORIGINAL", _eval_snippets)
    monkeypatch.setattr(_make._ClassBuilder, "_eval_snippets", _eval_snippets)
    assert methods.install() is False
    assert _make._ClassBuilder._eval_snippets is _eval_snippets


# What a person can see of the model's classes: every bundled protocol (its repr, its JSON,
# its equality and hash), every invalid file's problems, each class's signature.
_BEHAVIOUR = """
import inspect, json, sys
from attr import _make
import rehabkit._model.methods as kept
if sys.argv[1] == "attrs":
    _make._ClassBuilder._eval_snippets = kept._ORIGINAL
import rehabkit as rk
from rehabkit._model import document, translation
seen = []
for pid in rk.bundled_ids():
    p = rk.loads(rk.dumps(rk.bundled(pid)))
    q = rk.loads(rk.dumps(p))
    seen += [repr(p), rk.dumps(p), p == q, hash(p) == hash(q), str(p.exercises[0])]
for path in sorted(__import__("pathlib").Path(sys.argv[2]).iterdir()):
    seen.append([str(problem) for problem in rk.validate(path)])
for name in rk.__all__:
    value = getattr(rk, name)
    if isinstance(value, type) and hasattr(value, "__attrs_attrs__"):
        seen.append(f"{name}{inspect.signature(value)}")
print(json.dumps([seen, len(kept.SEEN), kept.MISSED]))
"""


def test_the_model_made_with_its_kept_methods_behaves_as_attrs_made_it(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC), REHABKIT_CACHE_DIR="")
    runs = {}
    for how in ("kept", "attrs"):
        argv = [sys.executable, "-c", _BEHAVIOUR, how, str(DATA / "invalid")]
        done = subprocess.run(argv, env=env, capture_output=True, check=True, cwd=tmp_path)
        runs[how] = json.loads(done.stdout)
    seen, built, missed = runs["kept"]
    _unless_another_attrs(missed != [])
    assert built >= 50 and missed == []
    assert runs["attrs"][1:] == [0, []]  # attrs compiled every class itself
    assert seen == runs["attrs"][0]


_IMPORTED = """
import sys, rehabkit
rehabkit.bundled("runners-knee")
print("[" + ", ".join(f'"{name}"' for name in sorted(sys.modules)) + "]")  # json: not imported
"""

# A protocol holds none of these: each cost a first use milliseconds it did not need.
_NOT_FOR_A_PROTOCOL = [
    "rehabkit._model.session_log",
    "rehabkit._model.plan",
    "rehabkit._model.integrity",
    "difflib",
    "gettext",
    "pathlib",
    "hashlib",
    "json",
]


def test_a_cached_first_use_makes_no_class_a_protocol_cannot_hold(tmp_path: Path) -> None:
    imported = _run(_IMPORTED, tmp_path)
    assert [name for name in _NOT_FOR_A_PROTOCOL if name in imported] == []  # type: ignore[operator]


def test_the_next_morning_answers_are_a_term_of_the_vocabulary() -> None:
    from rehabkit._model import session_log, terms

    assert rk.NextMorning is terms.NextMorning is session_log.NextMorning
    assert [m.value for m in rk.NextMorning] == ["better", "same", "worse"]


def test_the_protocol_files_read_as_text_are_the_bundled_protocols() -> None:
    from rehabkit._core import resources

    slow = resources.bundled_protocols()
    fast = resources.bundled_protocol_files()
    assert {k: str(v) for k, v in fast.items()} == {k: str(v) for k, v in slow.items()}
    assert all(resources.read_source(fast[k]) == slow[k].read_bytes() for k in slow)


def test_a_package_that_is_no_folder_reads_its_protocols_as_importlib_finds_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rehabkit._core import resources

    monkeypatch.setattr(resources, "_PACKAGE", str(tmp_path / "rehabkit.zip" / "rehabkit"))
    files = resources.bundled_protocol_files()
    assert sorted(files) == rk.bundled_ids()
    assert resources.read_source(files["runners-knee"]).startswith(b"{")


@given(st.binary(max_size=3000))
def test_the_builtin_digest_is_hashlibs_sha256(data: bytes) -> None:
    import hashlib

    from rehabkit._core.digest import sha256_hex

    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


# --- a load's small fast paths, each against what it replaced ---


def _pairs_as_they_were(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    from rehabkit._documents.reading import _DuplicateKeys

    result: dict[str, Any] = {}
    repeated = []
    for key, value in pairs:
        if key in result:
            repeated.append(key)
        result[key] = value
    if repeated:
        marked = _DuplicateKeys(result)
        marked.duplicates = repeated
        return marked
    return result


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers()), max_size=12))
def test_an_object_is_read_as_it_was_repeated_keys_and_all(pairs: list[tuple[str, int]]) -> None:
    from rehabkit._documents.reading import _pairs

    fast, slow = _pairs(list(pairs)), _pairs_as_they_were(list(pairs))
    assert type(fast) is type(slow)
    assert list(fast.items()) == list(slow.items())
    assert getattr(fast, "duplicates", None) == getattr(slow, "duplicates", None)


def _enum_as_it_was(value: Any, cls: type[enum.Enum]) -> object:
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(str(m.value) for m in cls)
        return ValueError(f"{value!r} is not one of: {choices}")


def _registered_enums() -> list[type[enum.Enum]]:
    from rehabkit._documents import converter

    modules = (converter.units, converter.terms, converter.pose, converter.session_log)
    return sorted(
        {
            v
            for m in modules
            for v in vars(m).values()
            if isinstance(v, type) and issubclass(v, enum.Enum)
        },
        key=lambda cls: cls.__name__,
    )


@given(st.data())
def test_an_enum_is_read_as_its_own_call_reads_it(data: st.DataObject) -> None:
    from rehabkit._documents.converter import _structure_enum

    cls = data.draw(st.sampled_from(_registered_enums()))
    value = data.draw(
        st.sampled_from([m.value for m in cls])
        | st.sampled_from(list(cls))
        | st.text(max_size=8)
        | st.integers()
        | st.none()
        | st.lists(st.integers(), max_size=2)
    )
    expected = _enum_as_it_was(value, cls)
    try:
        got: object = _structure_enum(value, cls)
    except ValueError as exc:
        got = exc
    if isinstance(expected, ValueError):
        assert isinstance(got, ValueError) and str(got) == str(expected)
    else:
        assert got is expected


@pytest.mark.parametrize("extra", [0, 1])
def test_a_text_is_measured_in_bytes_at_the_limit_as_before(extra: int) -> None:
    """Four-byte characters up to the limit and one over: counted without encoding only
    where no text that short could be over."""
    from rehabkit._documents import reading

    count = (reading.MAX_BYTES - 2) // 4 + extra  # and two quotes: 1,999,998 or 2,000,002 bytes
    text = '"' + "\U0001f600" * count + '"'
    over = len(text.encode("utf-8")) > reading.MAX_BYTES
    try:
        reading.parse_text(text)
        refused = False
    except reading.ReadError as exc:
        refused = "larger than" in exc.problems[0].message
    assert refused is over is bool(extra)
