"""The FHIR calls beyond ``export``: our definitions as a FHIR package, and a session log
read back from Observations. The FHIR modules load only when called (``import rehabkit``
stays light)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rehabkit._core.errors import Problem, ValidationError
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

    Raises ``OptionError`` for an unknown version or a base that is not an http(s)
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
    identifier_system: str | None = None,
    skipped: list[Problem] | None = None,
) -> SessionLog:
    """The session log in a Bundle of Observations, as ``export(log, "fhir", plan=...)``
    writes them, or as a FHIR search (``Observation?patient=...``) returns them: what a
    FHIR server holds of a patient's sessions, ready for ``assess``.

    ``bundle`` is the Bundle (parsed, or its JSON text, read with the limits every
    document has: size, depth, strict JSON). Only the patient's standing results are read:
    Observations that are ``entered-in-error``, ``cancelled``, ``registered`` or
    ``unknown``, another subject's than the Bundle's Patient, or not rehabkit's sessions,
    measurements or reviews (a heart rate) are read past, each added to ``skipped`` as a
    Problem with its path when a list is given. Units are converted (UCUM), every coding
    is read, and every value must have its FHIR type. Raises ``ValidationError``
    listing every Observation it cannot read, with its path.

    :param bundle: the Bundle, parsed or as JSON text.
    :param protocol: the protocol the plan follows.
    :param canonical_base: the base the Observations were written under.
    :param identifier_system: the system of the Patient identifier to read (the export's
        ``identifier_system``; rehabkit's own by default).
    :param skipped: a list that receives a Problem for every Observation read past.
    :returns: the session log.
    :raises ValidationError: listing every Observation it cannot read, with its path.
    :raises OptionError: for a base or identifier system that is not a URL.
    """
    from rehabkit._formats.fhir.export import _canon, _identifier_system
    from rehabkit._formats.fhir.reading import session_log_from_bundle
    from rehabkit._formats.fhir.terms import DEFAULT_BASE

    data = _plain_bundle(bundle)
    canon = _canon(canonical_base or DEFAULT_BASE)
    system = _identifier_system(identifier_system)
    return session_log_from_bundle(data, protocol, canon, system, skipped)


#: Largest Bundle text read. Larger than a document's 2 MB: a log of 5,000 sessions (its
#: bound) written as FHIR is about 28 MB, and what rehabkit writes must read back; reading
#: that takes about 4 s and 220 MB here. The entries are bounded too (whose.MAX_ENTRIES).
MAX_BUNDLE_BYTES = 32_000_000


def _plain_bundle(bundle: Any) -> Mapping[str, Any]:
    """The Bundle as plain data, through the checks every document goes through (strict
    JSON, depth, numbers), with a size bound fit for a Bundle."""
    from rehabkit._documents.reading import ReadError, _decode, _parse_json, _structure_problems

    try:
        if isinstance(bundle, (bytes, str)):
            size = (
                len(bundle)
                if isinstance(bundle, bytes)
                else len(bundle.encode("utf-8", "surrogatepass"))
            )
            if size > MAX_BUNDLE_BYTES:
                raise ValidationError(
                    [Problem("", f"the Bundle is larger than {MAX_BUNDLE_BYTES:,} bytes")]
                )
            text = _decode(bundle) if isinstance(bundle, bytes) else bundle
            if not text.strip():
                raise ValidationError([Problem("", "the Bundle is empty")])
            bundle = _parse_json(text)
        problems = _structure_problems(bundle)
    except ReadError as exc:
        raise ValidationError(exc.problems) from None
    if problems:
        raise ValidationError(problems)
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        raise ValidationError([Problem("resourceType", "a Bundle of Observations is needed")])
    return bundle


present_as_public(globals())
