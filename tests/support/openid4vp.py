"""OpenID4VP verifiers the tests play: request objects signed by a DID or an X.509 chain, links
carrying them, and an HTTP stand-in that serves request objects and takes answers.

- ``did_verifier(kind)`` / ``x509_verifier(dns)``: a ``TestVerifier`` with a key, its client_id
  and the JOSE header a request object gets; ``.request_object(**claims)`` signs one.
- ``x509_verifier`` also gives ``.anchors``: the CA that issued the verifier's leaf certificate.
- ``request_payload(client_id, ...)``: the parameters of a sound request asking for a learning
  credential's name; ``link(params)``: an ``openid4vp://`` link carrying them by value.
- ``StubHttp``: GET/POST answers from a dict, recording what was sent.
"""

from __future__ import annotations

import dataclasses
import json
import urllib.parse
from typing import Any

from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.sd_jwt import LEARNING_CREDENTIAL
from support.sd_jwt import leaf_certificate
from support.sd_jwt import self_signed_certificate
from support.sd_jwt import x5c

from wallet.credentials import sign_jws
from wallet.credentials.fetch import HttpAnswer

RESPONSE_URI = "https://verifier.example/answer"
REQUEST_URI = "https://verifier.example/request/abc"
NONCE = "n-0S6_WzA2Mj"
STATE = "eyJhb-6sVA"
NAME_QUERY = {
    "credentials": [{
        "id": "learning",
        "format": "dc+sd-jwt",
        "meta": {"vct_values": [LEARNING_CREDENTIAL]},
        "claims": [{"path": ["given_name"]}, {"path": ["family_name"]}],
    }],
}


@dataclasses.dataclass(frozen=True)
class TestVerifier:
    key: Any
    client_id: str
    header: dict[str, Any]
    anchors: tuple = ()

    def request_object(self, header: dict[str, Any] | None = None, **claims: Any) -> str:
        payload = request_payload(claims.pop("client_id", self.client_id), **claims)
        header = {"typ": "oauth-authz-req+jwt", **self.header, **(header or {})}
        # None leaves a member out, so that tests can drop one.
        return sign_jws(payload, self.key, {k: v for k, v in header.items() if v is not None})


def did_verifier(kind: str = "P-256", slot: int = 7) -> TestVerifier:
    verifier = did_key_issuer(kind, slot)
    return TestVerifier(verifier.key, f"decentralized_identifier:{verifier.did}", {"kid": verifier.kid})


def x509_verifier(dns: str = "verifier.example", *, named: str | None = None) -> TestVerifier:
    """A verifier whose leaf certificate (for ``named``, default ``dns``) a test CA issued."""
    ca_key, key = private_key("P-256", 30), private_key("P-256", 31)
    ca = self_signed_certificate(ca_key, "Test verifier CA")
    leaf = leaf_certificate(key, ca_key, "Test verifier CA", dns=named or dns)
    return TestVerifier(key, f"x509_san_dns:{dns}", {"x5c": x5c(leaf, ca)}, (ca,))


def request_payload(client_id: str, **claims: Any) -> dict[str, Any]:
    payload = {
        "client_id": client_id,
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": RESPONSE_URI,
        "nonce": NONCE,
        "state": STATE,
        "dcql_query": NAME_QUERY,
        "iat": int(NOW.timestamp()),
        "exp": int(NOW.timestamp()) + 300,
        **claims,
    }
    return {name: value for name, value in payload.items() if value is not None}


def link(params: dict[str, Any], scheme: str = "openid4vp://") -> str:
    encoded = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return scheme + "?" + urllib.parse.urlencode(encoded)


def unsigned_request(**changes: Any) -> dict[str, Any]:
    """A by-value request from a redirect_uri: verifier."""
    params = request_payload(changes.pop("client_id", f"redirect_uri:{RESPONSE_URI}"), **changes)
    return {k: v for k, v in params.items() if k not in ("iat", "exp")}


class StubHttp:
    """GET and POST answers by URL; ``sent`` keeps (method, url, form, headers)."""

    def __init__(self, answers: dict[str, Any] | None = None) -> None:
        self.answers = answers or {}
        self.sent: list[tuple[str, str, Any, Any]] = []

    def __call__(self, url: str) -> bytes:
        self.sent.append(("GET", url, None, None))
        answer = self.answers[url]
        return answer(None) if callable(answer) else answer

    def post(self, url: str, *, form: Any = None, json_body: Any = None, headers: Any = None) -> HttpAnswer:
        self.sent.append(("POST", url, form, headers))
        answer = self.answers[url]
        body = answer(form) if callable(answer) else answer
        return body if isinstance(body, HttpAnswer) else HttpAnswer(200, body)
