"""Read, validate and write rehabkit documents (protocols, plans, session logs)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any, TypeVar, Union, overload

import attrs
from cattrs.errors import BaseValidationError

from rehabkit._core import resources as _resources
from rehabkit._core.errors import Problem, ValidationError
from rehabkit._core.output import write_file
from rehabkit._core.public import present_as_public
from rehabkit._documents import cache as _cache
from rehabkit._documents import fast_structure as _fast
from rehabkit._documents import media_files as _media_files
from rehabkit._documents import reading as _reading
from rehabkit._documents.bounds import bound_problems
from rehabkit._documents.converter import converter, problems_from
from rehabkit._documents.schema import passes, schema_problems
from rehabkit._documents.translation import translation_problems
from rehabkit._model import integrity
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol
from rehabkit._model.session_log import SessionLog
from rehabkit._model.translation import Translation

__all__ = [
    "dump",
    "dumps",
    "from_data",
    "load",
    "load_document",
    "loads",
    "to_data",
    "validate",
]

T = TypeVar("T")

SCHEMA_KEY = "$schema"

MAX_PROBLEMS = 100
"""Problems reported for one document; the rest are counted in one last problem."""


@attrs.frozen
class _Kind:
    schema: str
    cross_checks: Callable[[Any], list[Problem]]
    bounds: Mapping[tuple[str, ...], int]
    # Whether building the object runs its cross checks itself (a Protocol checks its
    # integrity on construction): a valid file then need not run them twice.
    built_checked: bool = False


def _plan_cross_checks(data: Any) -> list[Problem]:
    inner = data.get("protocol") if isinstance(data, Mapping) else None
    return [
        Problem(f"protocol.{p.path}" if p.path else "protocol", p.message, p.value)
        for p in integrity.data_problems(inner)
    ]


def _translation_cross_checks(data: Any) -> list[Problem]:
    """A translation of a bundled protocol is checked against it; of another protocol,
    against its schema only (``rehabkit validate --protocol`` names the protocol)."""
    named = data.get("protocol") if isinstance(data, Mapping) else None
    if not isinstance(named, str) or named not in _resources.bundled_protocols():
        return []
    try:
        translation = converter.structure(
            {k: v for k, v in data.items() if k != SCHEMA_KEY}, Translation
        )
    except Exception:
        return []
    return translation_problems(translation, _bundled(data["protocol"]))


_KINDS: dict[type, _Kind] = {
    Protocol: _Kind("protocol", integrity.data_problems, integrity.PROTOCOL_BOUNDS, True),
    Plan: _Kind("plan", _plan_cross_checks, integrity.PLAN_BOUNDS, True),
    SessionLog: _Kind("session-log", lambda _: [], integrity.LOG_BOUNDS),
    Translation: _Kind("translation", _translation_cross_checks, {}),
}


AnyDocument = Union[Protocol, Plan, SessionLog, Translation]
"""Any rehabkit document: a protocol, a plan, a session log or a translation."""


def _declared_kind(data: Mapping[str, Any]) -> type[AnyDocument] | None:
    """The kind whose schema the document's ``$schema`` names, if it names one of ours."""
    declared = data.get(SCHEMA_KEY)
    if not isinstance(declared, str):
        return None
    named = (cls for cls, kind in _KINDS.items() if f"/schemas/{kind.schema}/" in declared)
    return next(named, None)


def _looks_like_plan(data: Mapping[str, Any]) -> bool:
    return isinstance(data.get("protocol"), Mapping)  # a plan embeds its protocol


def _looks_like_log(data: Mapping[str, Any]) -> bool:
    return ("entries" in data or "measurements" in data) and "exercises" not in data


def _looks_like_translation(data: Mapping[str, Any]) -> bool:
    return "text" in data and "translator" in data


# Asked in this order; a document that looks like none of them is a protocol.
_SHAPES: tuple[tuple[type[AnyDocument], Callable[[Mapping[str, Any]], bool]], ...] = (
    (Plan, _looks_like_plan),
    (SessionLog, _looks_like_log),
    (Translation, _looks_like_translation),
)


def kind_of(data: Any) -> type[AnyDocument]:
    """Which kind of document ``data`` is: by its ``$schema`` when it names one of ours, else
    by its shape (a plan embeds a protocol; a log has entries or measurements)."""
    if not isinstance(data, Mapping):
        return Protocol
    by_shape = (cls for cls, looks_like in _SHAPES if looks_like(data))
    return _declared_kind(data) or next(by_shape, Protocol)


def _sound(data: Any) -> bool:
    """Whether the schema of the kind ``data`` looks like passes it (jsonschema-rs): then
    it holds no nesting too deep and no list too long, and the reader need not walk it."""
    name = _KINDS[kind_of(data)].schema
    try:
        passed = passes(data, name)
    except Exception:  # data Rust cannot take in a way passes() does not expect: walk it
        passed = False
    _VERDICT.set((data, name, passed))
    return passed


# The verdict _sound has just given on the data the reader returns, for the check that
# follows on that very data (the same object, against the same schema): the schema need
# not run twice. Taken once; any other data is judged afresh.
_VERDICT: ContextVar[tuple[Any, str, bool] | None] = ContextVar("rehabkit_verdict", default=None)


def _passes(data: Any, name: str) -> bool:
    held = _VERDICT.get()
    _VERDICT.set(None)
    if held is not None and held[0] is data and held[1] == name:
        return held[2]
    return passes(data, name)


def _kind(cls: type) -> _Kind:
    try:
        return _KINDS[cls]
    except KeyError:
        raise TypeError(f"{cls.__name__} is not a rehabkit document type") from None


def _build(data: Any, cls: type[T]) -> tuple[T | None, list[Problem]]:
    """The document made from data of the right shape, or what stopped the model making it."""
    body = {k: v for k, v in data.items() if k != SCHEMA_KEY}
    try:
        return _fast.structure(body, cls), []
    except BaseValidationError as exc:
        return None, problems_from(exc)
    except ValidationError as exc:
        return None, exc.problems
    except (ValueError, TypeError) as exc:
        return None, problems_from(exc)


def _check(data: Any, cls: type[T]) -> tuple[T | None, list[Problem]]:
    built, problems = _checked(data, cls)
    return built, capped(problems)


def capped(problems: list[Problem]) -> list[Problem]:
    """The first ``MAX_PROBLEMS`` problems, then one that says how many more were found: a
    file with 600,000 broken items must not print 146 MB."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    noun = "problem" if more == 1 else "problems"
    shown = problems[:MAX_PROBLEMS]
    return [*shown, Problem("", f"and {more:,} more {noun} ({len(problems):,} in all)")]


def _checked(data: Any, cls: type[T]) -> tuple[T | None, list[Problem]]:
    kind = _kind(cls)
    # A document jsonschema-rs passes holds every list and text within the schema's bound
    # at its place, so the bounds' walk would find nothing (tests/test_speed_load_5.py
    # proves it); Rust refuses an oversized one without walking it.
    valid = _passes(data, kind.schema)
    # Nor would the model's own bounds: each is its place's maxItems in the schema
    # (tests/test_speed_load_6.py proves it). The rules of a Protocol built still hold it.
    too_long = (
        []
        if valid
        else bound_problems(data, kind.schema) or integrity.bound_problems(data, kind.bounds)
    )
    if too_long:
        # Checked first and alone: a list of 100,000 items must not cost a schema walk.
        return None, too_long
    shape = [] if valid else schema_problems(data, kind.schema)
    if shape:
        # Structuring data of the wrong shape would only repeat the schema's findings.
        return None, shape + kind.cross_checks(data)
    built, found = _build(data, cls)
    if built is not None and kind.built_checked:
        return built, []
    problems = kind.cross_checks(data)
    # Construction repeats the cross checks: report each once, the cross checks first.
    return built, problems + [p for p in found if p not in problems]


def _source_name(source: str | os.PathLike[str]) -> str:
    return os.fspath(source)


def validate(source: str | os.PathLike[str] | Any, cls: type | None = None) -> list[Problem]:
    """Every problem in a document (a path to a file, or its parsed data); [] if it is valid.

    ``cls`` (Protocol, Plan, SessionLog or Translation) says what the document must be; by
    default its ``$schema``, else its shape, tells. Never raises for bad input: unreadable
    files, syntax errors, schema errors and semantic errors all come back as Problems with
    a JSON path and a plain message. A translation of a bundled protocol is checked
    against it: every text left untranslated, every key that matches nothing.

    :param source: a file's path, or already-parsed data.
    :param cls: the document type; by default the document's ``$schema`` or shape tells.
    :returns: every problem, with its path; ``[]`` if the document is valid.
    """
    if not isinstance(source, (str, os.PathLike)):
        data: Any = source  # already parsed: a mapping, or any other JSON value
        return _check(data, cls or kind_of(data))[1]
    try:
        data = _reading.read_path(source, sound=_sound)
    except _reading.ReadError as exc:
        return capped(exc.problems)
    return _check_file(data, cls, source)[1]


def _check_file(
    data: Any, cls: type[Any] | None, path: str | os.PathLike[str]
) -> tuple[Any, list[Problem]]:
    """A file's data checked, its pictures read from files beside it (format 1.2)."""
    data, unread = _media_files.inline(data, os.path.dirname(os.path.abspath(path)))
    built, problems = _check(data, cls or kind_of(data))
    if not unread:
        return built, problems
    # A picture that could not be read is said once, as the file's problem.
    paths = {p.path for p in unread}
    return None, capped(unread + [p for p in problems if p.path not in paths])


def _structure_or_raise(data: Any, cls: type[T], source: str | None) -> T:
    obj, problems = _check(data, cls)
    if problems or obj is None:
        raise ValidationError(problems, source)
    return obj


@overload
def load(path: str | os.PathLike[str]) -> Protocol | Plan | SessionLog | Translation: ...
@overload
def load(path: str | os.PathLike[str], cls: type[T]) -> T: ...
def load(path: str | os.PathLike[str], cls: type[Any] | None = None) -> Any:
    """Read a document file (JSON, or YAML with the ``yaml`` extra) into a model object.

    ``cls`` (Protocol, Plan, SessionLog or Translation) says what the file must hold; by default its
    ``$schema``, else its shape, tells. Raises ``ValidationError`` carrying every
    problem found.

    :param path: the file.
    :param cls: the document type; by default the file's ``$schema`` or shape tells.
    :returns: the document.
    :raises ValidationError: carrying every problem found, unreadable files included.
    """
    try:
        data = _reading.read_path(path, sound=_sound)
    except _reading.ReadError as exc:
        raise ValidationError(capped(exc.problems), _source_name(path)) from None
    obj, problems = _check_file(data, cls, path)
    if problems or obj is None:
        raise ValidationError(problems, _source_name(path))
    return obj


def load_document(path: str | os.PathLike[str]) -> Protocol | Plan | SessionLog | Translation:
    """Read any rehabkit document file: a protocol, a plan or a session log, told apart by
    its ``$schema`` (or its shape). Raises ``ValidationError`` with every problem.

    :param path: the file.
    :returns: the Protocol, Plan, SessionLog or Translation.
    :raises ValidationError: carrying every problem found.
    """
    return load(path)


@overload
def loads(
    text: str | bytes, *, yaml: bool = False
) -> Protocol | Plan | SessionLog | Translation: ...
@overload
def loads(text: str | bytes, cls: type[T], *, yaml: bool = False) -> T: ...
def loads(text: str | bytes, cls: type[Any] | None = None, *, yaml: bool = False) -> Any:
    """Parse a document from JSON text (or YAML text with ``yaml=True``); ``cls`` as for
    ``load``.

    :param text: JSON (or YAML) text.
    :param cls: the document type; by default the text's ``$schema`` or shape tells.
    :param yaml: parse YAML (needs the ``yaml`` extra).
    :returns: the document.
    :raises ValidationError: carrying every problem found.
    """
    try:
        if isinstance(text, bytes):
            text = _reading._decode(text)
        data = _reading.parse_text(text, yaml_syntax=yaml, sound=_sound)
    except _reading.ReadError as exc:
        raise ValidationError(capped(exc.problems)) from None
    return _structure_or_raise(data, cls or kind_of(data), None)


@overload
def from_data(data: Mapping[str, Any]) -> Protocol | Plan | SessionLog | Translation: ...
@overload
def from_data(data: Mapping[str, Any], cls: type[T]) -> T: ...
def from_data(data: Mapping[str, Any], cls: type[Any] | None = None) -> Any:
    """Structure already-parsed data, with the same checks as ``load``.

    :param data: a mapping, as ``json.loads`` gives it.
    :param cls: the document type; by default the data's ``$schema`` or shape tells.
    :returns: the document.
    :raises ValidationError: carrying every problem found.
    """
    return _structure_or_raise(data, cls or kind_of(data), None)


def _in_field_order(obj: Any, data: Any) -> Any:
    # cattrs puts fields with defaults after the required ones; files read better in the
    # order the model declares them (id, name, ... before the long lists).
    if attrs.has(type(obj)) and isinstance(data, dict):
        return {
            a.name: _in_field_order(getattr(obj, a.name), data[a.name])
            for a in attrs.fields(type(obj))
            if a.name in data
        }
    if isinstance(obj, tuple) and isinstance(data, list):
        return [_in_field_order(o, d) for o, d in zip(obj, data, strict=True)]
    return data


def to_data(document: Any) -> dict[str, Any]:
    """A document as plain data in field order, with the ``$schema`` key editors use.

    :param document: a Protocol, Plan, SessionLog or Translation.
    :returns: the plain data.
    :raises TypeError: for any other object.
    """
    kind = _kind(type(document))
    data: dict[str, Any] = _in_field_order(document, converter.unstructure(document))
    return {SCHEMA_KEY: _resources.schema(kind.schema)["$id"], **data}


def dumps(document: Any) -> str:
    """The canonical JSON text of a document: stable, the same object gives the same bytes.

    :param document: a Protocol, Plan, SessionLog or Translation.
    :returns: the JSON text.
    :raises TypeError: for any other object.
    """
    return json.dumps(to_data(document), indent=2, ensure_ascii=False) + "\n"


def dump(document: Any, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
    """Write a document's canonical JSON to ``path`` atomically; never overwrites unless asked.

    :param document: a Protocol, Plan, SessionLog or Translation.
    :param path: where to write.
    :param overwrite: replace a regular file that exists.
    :raises RehabkitError: if ``path`` exists (and not ``overwrite``) or is not a regular file.
    :raises OSError: if the write fails.
    """
    write_file(path, dumps(document).encode("utf-8"), overwrite=overwrite)


def _bundled(protocol_id: str) -> Protocol:
    # bundled.py's public bundled() imports this module; this one must not import it back.
    return _cache.bundled_protocol(protocol_id, lambda source: loads(source, Protocol))


present_as_public(globals())
