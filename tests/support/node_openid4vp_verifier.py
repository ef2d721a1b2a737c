"""An independent OpenID4VP 1.0 verifier for the holder core's interoperability tests: Animo's
``@openid4vc/openid4vp`` with ``dcql`` and ``@sd-jwt/sd-jwt-vc`` (npm), run by node
(``tests/support/node/openid4vp_verifier.mjs``), one run per step.

- ``npm_request(client, response_mode, ...)``: a signed request object (JAR) the library made,
  for a did:jwk verifier it makes itself (``client="did"``) or for ``x509_san_dns:`` with the
  test CA's verifier (``support.openid4vp.x509_verifier``); by reference (``request_uri``) or by
  value. ``NpmRequest.http`` serves it to ``read_request`` as ``StubHttp``.
- ``npm_verify(request, form, issuer, now)``: what the library concluded of the posted answer:
  ``{"parsed", "error"?, "mode", "state", "expected_client_id", "dcql": {"can_be_satisfied"},
  "presentations": {query id: [{"verified", "claims", "kb"} or {"verified": False, "error"}]}}``.
- ``npm_ldp_presentation(presentation, challenge, domain)``: Digital Bazaar's ``vc.verify`` of a
  Data Integrity presentation: ``{"verified", "presentation_verified", "credentials_verified"}``.

The verifier's state between the steps (its request and the private key of its ephemeral
encryption key) travels through Python as ``NpmRequest.session``; nothing else of ours is used.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from jwt.algorithms import ECAlgorithm
from support.data_integrity import run_node
from support.issuers import Issuer
from support.openid4vp import REQUEST_URI
from support.openid4vp import RESPONSE_URI
from support.openid4vp import StubHttp
from support.openid4vp import TestVerifier

SCRIPT = "openid4vp_verifier.mjs"


@dataclasses.dataclass(frozen=True)
class NpmRequest:
    link: str  # openid4vp://?client_id=…&request_uri=… (or &request=…)
    request_object: str  # the signed JAR
    client_id: str
    session: dict[str, Any]

    @property
    def nonce(self) -> str:
        return self.session["request"]["nonce"]

    @property
    def state(self) -> str:
        return self.session["request"]["state"]

    @property
    def http(self) -> StubHttp:
        """Serves the request object at ``request_uri``, as the verifier's server would."""
        return StubHttp({REQUEST_URI: self.request_object.encode("ascii")})


def npm_request(
    client: str,
    response_mode: str,
    *,
    x509: TestVerifier | None = None,
    by_reference: bool = True,
    enc: str = "A128GCM",
) -> NpmRequest:
    """A request the library made and signed; ``x509`` is the verifier for ``client="x509"``."""
    order: dict[str, Any] = {
        "action": "request", "client": client, "response_mode": response_mode,
        "response_uri": RESPONSE_URI, "enc": enc,
    }
    if by_reference:
        order["request_uri"] = REQUEST_URI
    if x509 is not None:
        order["x509"] = {"jwk": ECAlgorithm.to_jwk(x509.key, as_dict=True),
                         "x5c": x509.header["x5c"],
                         "dns": x509.client_id.removeprefix("x509_san_dns:")}
    made = run_node(SCRIPT, order)
    return NpmRequest(made["link"], made["request_object"], made["client_id"], made["session"])


def npm_verify(
    request: NpmRequest, form: dict[str, str], issuer: Issuer, now: datetime.datetime
) -> dict[str, Any]:
    """The library's reading of ``form`` (what the wallet POSTs) for ``request``; ``issuer``'s
    public key is the one the verifier trusts for the SD-JWT VC."""
    issuer_jwk = ECAlgorithm.to_jwk(issuer.key.public_key(), as_dict=True)
    return run_node(SCRIPT, {"action": "verify", "session": request.session, "form": form,
                             "issuer_jwk": issuer_jwk, "now": int(now.timestamp())})


def npm_ldp_presentation(presentation: dict[str, Any], challenge: str, domain: str) -> dict:
    return run_node(SCRIPT, {"action": "ldp_presentation", "presentation": presentation,
                             "challenge": challenge, "domain": domain})
