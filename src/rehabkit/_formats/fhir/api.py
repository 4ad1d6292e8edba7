"""The FHIR calls beyond ``export``: our definitions as a FHIR package, and a session log
read back from Observations. The FHIR modules load only when called (``import rehabkit``
stays light)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from rehabkit._core.errors import ValidationError
from rehabkit._core.public import present_as_public
from rehabkit._model.protocol import Protocol
from rehabkit._model.session_log import SessionLog

__all__ = ["fhir_package", "log_from_fhir"]


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

    :param protocols: protocols whose definitions the package also holds.
    :param fhir_version: ``"R4"`` or ``"R5"``.
    :param canonical_base: the base URL of every canonical.
    :returns: the ``package.tgz`` bytes.
    :raises OptionError: for an unknown version or a base that is not an http(s) URL.
    """
    from rehabkit._formats.fhir.export import fhir_package as build

    options: dict[str, Any] = {"fhir_version": fhir_version}
    if canonical_base is not None:
        options["canonical_base"] = canonical_base
    return build(protocols, **options)


def log_from_fhir(
    bundle: Mapping[str, Any] | str | bytes,
    protocol: Protocol,
    *,
    canonical_base: str | None = None,
) -> SessionLog:
    """The session log in a Bundle of Observations, as ``export(log, "fhir", plan=...)``
    writes them: what a FHIR server holds of a patient's sessions, ready for ``assess``.

    ``bundle`` is the Bundle (parsed, or its JSON text); ``protocol`` the protocol the plan
    follows; ``canonical_base`` the base the Observations were written under. Raises
    :class:`ValidationError` listing every Observation it cannot read, with its path.

    :param bundle: the Bundle, parsed or as JSON text.
    :param protocol: the protocol the plan follows.
    :param canonical_base: the base the Observations were written under.
    :returns: the session log.
    :raises ValidationError: listing every Observation it cannot read, with its path.
    :raises OptionError: for a base that is not an http(s) URL.
    """
    from rehabkit._core.errors import Problem
    from rehabkit._formats.fhir.export import _canon
    from rehabkit._formats.fhir.reading import session_log_from_bundle
    from rehabkit._formats.fhir.terms import DEFAULT_BASE

    if isinstance(bundle, (str, bytes)):
        try:
            bundle = json.loads(bundle)
        except ValueError as exc:
            raise ValidationError([Problem("", f"not JSON: {exc}")]) from None
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        raise ValidationError([Problem("resourceType", "a Bundle of Observations is needed")])
    canon = _canon(canonical_base or DEFAULT_BASE)
    return session_log_from_bundle(bundle, protocol, canon)


present_as_public(globals())
