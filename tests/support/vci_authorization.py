"""The test issuer of ``vci_issuer`` with an authorization server for the authorization code flow.

``AuthorizingVciIssuer(signer)`` adds an authorization endpoint (``authorize(address)`` is the
learner signing in there: the address the issuer sends their browser back to, with a code or
with ``error``), a pushed authorization request endpoint (required when ``par`` is set), and a
token endpoint that also takes a code with its PKCE verifier, the redirect URI and the client
id of the request it answers. ``names_itself`` adds ``iss`` to its answers (RFC 9207).
``offer_by_authorization(issuer_state)`` is an offer for this flow.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.parse

from support.vci_issuer import CONFIGURATION
from support.vci_issuer import VciIssuer

REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:"


def s256(verifier: str) -> str:
    """The PKCE challenge of ``verifier`` (RFC 7636 4.2), computed here independently."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class AuthorizingVciIssuer(VciIssuer):
    def __init__(self, signer) -> None:
        super().__init__(signer)
        self.par = False
        self.names_itself = False
        self.pushed: dict[str, dict[str, str]] = {}  # request_uri -> pushed request
        self.granted: dict[str, dict[str, str]] = {}  # code -> the request it answers, until used

    def offer_by_authorization(self, issuer_state: str = "issuer-state-1") -> dict:
        return {"credential_issuer": self.url, "credential_configuration_ids": [CONFIGURATION],
                "grants": {"authorization_code": {"issuer_state": issuer_state}}}

    def get(self, path: str) -> tuple[int, dict]:
        if path == "/.well-known/oauth-authorization-server":
            return 200, {"issuer": self.url, "token_endpoint": f"{self.url}/token",
                         "authorization_endpoint": f"{self.url}/authorize",
                         "pushed_authorization_request_endpoint": f"{self.url}/par",
                         "require_pushed_authorization_requests": self.par,
                         "authorization_response_iss_parameter_supported": self.names_itself,
                         "code_challenge_methods_supported": ["S256"]}
        return super().get(path)

    def post(self, path: str, body: bytes, authorization: str) -> tuple[int, dict]:
        if path == "/par":
            request_uri = REQUEST_URI_PREFIX + secrets.token_urlsafe(12)
            self.pushed[request_uri] = dict(urllib.parse.parse_qsl(body.decode()))
            return 201, {"request_uri": request_uri, "expires_in": 60}
        return super().post(path, body, authorization)

    def request_in(self, address: str) -> dict[str, str]:
        """The authorization request a browser sent to ``address`` carries (pushed or not)."""
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(address).query))
        if self.par:
            pushed = self.pushed.pop(query["request_uri"])
            assert pushed["client_id"] == query["client_id"]
            return pushed
        return query

    def authorize(self, address: str, error: str | None = None, **changes: str) -> str:
        """The learner signs in (or, with ``error``, does not): where their browser goes back to.
        ``changes`` replace parameters of the answer (a forged state, another ``iss``)."""
        request = self.request_in(address)
        answer = {"state": request["state"]}
        if error is not None:
            answer["error"] = error
        else:
            answer["code"] = secrets.token_urlsafe(16)
            self.granted[answer["code"]] = request
        if self.names_itself:
            answer["iss"] = self.url
        answer = {name: value for name, value in (answer | changes).items() if value is not None}
        return request["redirect_uri"] + "?" + urllib.parse.urlencode(answer)

    def token(self, form: dict[str, str]) -> tuple[int, dict]:
        if form.get("grant_type") != "authorization_code":
            return super().token(form)
        request = self.granted.pop(form.get("code", ""), None)  # one use only
        if request is None or s256(form.get("code_verifier", "")) != request["code_challenge"]:
            return 400, {"error": "invalid_grant"}
        if any(form.get(name) != request[name] for name in ("redirect_uri", "client_id")):
            return 400, {"error": "invalid_grant"}
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 300}
