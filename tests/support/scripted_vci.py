"""An OpenID4VCI issuer and authorization server scripted in memory, for the core's tests (no
network): ``ScriptedIssuer`` answers GETs from ``documents`` and POSTs from per-path queues of
(status, body), and remembers what was posted; ``configuration(**changes)`` is a credential
configuration it may describe."""

from __future__ import annotations

import json
import urllib.parse

from wallet.credentials import CredentialError
from wallet.credentials.fetch import HttpAnswer

ISSUER = "https://utbildning.skelleftea.se"
SERVER_METADATA = {"issuer": ISSUER, "token_endpoint": f"{ISSUER}/token"}


class ScriptedIssuer:
    """Answers GETs from ``documents`` and POSTs from per-path queues of (status, body)."""

    def __init__(self, **answers) -> None:
        self.documents = {f"{ISSUER}/.well-known/oauth-authorization-server": SERVER_METADATA}
        self.answers = {
            "/token": [(200, {"access_token": "at-1", "token_type": "Bearer"})],
            "/nonce": [(200, {"c_nonce": "n-1"}), (200, {"c_nonce": "n-2"})],
            "/credential": [(200, {"credentials": [{"credential": "eyJ.a.b"}]})],
        } | answers
        self.posts: list[tuple[str, dict | None, dict | None, dict | None]] = []

    def __call__(self, url: str) -> bytes:
        if url not in self.documents:
            raise CredentialError("resolution.fetch_failed", url=url, status=404)
        return json.dumps(self.documents[url]).encode()

    def post(self, url, *, form=None, json_body=None, headers=None) -> HttpAnswer:
        path = urllib.parse.urlsplit(url).path
        self.posts.append((path, form, json_body, headers))
        queue = self.answers[path]
        status, body = queue.pop(0) if len(queue) > 1 else queue[0]
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return HttpAnswer(status, raw)

    def sent_to(self, path: str) -> list:
        return [post for post in self.posts if post[0] == path]


def configuration(**changes) -> dict:
    return {"format": "jwt_vc_json", "cryptographic_binding_methods_supported": ["did:key"],
            "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA"]}}
            } | changes
