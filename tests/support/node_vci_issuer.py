"""An independent OpenID4VCI issuer for the interoperability tests: Animo's
``@openid4vc/openid4vci`` and ``@openid4vc/oauth2`` (npm, run by node on 127.0.0.1) issuing SD-JWT
VCs with ``@sd-jwt/sd-jwt-vc`` (``tests/support/node/openid4vci_issuer.mjs``).

``NodeVciIssuer(signer, claims)`` starts it; ``offer(tx_code=..., expires_in=...)`` asks it for a
credential offer link made by the library; ``forge(True)`` makes it sign with a key not its own.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import urllib.request
from typing import Any

import pytest
from jwt.algorithms import ECAlgorithm

from support.issuers import Issuer

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "support" / "node" / "openid4vci_issuer.mjs"
PACKAGES = ("@openid4vc/openid4vci", "@openid4vc/oauth2", "@sd-jwt/sd-jwt-vc")


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

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=10)
        self._process.stdout.close()
