"""The issuer's side of OpenID4VCI 1.0 key proofs: nonces it hands out and proof JWTs it checks.

A wallet asks the Nonce Endpoint for a ``c_nonce`` and signs it into a proof JWT (``typ``
``openid4vci-proof+jwt``, ``aud`` the Credential Issuer identifier, ``iat``, ``nonce``) with
the key the credential is to be bound to, named by ``jwk`` or by ``kid`` (a did:key or did:jwk
URL; no other DID method, since resolving one would call out while a wallet waits).

Nonces are stateless: the expiry and random bytes, HMAC-signed with the app's secret, so the
Nonce Endpoint stores nothing for anonymous callers. Single use is the caller's part: it
records a nonce once a credential was issued for it (``nonce_digest``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from . import did
from . import jose
from .errors import CredentialError

PROOF_TYP = "openid4vci-proof+jwt"
PROOF_MAX_AGE = 300  # seconds a proof's iat may lie in the past
CLOCK_LEEWAY = 60  # seconds a wallet's clock may run ahead
NONCE_LIFETIME = 300
_SINGLE_KEY_DIDS = ("did:key:", "did:jwk:")


class ProtocolError(Exception):
    """A request an issuer refuses: ``error`` is the OAuth 2.0 / OpenID4VCI error code and
    ``description`` says why, in words for the wallet's developer."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class ProofError(ProtocolError):
    """A key proof refused: ``invalid_proof`` or ``invalid_nonce``."""


@dataclasses.dataclass(frozen=True)
class HolderKey:
    """The key a proof showed possession of, and the DID naming it (did:jwk for a bare jwk)."""

    key: jose.PublicKey
    did: str

    @property
    def jwk(self) -> dict[str, Any]:
        return jose.public_jwk(self.key)


def new_nonce(secret: bytes, now: float, lifetime: int = NONCE_LIFETIME) -> str:
    """A fresh ``c_nonce`` valid for ``lifetime`` seconds."""
    body = f"{int(now) + lifetime}.{secrets.token_urlsafe(16)}"
    return f"{body}.{_mac(secret, body)}"


def nonce_is_valid(secret: bytes, nonce: Any, now: float) -> bool:
    """Whether ``nonce`` is one of ours and has not expired (spent or not: see nonce_digest)."""
    if not isinstance(nonce, str) or len(nonce) > 200 or nonce.count(".") != 2:
        return False
    body, _, mac = nonce.rpartition(".")
    expiry = body.partition(".")[0]
    if not hmac.compare_digest(mac, _mac(secret, body)) or not expiry.isdigit():
        return False
    return now <= int(expiry)


def nonce_expiry(nonce: str) -> int:
    """When a valid nonce expires (seconds since the epoch): how long to remember it spent."""
    return int(nonce.partition(".")[0])


def nonce_digest(nonce: str) -> str:
    """What is stored of a spent nonce."""
    return hashlib.sha256(nonce.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class VerifiedProof:
    holder: HolderKey
    nonce: str


def verify_proof(
    token: Any, *, audience: str, now: float, nonce_check: Callable[[Any], bool]
) -> VerifiedProof:
    """The holder key a proof JWT was signed with and its nonce, once every rule holds."""
    if not isinstance(token, str):
        raise ProofError("invalid_proof", "A proof must be a compact JWT.")
    try:
        header, claims = jose.decode_compact(token)
        jose.require_signature_algorithm(header)
    except CredentialError as error:
        raise ProofError("invalid_proof", f"The proof is not a usable JWT ({error.code}).") from error
    if header.get("typ") != PROOF_TYP:
        raise ProofError("invalid_proof", f"The proof's typ must be {PROOF_TYP}.")
    holder = _holder_key(header)
    try:
        algorithm = jose.algorithm_for_key(holder.key, header["alg"])
        jose.verify_signature(token, holder.key, algorithm)
    except CredentialError as error:
        raise ProofError("invalid_proof", "The proof's signature does not verify.") from error
    _check_claims(claims, audience, now)
    if not nonce_check(claims.get("nonce")):
        raise ProofError("invalid_nonce", "The proof's nonce is missing, unknown, used or expired.")
    return VerifiedProof(holder, claims["nonce"])


def _holder_key(header: dict[str, Any]) -> HolderKey:
    kid, jwk = header.get("kid"), header.get("jwk")
    if (kid is None) == (jwk is None) or "x5c" in header:
        raise ProofError("invalid_proof", "The proof must name its key by either kid or jwk.")
    try:
        if jwk is not None:
            key = jose.key_from_jwk(jwk)
            return HolderKey(key, did.did_jwk_for(key))
        return _key_of_did_url(kid)
    except CredentialError as error:
        raise ProofError("invalid_proof", "The proof's key cannot be read.") from error


def _key_of_did_url(kid: Any) -> HolderKey:
    if not isinstance(kid, str) or not kid.startswith(_SINGLE_KEY_DIDS) or "#" not in kid:
        raise ProofError("invalid_proof", "The proof's kid must be a did:key or did:jwk URL.")
    holder_did = kid.partition("#")[0]
    method = did.verification_method(did.resolve_did(holder_did, None), kid)
    if method is None:
        raise ProofError("invalid_proof", "The proof's kid names no key of its DID.")
    return HolderKey(did.key_from_method(method), holder_did)


def _check_claims(claims: dict[str, Any], audience: str, now: float) -> None:
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if audience not in audiences:
        raise ProofError("invalid_proof", "The proof's aud is not this Credential Issuer.")
    iat = claims.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        raise ProofError("invalid_proof", "The proof has no iat.")
    if iat > now + CLOCK_LEEWAY or iat < now - PROOF_MAX_AGE:
        raise ProofError("invalid_proof", "The proof's iat is not recent.")


def _mac(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, b"openid4vci-nonce." + body.encode("ascii"), hashlib.sha256)
    return jose.b64url_encode(digest.digest())
