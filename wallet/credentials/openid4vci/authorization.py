"""The authorization code flow, the wallet's side (OpenID4VCI 1.0 section 5; RFC 6749 4.1 with
PKCE, RFC 7636; pushed requests, RFC 9126; the ``iss`` of the answer, RFC 9207).

``start_authorization`` makes the address the learner's browser is sent to, and what the wallet
keeps until the learner comes back (``PendingAuthorization``: the state and the PKCE verifier,
both secret). ``authorization_code_in`` reads the server's answer at the redirect URI;
``receive_by_authorization_code`` exchanges the code for a token and receives with it exactly
as the pre-authorized flow does.
"""

from __future__ import annotations

import dataclasses
import datetime
import hmac
import json
import urllib.parse
from collections.abc import Mapping
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from ..errors import CredentialError
from ..fetch import Fetcher
from .metadata import IssuerMetadata
from .metadata import Offered
from .metadata import authorization_server_metadata
from .metadata import is_url
from .offer import AUTHORIZATION_CODE_GRANT
from .offer import CredentialOffer
from .proof import Holder
from .receive import Deferred
from .receive import Poster
from .receive import json_answer
from .receive import issuer_refusal
from .receive import receive_with_token
from .receive import request_token

# Letters and digits: 32 are 190 bits of state; a verifier needs 43 to 128 characters.
STATE_LENGTH = 32
VERIFIER_LENGTH = 64
PENDING_LIFETIME = datetime.timedelta(minutes=10)
MAX_ERROR_LENGTH = 100


@dataclasses.dataclass(frozen=True)
class WalletClient:
    """The wallet to an authorization server: its client id (the address of its client metadata
    document) and the one redirect URI the learner comes back to."""

    client_id: str
    redirect_uri: str


@dataclasses.dataclass(frozen=True)
class PendingAuthorization:
    """What the wallet keeps while the learner is at the issuer: the secrets of the request, the
    offer (as JSON) and the configuration asked for, the server that must answer and whether
    it names itself in its answers, and when it started (seconds since the epoch)."""

    state: str = dataclasses.field(repr=False)
    code_verifier: str = dataclasses.field(repr=False)
    offer: str
    configuration_id: str
    server: str
    server_names_itself: bool
    started: int

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, value: Any) -> PendingAuthorization | None:
        """The pending authorization kept by ``as_dict``; None for nothing or another shape."""
        try:
            return cls(**value) if isinstance(value, dict) else None
        except TypeError:
            return None


def start_authorization(
    offer: CredentialOffer,
    metadata: IssuerMetadata,
    offered: Offered,
    client: WalletClient,
    *,
    http: Poster,
    now: datetime.datetime,
) -> tuple[str, PendingAuthorization]:
    """The authorization request, as the address to send the learner's browser to (pushed to
    the server first when it requires that), and what to keep until the learner is back."""
    server = authorization_server_metadata(offer, metadata, http)
    endpoint = authorization_endpoint(server)
    state = generate_token(STATE_LENGTH)
    verifier = generate_token(VERIFIER_LENGTH)
    request = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "state": state,
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
        "authorization_details": json.dumps([_detail(metadata, offered)], separators=(",", ":")),
    }
    scope = offered.configuration.get("scope")
    if isinstance(scope, str) and scope:
        request["scope"] = scope
    if offer.issuer_state is not None:
        request["issuer_state"] = offer.issuer_state
    if server.get("require_pushed_authorization_requests") is True:
        request = {"client_id": client.client_id, "request_uri": _push(server, request, http)}
    pending = PendingAuthorization(
        state=state,
        code_verifier=verifier,
        offer=offer.as_json(),
        configuration_id=offered.configuration_id,
        server=server["issuer"],
        server_names_itself=server.get("authorization_response_iss_parameter_supported") is True,
        started=int(now.timestamp()),
    )
    return _with_query(endpoint, request), pending


def authorization_endpoint(server: dict[str, Any]) -> str:
    """Where the learner signs in at the issuer; a server without one cannot run this flow."""
    endpoint = server.get("authorization_endpoint")
    if not is_url(endpoint):
        raise CredentialError("offer.unsupported", reason="authorization_endpoint")
    return endpoint


def sign_in_origin(
    offer: CredentialOffer, metadata: IssuerMetadata, fetcher: Fetcher | None
) -> str | None:
    """The site an offer by authorization code sends the learner to (``scheme://host``), None
    for a pre-authorized offer; a server that cannot run the flow is refused here already."""
    if not offer.by_authorization_code:
        return None
    endpoint = authorization_endpoint(authorization_server_metadata(offer, metadata, fetcher))
    parts = urllib.parse.urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def authorization_code_in(
    answer: Mapping[str, str], pending: PendingAuthorization | None, *, now: datetime.datetime
) -> str:
    """The code in the server's answer at the redirect URI, once the answer is shown to be for
    the request this browser started, recently, at the server that answers."""
    state = answer.get("state")
    if pending is None or not isinstance(state, str) or not hmac.compare_digest(
        state.encode(), pending.state.encode()
    ):
        raise CredentialError("offer.answer_not_ours", reason="state")
    if now.timestamp() - pending.started > PENDING_LIFETIME.total_seconds():
        raise CredentialError("offer.sign_in_expired", reason="pending")
    issuer = answer.get("iss")
    if issuer != pending.server and (issuer is not None or pending.server_names_itself):
        # An answer from another server than the one asked (a mix-up attack), RFC 9207.
        raise CredentialError("offer.answer_not_ours", reason="iss")
    error = answer.get("error")
    if error is not None:
        code = "offer.sign_in_denied" if error == "access_denied" else "offer.sign_in_failed"
        raise CredentialError(code, error=error[:MAX_ERROR_LENGTH])
    code = answer.get("code")
    if not code:
        raise CredentialError("offer.sign_in_failed", error="no_code")
    return code


def receive_by_authorization_code(
    offer: CredentialOffer,
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    pending: PendingAuthorization,
    code: str,
    client: WalletClient,
    *,
    http: Poster,
    now: datetime.datetime,
) -> list[str] | Deferred:
    """The code and the PKCE verifier for a token, then the credentials as
    ``receive_with_token`` gets them. A refused code (used, expired, or not made for this
    verifier) means the learner starts again."""
    if offered.configuration_id != pending.configuration_id:
        raise CredentialError("offer.metadata_invalid", reason="configuration_changed")
    server = authorization_server_metadata(offer, metadata, http)
    form = {
        "grant_type": AUTHORIZATION_CODE_GRANT,
        "code": code,
        "code_verifier": pending.code_verifier,
        "redirect_uri": client.redirect_uri,
        "client_id": client.client_id,
    }
    access = request_token(server["token_endpoint"], form, http, lambda _: "offer.sign_in_expired")
    return receive_with_token(metadata, offered, holder, access, http=http, now=now)


def _detail(metadata: IssuerMetadata, offered: Offered) -> dict[str, Any]:
    """The credential asked for (section 5.1.1); ``locations`` names the issuer when its
    authorization server is another, so that server knows whom the token is for."""
    detail: dict[str, Any] = {
        "type": "openid_credential",
        "credential_configuration_id": offered.configuration_id,
    }
    if metadata.document.get("authorization_servers"):
        detail["locations"] = [metadata.credential_issuer]
    return detail


def _push(server: dict[str, Any], request: dict[str, str], http: Poster) -> str:
    """The request pushed to the server (RFC 9126): the ``request_uri`` that stands for it."""
    url = server.get("pushed_authorization_request_endpoint")
    if not is_url(url):
        raise CredentialError("offer.metadata_invalid", reason="pushed_authorization_request")
    answer = http.post(url, form=request)
    document = json_answer(answer, url)
    if answer.status not in (200, 201):
        raise issuer_refusal(document, answer.status)
    request_uri = document.get("request_uri")
    if not isinstance(request_uri, str) or not request_uri:
        raise CredentialError("offer.refused", error="no_request_uri")
    return request_uri


def _with_query(endpoint: str, parameters: dict[str, str]) -> str:
    """``endpoint`` with ``parameters`` added to any query it already has."""
    parts = urllib.parse.urlsplit(endpoint)
    query = "&".join(q for q in (parts.query, urllib.parse.urlencode(parameters)) if q)
    return urllib.parse.urlunsplit(parts._replace(query=query, fragment=""))
