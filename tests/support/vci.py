"""An OpenID4VCI wallet walked through our demo issuers with the Flask test client.

- ``offer_lines(app, slug, *options)``: the command's output lines, as a wallet gets them.
- ``offer(app, slug, *options)``: run ``flask issuer offer`` on examples/credential.json; the
  offer's JSON, its pre-authorized code and its transaction code (None without --tx-code).
- ``offer_body(client, link)``: the offer a link carries by value, or fetched by reference.
- ``proof(key, nonce, audience=..., **changes)``: a key proof JWT (``jwk`` in the header unless
  ``header`` says otherwise); ``changes`` replace or (as None) drop claims.
- ``TestWallet(client, slug)``: ``token``, ``nonce``, ``credential`` and ``receive`` (all of it).
"""

from __future__ import annotations

import json
import pathlib
import time
import urllib.parse
from typing import Any

from wallet.credentials import public_jwk
from wallet.credentials import sign_jws

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "credential.json"
GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def offer_lines(app, slug: str, *options: str, document: pathlib.Path = EXAMPLE) -> list[str]:
    """What ``flask issuer offer`` prints on stdout: the offer link, then any transaction code."""
    result = app.test_cli_runner().invoke(
        args=["issuer", "offer", "--issuer", slug, *options, str(document)]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def offer(app, slug: str, *options: str, document: pathlib.Path = EXAMPLE):
    lines = offer_lines(app, slug, *options, document=document)
    body = offer_body(app.test_client(), lines[0])
    code = body["grants"][GRANT]["pre-authorized_code"]
    return body, code, (lines[1] if len(lines) > 1 else None)


def offer_body(client, link: str) -> dict:
    """The offer in ``link`` (``credential_offer``) or at its ``credential_offer_uri``."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    if "credential_offer" in query:
        return json.loads(query["credential_offer"][0])
    response = client.get(urllib.parse.urlsplit(query["credential_offer_uri"][0]).path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def issuer_id(app, slug: str) -> str:
    return f"{app.config['WALLET_BASE_URL']}/vci/{slug}"


def proof(key: Any, nonce: str | None, audience: str, *, header: dict | None = None,
          **changes: Any) -> str:
    claims = {"aud": audience, "iat": int(time.time()), "nonce": nonce, **changes}
    claims = {name: value for name, value in claims.items() if value is not None}
    fields = {"typ": "openid4vci-proof+jwt", "jwk": public_jwk(key)} if header is None else header
    return sign_jws(claims, key, fields)


class TestWallet:
    __test__ = False  # not a test class, whatever its name

    def __init__(self, client, app, slug: str) -> None:
        self.client, self.app, self.slug = client, app, slug
        self.path = f"/vci/{slug}"

    @property
    def audience(self) -> str:
        return issuer_id(self.app, self.slug)

    def token(self, code: str | None, tx_code: str | None = None, grant: str = GRANT):
        form = {"grant_type": grant, "pre-authorized_code": code, "tx_code": tx_code}
        data = {name: value for name, value in form.items() if value is not None}
        return self.client.post(f"{self.path}/token", data=data)

    def access(self, code: str, tx_code: str | None = None) -> str:
        response = self.token(code, tx_code)
        assert response.status_code == 200, response.json
        return response.json["access_token"]

    def nonce(self) -> str:
        return self.client.post(f"{self.path}/nonce").json["c_nonce"]

    def credential(self, access: str | None, configuration_id: str, proofs: Any):
        body = {"credential_configuration_id": configuration_id}
        if proofs is not None:
            body["proofs"] = proofs
        headers = {"Authorization": f"Bearer {access}"} if access else {}
        return self.client.post(f"{self.path}/credential", json=body, headers=headers)

    def receive(self, key: Any, configuration_id: str, *options: str):
        """Offer, token, nonce, proof, credential: the issued credential's response."""
        _, code, tx_code = offer(self.app, self.slug, *options)
        access = self.access(code, tx_code)
        jwt = proof(key, self.nonce(), self.audience)
        return self.credential(access, configuration_id, {"jwt": [jwt]})
