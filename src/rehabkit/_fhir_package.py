"""``fhir_package``: the FHIR exporter's definitions as a FHIR package, loaded only when
called (``import rehabkit`` stays light)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rehabkit._model import Protocol


def fhir_package(
    protocols: Iterable[Protocol] = (),
    *,
    fhir_version: str = "R4",
    canonical_base: str | None = None,
) -> bytes:
    """Our FHIR definitions as an npm-style FHIR package (``package.tgz``).

    It holds a StructureDefinition for every extension rehabkit writes, our CodeSystem of
    session and dose codes, and for each of ``protocols`` its PlanDefinition,
    ActivityDefinitions and measurement CodeSystem, every canonical URL under
    ``canonical_base`` (default ``https://rehabkit.dev/fhir``). ``fhir_version`` is "R4"
    or "R5". FHIR servers and validators load it as they load any FHIR package.

    Raises :class:`OptionError` for an unknown version or a base that is not an http(s)
    URL.

    >>> import rehabkit
    >>> tgz = rehabkit.fhir_package([rehabkit.bundled("runners-knee")])
    >>> tgz[:2] == b"\\x1f\\x8b"  # gzip
    True
    """
    from rehabkit._exporters.fhir import fhir_package as build

    options: dict[str, Any] = {"fhir_version": fhir_version}
    if canonical_base is not None:
        options["canonical_base"] = canonical_base
    return build(protocols, **options)


__all__ = ["fhir_package"]
