"""VC-JWT 1.1 decoding as the specification writes it, where real issuers depend on it.

Decoding sets the credential's members from the registered claims (``iss`` the issuer, ``nbf``
the issuance date, …). Some issuers (web5, ssi-service) write such a member as ``""`` beside
its claim, meaning "see the claim": the empty member is dropped so that the claim fills it,
as it fills a missing one. A member without its claim stays, and is refused as it is.
"""

from __future__ import annotations

from typing import Any

_SET_BY_CLAIMS = {
    "issuer": "iss",
    "id": "jti",
    "issuanceDate": "nbf",
    "validFrom": "nbf",
    "expirationDate": "exp",
    "validUntil": "exp",
}


def without_empty_members(document: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
    """``document`` (the `vc` claim) without the empty members its registered claims set."""
    for member, claim in _SET_BY_CLAIMS.items():
        if document.get(member) == "" and claim in claims:
            del document[member]
    subject = document.get("credentialSubject")
    if isinstance(subject, dict) and subject.get("id") == "" and "sub" in claims:
        del subject["id"]
    return document
