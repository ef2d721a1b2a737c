"""An independent OpenID4VCI issuer for the interoperability tests: Animo's
``@openid4vc/openid4vci`` and ``@openid4vc/oauth2`` (npm, run by node on 127.0.0.1) issuing SD-JWT
VCs with ``@sd-jwt/sd-jwt-vc`` (``tests/support/node/openid4vci_issuer.mjs``).

``NodeVciIssuer(signer, claims)`` starts it; ``offer(tx_code=..., expires_in=...)`` asks it for a
credential offer link made by the library; ``forge(True)`` makes it sign with a key not its own;
``defer(on=True, ready=False, interval=1, forget=False)`` switches deferred issuance (the library's
deferred credential request and responses): ``ready`` lets its deferred endpoint send the
credential, ``forget`` drops every transaction. ``offer(authorization_code=True)`` is an offer by
authorization code; ``authorization(par=..., deny=...)`` makes its server require pushed requests,
or the person refuse at the sign-in; ``sign_in(address)`` is the learner's browser at its
authorization endpoint, answering the address the issuer sends the browser back to.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import urllib.error
import urllib.request
from typing import Any

import pytest
from jwt.algorithms import ECAlgorithm

from support.issuers import Issuer

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "support" / "node" / "openid4vci_issuer.mjs"
PACKAGES = ("@openid4vc/openid4vci", "@openid4vc/oauth2", "@sd-jwt/sd-jwt-vc")


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """A browser step by step: a redirect is an answer to read, not an address to follow."""

    def redirect_request(self, *args: Any) -> None:
        return None


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


class NodeVciIssuer:
    def __init__(self, signer: Issuer, claims: dict[str, Any]) -> None:
        if shutil.which("node") is None:
            pytest.fail("node is not installed: these tests need Node.js")
        for package in PACKAGES:
            if not (ROOT / "node_modules" / package).is_dir():
                pytest.fail(f"node_modules lacks {package}: run `npm ci` (make test does)")
        setup = {"issuer_jwk": ECAlgorithm.to_jwk(signer.key, as_dict=True), "iss": signer.did,
                 "kid": signer.kid, "claims": claims}
        self._process = subprocess.Popen(["node", str(SCRIPT)], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True, cwd=ROOT)
        self._process.stdin.write(json.dumps(setup))
        self._process.stdin.close()
        ready = self._process.stdout.readline()
        if not ready:
            self.close()
            pytest.fail("the node issuer did not start")
        self.url = json.loads(ready)["url"]

    def _control(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(self.url + path, json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return json.loads(response.read())

    def offer(self, **options: Any) -> str:
        return self._control("/test/offer", options)["offer"]

    def forge(self, on: bool) -> None:
        self._control("/test/forge", {"on": on})

    def defer(self, **settings: Any) -> dict:
        return self._control("/test/deferred", settings)

    def authorization(self, **settings: Any) -> dict:
        return self._control("/test/authorization", settings)

    def sign_in(self, address: str) -> str:
        assert address.startswith(self.url + "/authorize?")
        try:
            _NO_REDIRECTS.open(address, timeout=10)
        except urllib.error.HTTPError as answer:
            if answer.code == 302:
                return answer.headers["Location"]
            pytest.fail(f"the issuer refused the authorization request: {answer.read()!r}")
        pytest.fail("the issuer did not send the browser back")

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=10)
        self._process.stdout.close()
