"""Where an SD-JWT VC issuer's key comes from (SD-JWT VC draft, "Issuer Verification Key
Discovery"): an ``x5c`` certificate chain, else JWT VC Issuer Metadata when ``iss`` is a web
address; a DID issuer's ``kid`` is resolved like any other (``keys.KeyResolver``).

- **JWT VC Issuer Metadata:** ``/.well-known/jwt-vc-issuer`` inserted between the host and the
  path of ``iss``; its ``issuer`` must be ``iss`` exactly, its keys given as ``jwks`` or at
  ``jwks_uri`` (fetched through the same guarded fetcher); ``kid`` picks the key, and without
  a ``kid`` the set must hold one signing key.
- **x5c:** the leaf certificate's key signs. It counts as the issuer's only when the chain
  reaches a configured trust anchor (``TRUST_ANCHORS``) now and the leaf names ``iss`` (a URI
  SAN equal to it, or a DNS SAN equal to its host). A chain that reaches no anchor, or has
  expired, leaves the signature genuine but the issuer unconfirmed (``issuer_bound=False``,
  never trusted). An anchored chain naming someone else is another party's key: refused.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import os
import pathlib
import urllib.parse
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from cryptography import x509
from cryptography.x509 import verification

from . import jose
from .errors import CredentialError
from .fetch import LOOPBACK_HOSTS

# Tokens whose issuer keys follow these rules: SD-JWT VCs and their Token Status Lists.
KEY_SOURCE_TYPS = frozenset({"dc+sd-jwt", "vc+sd-jwt", "statuslist+jwt"})
WELL_KNOWN = "/.well-known/jwt-vc-issuer"
MAX_CHAIN = 8

FetchJson = Callable[[str], Any]


def applies_to(issuer_id: str, header: dict[str, Any]) -> bool:
    """Whether the header's type asks for these key sources and they can serve this issuer."""
    typ = header.get("typ")
    typ = typ.lower().removeprefix("application/") if isinstance(typ, str) else ""
    return typ in KEY_SOURCE_TYPS and ("x5c" in header or metadata_url(issuer_id) is not None)


def metadata_url(issuer_id: str) -> str | None:
    """Where ``iss``'s JWT VC Issuer Metadata is, or None when ``iss`` is no web address."""
    try:
        parts = urllib.parse.urlsplit(issuer_id)
        host = parts.hostname or ""
    except ValueError:
        return None
    # Plain http only for loopback hosts, which the fetcher refuses unless set up for tests.
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK_HOSTS)
    if not secure or not host or parts.query or parts.fragment or parts.username:
        return None
    return f"{parts.scheme}://{parts.netloc}{WELL_KNOWN}{parts.path.rstrip('/')}"


def key_from_metadata(issuer_id: str, kid: str | None, fetch_json: FetchJson) -> jose.PublicKey:
    """The key ``kid`` names in the issuer's published key set (its only one without a kid)."""
    metadata = fetch_json(metadata_url(issuer_id) or "")
    if not isinstance(metadata, dict) or metadata.get("issuer") != issuer_id:
        # Metadata for another issuer must not be used (draft: "MUST NOT be used").
        raise CredentialError("signature.key_unbound", kid=(kid or "")[:200])
    jwks, jwks_uri = metadata.get("jwks"), metadata.get("jwks_uri")
    if (jwks is None) == (jwks_uri is None):
        raise CredentialError("signature.key_not_found", kid=(kid or "")[:200])
    if jwks_uri is not None:
        if not isinstance(jwks_uri, str) or metadata_url(jwks_uri) is None:
            raise CredentialError("signature.key_not_found", kid=(kid or "")[:200])
        jwks = fetch_json(jwks_uri)
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    signing = [k for k in keys or [] if isinstance(k, dict) and k.get("use", "sig") == "sig"]
    matches = [k for k in signing if k.get("kid") == kid] if kid else signing
    if len(matches) != 1:
        raise CredentialError("signature.key_not_found", kid=(kid or "")[:200])
    return jose.key_from_jwk(matches[0])


def key_from_x5c(
    chain: Any,
    issuer_id: str,
    anchors: Sequence[x509.Certificate],
    now: datetime.datetime,
) -> tuple[jose.PublicKey, bool]:
    """The leaf certificate's key, and whether a trust anchor vouches that it is ``iss``'s."""
    key, subjects = anchored_leaf(chain, anchors, now)
    if subjects is None:
        return key, False
    if not _names_issuer(subjects, issuer_id):
        raise CredentialError("signature.key_unbound", kid="x5c")
    return key, True


def anchored_leaf(
    chain: Any, anchors: Sequence[x509.Certificate], now: datetime.datetime
) -> tuple[jose.PublicKey, Sequence[x509.GeneralName] | None]:
    """The leaf certificate's key, and the names in the leaf when the chain reaches a trust
    anchor at ``now`` (None when it reaches none). Also used for OpenID4VP verifiers."""
    certificates = _certificates(chain)
    key = certificates[0].public_key()
    if not isinstance(key, jose.PublicKey):
        raise CredentialError("signature.key_not_found", kid="x5c")
    if not anchors:
        return key, None
    policy = verification.PolicyBuilder().store(verification.Store(list(anchors))).time(now)
    # Issuer certificates carry their own key usages (document signers, not TLS clients).
    policy = policy.extension_policies(
        ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
        ee_policy=verification.ExtensionPolicy.permit_all(),
    )
    try:
        verified = policy.build_client_verifier().verify(certificates[0], certificates[1:])
    except (verification.VerificationError, ValueError):
        return key, None
    return key, verified.subjects or []


def load_trust_anchors(path: str | os.PathLike[str] | None) -> list[x509.Certificate]:
    """The CA certificates in a PEM file (TRUST_ANCHORS); none configured is an empty list."""
    if not path:
        return []
    try:
        return x509.load_pem_x509_certificates(pathlib.Path(path).read_bytes())
    except (OSError, ValueError) as error:
        raise ValueError(f"TRUST_ANCHORS {path}: not a readable PEM file of certificates") from error


def _certificates(chain: Any) -> list[x509.Certificate]:
    """x5c: base64 (not base64url) DER certificates, the leaf first."""
    if not isinstance(chain, list) or not 1 <= len(chain) <= MAX_CHAIN:
        raise CredentialError("signature.key_not_found", kid="x5c")
    try:
        return [x509.load_der_x509_certificate(base64.b64decode(c, validate=True)) for c in chain]
    except (TypeError, ValueError, binascii.Error) as error:
        raise CredentialError("signature.key_not_found", kid="x5c") from error


def _names_issuer(subjects: Sequence[x509.GeneralName], issuer_id: str) -> bool:
    host = urllib.parse.urlsplit(issuer_id).hostname
    for name in subjects:
        if isinstance(name, x509.UniformResourceIdentifier) and name.value == issuer_id:
            return True
        if isinstance(name, x509.DNSName) and host and name.value.lower() == host.lower():
            return True
    return False
