"""A Bundle a FHIR server loads as it is: a transaction whose every entry says what to do.

Ids are derived from business identifiers (ids.py), so loading the same thing twice must
change one resource, never add a second:

- a Patient or Practitioner with an identifier is the clinic's own record, which we must
  not overwrite with the little we know: it is created only if none has that identifier
  (``POST`` with ``ifNoneExist``), and the Bundle's references to it then point at the one
  found (FHIR's transaction rules);
- everything else is written at its id (``PUT Type/id``), creating it or updating it in
  place: a CarePlan revised by ``advance``, an Observation synced again, a definition.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

#: The records a clinic owns: created when missing, never replaced.
_OWNED = frozenset({"Patient", "Practitioner"})


def _request(resource: dict[str, Any]) -> dict[str, str]:
    kind, rid = resource["resourceType"], resource["id"]
    identifiers = resource.get("identifier") or []
    if kind in _OWNED and identifiers:
        first = identifiers[0]
        token = quote(f"{first['system']}|{first['value']}", safe="")
        return {"method": "POST", "url": kind, "ifNoneExist": f"identifier={token}"}
    return {"method": "PUT", "url": f"{kind}/{rid}"}


def as_transaction(bundle: dict[str, Any]) -> dict[str, Any]:
    """A collection Bundle as a transaction: the same entries, each with its ``request``."""
    entries = [{**e, "request": _request(e["resource"])} for e in bundle["entry"]]
    return {**bundle, "type": "transaction", "entry": entries}
