"""Request objects (JAR, RFC 9101, as OpenID4VP 1.0 profiles it): fetched by ``request_uri`` or
given in ``request``, typed ``oauth-authz-req+jwt``, signed by the verifier.

Only the parameters inside the request object count (section 5.10.1); its ``client_id`` must be
the link's, character for character, and ``exp`` / ``iat`` are honoured with a minute's leeway.
"""

from __future__ import annotations

import datetime
import json
import secrets
import urllib.parse
from collections.abc import Sequence
from typing import Any

from cryptography import x509

from .. import jose
from ..errors import CredentialError
from ..keys import KeyResolver
from ..openid4vci.receive import Poster
from ..parse import numeric_date
from ..verify import LEEWAY
from .dcql_query import JWT_VC_FORMAT
from .dcql_query import LDP_VC_FORMAT
from .dcql_query import SD_JWT_FORMAT
from .verifier_identity import SUPPORTED_PREFIXES
from .verifier_identity import Verifier
from .verifier_identity import signing_verifier

REQUEST_OBJECT_TYP = "oauth-authz-req+jwt"
REQUEST_OBJECT_MEDIA_TYPE = "application/oauth-authz-req+jwt"
MAX_REQUEST_OBJECT_CHARS = 65536
# What the wallet tells a verifier that asks (request_uri_method=post), section 10.
WALLET_METADATA = {
    "vp_formats_supported": {SD_JWT_FORMAT: {}, JWT_VC_FORMAT: {}, LDP_VC_FORMAT: {}},
    "client_id_prefixes_supported": list(SUPPORTED_PREFIXES),
    "response_types_supported": ["vp_token"],
    "response_modes_supported": ["direct_post", "direct_post.jwt", "fragment"],
    "request_object_signing_alg_values_supported": sorted(jose.SIGNATURE_ALGORITHMS),
}


def obtain(params: dict[str, str], http: Poster | None) -> tuple[str, str | None]:
    """The request object (by value or fetched) and the wallet_nonce it must carry, if any."""
    if "request" in params:
        if "request_uri" in params:
            raise CredentialError("present.malformed", reason="request_and_request_uri")
        return _sized(params["request"]), None
    uri, method = params["request_uri"], params.get("request_uri_method", "get")
    if not is_https(uri):
        raise CredentialError("present.malformed", reason="request_uri")
    if method not in ("get", "post"):
        raise CredentialError("present.malformed", reason="request_uri_method")
    if http is None:
        raise CredentialError("present.request_uri_failed", reason="offline")
    wallet_nonce = secrets.token_urlsafe(16) if method == "post" else None
    try:
        if wallet_nonce is None:
            body = http(uri)
        else:
            form = {"wallet_metadata": json.dumps(WALLET_METADATA), "wallet_nonce": wallet_nonce}
            answer = http.post(uri, form=form, headers={"Accept": REQUEST_OBJECT_MEDIA_TYPE})
            if answer.status != 200:
                raise CredentialError("present.request_uri_failed", status=answer.status)
            body = answer.body
    except CredentialError as error:
        if error.code.startswith("present."):
            raise
        raise CredentialError("present.request_uri_failed", reason=error.code) from error
    try:
        return _sized(body.decode("ascii").strip()), wallet_nonce
    except UnicodeDecodeError as error:
        raise CredentialError("present.request_object_invalid", reason="not_ascii") from error


def open_request_object(
    token: str,
    client_id: Any,
    wallet_nonce: str | None,
    resolver: KeyResolver,
    x509_anchors: Sequence[x509.Certificate],
    now: datetime.datetime,
) -> tuple[dict[str, Any], Verifier]:
    """The request object's parameters once its type, signature and claims hold."""
    try:
        header, claims = jose.decode_compact(token)
    except CredentialError as error:
        # Five parts would be an encrypted request object, which this wallet never asks for.
        raise CredentialError("present.request_object_invalid", reason=error.code) from error
    typ = header.get("typ")
    if not isinstance(typ, str) or typ.lower().removeprefix("application/") != REQUEST_OBJECT_TYP:
        raise CredentialError("present.request_object_invalid", reason="typ")
    if claims.get("client_id") != client_id:
        raise CredentialError("present.client_id_mismatch")
    verifier = signing_verifier(client_id, token, header, resolver, x509_anchors, now)
    _check_times(claims, now)
    if wallet_nonce is not None and claims.get("wallet_nonce") != wallet_nonce:
        raise CredentialError("present.wallet_nonce_mismatch")
    if "request" in claims or "request_uri" in claims:
        raise CredentialError("present.request_object_invalid", reason="nested")
    return claims, verifier


def _check_times(claims: dict[str, Any], now: datetime.datetime) -> None:
    for name in ("exp", "iat", "nbf"):
        value = claims.get(name)
        if value is None:
            continue
        try:
            moment = numeric_date(value, name)
        except CredentialError as error:
            raise CredentialError("present.request_object_invalid", reason=name) from error
        if name == "exp" and moment < now - LEEWAY:
            raise CredentialError("present.request_expired")
        if name != "exp" and moment > now + LEEWAY:
            raise CredentialError("present.request_not_yet_valid")


def _sized(token: str) -> str:
    if len(token) > MAX_REQUEST_OBJECT_CHARS:
        raise CredentialError("present.too_large", limit=MAX_REQUEST_OBJECT_CHARS)
    return token


def is_https(url: Any) -> bool:
    """An https URL with a host and no user name: where requests and answers may go."""
    try:
        parts = urllib.parse.urlsplit(url)
    except (TypeError, ValueError, AttributeError):
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not parts.username
