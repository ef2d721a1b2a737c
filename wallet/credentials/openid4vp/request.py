"""A verifier's authorization request (OpenID4VP 1.0, section 5), read and checked.

``read_request(text, http, resolver, x509_anchors, now)`` takes what the learner pasted,
followed or scanned: ``openid4vp://?…``, ``eudi-openid4vp://?…``, ``haip-vp://?…``, an
``https://…?…`` link (the wallet's own ``/wallet/present?…`` included) or a bare query. The
request is given by value, as a request object (``request``), or by reference
(``request_uri``, fetched with ``Accept: application/oauth-authz-req+jwt``; with
``request_uri_method=post`` the wallet POSTs its metadata and a ``wallet_nonce`` the request
object must repeat). Request objects are checked by ``verifier_identity``.

Refusals (CredentialError codes):

- ``present.malformed``: not an authorization request, or a parameter of the wrong shape.
- ``present.too_large``: the text or the request object is over its size limit.
- ``present.request_uri_failed``: the request object could not be fetched.
- ``present.request_object_invalid``: not a JWS, wrong ``typ``, or no JSON object inside.
- ``present.request_expired`` / ``present.request_not_yet_valid``: ``exp`` passed, ``iat`` ahead.
- ``present.client_id_mismatch``: the request object's ``client_id`` is not the link's.
- ``present.wallet_nonce_mismatch``: the request object does not repeat our ``wallet_nonce``.
- ``present.client_prefix_unsupported``: a client identifier prefix we do not support.
- ``present.request_not_signed``: x509_san_dns: or decentralized_identifier: without signature.
- ``present.redirect_uri_signed``: a redirect_uri: request object that claims a signature.
- ``present.signature_invalid``: the request object's signature or key did not check out.
- ``present.certificate_untrusted``: the x5c chain reaches no configured trust anchor.
- ``present.certificate_name_mismatch``: the leaf certificate does not name the DNS name.
- ``present.redirect_uri_mismatch``: the answer would go elsewhere than the identity allows.
- ``present.response_type_unsupported``: ``response_type`` is not ``vp_token``.
- ``present.response_mode_unsupported``: not ``direct_post``, ``direct_post.jwt``, ``fragment``.
- ``present.response_uri_invalid``: no https ``response_uri`` / ``redirect_uri`` as the mode needs.
- ``present.nonce_invalid``: no ``nonce``, or characters it may not hold; likewise ``state``.
- ``present.query_unsupported``: ``scope`` or a draft ``presentation_definition`` instead of DCQL.
- ``present.query_invalid``: the DCQL query is malformed (``dcql_query``).
- ``present.transaction_data_unsupported``: ``transaction_data``, which this wallet cannot sign.
- ``present.client_metadata_invalid``: ``client_metadata`` is not the object it must be.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import urllib.parse
from collections.abc import Sequence
from typing import Any

from cryptography import x509

from .. import jose
from ..errors import CredentialError
from ..keys import KeyResolver
from ..openid4vci.receive import Poster
from . import request_object
from .dcql import DcqlQuery
from .dcql import parse_query
from .request_object import is_https
from .verifier_identity import Verifier
from .verifier_identity import check_answer_address
from .verifier_identity import unsigned_verifier

REQUEST_SCHEMES = ("openid4vp", "eudi-openid4vp", "haip-vp", "https")
RESPONSE_MODES = ("direct_post", "direct_post.jwt", "fragment")
POSTED_MODES = ("direct_post", "direct_post.jwt")
MAX_REQUEST_CHARS = 16384  # a QR code holds under 3,000; a pasted link stays far below this
_URL_SAFE = re.compile(r"[A-Za-z0-9._~-]{1,512}")
_JSON_PARAMETERS = ("dcql_query", "client_metadata")
NAME_LIMIT = 80  # a verifier's name for itself, as the wallet shows it


@dataclasses.dataclass(frozen=True)
class AuthorizationRequest:
    """A checked request: who asks, what for, and where the answer goes."""

    verifier: Verifier
    query: DcqlQuery
    nonce: str
    state: str | None
    response_mode: str  # direct_post, direct_post.jwt or fragment
    response_uri: str | None  # where direct_post answers go
    redirect_uri: str | None  # where the fragment answer goes (same-device flows)
    client_metadata: dict[str, Any]
    signed: bool  # came in a request object checked by the verifier's key

    @property
    def client_id(self) -> str:
        return self.verifier.client_id

    @property
    def purposes(self) -> tuple[str, ...]:
        return self.query.purposes

    @property
    def claimed_name(self) -> str | None:
        """The name the verifier gives itself (``client_metadata.client_name``), tidied: its
        own words, never a confirmation; None when it gives none."""
        name = self.client_metadata.get("client_name")
        if not isinstance(name, str):
            return None
        printable = "".join(char for char in name if char.isprintable())
        return " ".join(printable.split())[:NAME_LIMIT] or None

    @property
    def answer_host(self) -> str:
        """The host the answer goes to: all the learner can be told of a redirect_uri: asker."""
        return urllib.parse.urlsplit(self.response_uri or self.redirect_uri or "").hostname or ""


def looks_like_request(text: str) -> bool:
    """Whether pasted or scanned text is meant as a presentation request."""
    head = text.strip()[:300]
    return head.split(":", 1)[0].lower() in REQUEST_SCHEMES[:3] or "client_id=" in head


def read_request(
    text: str,
    http: Poster | None,
    resolver: KeyResolver,
    x509_anchors: Sequence[x509.Certificate],
    now: datetime.datetime,
) -> AuthorizationRequest:
    """The request in ``text``, fetched and verified as its form requires, or a refusal."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    params = _parameters(text)
    if "request" in params or "request_uri" in params:
        token, wallet_nonce = request_object.obtain(params, http)
        params, verifier = request_object.open_request_object(
            token, params.get("client_id"), wallet_nonce, resolver, x509_anchors, now
        )
        return _authorization_request(params, verifier, signed=verifier.prefix != "redirect_uri")
    if "request_uri_method" in params:
        raise CredentialError("present.malformed", reason="request_uri_method")
    params = {name: _json_parameter(name, value) for name, value in params.items()}
    return _authorization_request(params, unsigned_verifier(params.get("client_id")), signed=False)


def _parameters(text: str) -> dict[str, str]:
    """The query parameters of a link or bare query, each given once."""
    text = text.strip() if isinstance(text, str) else ""
    if len(text) > MAX_REQUEST_CHARS:
        raise CredentialError("present.too_large", limit=MAX_REQUEST_CHARS)
    parts = urllib.parse.urlsplit(text)
    if parts.scheme:
        if parts.scheme.lower() not in REQUEST_SCHEMES:
            raise CredentialError("present.malformed", reason="scheme")
        text = parts.query
    text = text.removeprefix("?")  # a bare query, as copied from a link
    try:
        pairs = urllib.parse.parse_qsl(text, strict_parsing=True, max_num_fields=40)
    except ValueError as error:
        raise CredentialError("present.malformed", reason="query") from error
    params = dict(pairs)
    if len(params) != len(pairs):
        raise CredentialError("present.malformed", reason="repeated_parameter")
    if "client_id" not in params:
        raise CredentialError("present.malformed", reason="client_id")
    return params


def _json_parameter(name: str, value: str) -> Any:
    """Objects travel in a URL as JSON text (section 5.1)."""
    if name not in _JSON_PARAMETERS:
        return value
    try:
        return jose.load_json(value.encode("utf-8"))
    except CredentialError as error:
        code = "present.query_invalid" if name == "dcql_query" else "present.client_metadata_invalid"
        raise CredentialError(code, reason="not_json") from error


def _authorization_request(
    params: dict[str, Any], verifier: Verifier, *, signed: bool
) -> AuthorizationRequest:
    if params.get("response_type") != "vp_token":
        raise CredentialError("present.response_type_unsupported")
    if "transaction_data" in params:
        # Wallets that do not support it MUST refuse the request (section 5.1).
        raise CredentialError("present.transaction_data_unsupported")
    mode = params.get("response_mode", "fragment")
    if mode not in RESPONSE_MODES:
        raise CredentialError("present.response_mode_unsupported", mode=str(mode)[:40])
    response_uri, redirect_uri = _answer_addresses(params, verifier, mode)
    check_answer_address(verifier, response_uri or redirect_uri or "")
    return AuthorizationRequest(
        verifier=verifier,
        query=_query(params),
        nonce=_url_safe(params.get("nonce"), "nonce"),
        state=None if params.get("state") is None else _url_safe(params["state"], "state"),
        response_mode=mode,
        response_uri=response_uri,
        redirect_uri=redirect_uri,
        client_metadata=_client_metadata(params.get("client_metadata")),
        signed=signed,
    )


def _answer_addresses(
    params: dict[str, Any], verifier: Verifier, mode: str
) -> tuple[str | None, str | None]:
    """(response_uri, redirect_uri): the one the mode uses, https; a redirect_uri: verifier
    may leave it out, since its identifier is that address (section 5.9.3)."""
    name, other = ("response_uri", "redirect_uri") if mode in POSTED_MODES else ("redirect_uri", "response_uri")
    if params.get(other) is not None:
        raise CredentialError("present.response_uri_invalid", reason=other)
    address = params.get(name)
    if address is None and verifier.prefix == "redirect_uri":
        address = verifier.identifier
    if not isinstance(address, str) or not is_https(address):
        raise CredentialError("present.response_uri_invalid", reason=name)
    return (address, None) if name == "response_uri" else (None, address)


def _query(params: dict[str, Any]) -> DcqlQuery:
    if "presentation_definition" in params or "presentation_definition_uri" in params:
        raise CredentialError("present.query_unsupported", reason="presentation_definition")
    if "dcql_query" not in params:
        raise CredentialError("present.query_unsupported", reason="scope")
    if "scope" in params:
        raise CredentialError("present.malformed", reason="scope_and_dcql_query")
    return parse_query(params["dcql_query"])


def _client_metadata(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CredentialError("present.client_metadata_invalid", reason="not_object")
    jwks = value.get("jwks")
    if jwks is not None and not (isinstance(jwks, dict) and isinstance(jwks.get("keys"), list)):
        raise CredentialError("present.client_metadata_invalid", reason="jwks")
    encs = value.get("encrypted_response_enc_values_supported")
    if encs is not None and not (isinstance(encs, list) and encs and all(isinstance(e, str) for e in encs)):
        raise CredentialError("present.client_metadata_invalid", reason="enc_values")
    return value


def _url_safe(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _URL_SAFE.fullmatch(value):
        raise CredentialError("present.nonce_invalid", parameter=name)
    return value
