"""Strict compact-JWS handling on top of PyJWT: hostile input is refused before any crypto."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from typing import Any
from typing import NamedTuple

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import ECAlgorithm
from jwt.algorithms import OKPAlgorithm
from jwt.algorithms import RSAAlgorithm

from .errors import CredentialError

MAX_TOKEN_CHARS = 256 * 1024
MAX_JSON_DEPTH = 64
MIN_RSA_BITS = 2048
SIGNATURE_ALGORITHMS = frozenset(
    {"RS256", "PS256", "ES256", "ES256K", "ES384", "ES512", "EdDSA", "Ed25519"}
)
# The curve of an EC key decides its one algorithm (RFC 7518, RFC 8812 for secp256k1).
_CURVE_ALGORITHMS = {
    "secp256r1": "ES256",
    "secp256k1": "ES256K",
    "secp384r1": "ES384",
    "secp521r1": "ES512",
}

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

# A private PyJWS that knows only asymmetric algorithms, so `none` and HS* cannot run
# even if a caller forgot to check; "Ed25519" is the RFC 9864 name for EdDSA on Ed25519.
_JWS = jwt.PyJWS(algorithms=sorted(SIGNATURE_ALGORITHMS - {"Ed25519"}))
_JWS.register_algorithm("Ed25519", OKPAlgorithm())

_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")
# The RFC 7638 required members, which are exactly a public key's defining members.
_KEY_MEMBERS = {
    "RSA": ("e", "kty", "n"),
    "EC": ("crv", "kty", "x", "y"),
    "OKP": ("crv", "kty", "x"),
}


class DecodedJws(NamedTuple):
    header: dict[str, Any]
    claims: dict[str, Any]


def b64url_encode(data: bytes) -> str:
    """Unpadded base64url, as JOSE writes it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(segment: str) -> bytes:
    """Decode unpadded base64url, refusing anything else (padding, other alphabets)."""
    if not _B64URL.fullmatch(segment) or len(segment) % 4 == 1:
        raise CredentialError("format.malformed")
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except binascii.Error as error:
        raise CredentialError("format.malformed") from error


def load_json(data: bytes) -> Any:
    """Parse JSON refusing duplicate keys, non-finite numbers and deep nesting."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CredentialError("format.malformed") from error
    _check_depth(text)
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_object,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except ValueError as error:
        raise CredentialError("format.malformed") from error


def _check_depth(text: str) -> None:
    # Measured on the text before parsing: json.loads would recurse once per level.
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise CredentialError("format.too_deep", limit=MAX_JSON_DEPTH)


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # Parsers disagree on which duplicate wins, so the signed meaning is ambiguous.
        raise CredentialError("format.duplicate_keys")
    return result


def _refuse_constant(name: str) -> None:
    raise CredentialError("format.malformed")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise CredentialError("format.malformed")
    return value


def decode_compact(token: str) -> DecodedJws:
    """Split and decode a compact JWS without verifying it; refuse what we never process."""
    if len(token) > MAX_TOKEN_CHARS:
        raise CredentialError("format.too_large", limit=MAX_TOKEN_CHARS)
    if "~" in token:
        raise CredentialError("format.unsupported_type", feature="sd-jwt")
    segments = token.split(".")
    if len(segments) != 3:
        raise CredentialError("format.malformed")
    header, claims = (load_json(b64url_decode(segment)) for segment in segments[:2])
    b64url_decode(segments[2])
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise CredentialError("format.malformed")
    if not isinstance(header.get("alg"), str):
        raise CredentialError("format.malformed")
    for name in ("crit", "b64"):
        if name in header:
            raise CredentialError("format.unsupported_type", feature=name)
    return DecodedJws(header, claims)


def require_signature_algorithm(header: dict[str, Any]) -> None:
    """Refuse `none` and HMAC as unsafe; any other algorithm we do not check as unsupported."""
    alg = header.get("alg")
    if alg in SIGNATURE_ALGORITHMS:
        return
    if not isinstance(alg, str) or alg.lower() == "none" or alg.upper().startswith("HS"):
        # A shared secret or no signature at all: anyone could have made it.
        raise CredentialError("signature.alg_refused", alg=str(alg)[:40])
    raise CredentialError("signature.unsupported_algorithm", alg=alg[:40])


def algorithm_for_key(key: PublicKey, header_alg: str) -> str:
    """The algorithm the key dictates; the header only picks RS256 or PS256, EdDSA or Ed25519."""
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= MIN_RSA_BITS:
        allowed = {"RS256", "PS256"}
    elif isinstance(key, ec.EllipticCurvePublicKey):
        curve = key.curve.name
        allowed = {_CURVE_ALGORITHMS[curve]} if curve in _CURVE_ALGORITHMS else set()
    elif isinstance(key, ed25519.Ed25519PublicKey):
        allowed = {"EdDSA", "Ed25519"}
    else:
        allowed = set()
    if header_alg not in allowed:
        raise CredentialError("signature.alg_refused", alg=header_alg)
    return header_alg


def verify_signature(token: str, key: PublicKey, algorithm: str) -> None:
    """Check the signature over the exact received bytes with one allowed algorithm."""
    try:
        _JWS.decode_complete(token, key=key, algorithms=[algorithm])
    except jwt.InvalidAlgorithmError as error:
        raise CredentialError("signature.alg_refused", alg=algorithm) from error
    except (jwt.PyJWTError, TypeError) as error:
        # PyJWT raises a bare TypeError when the key type does not fit the algorithm.
        raise CredentialError("signature.invalid") from error


def sign_compact(
    payload: dict[str, Any], private_key: Any, algorithm: str, headers: dict[str, Any]
) -> str:
    """Sign a JSON payload as a compact JWS (used by issuers and tests)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _JWS.encode(body, private_key, algorithm=algorithm, headers=headers)


def public_half(key: Any) -> Any:
    """The public key of a private key; a public key unchanged."""
    return key.public_key() if hasattr(key, "private_bytes") else key


def public_jwk(key: Any) -> dict[str, Any]:
    """The public members of a key as a JWK dict (private keys are reduced to their public half)."""
    public = public_half(key)
    if isinstance(public, rsa.RSAPublicKey):
        jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    elif isinstance(public, ec.EllipticCurvePublicKey):
        jwk = ECAlgorithm.to_jwk(public, as_dict=True)
    elif isinstance(public, ed25519.Ed25519PublicKey):
        jwk = OKPAlgorithm.to_jwk(public, as_dict=True)
    else:
        raise ValueError(f"unsupported key type {type(public).__name__}")
    # Only the key itself (no key_ops etc.), so did:jwk identifiers are canonical.
    return {name: jwk[name] for name in _KEY_MEMBERS[jwk["kty"]]}


def key_from_jwk(jwk: Any) -> PublicKey:
    """Load a public RSA, EC or OKP key from a JWK; a JWK carrying `d` is a leaked key."""
    if not isinstance(jwk, dict):
        raise CredentialError("signature.key_not_found")
    if "d" in jwk:
        raise CredentialError("signature.key_unbound", reason="private_key_published")
    loader = {"RSA": RSAAlgorithm, "EC": ECAlgorithm, "OKP": OKPAlgorithm}.get(str(jwk.get("kty")))
    try:
        key = loader.from_jwk(jwk) if loader else None
    except (jwt.PyJWTError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise CredentialError("signature.key_not_found") from error
    if not isinstance(key, PublicKey):
        raise CredentialError("signature.key_not_found")
    return key


def thumbprint(key: Any) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) of a key's public half."""
    canonical = json.dumps(public_jwk(key), separators=(",", ":"), sort_keys=True).encode("utf-8")
    return b64url_encode(hashlib.sha256(canonical).digest())
