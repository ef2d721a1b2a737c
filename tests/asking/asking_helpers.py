"""The employer's side of /ask in tests: a clock that stands still, a request made through the
form, and a holder's answer built only from what the request object says (as a wallet's is).

- ``StoppedClock``: the app's clock (``wallet.platform.clock``) stopped at NOW; ``move(**delta)``.
- ``ask(client, csrf_token, **form)``: post the /ask form; the page's key.
- ``RequestObject.fetch(client, page)``: the signed request behind the page's QR code.
- ``answer_for(request_object, issued, names, now)``: the encrypted form a wallet posts.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
import types
import urllib.parse

import pytest
from support.issuers import NOW
from support.issuers import private_key
from support.openid4vp_holder import encrypted
from support.openid4vp_holder import sd_jwt_answer

from wallet.credentials import jose
from wallet.platform import clock

HOLDER = private_key("P-256", 5)
ASKED = ["given_name", "family_name"]
LINK = re.compile(r'href="(openid4vp://\?[^"]+)"')


class StoppedClock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = NOW
        monkeypatch.setattr(clock, "now", lambda: self.now)

    def move(self, **delta: float) -> datetime.datetime:
        self.now += datetime.timedelta(**delta)
        return self.now


def ask(client, csrf_token, **form) -> str:
    """Post the /ask form (the EU Learning Credential with ASKED by default); the page's key."""
    fields = {"kind": "eu_learning_credential", "claims": ASKED, **form}
    response = client.post("/ask", data={"csrf_token": csrf_token(client, "/ask"), **fields})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].split("/ask/")[1].split("?")[0]


@dataclasses.dataclass(frozen=True)
class RequestObject:
    link: str
    token: str
    header: dict
    claims: dict

    @classmethod
    def fetch(cls, client, key: str) -> RequestObject:
        """The link on the waiting page, and the request object its request_uri serves."""
        page = client.get(f"/ask/{key}").get_data(as_text=True)
        link = html.unescape(LINK.search(page).group(1))
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        response = client.get(urllib.parse.urlsplit(query["request_uri"][0]).path)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/oauth-authz-req+jwt"
        token = response.get_data(as_text=True)
        header, claims = jose.decode_compact(token)
        return cls(link, token, header, claims)

    @property
    def request_path(self) -> str:
        request_uri = urllib.parse.parse_qs(urllib.parse.urlsplit(self.link).query)["request_uri"]
        return urllib.parse.urlsplit(request_uri[0]).path

    @property
    def response_path(self) -> str:
        return urllib.parse.urlsplit(self.claims["response_uri"]).path

    @property
    def as_request(self) -> types.SimpleNamespace:
        """What the test holders read of a request, taken from the request object alone."""
        names = ("client_id", "nonce", "state", "dcql_query")
        return types.SimpleNamespace(**{name: self.claims[name] for name in names})


def answer_for(request: RequestObject, token: str, names=ASKED, **changes) -> dict:
    """The form a wallet posts: ``token`` presented with ``names``, encrypted to the request's
    key from its client_metadata."""
    parameters = sd_jwt_answer(request.as_request, token, HOLDER, names, **changes)
    [jwk] = request.claims["client_metadata"]["jwks"]["keys"]
    return encrypted(request.as_request, parameters, jwk=jwk)
