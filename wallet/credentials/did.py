"""DID resolution: did:key and did:jwk offline, did:web through a guarded fetcher."""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519

from . import jose
from .errors import CredentialError
from .fetch import Fetcher
from .fetch import fetch_json

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Multicodec varints of compressed EC public keys: p256-pub, p384-pub, p521-pub, secp256k1-pub.
_CURVE_CODECS = {
    "secp256r1": b"\x80\x24",
    "secp384r1": b"\x81\x24",
    "secp521r1": b"\x82\x24",
    "secp256k1": b"\xe7\x01",
}
_ED25519_CODEC = b"\xed\x01"
# The members that carry a verification method's public key.
KEY_MEMBERS = frozenset({"publicKeyJwk", "publicKeyMultibase", "publicKeyBase58"})
_CODEC_CURVES = {
    b"\x80\x24": ec.SECP256R1(),
    b"\x81\x24": ec.SECP384R1(),
    b"\x82\x24": ec.SECP521R1(),
    b"\xe7\x01": ec.SECP256K1(),
}
# Long identifiers cost quadratic base58 work and are never real keys.
_MAX_DID_KEY_CHARS = 128
_MAX_DID_JWK_CHARS = 4096
_DNS_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def base58btc_encode(data: bytes) -> str:
    """Bitcoin-alphabet base58, keeping leading zero bytes as '1'."""
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, remainder = divmod(number, 58)
        digits = _BASE58[remainder] + digits
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


def base58btc_decode(text: str) -> bytes:
    """Inverse of base58btc_encode; ValueError on characters outside the alphabet."""
    number = 0
    for char in text:
        number = number * 58 + _BASE58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey(public_key: Any) -> str:
    """Multibase (base58btc) multicodec encoding of an Ed25519, NIST P or secp256k1 public key."""
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return "z" + base58btc_encode(_ED25519_CODEC + raw)
    if isinstance(public_key, ec.EllipticCurvePublicKey) and public_key.curve.name in _CURVE_CODECS:
        point = public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
        return "z" + base58btc_encode(_CURVE_CODECS[public_key.curve.name] + point)
    raise ValueError("did:key supports Ed25519, P-256, P-384, P-521 and secp256k1 keys only")


def key_from_multikey(value: Any) -> jose.PublicKey:
    """Decode a `z…` multikey back into a public key."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) > _MAX_DID_KEY_CHARS:
        raise CredentialError("signature.key_not_found")
    try:
        data = base58btc_decode(value[1:])
        codec, raw = data[:2], data[2:]
        if codec == _ED25519_CODEC:
            return ed25519.Ed25519PublicKey.from_public_bytes(raw)
        return ec.EllipticCurvePublicKey.from_encoded_point(_CODEC_CURVES[codec], raw)
    except (ValueError, KeyError) as error:
        raise CredentialError("signature.key_not_found") from error


def did_key_for(public_key: Any) -> str:
    """The did:key identifier of a public key."""
    return "did:key:" + multikey(public_key)


def did_jwk_for(public_key: Any) -> str:
    """The did:jwk identifier of a public key (compact JSON of its public JWK)."""
    jwk = json.dumps(jose.public_jwk(public_key), separators=(",", ":"), sort_keys=True)
    return "did:jwk:" + jose.b64url_encode(jwk.encode("utf-8"))


def did_method(did: str) -> str:
    """The method part of a DID, such as ``did:web`` (at most 40 characters, for messages)."""
    return ":".join(did.split(":")[:2])[:40]


def resolve_did(did: str, fetcher: Fetcher | None) -> dict[str, Any]:
    """Return the DID document for a did:key, did:jwk or did:web identifier."""
    method = did.split(":")[1] if did.count(":") >= 2 and did.startswith("did:") else ""
    if method == "key":
        return _did_key_document(did)
    if method == "jwk":
        return _did_jwk_document(did)
    if method == "web":
        return _did_web_document(did, fetcher)
    raise CredentialError("signature.unknown_did_method", method=did_method(did))


def _single_key_document(did: str, fragment: str, method: dict[str, Any]) -> dict[str, Any]:
    method_id = f"{did}#{fragment}"
    return {
        "id": did,
        "verificationMethod": [{"id": method_id, "controller": did, **method}],
        "assertionMethod": [method_id],
        "authentication": [method_id],
    }


def _did_key_document(did: str) -> dict[str, Any]:
    value = did.removeprefix("did:key:")
    key_from_multikey(value)
    return _single_key_document(did, value, {"type": "Multikey", "publicKeyMultibase": value})


def _did_jwk_document(did: str) -> dict[str, Any]:
    encoded = did.removeprefix("did:jwk:")
    if len(encoded) > _MAX_DID_JWK_CHARS:
        raise CredentialError("signature.key_not_found")
    try:
        jwk = jose.load_json(jose.b64url_decode(encoded))
    except CredentialError as error:
        raise CredentialError("signature.key_not_found") from error
    jose.key_from_jwk(jwk)
    document = _single_key_document(did, "0", {"type": "JsonWebKey2020", "publicKeyJwk": jwk})
    if jwk.get("use") == "enc":
        # An encryption-only key may not sign anything on the DID's behalf.
        document["assertionMethod"] = document["authentication"] = []
    return document


def did_web_url(did: str) -> str:
    """Map did:web:host[%3Aport][:path…] to its https did.json URL, refusing odd hosts and paths."""
    parts = did.removeprefix("did:web:").split(":")
    host, _, port = parts[0].lower().partition("%3a")
    if not _is_dns_name(host) or (port and not (port.isdigit() and 0 < int(port) < 65536)):
        raise CredentialError("signature.key_not_found", did=did[:200])
    path = parts[1:]
    if any(not _PATH_SEGMENT.fullmatch(s) or s in (".", "..") for s in path):
        raise CredentialError("signature.key_not_found", did=did[:200])
    origin = f"https://{host}" + (f":{port}" if port else "")
    return origin + ("/" + "/".join(path) + "/did.json" if path else "/.well-known/did.json")


def _is_dns_name(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return False  # the did:web spec forbids IP literals
    except ValueError:
        pass
    labels = host.split(".")
    return len(host) <= 253 and all(_DNS_LABEL.fullmatch(label) for label in labels)


def _did_web_document(did: str, fetcher: Fetcher | None) -> dict[str, Any]:
    document = fetch_json(fetcher, did_web_url(did))
    if not isinstance(document, dict) or document.get("id") != did:
        raise CredentialError("signature.key_not_found", did=did)
    return document


def assertion_methods(
    document: dict[str, Any], relationship: str = "assertionMethod"
) -> list[dict[str, Any]]:
    """Verification methods referenced from `relationship` (e.g. `authentication`), absolute ids."""
    did = document.get("id")
    declared = {m["id"]: m for m in _absolute_methods(did, document.get("verificationMethod"))}
    methods = []
    for entry in _as_list(document.get(relationship)):
        if isinstance(entry, str):
            method = declared.get(_absolute(did, entry))
            methods += [method] if method else []
        else:
            methods += _absolute_methods(did, [entry])
    return methods


def verification_method(document: dict[str, Any], method_id: str) -> dict[str, Any] | None:
    """Any verification method with that absolute id, embedded or declared."""
    did = document.get("id")
    candidates = _absolute_methods(did, document.get("verificationMethod"))
    for relationship in ("assertionMethod", "authentication"):
        candidates += _absolute_methods(did, _as_list(document.get(relationship)))
    return next((m for m in candidates if m["id"] == method_id), None)


def key_from_method(method: dict[str, Any]) -> jose.PublicKey:
    """Public key of a verification method: publicKeyJwk, publicKeyMultibase (Multikey,
    Ed25519VerificationKey2020) or the raw base58 publicKeyBase58 of Ed25519 2018 keys."""
    if "publicKeyJwk" in method:
        return jose.key_from_jwk(method["publicKeyJwk"])
    if "publicKeyBase58" in method and method.get("type") == "Ed25519VerificationKey2018":
        return _ed25519_from_base58(method["publicKeyBase58"])
    return key_from_multikey(method.get("publicKeyMultibase"))


def _ed25519_from_base58(value: Any) -> jose.PublicKey:
    if not isinstance(value, str) or len(value) > _MAX_DID_KEY_CHARS:
        raise CredentialError("signature.key_not_found")
    try:
        return ed25519.Ed25519PublicKey.from_public_bytes(base58btc_decode(value))
    except ValueError as error:
        raise CredentialError("signature.key_not_found") from error


def _absolute_methods(did: Any, entries: Any) -> list[dict[str, Any]]:
    return [
        {**entry, "id": _absolute(did, entry["id"])}
        for entry in _as_list(entries)
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    ]


def _absolute(did: Any, method_id: str) -> str:
    return f"{did}{method_id}" if method_id.startswith("#") else method_id


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
