"""Find exporters by entry point, load them lazily, and report broken ones without failing.

The pattern is Pygments' and keyring's: the standard library's entry points, each load
wrapped, so that one bad plugin names its distribution and error and never breaks another.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload, runtime_checkable

import attrs

from rehabkit._core.errors import ExportError, OptionError, RehabkitError, install_hint
from rehabkit._core.public import present_as_public
from rehabkit._model.document import Document

if TYPE_CHECKING:  # named in the overloads only: a handout's export needs neither class
    from rehabkit._model.session_log import SessionLog
    from rehabkit._model.translation import Translation

__all__ = ["Exporter", "ExporterInfo", "available_exporters", "export", "get_exporter"]

GROUP = "rehabkit.exporters"


@runtime_checkable
class Exporter(Protocol):
    """The contract of an exporter plugin.

    Register a class (instantiated with no arguments) or an instance under the entry-point
    group ``rehabkit.exporters``. ``export`` takes a ``Protocol`` or a ``Plan``
    and keyword options, and returns the file's bytes. Declare options as keyword
    parameters: rehabkit then rejects unknown options for you with a clear message.
    """

    name: str
    media_type: str
    suffix: str

    def export(self, document: Document, **options: Any) -> bytes:
        """The document in this format."""
        ...


@attrs.frozen
class ExporterInfo:
    """What discovery knows of one exporter: where it comes from and whether it loads.

    :param name: The name exporters are asked for by, e.g. ``pdf``.
    :param distribution: The installed distribution that provides it; None if unknown.
    :param target: Its entry point, ``module:attribute``.
    :param media_type: The media type it writes, once loaded.
    :param suffix: The file suffix it writes, once loaded.
    :param error: Why it does not load or does not fulfil the contract; None when it does.
    :param options: The keyword options its ``export`` accepts; None when it accepts any.
    :param missing: What it needs that is not installed, as an install hint; None if nothing.
    """

    name: str
    distribution: str | None
    target: str
    media_type: str | None = None
    suffix: str | None = None
    error: str | None = None
    options: tuple[str, ...] | None = ()
    missing: str | None = None

    @property
    def loads(self) -> bool:
        """Whether the exporter loaded and fulfils the contract."""
        return self.error is None

    @property
    def usable(self) -> bool:
        """Whether it loads and everything it needs is installed."""
        return self.error is None and self.missing is None


_loaded: dict[tuple[str | None, str], Exporter | str] = {}


def _entry_points() -> list[Any]:
    # Scanning every installed distribution costs milliseconds; rescan only when the
    # import path changes (a plugin installed into a new path, as the tests do).
    return list(_scan(tuple(sys.path)))


@functools.lru_cache(maxsize=8)
def _scan(path: tuple[str, ...]) -> tuple[Any, ...]:
    from importlib.metadata import entry_points

    # By name, and for one name rehabkit's own first: a built-in always wins a clash.
    return tuple(sorted(entry_points(group=GROUP), key=lambda ep: (ep.name, _foreign(ep))))


def _foreign(ep: Any) -> tuple[bool, str]:
    name = _distribution_name(ep)
    return (name != "rehabkit", name or "")


def _distribution_name(ep: Any) -> str | None:
    dist = getattr(ep, "dist", None)
    return None if dist is None else str(dist.metadata["Name"])


def _distribution(ep: Any) -> str | None:
    dist = getattr(ep, "dist", None)
    return None if dist is None else f"{dist.metadata['Name']} {dist.version}"


# A suffix becomes the end of a file name the CLI writes: one to three dotted parts of letters
# and digits (".pdf", ".fhir.json"), so that no plugin can put a "/", "..", a space or a
# control character into a path.
SUFFIX = re.compile(r"(?:\.[A-Za-z0-9][A-Za-z0-9_-]{0,15}){1,3}")


def _check_contract(obj: Any) -> str | None:
    for attribute in ("name", "media_type", "suffix"):
        if not isinstance(getattr(obj, attribute, None), str):
            return f"is not an exporter: {attribute!r} must be a str attribute"
    if not callable(getattr(obj, "export", None)):
        return "is not an exporter: it has no export() method"
    if not SUFFIX.fullmatch(obj.suffix):
        return f"is not an exporter: its suffix {obj.suffix!r} is not a file suffix like '.md'"
    return None


def _load(ep: Any) -> Exporter | str:
    """The exporter behind an entry point, or the error that stops it loading."""
    key = (_distribution(ep), ep.value)
    if key in _loaded:
        return _loaded[key]
    result: Exporter | str
    try:
        target = ep.load()
        obj: Any = target() if inspect.isclass(target) else target
        problem = _check_contract(obj)
        result = f"{ep.value} {problem}" if problem else obj
    except (Exception, SystemExit) as exc:  # a plugin's failure must not spread, even exit()
        result = f"{type(exc).__name__}: {exc}"
    _loaded[key] = result
    return result


def available_exporters() -> list[ExporterInfo]:
    """Every registered exporter, loaded to tell whether it works; never raises.

    :returns: one ``ExporterInfo`` per registered exporter, broken ones included.
    """
    infos: list[ExporterInfo] = []
    seen: dict[str, str | None] = {}
    for ep in _entry_points():
        dist = _distribution(ep)
        if ep.name in seen:
            ask = f"{_distribution_name(ep)}:{ep.name}"
            clash = f"name already provided by {seen[ep.name]}; ask for this one as {ask!r}"
            infos.append(ExporterInfo(ep.name, dist, ep.value, error=clash))
            continue
        seen[ep.name] = dist
        loaded = _load(ep)
        if isinstance(loaded, str):
            infos.append(ExporterInfo(ep.name, dist, ep.value, error=loaded))
        else:
            options = accepted_options(loaded)
            infos.append(
                ExporterInfo(
                    ep.name,
                    dist,
                    ep.value,
                    loaded.media_type,
                    loaded.suffix,
                    options=None if options is None else tuple(options),
                    missing=_missing(loaded),
                )
            )
    return infos


def _missing(exporter: Exporter) -> str | None:
    """What an exporter needs that is not installed, as an install hint; None if nothing.

    An exporter may declare ``requires`` (module names) and ``extra`` (the extra that
    provides them); both are optional.
    """
    from importlib.util import find_spec

    required = getattr(exporter, "requires", ())
    absent = [m for m in required if isinstance(m, str) and find_spec(m) is None]
    if not absent:
        return None
    extra = getattr(exporter, "extra", None)
    hint = f": {install_hint(extra)}" if isinstance(extra, str) else ""
    return f"needs {', '.join(absent)}{hint}"


def get_exporter(name: str) -> Exporter:
    """The exporter registered as ``name``; ExportError if it is unknown or broken.

    When two distributions register one name, rehabkit's own wins; ask for another one
    as ``"distribution:name"``.

    :param name: the exporter's name, or ``"distribution:name"``.
    :returns: the exporter.
    :raises ExportError: if no exporter has that name, or it does not load.
    """
    dist, _, short = name.rpartition(":")
    if dist in ("", "rehabkit") and short in BUILT_IN:
        return _built_in(short)
    matches = _registered_as(short, dist)
    if not matches:
        raise ExportError(_unknown_name(name))
    loaded = _load(matches[0])
    if isinstance(loaded, str):
        origin = _distribution(matches[0]) or "an unknown distribution"
        raise ExportError(f"exporter {name!r} from {origin} is broken: {loaded}")
    return loaded


def _registered_as(short: str, dist: str) -> list[Any]:
    """The entry points named ``short``, only ``dist``'s when a distribution is given."""
    return [
        ep
        for ep in _entry_points()
        if ep.name == short and (not dist or _distribution_name(ep) == dist)
    ]


def _unknown_name(name: str) -> str:
    """Why ``name`` is no exporter: the closest registered name, then all of them."""
    names = sorted({ep.name for ep in _entry_points()})
    import difflib  # here: only a mistyped name needs it

    close = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no exporter named {name!r}{hint}; available: {', '.join(names) or 'none'}"


#: rehabkit's own exporters, as its entry points declare them (a test keeps the two the
#: same). A built-in wins any name clash, so asking for one needs no scan of every
#: installed distribution: that scan was a fifth of a one-handout command.
BUILT_IN = {
    "json": "rehabkit._formats.json_format:JsonExporter",
    "fhir": "rehabkit._formats.fhir.export:FhirExporter",
    "pdf": "rehabkit._formats.handout.pdf:PdfExporter",
    "html": "rehabkit._formats.handout.html:HtmlExporter",
}


def _built_in(name: str) -> Exporter:
    key = ("rehabkit", BUILT_IN[name])
    cached = _loaded.get(key)
    if not isinstance(cached, str) and cached is not None:
        return cached
    module, _, attribute = BUILT_IN[name].partition(":")
    exporter: Exporter = getattr(importlib.import_module(module), attribute)()
    _loaded[key] = exporter
    return exporter


def accepted_options(exporter: Exporter) -> list[str] | None:
    """The option names ``exporter.export`` declares, or None if it takes any."""
    params = list(inspect.signature(exporter.export).parameters.values())[1:]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return [p.name for p in params if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]


# Each built-in exporter's documents, typed precisely: a type checker then accepts
# `export(log, "fhir", plan=plan)` and refuses `export(log, "pdf")`. A plugin's contract
# (Exporter) takes a Protocol or a Plan.
@overload
def export(document: Document, format: Literal["pdf", "html"], **options: Any) -> bytes: ...
@overload
def export(document: Document | SessionLog, format: Literal["fhir"], **options: Any) -> bytes: ...
@overload
def export(
    document: Document | SessionLog | Translation, format: Literal["json"], **options: Any
) -> bytes: ...
@overload
def export(document: Document, format: str, **options: Any) -> bytes: ...
def export(document: Document | SessionLog | Translation, format: str, **options: Any) -> bytes:
    """Export a document with the exporter named ``format``.

    :param document: a Protocol or a Plan; for ``fhir`` also a SessionLog (with
        ``plan=``); for ``json`` also a SessionLog or a Translation.
    :param format: the exporter's name: ``json``, ``fhir``, ``pdf``, ``html`` or a plugin's.
    :param options: the exporter's options, e.g. ``fhir_version="R5"`` or ``paper="letter"``.
    :returns: the exported bytes.
    :raises OptionError: for an option the exporter does not take, or a bad value.
    :raises ExportError: for an unknown or broken exporter, or a document it cannot export.

    >>> import rehabkit
    >>> plan = rehabkit.personalise(rehabkit.bundled("runners-knee"), start="2026-12-01")
    >>> rehabkit.export(plan, "json")[:1]
    b'{'
    """
    exporter = get_exporter(format)
    check_options(exporter, options)
    given: Any = document  # the overloads above say which exporter takes which kind
    try:
        result = exporter.export(given, **options)
    except RehabkitError:
        raise
    except (Exception, SystemExit) as exc:  # a plugin's bug is reported, never a traceback
        raise ExportError(f"exporter {format!r} failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(result, bytes):
        raise ExportError(f"exporter {format!r} returned {type(result).__name__}, not bytes")
    return result


def check_options(exporter: Exporter, options: Mapping[str, Any]) -> None:
    """Raise ExportError naming any option the exporter does not accept."""
    allowed = accepted_options(exporter)
    if allowed is None:
        return
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        accepts = ", ".join(allowed) or "no options"
        raise OptionError(
            f"unknown option(s) {', '.join(unknown)} for the {exporter.name} exporter;"
            f" it accepts: {accepts}"
        )


present_as_public(globals())
