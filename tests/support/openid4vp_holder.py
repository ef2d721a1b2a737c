"""Holders answering the portal's OpenID4VP requests in tests.

- ``portal_request(query)``: a request by the test portal (a P-256 did:jwk, ``PORTAL``).
- ``sd_jwt_answer(request, issued, holder, names)``: the answer's parameters with an SD-JWT
  presentation made by our own core (``present_sd_jwt``), for the portal's tests;
  ``encrypted(request, parameters)`` posts them as ``direct_post.jwt`` does (joserfc).
- ``node_holder_answer(link, request_object, issuer, payload, frame)``: the whole holder side by
  independent npm libraries (``tests/support/node/openid4vp_holder.mjs``): what it posted.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from joserfc import jwe
from joserfc.jwk import ECKey
from jwt.algorithms import ECAlgorithm
from support.data_integrity import run_node
from support.issuers import NOW
from support.issuers import Issuer
from support.issuers import did_jwk_issuer

from wallet.credentials import present_sd_jwt
from wallet.credentials.openid4vp.ask import VerifierRequest
from wallet.credentials.openid4vp.ask import did_client_id
from wallet.credentials.openid4vp.ask import new_request
from wallet.credentials.openid4vp.encrypted_answer import encryption_jwks

PORTAL = did_jwk_issuer("P-256", slot=7)
RESPONSE_URI = "https://portal.example/ask/answer"
REQUEST_URI = "https://portal.example/ask/request/4f1c"


def portal_request(query: dict, now: datetime.datetime = NOW, **options: Any) -> VerifierRequest:
    return new_request(did_client_id(PORTAL.did), RESPONSE_URI, query, now, **options)


def sd_jwt_answer(
    request: VerifierRequest, token: str, holder: Any, names: list[str], **changes: Any
) -> dict[str, Any]:
    """The answer's parameters: ``token`` presented with the claims ``names`` for the request's
    first credential query; ``changes`` override audience, nonce, now, state or query id."""
    query_id = changes.get("query_id", request.dcql_query["credentials"][0]["id"])
    presented = present_sd_jwt(
        token, names, holder, audience=changes.get("audience", request.client_id),
        nonce=changes.get("nonce", request.nonce), now=changes.get("now", NOW),
    )
    return {"vp_token": {query_id: [presented]}, "state": changes.get("state", request.state)}


def encrypted(
    request: VerifierRequest, parameters: dict[str, Any], *, jwk: dict | None = None,
    enc: str = "A128GCM", **header: Any,
) -> dict[str, str]:
    """The form ``direct_post.jwt`` posts: ``parameters`` in a JWE to the request's key (or
    ``jwk``), with ``header`` members added or replaced."""
    public = jwk or encryption_jwks(request.decryption_key)["keys"][0]
    protected = {"alg": "ECDH-ES", "enc": enc, "kid": public.get("kid"), **header}
    token = jwe.encrypt_compact(
        protected, json.dumps(parameters), ECKey.import_key(public),
        algorithms=[protected["alg"], enc, *([protected["zip"]] if "zip" in protected else [])],
    )
    return {"response": token}


def node_holder_answer(
    link: str, request_object: str, issuer: Issuer, payload: dict, frame: dict,
    now: datetime.datetime,
) -> dict[str, Any]:
    """What the npm holder made of our request: the form it posted and what it understood."""
    issuer_jwk = ECAlgorithm.to_jwk(issuer.key, as_dict=True)
    return run_node("openid4vp_holder.mjs", {
        "link": link, "request_object": request_object, "issuer_jwk": issuer_jwk,
        "issuer_kid": issuer.kid, "payload": payload, "frame": frame,
        "now": int(now.timestamp()),
    })
