"""A small OpenID4VCI 1.0 issuer on 127.0.0.1 for the wallet's tests (pre-authorized code flow).

``VciIssuer(signer)`` serves its metadata, an authorization server's metadata, a token, a nonce
and a credential endpoint; ``offer(tx_code=...)`` makes a one-time pre-authorized code and
returns the offer object; ``offer_link(offer)`` the ``openid-credential-offer://`` link.
What it does wrong on purpose is set on the instance: ``forge`` (sign with a key that is not
the issuer's), ``stale_nonces`` (the first proof is refused as invalid_nonce), ``batch``
(credentials per response), ``logo_uri`` (the credential's logo), ``proof_types`` (None: the credential takes no proof).
It issues jwt_vc_json credentials (Open Badges 3.0) bound to the DID the proof's ``kid`` names,
and checks the proof as the spec says: typ, aud, nonce, signature.
"""

from __future__ import annotations

import http.server
import json
import secrets
import threading
import urllib.parse
import uuid
from typing import Any

from support.issuers import Issuer
from support.issuers import did_key_issuer

from wallet.credentials import Shape
from wallet.credentials import issue_credential
from wallet.credentials import jose
from wallet.credentials.did import key_from_multikey

CONFIGURATION = "omvardnad_jwt_vc"
PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


class VciIssuer:
    def __init__(self, signer: Issuer) -> None:
        self.signer = signer
        self.forge = False
        self.stale_nonces = 0
        self.batch = 1
        self.logo_uri: str | None = None
        self.proof_types: dict | None = {"jwt": {"proof_signing_alg_values_supported": ["ES256", "EdDSA"]}}
        self.codes: dict[str, str | None] = {}  # pre-authorized code -> tx_code, until used
        self.tokens: set[str] = set()
        self.nonces: set[str] = set()
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.credential_requests: list[dict] = []
        self.proof_headers: list[dict] = []
        issuer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                issuer.requests.append(("GET", self.path))
                self._answer(*issuer.get(self.path))

            def do_POST(self) -> None:  # noqa: N802
                issuer.requests.append(("POST", self.path))
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self._answer(*issuer.post(self.path, body, self.headers.get("Authorization", "")))

            def _answer(self, status: int, document: dict) -> None:
                raw = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def offer(self, tx_code: str | None = None, **tx_code_details: Any) -> dict:
        code = secrets.token_urlsafe(16)
        self.codes[code] = tx_code
        grant: dict[str, Any] = {"pre-authorized_code": code}
        if tx_code is not None:
            grant["tx_code"] = {"input_mode": "numeric", "length": len(tx_code), **tx_code_details}
        return {"credential_issuer": self.url, "credential_configuration_ids": [CONFIGURATION],
                "grants": {PRE_AUTHORIZED: grant}}

    def metadata(self) -> dict:
        configuration: dict[str, Any] = {
            "format": "jwt_vc_json",
            "cryptographic_binding_methods_supported": ["did:key"],
            "credential_definition": {"type": ["VerifiableCredential", "AchievementCredential"]},
            "credential_metadata": {"display": [
                {"name": "Omvårdnadssvenska", "locale": "sv"},
                {"name": "Swedish for care work", "locale": "en"},
            ]},
        }
        if self.logo_uri:
            for display in configuration["credential_metadata"]["display"]:
                display["logo"] = {"uri": self.logo_uri, "alt_text": "Care badge"}
        if self.proof_types is not None:
            configuration["proof_types_supported"] = self.proof_types
        return {
            "credential_issuer": self.url,
            "credential_endpoint": f"{self.url}/credential",
            "nonce_endpoint": f"{self.url}/nonce",
            "display": [{"name": "Skellefteå kommun (says the issuer)", "locale": "en"}],
            "credential_configurations_supported": {CONFIGURATION: configuration},
        }

    def get(self, path: str) -> tuple[int, dict]:
        if path == "/.well-known/openid-credential-issuer":
            return 200, self.metadata()
        if path == "/.well-known/oauth-authorization-server":
            return 200, {"issuer": self.url, "token_endpoint": f"{self.url}/token",
                         "grant_types_supported": [PRE_AUTHORIZED]}
        return 404, {}

    def post(self, path: str, body: bytes, authorization: str) -> tuple[int, dict]:
        if path == "/token":
            return self.token(dict(urllib.parse.parse_qsl(body.decode())))
        if path == "/nonce":
            nonce = secrets.token_urlsafe(12)
            self.nonces.add(nonce)
            return 200, {"c_nonce": nonce}
        if path == "/credential":
            if authorization.removeprefix("Bearer ") not in self.tokens:
                return 401, {"error": "invalid_token"}
            return self.credential(json.loads(body))
        return 404, {}

    def token(self, form: dict[str, str]) -> tuple[int, dict]:
        code = form.get("pre-authorized_code")
        if form.get("grant_type") != PRE_AUTHORIZED or code not in self.codes:
            return 400, {"error": "invalid_grant", "error_description": "unknown or used code"}
        expected = self.codes[code]
        if expected is not None and form.get("tx_code") != expected:
            return 400, {"error": "invalid_grant", "error_description": "wrong tx_code"}
        del self.codes[code]  # one use only
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 300}

    def credential(self, request: dict) -> tuple[int, dict]:
        self.credential_requests.append(request)
        if request.get("credential_configuration_id") != CONFIGURATION:
            return 400, {"error": "unknown_credential_configuration"}
        holder = None
        if self.proof_types is not None:
            [proof] = request["proofs"]["jwt"]
            header, claims = jose.decode_compact(proof)
            self.proof_headers.append(header)
            if self.stale_nonces > 0 or claims.get("nonce") not in self.nonces:
                self.stale_nonces -= 1
                return 400, {"error": "invalid_nonce"}
            self.nonces.discard(claims["nonce"])
            holder = header["kid"].split("#")[0]
            key = key_from_multikey(holder.removeprefix("did:key:"))
            jose.verify_signature(proof, key, header["alg"])
            assert header["typ"] == "openid4vci-proof+jwt" and claims["aud"] == self.url
        signer = did_key_issuer("P-256", slot=99) if self.forge else self.signer
        credentials = []
        for _ in range(self.batch):
            document = self.signer.credential(subject_id=holder, id=f"urn:uuid:{uuid.uuid4()}")
            token = issue_credential(document, signer.key, kid=self.signer.kid, shape=Shape.OB3_JWT)
            credentials.append({"credential": token})
        return 200, {"credentials": credentials}


def offer_link(offer: dict) -> str:
    return "openid-credential-offer://?" + urllib.parse.urlencode({"credential_offer": json.dumps(offer)})
