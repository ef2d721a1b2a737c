"""SD-JWT VCs the tests issue themselves (RFC 9901 and the SD-JWT VC draft).

Mark what is selectively disclosable with ``Sd``: as a key (``{Sd("given_name"): "Anna"}``) for
an object member, as a list item (``[Sd("Welding")]``) for an array element; values nest.

- ``issue_sd_jwt(payload, key, header=...)``: an ``IssuedSdJwt`` (issuer JWT, disclosures);
  ``.token`` is the SD-JWT with every disclosure, ``.with_disclosures([...])`` any other choice.
- ``learning_credential(issuer_id, holder=...)``: the EUDI Learning Credential's claims, with the
  claims the EU issuer makes disclosable marked ``Sd``; ``bound_learning_credential(holder)``
  issues one bound to ``holder``'s key by a did:key issuer.
- ``disclosure(name, value)`` / ``element_disclosure(value)``: one hand-made disclosure.
- ``status_list_token(key, uri, values, bits=...)``: a signed IETF Token Status List.
- ``self_signed_certificate`` / ``leaf_certificate`` / ``x5c``: X.509 certificates for ``x5c``.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import secrets
import zlib
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from support.issuers import did_key_issuer

from wallet.credentials import public_jwk
from wallet.credentials import sign_jws
from wallet.credentials.disclosures import digest
from wallet.credentials.jose import b64url_encode

LEARNING_CREDENTIAL = "urn:eu.europa.ec.eudi:learning:credential:1"
ISSUED_AT = int(datetime.datetime(2025, 1, 15, 9, tzinfo=datetime.UTC).timestamp())
EXPIRES_AT = int(datetime.datetime(2030, 1, 15, 9, tzinfo=datetime.UTC).timestamp())


@dataclasses.dataclass(frozen=True)
class Sd:
    """A selectively disclosable claim name (as a key) or array element (as a list item)."""

    value: Any


@dataclasses.dataclass(frozen=True)
class IssuedSdJwt:
    issuer_jwt: str
    disclosures: tuple[str, ...]

    @property
    def token(self) -> str:
        return self.with_disclosures(self.disclosures)

    def with_disclosures(self, chosen: list[str] | tuple[str, ...]) -> str:
        return "~".join((self.issuer_jwt, *chosen, ""))

    def disclosure_named(self, name: str) -> str:
        """The disclosure of the claim ``name`` (an object member's)."""
        return next(d for d in self.disclosures if _decode(d)[1:2] == [name])


def disclosure(name: str, value: Any, salt: str | None = None) -> str:
    return _encode([salt or _salt(), name, value])


def element_disclosure(value: Any, salt: str | None = None) -> str:
    return _encode([salt or _salt(), value])


def issue_sd_jwt(
    payload: dict[str, Any],
    key: Any,
    *,
    header: dict[str, Any] | None = None,
    algorithm: str = "sha-256",
) -> IssuedSdJwt:
    """Conceal the ``Sd`` parts of ``payload`` as digests and sign it (typ dc+sd-jwt)."""
    found: list[str] = []
    claims = _conceal(payload, found, algorithm)
    if algorithm != "sha-256":
        claims["_sd_alg"] = algorithm
    signed = sign_jws(claims, key, {"typ": "dc+sd-jwt", **(header or {})})
    return IssuedSdJwt(signed, tuple(found))


def learning_credential(issuer_id: str, holder: Any | None = None, **claims: Any) -> dict:
    """An EUDI Learning Credential (``vct`` urn:eu.europa.ec.eudi:learning:credential:1)."""
    payload = {
        "iss": issuer_id,
        "vct": LEARNING_CREDENTIAL,
        "iat": ISSUED_AT,
        "exp": EXPIRES_AT,
        "issuing_authority": "Nordiska Textilakademin",
        "issuing_country": "SE",
        "date_of_issuance": "2025-01-15",
        "achievement_title": "Reparationssömnad",
        "achievement_description": "Laga och ändra kläder för hand och med maskin",
        Sd("given_name"): "Anna",
        Sd("family_name"): "Andersson",
        Sd("learning_outcomes"): [Sd("Byta blixtlås"), Sd("Laga revor med maskin")],
        Sd("assessment_grade"): "Godkänd",
        "language_of_classes": ["sv"],
        Sd("expected_study_time"): "PT40H",
        Sd("level_of_learning_experience"): 4,
        Sd("types_of_quality_assurance"): [Sd("Yrkeshögskolemyndigheten")],
        Sd("prerequisites_to_enroll"): [Sd("Grundläggande sömnad")],
        Sd("integration_stackability_options"): True,
        **claims,
    }
    if holder is not None:
        payload["cnf"] = {"jwk": public_jwk(holder)}
    return payload


def status_list_token(
    key: Any, uri: str, values: dict[int, int], *, bits: int = 1, size: int = 1024,
    header: dict[str, Any] | None = None, compressed: bytes | None = None, **claims: Any,
) -> str:
    """A ``statuslist+jwt`` whose entry ``index`` holds ``values[index]`` (0 elsewhere)."""
    packed = bytearray(size * bits // 8)
    for index, value in values.items():
        packed[index * bits // 8] |= value << (index * bits % 8)
    lst = b64url_encode(compressed if compressed is not None else zlib.compress(bytes(packed), 9))
    payload = {"sub": uri, "iat": ISSUED_AT, "status_list": {"bits": bits, "lst": lst}, **claims}
    return sign_jws(payload, key, {"typ": "statuslist+jwt", **(header or {})})


def bound_learning_credential(holder: Any) -> IssuedSdJwt:
    """A Learning Credential from a P-256 did:key issuer, bound (``cnf``) to ``holder``."""
    issuer = did_key_issuer("P-256")
    payload = learning_credential(issuer.did, holder=holder)
    return issue_sd_jwt(payload, issuer.key, header={"kid": issuer.kid})


def self_signed_certificate(key: Any, name: str, *, ca: bool = True, **dates: Any) -> x509.Certificate:
    """A certificate for ``key`` signed by itself: a trust anchor (or a rogue one)."""
    return _certificate(key, name, key, name, ca=ca, **dates)


def leaf_certificate(
    key: Any, issuer_key: Any, issuer_name: str, *, uri: str | None = None,
    dns: str | None = None, **dates: Any,
) -> x509.Certificate:
    """An end-entity certificate for ``key`` naming ``uri``/``dns``, signed by a CA's key."""
    names = [x509.UniformResourceIdentifier(uri)] if uri else []
    names += [x509.DNSName(dns)] if dns else []
    return _certificate(key, "SD-JWT issuer", issuer_key, issuer_name, ca=False, names=names, **dates)


def x5c(*certificates: x509.Certificate) -> list[str]:
    """The ``x5c`` header: base64 (not base64url) DER, the leaf first."""
    der = (c.public_bytes(serialization.Encoding.DER) for c in certificates)
    return [base64.b64encode(d).decode("ascii") for d in der]


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def _certificate(
    key: Any, name: str, issuer_key: Any, issuer_name: str, *, ca: bool,
    names: list | None = None,
    not_before: datetime.datetime = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
    not_after: datetime.datetime = datetime.datetime(2035, 1, 1, tzinfo=datetime.UTC),
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    if ca:
        usage = dict.fromkeys(
            ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "encipher_only", "decipher_only"), False,
        )
        builder = builder.add_extension(
            x509.KeyUsage(**usage, key_cert_sign=True, crl_sign=True), critical=True
        )
        builder = builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
    else:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _conceal(value: Any, found: list[str], algorithm: str) -> Any:
    if isinstance(value, dict):
        result, digests = {}, []
        for name, item in value.items():
            concealed = _conceal(item, found, algorithm)
            if isinstance(name, Sd):
                encoded = disclosure(name.value, concealed)
                found.append(encoded)
                digests.append(digest(encoded, algorithm))
            else:
                result[name] = concealed
        if digests:
            result["_sd"] = sorted(digests)
        return result
    if isinstance(value, list):
        result = []
        for item in value:
            if isinstance(item, Sd):
                encoded = element_disclosure(_conceal(item.value, found, algorithm))
                found.append(encoded)
                result.append({"...": digest(encoded, algorithm)})
            else:
                result.append(_conceal(item, found, algorithm))
        return result
    return value


def _encode(content: list[Any]) -> str:
    return b64url_encode(json.dumps(content, ensure_ascii=False).encode("utf-8"))


def _decode(encoded: str) -> list[Any]:
    return json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))


def _salt() -> str:
    return b64url_encode(secrets.token_bytes(16))
