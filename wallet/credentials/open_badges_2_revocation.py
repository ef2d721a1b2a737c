"""Whether the issuer withdrew an Open Badges 2.0 assertion: the status step for its entries.

A hosted assertion is withdrawn when its URL answers 404 or 410 or serves it with
``revoked: true``; a signed one when the issuer profile's ``revocationList`` names it under
``revokedAssertions``. What cannot be read is ``status.unknown``, as for any status list: an
outage is not a revocation.
"""

from __future__ import annotations

import datetime
from typing import Any

from .errors import CredentialError
from .keys import KeyResolver
from .model import Check
from .model import CheckStatus
from .model import Concern
from .open_badges_2_documents import document_at
from .open_badges_2_documents import hosted_copy

HOSTED_ENTRY = "HostedBadge"  # {"type", "id": the assertion's URL}
REVOCATION_LIST_ENTRY = "RevocationList"  # {"type", "id": the list's URL, "assertion": its id}
ENTRY_TYPES = frozenset({HOSTED_ENTRY, REVOCATION_LIST_ENTRY})
_FETCH_REASONS = frozenset({"timeout", "too_large", "too_many_hosts"})


def check_revocation(entry: dict[str, Any], resolver: KeyResolver, now: datetime.datetime) -> Check:
    """Revoked, not revoked, or unknown (with why), as checked ``now``."""
    checked = {"checked_at": now.isoformat()}
    try:
        revoked = _is_revoked(entry, resolver)
    except CredentialError as error:
        reason = error.params.get("reason")
        reason = reason if reason in _FETCH_REASONS else _unreadable(error)
        return Check(
            Concern.STATUS, CheckStatus.WARNING, "status.unknown", {"reason": reason, **checked}
        )
    if revoked:
        return Check(Concern.STATUS, CheckStatus.FAILED, "status.revoked", checked)
    return Check(
        Concern.STATUS, CheckStatus.PASSED, "status.ok", {**checked, "purposes": ["revocation"]}
    )


def _is_revoked(entry: dict[str, Any], resolver: KeyResolver) -> bool:
    if entry["type"] == HOSTED_ENTRY:
        served = hosted_copy(resolver, entry["id"]).document
        return served is None or served.get("revoked") is True
    revoked = document_at(resolver, entry["id"]).get("revokedAssertions")
    if not isinstance(revoked, list):
        raise CredentialError("status.unknown", reason="malformed")
    listed = {item.get("id") if isinstance(item, dict) else item for item in revoked}
    return entry.get("assertion") in listed


def _unreadable(error: CredentialError) -> str:
    """unreachable for a host that did not answer as it should, malformed for a bad document."""
    if error.code == "resolution.fetch_failed" and error.params.get("reason") != "not_json":
        return "unreachable"
    return "malformed"
