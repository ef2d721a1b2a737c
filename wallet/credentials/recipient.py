"""Whether a badge was issued to a given e-mail address.

Open Badges name their recipient by an identity that is often hashed: an OB 2.0 ``recipient``
(``{"type": "email", "hashed": true, "salt": …, "identity": "sha256$…"}``) or an OB 3.0
``credentialSubject.identifier[]`` (``identityType: "emailAddress"``, ``identityHash``). The
hash is of the address followed by the salt; issuers differ in whether they lower-case the
address first, so both spellings are tried.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

_HASHES = {"sha256": hashlib.sha256, "md5": hashlib.md5}  # OB 2.0 allows both
_EMAIL_TYPES = frozenset({"email", "emailAddress"})


def issued_to_address(document: dict[str, Any], address: str) -> bool | None:
    """True when the credential names ``address`` as its recipient's e-mail, False when it
    names another, None when it names no e-mail identity we can compare."""
    identities = [_ob2_recipient(document), *_ob3_identifiers(document)]
    answers = [identity_matches(identity, address) for identity in identities if identity]
    answers = [answer for answer in answers if answer is not None]
    return any(answers) if answers else None


def identity_matches(identity: dict[str, Any], address: str) -> bool | None:
    """Compare one e-mail identity object (OB 2.0 or OB 3.0 member names) with ``address``."""
    kind = identity.get("identityType", identity.get("type"))  # OB 3.0's `type` is the class
    value = identity.get("identity", identity.get("identityHash"))
    salt = identity.get("salt") or ""
    if kind not in _EMAIL_TYPES or not isinstance(value, str) or not isinstance(salt, str):
        return None
    spellings = {address.strip(), address.strip().lower()}
    if identity.get("hashed") is not True:
        return value.strip().lower() == address.strip().lower()
    algorithm, _, digest = value.partition("$")
    hash_function = _HASHES.get(algorithm.lower())
    if hash_function is None or not digest:
        return None
    expected = digest.lower().encode()
    return any(
        hmac.compare_digest(
            hash_function((spelling + salt).encode()).hexdigest().encode(), expected
        )
        for spelling in spellings
    )


def _ob2_recipient(document: dict[str, Any]) -> dict[str, Any] | None:
    recipient = document.get("recipient")
    return recipient if isinstance(recipient, dict) else None


def _ob3_identifiers(document: dict[str, Any]) -> list[dict[str, Any]]:
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    items = identifiers if isinstance(identifiers, list) else []
    return [item for item in items if isinstance(item, dict)]
