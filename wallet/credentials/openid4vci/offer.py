"""Credential Offers (OpenID4VCI 1.0 section 4.1): by value or by reference.

Accepted: ``openid-credential-offer://?credential_offer=…`` or ``…?credential_offer_uri=…``, the
same query on an ``https://`` link (some issuers print their offers so), and the offer's JSON
object itself. The pre-authorized code grant is used when the offer has one; otherwise the
authorization code grant (the learner signs in at the issuer), also for an offer naming no grant,
since that is the only grant a wallet can start without a code from the issuer.
"""

from __future__ import annotations

import dataclasses
import json
import urllib.parse
from typing import Any

from .. import jose
from ..errors import CredentialError
from ..fetch import Fetcher
from ..fetch import fetch_json

OFFER_SCHEMES = ("openid-credential-offer", "haip", "https", "http")
PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
AUTHORIZATION_CODE_GRANT = "authorization_code"
MAX_OFFER_CHARACTERS = 8192  # an offer is a few hundred characters; a pasted novel is not one
MAX_TX_CODE_LENGTH = 64


@dataclasses.dataclass(frozen=True)
class TxCode:
    """What the issuer says of the transaction code it sent the learner another way."""

    input_mode: str = "numeric"  # "numeric" or "text"
    length: int | None = None
    description: str | None = None


@dataclasses.dataclass(frozen=True)
class CredentialOffer:
    credential_issuer: str
    configuration_ids: tuple[str, ...]
    pre_authorized_code: str | None  # None: the authorization code grant, with issuer_state
    tx_code: TxCode | None
    authorization_server: str | None
    document: dict[str, Any]  # the offer object as received, to carry to the confirmation
    issuer_state: str | None = None

    @property
    def by_authorization_code(self) -> bool:
        return self.pre_authorized_code is None

    def as_json(self) -> str:
        return json.dumps(self.document, separators=(",", ":"), sort_keys=True)


def looks_like_offer(text: str) -> bool:
    """Whether pasted text is meant as an offer (then ``read_offer`` says what is wrong)."""
    head = text.strip()[:200]
    return head.startswith("openid-credential-offer:") or (
        "credential_offer=" in head or "credential_offer_uri=" in head
    )


def read_offer(text: str, fetcher: Fetcher | None) -> CredentialOffer:
    """The offer in a link (fetching ``credential_offer_uri`` through ``fetcher``) or JSON."""
    text = text.strip()
    if len(text) > MAX_OFFER_CHARACTERS:
        raise CredentialError("offer.too_large", limit=MAX_OFFER_CHARACTERS)
    if text.startswith("{"):
        return offer_from_document(_load(text.encode()))
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in OFFER_SCHEMES:
        raise CredentialError("offer.malformed", reason="scheme")
    try:
        query = urllib.parse.parse_qs(parts.query, strict_parsing=True, max_num_fields=10)
    except ValueError as error:
        raise CredentialError("offer.malformed", reason="query") from error
    by_value = query.get("credential_offer", [])
    by_reference = query.get("credential_offer_uri", [])
    if len(by_value) + len(by_reference) != 1:
        # Both or neither, or one twice: the spec allows exactly one.
        raise CredentialError("offer.malformed", reason="parameters")
    if by_value:
        return offer_from_document(_load(by_value[0].encode()))
    return offer_from_document(fetch_offer_uri(by_reference[0], fetcher))


def fetch_offer_uri(uri: str, fetcher: Fetcher | None) -> Any:
    if urllib.parse.urlsplit(uri).scheme not in ("https", "http"):
        raise CredentialError("offer.malformed", reason="offer_uri")
    return fetch_json(fetcher, uri)  # https only (loopback in tests), capped, no redirects


def offer_from_document(document: Any) -> CredentialOffer:
    """Check an offer object's shape; anything off is offer.malformed / offer.unsupported."""
    if not isinstance(document, dict):
        raise CredentialError("offer.malformed", reason="not_object")
    issuer = document.get("credential_issuer")
    ids = document.get("credential_configuration_ids")
    if not _is_issuer_identifier(issuer):
        raise CredentialError("offer.malformed", reason="credential_issuer")
    if not isinstance(ids, list) or not ids or not all(_short_text(i) for i in ids):
        raise CredentialError("offer.malformed", reason="credential_configuration_ids")
    grants = document.get("grants", {})
    if not isinstance(grants, dict):
        raise CredentialError("offer.malformed", reason="grants")
    pre_authorized = grants.get(PRE_AUTHORIZED_GRANT)
    by_authorization = grants.get(AUTHORIZATION_CODE_GRANT, {} if not grants else None)
    grant = pre_authorized if pre_authorized is not None else by_authorization
    if not isinstance(grant, dict):
        raise CredentialError("offer.unsupported", reason="grant")
    server = grant.get("authorization_server")
    if server is not None and not _is_issuer_identifier(server):
        raise CredentialError("offer.malformed", reason="authorization_server")
    offer = CredentialOffer(
        credential_issuer=issuer,
        configuration_ids=tuple(dict.fromkeys(ids)),
        pre_authorized_code=None,
        tx_code=None,
        authorization_server=server,
        document=document,
    )
    if pre_authorized is None:
        return dataclasses.replace(offer, issuer_state=_issuer_state(grant.get("issuer_state")))
    code = grant.get("pre-authorized_code")
    if not _short_text(code, 4096):
        raise CredentialError("offer.malformed", reason="pre-authorized_code")
    tx_code = _tx_code(grant.get("tx_code"))
    return dataclasses.replace(offer, pre_authorized_code=code, tx_code=tx_code)


def _issuer_state(value: Any) -> str | None:
    """The issuer's note of who the offer is for, handed back in the authorization request."""
    if value is not None and not _short_text(value, 4096):
        raise CredentialError("offer.malformed", reason="issuer_state")
    return value


def _tx_code(value: Any) -> TxCode | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CredentialError("offer.malformed", reason="tx_code")
    mode = value.get("input_mode", "numeric")
    length = value.get("length")
    description = value.get("description")
    if mode not in ("numeric", "text"):
        raise CredentialError("offer.malformed", reason="tx_code")
    whole_number = isinstance(length, int) and not isinstance(length, bool)
    if length is not None and not (whole_number and 0 < length <= MAX_TX_CODE_LENGTH):
        raise CredentialError("offer.malformed", reason="tx_code")
    if description is not None and not _short_text(description, 300):
        raise CredentialError("offer.malformed", reason="tx_code")
    return TxCode(mode, length, description)


def _load(data: bytes) -> Any:
    try:
        return jose.load_json(data)
    except CredentialError as error:
        raise CredentialError("offer.malformed", reason="not_json") from error


def _short_text(value: Any, limit: int = 200) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limit


def _is_issuer_identifier(value: Any) -> bool:
    """An https URL without query or fragment (http on loopback: the fetcher decides)."""
    if not _short_text(value, 500):
        return False
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("https", "http") and bool(parts.hostname) and not (
        parts.query or parts.fragment or parts.username or parts.password
    )
