"""Verification receipts: what the portal checked, signed with its own key for an employer's file.

A receipt is a compact JWS with header ``typ: receipt+jwt`` (explicit typing, RFC 8725 section
3.11), so it can never be mistaken for a credential or a presentation, nor one of those for it.
Each credential is named by the SHA-256 of its exact bytes: anyone holding the credential can
show it is the one the receipt speaks of.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from typing import Any

from . import jose
from .display import describe_credential
from .errors import CredentialError
from .model import VerificationResult
from .signing import algorithm_for
from .signing import sign_jws

RECEIPT_TYPE = "receipt+jwt"


def receipt_body(
    share_id: str, results: Sequence[tuple[str, VerificationResult]], now: datetime.datetime
) -> dict[str, Any]:
    """The receipt's content for a share: per (raw token, result) pair, the verdict and checks."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return {
        "share_id": share_id,
        "checked_at": now.isoformat(),
        "credentials": [_credential_entry(token, result) for token, result in results],
    }


def _credential_entry(token: str, result: VerificationResult) -> dict[str, Any]:
    credential = result.credential
    return {
        "title": describe_credential(credential.document).title if credential else None,
        "issuer": credential.issuer_id if credential else None,
        "issuer_name": credential.issuer_name if credential else None,
        "verdict": result.verdict.value,
        "checks": [{"code": c.code, "status": c.status.value} for c in result.checks],
        "sha256": hashlib.sha256(token.encode("utf-8")).hexdigest(),
    }


def sign_receipt(body: dict[str, Any], portal_key: Any, *, kid: str, now: datetime.datetime) -> str:
    """Sign ``body`` with the portal key as a ``receipt+jwt`` compact JWS, adding ``iat``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    claims = {**body, "iat": int(now.timestamp())}
    return sign_jws(claims, portal_key, {"typ": RECEIPT_TYPE, "kid": kid})


def portal_jwks(portal_key: Any, kid: str) -> dict[str, Any]:
    """The JWK Set an employer checks receipts against: the portal's public key only."""
    jwk = jose.public_jwk(portal_key)
    return {"keys": [{**jwk, "kid": kid, "alg": algorithm_for(portal_key), "use": "sig"}]}


def verify_receipt(raw: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """The signed claims (body plus ``iat``) of a genuine receipt; else receipt.invalid."""
    try:
        header, claims = jose.decode_compact(raw if isinstance(raw, str) else "")
        if header.get("typ") != RECEIPT_TYPE:
            raise CredentialError("format.unsupported_type")
        jose.require_signature_algorithm(header)
        jwk = _key_named(jwks, header.get("kid"))
        key = jose.key_from_jwk(jwk)
        algorithm = jose.algorithm_for_key(key, header["alg"])
        # A JWKS entry that pins an algorithm or a use binds the key to it (RFC 7517 4.2, 4.4).
        if jwk.get("alg", algorithm) != algorithm or jwk.get("use", "sig") != "sig":
            raise CredentialError("signature.alg_refused", alg=algorithm)
        jose.verify_signature(raw, key, algorithm)
    except CredentialError as error:
        raise CredentialError("receipt.invalid", reason=error.code) from error
    return claims


def _key_named(jwks: Any, kid: Any) -> dict[str, Any]:
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    keys = keys if isinstance(keys, list) else []
    matches = [k for k in keys if isinstance(k, dict) and k.get("kid") == kid]
    if not isinstance(kid, str) or len(matches) != 1:
        raise CredentialError("signature.key_not_found")
    return matches[0]
