"""Who asks: the client identifier prefixes of OpenID4VP 1.0 (section 5.9) the wallet supports.

- ``redirect_uri:`` the identifier is where the answer goes; anyone can write one, so the
  verifier is *not confirmed*. The request cannot be signed (an unsigned request object,
  ``alg`` ``none``, is accepted by reference), and the identifier must be the very address the
  answer is sent to.
- ``x509_san_dns:`` a request object signed with the key of the leaf certificate in ``x5c``;
  the chain must reach a configured trust anchor (``sd_jwt_keys.anchored_leaf``) and the leaf
  must name the DNS name as a ``dNSName``. The answer may only go to that host: the wallet
  keeps no list of verifiers it trusts more than that.
- ``decentralized_identifier:`` a request object signed with the key ``kid`` names in the
  DID's document (listed for ``authentication``), resolved by the wallet's ``KeyResolver``.

Others (pre-registered clients, ``openid_federation``, ``verifier_attestation``,
``x509_hash``, ``origin``) are refused as ``present.client_prefix_unsupported``.
"""

from __future__ import annotations

import dataclasses
import datetime
import urllib.parse
from collections.abc import Sequence
from typing import Any

from cryptography import x509

from .. import jose
from ..errors import CredentialError
from ..keys import KeyResolver
from ..sd_jwt_keys import anchored_leaf

REDIRECT_URI = "redirect_uri"
X509_SAN_DNS = "x509_san_dns"
DECENTRALIZED_IDENTIFIER = "decentralized_identifier"
SUPPORTED_PREFIXES = (REDIRECT_URI, X509_SAN_DNS, DECENTRALIZED_IDENTIFIER)
# A verifier signs a request to authenticate itself (DID Core's "authentication").
_VERIFIER_RELATIONSHIP = "authentication"


@dataclasses.dataclass(frozen=True)
class Verifier:
    """The verifier as far as the request shows it."""

    client_id: str  # exactly as in the request, prefix included: the audience of every proof
    prefix: str
    identifier: str  # the client id without its prefix: a URL, a DNS name or a DID
    confirmed: bool  # False for redirect_uri:, whose identifier anyone can claim

    @property
    def confirmed_name(self) -> str | None:
        """What the learner may be told for sure: the DNS name or the DID, else nothing."""
        return self.identifier if self.confirmed else None


def split_client_id(client_id: Any) -> tuple[str, str]:
    """(prefix, identifier); a prefix we do not support is refused."""
    if not isinstance(client_id, str) or not client_id or len(client_id) > 2048:
        raise CredentialError("present.malformed", reason="client_id")
    prefix, colon, identifier = client_id.partition(":")
    if not colon:
        # A pre-registered client: the wallet has no register of verifiers.
        raise CredentialError("present.client_prefix_unsupported", prefix="pre-registered")
    if prefix not in SUPPORTED_PREFIXES:
        raise CredentialError("present.client_prefix_unsupported", prefix=prefix[:40])
    if not identifier:
        raise CredentialError("present.malformed", reason="client_id")
    return prefix, identifier


def unsigned_verifier(client_id: Any) -> Verifier:
    """The verifier of a request that came unsigned: only redirect_uri: may do that."""
    prefix, identifier = split_client_id(client_id)
    if prefix != REDIRECT_URI:
        raise CredentialError("present.request_not_signed", prefix=prefix)
    return Verifier(client_id, prefix, identifier, confirmed=False)


def signing_verifier(
    client_id: Any,
    token: str,
    header: dict[str, Any],
    resolver: KeyResolver,
    x509_anchors: Sequence[x509.Certificate],
    now: datetime.datetime,
) -> Verifier:
    """The verifier whose key signed the request object ``token``, or a refusal."""
    prefix, identifier = split_client_id(client_id)
    if prefix == REDIRECT_URI:
        if header.get("alg") != "none":
            raise CredentialError("present.redirect_uri_signed")
        return Verifier(client_id, prefix, identifier, confirmed=False)
    try:
        jose.require_signature_algorithm(header)
    except CredentialError as error:
        raise CredentialError("present.signature_invalid", reason=error.code) from error
    if prefix == X509_SAN_DNS:
        key = _certificate_key(identifier, header.get("x5c"), x509_anchors, now)
    else:
        key = _did_key(identifier, header, resolver)
    try:
        jose.verify_signature(token, key, jose.algorithm_for_key(key, header["alg"]))
    except CredentialError as error:
        raise CredentialError("present.signature_invalid", reason=error.code) from error
    return Verifier(client_id, prefix, identifier, confirmed=True)


def check_answer_address(verifier: Verifier, url: str) -> None:
    """Refuse sending the answer anywhere but where the verifier's identity allows."""
    if verifier.prefix == REDIRECT_URI and url != verifier.identifier:
        raise CredentialError("present.redirect_uri_mismatch")
    if verifier.prefix == X509_SAN_DNS:
        host = urllib.parse.urlsplit(url).hostname or ""
        if host.lower() != verifier.identifier.lower():
            raise CredentialError("present.redirect_uri_mismatch")


def _certificate_key(
    dns_name: str, chain: Any, anchors: Sequence[x509.Certificate], now: datetime.datetime
) -> jose.PublicKey:
    if chain is None:
        raise CredentialError("present.signature_invalid", reason="no_x5c")
    try:
        key, names = anchored_leaf(chain, anchors, now)
    except CredentialError as error:
        raise CredentialError("present.signature_invalid", reason="x5c") from error
    if names is None:
        raise CredentialError("present.certificate_untrusted")
    dns_names = {n.value.lower() for n in names if isinstance(n, x509.DNSName)}
    if dns_name.lower() not in dns_names:
        raise CredentialError("present.certificate_name_mismatch")
    return key


def _did_key(did: str, header: dict[str, Any], resolver: KeyResolver) -> jose.PublicKey:
    kid = header.get("kid")
    if not did.startswith("did:") or not isinstance(kid, str):
        # The specification requires the kid: a DID may have many keys.
        raise CredentialError("present.signature_invalid", reason="kid")
    try:
        key, _ = resolver.resolve_issuer_key(did, header, _VERIFIER_RELATIONSHIP)
    except CredentialError as error:
        raise CredentialError("present.signature_invalid", reason=error.code) from error
    return key
