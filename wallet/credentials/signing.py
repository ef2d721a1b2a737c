"""Issuer-side helpers: make keys, name them as DIDs and sign credentials in shapes A, B and C."""

from __future__ import annotations

import time
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import rsa

from . import jose
from .did import did_jwk_for
from .did import did_key_for
from .model import Shape
from .parse import DATE_FIELDS
from .parse import VCDM_V2
from .parse import issuer_id_of
from .parse import parse_datetime
from .parse import subject_ids_of

KEY_KINDS = ("Ed25519", "P-256", "P-384", "RSA")
_CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1}
_EC_ALGORITHMS = {"secp256r1": "ES256", "secp384r1": "ES384"}

public_jwk = jose.public_jwk


def generate_private_key(kind: str = "Ed25519") -> Any:
    """A fresh private key: Ed25519, P-256, P-384 or RSA (2048 bits)."""
    if kind == "Ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind in _CURVES:
        return ec.generate_private_key(_CURVES[kind]())
    if kind == "RSA":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"unknown key kind {kind!r}; choose one of {KEY_KINDS}")


def algorithm_for(key: Any) -> str:
    """The JWS algorithm this wallet signs with for a key (RS256, ES256, ES384 or EdDSA)."""
    public = jose.public_half(key)
    if isinstance(public, rsa.RSAPublicKey):
        return "RS256"
    if isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name in _EC_ALGORITHMS:
        return _EC_ALGORITHMS[public.curve.name]
    if isinstance(public, ed25519.Ed25519PublicKey):
        return "EdDSA"
    raise ValueError(f"unsupported key type {type(public).__name__}")


def did_key(public_key: Any) -> str:
    """The did:key of a key (Ed25519 z6Mk…, P-256 zDn…, P-384 z82…)."""
    return did_key_for(jose.public_half(public_key))


def did_jwk(public_key: Any) -> str:
    """The did:jwk of a key."""
    return did_jwk_for(jose.public_half(public_key))


def sign_jws(
    payload: dict[str, Any], private_key: Any, headers: dict[str, Any], algorithm: str | None = None
) -> str:
    """Compact JWS over the JSON payload; the algorithm defaults to algorithm_for(key)."""
    return jose.sign_compact(payload, private_key, algorithm or algorithm_for(private_key), headers)


def issue_credential(
    document: dict[str, Any],
    private_key: Any,
    *,
    kid: str | None,
    shape: Shape,
    header_jwk: bool = False,
    algorithm: str | None = None,
) -> str:
    """Sign a credential document as a JWT of the given shape, deriving the registered claims."""
    headers: dict[str, Any] = {"typ": "vc+jwt" if shape is Shape.VC_JOSE_COSE else "JWT"}
    if kid:
        headers["kid"] = kid
    if header_jwk:
        headers["jwk"] = public_jwk(private_key)
    if shape is Shape.VC_JWT_11:
        claims = {**registered_claims(document), "vc": document}
    elif shape is Shape.VC_JOSE_COSE:
        claims = {**document, "iss": issuer_id_of(document), "iat": int(time.time())}
    else:
        claims = {**document, **registered_claims(document)}
    return sign_jws(claims, private_key, headers, algorithm)


def registered_claims(document: dict[str, Any]) -> dict[str, Any]:
    """iss, sub, jti, nbf and exp as the credential itself states them."""
    contexts = document.get("@context") or [VCDM_V2]
    first = contexts if isinstance(contexts, str) else contexts[0]
    start_field, end_field = DATE_FIELDS.get(first, DATE_FIELDS[VCDM_V2])
    claims = {
        "iss": issuer_id_of(document),
        "sub": next(iter(subject_ids_of(document)), None),
        "jti": document.get("id"),
        "nbf": _timestamp(document, start_field),
        "exp": _timestamp(document, end_field),
    }
    return {name: value for name, value in claims.items() if value is not None}


def _timestamp(document: dict[str, Any], field: str) -> int | None:
    if field not in document:
        return None
    return int(parse_datetime(document[field], field).timestamp())


def private_key_to_pem(key: Any) -> bytes:
    """Unencrypted PKCS#8 PEM, for keys kept in files the operator protects."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def private_key_from_pem(pem: bytes) -> Any:
    """Load a private key written by private_key_to_pem (or any unencrypted PEM key)."""
    key = serialization.load_pem_private_key(pem, password=None)
    algorithm_for(key)  # refuse key types we cannot sign with
    return key
