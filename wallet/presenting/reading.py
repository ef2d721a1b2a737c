"""Reading a verifier's request for the confirmation page, and again when the learner answers.

The request travels to the answer in the page's form, as an offer does: the learner's own link
when it came by value; when it came by reference, the request object the wallet fetched, put
in the link by value (``request=``). Read again on the way back, it is checked exactly as the
first time (signature, client_id, expiry) and nothing is fetched: a verifier may serve its
request object once, and the learner answers the request they saw, not a later one.
Keeping it in the page rather than on the server means nothing to store or clean up, and
every app server can take the answer; a learner who edits the hidden field only changes what
they themselves are asked, and a signed request still has to carry its signature.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from flask import current_app

from wallet.credentials import CredentialError
from wallet.credentials.fetch import HttpAnswer
from wallet.credentials.openid4vp import AuthorizationRequest
from wallet.credentials.openid4vp import read_request
from wallet.credentials.openid4vp.request import MAX_REQUEST_CHARS
from wallet.platform import clock

RESOLVER = "wallet.resolver"
LINK_SCHEME = "openid4vp://?"


class KeepingFetcher:
    """The guarded client, keeping the request object it fetched for the page's form."""

    def __init__(self, http: Any) -> None:
        self.http = http
        self.fetched: bytes | None = None

    def __call__(self, url: str) -> bytes:
        self.fetched = self.http(url)
        return self.fetched

    def post(self, url: str, **options: Any) -> HttpAnswer:
        answer = self.http.post(url, **options)
        self.fetched = answer.body
        return answer


def link_of(parameters: list[tuple[str, str]]) -> str:
    """The request in the wallet's own address (``/wallet/present?…``) as a link to read."""
    return LINK_SCHEME + urllib.parse.urlencode(parameters)


def read_asked(text: str, http: Any) -> tuple[AuthorizationRequest, str]:
    """The checked request, and the link that carries it by value to the answer."""
    keeping = KeepingFetcher(http)
    asked = _read(text, keeping)
    if keeping.fetched is None:
        return asked, text
    token = keeping.fetched.decode("ascii").strip()  # read_request refused it if not ASCII
    carried = link_of([("client_id", asked.client_id), ("request", token)])
    if len(carried) > MAX_REQUEST_CHARS:  # it could not come back: refused now, not at Send
        raise CredentialError("present.too_large", limit=MAX_REQUEST_CHARS)
    return asked, carried


def read_again(carried: str) -> AuthorizationRequest:
    """The request as the confirmation page carried it, checked again; nothing is fetched."""
    return _read(carried, None)


def _read(text: str, http: Any) -> AuthorizationRequest:
    resolver = current_app.extensions[RESOLVER]
    return read_request(text, http, resolver, resolver.x509_anchors, clock.now())
