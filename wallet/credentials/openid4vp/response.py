"""The wallet's answer (OpenID4VP 1.0, section 8): the VP Token and how it reaches the verifier.

``build_response(request, chosen, holder_key, holder_did, now)`` makes the ``vp_token``: a JSON
object keyed by credential query id, each with an array of presentations (``presentations``).
``submission(request, vp_token)`` says how to deliver it: ``direct_post`` (form fields
``vp_token`` as JSON text and ``state``), ``direct_post.jwt`` (one form field ``response``, a
JWE made with joserfc to an encryption key from ``client_metadata.jwks``: ``alg`` the key's,
``enc`` the first of ``encrypted_response_enc_values_supported`` we support, else A128GCM), or
``fragment`` (a redirect to the declared ``redirect_uri``). ``declined(request)`` is the
``access_denied`` answer. ``send(submission, http)`` POSTs and returns the ``redirect_uri`` the
verifier answered with, only when it is an https URL.

Refusals: ``present.choice_invalid`` (the chosen credentials do not answer the query),
``present.no_encryption_key`` (no key we can encrypt to), ``present.submission_refused``
(the verifier did not accept the answer, ``status`` given).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import urllib.parse
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import JWKRegistry

from .. import jose
from ..errors import CredentialError
from ..openid4vci.receive import Poster
from .dcql import Selection
from .dcql import satisfied_by
from .dcql import selection_for
from .presentations import present
from .request import AuthorizationRequest
from .request_object import is_https

ENCRYPTION_ALGORITHMS = ("ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A256KW", "RSA-OAEP-256")
CONTENT_ENCRYPTIONS = ("A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512")
DEFAULT_ENC = "A128GCM"
_REGISTRY = jwe.JWERegistry(algorithms=[*ENCRYPTION_ALGORITHMS, *CONTENT_ENCRYPTIONS])


@dataclasses.dataclass(frozen=True)
class Submission:
    """How the answer travels: POST ``form`` to ``url``, or send the browser to ``url``."""

    method: str  # "post" or "redirect"
    url: str
    form: dict[str, str] | None = None


def build_response(
    request: AuthorizationRequest,
    chosen: Mapping[str, Sequence[Selection]],
    holder_key: Any,
    holder_did: str,
    now: datetime.datetime,
) -> dict[str, list[str | dict[str, Any]]]:
    """The vp_token for the credentials the learner chose, per credential query id."""
    _check_choice(request, chosen)
    return {
        query_id: [
            present(s, client_id=request.client_id, nonce=request.nonce, holder_key=holder_key,
                    holder_did=holder_did, now=now)
            for s in selections
        ]
        for query_id, selections in chosen.items()
        if selections
    }


def submission(request: AuthorizationRequest, vp_token: dict[str, Any]) -> Submission:
    """Deliver ``vp_token`` in the request's response mode."""
    fields = {"vp_token": vp_token} | ({"state": request.state} if request.state else {})
    if request.response_mode == "direct_post.jwt":
        return Submission("post", request.response_uri, {"response": encrypt(request, fields)})
    return _plain(request, fields)


def declined(request: AuthorizationRequest) -> Submission:
    """The learner said no: an ``access_denied`` error answer, never encrypted (section 8.3.1)."""
    fields = {"error": "access_denied"} | ({"state": request.state} if request.state else {})
    return _plain(request, fields)


def encrypt(request: AuthorizationRequest, fields: dict[str, Any]) -> str:
    """A compact JWE of the answer's fields to the verifier's encryption key (section 8.3)."""
    key = _encryption_key(request.client_metadata.get("jwks"))
    offered = request.client_metadata.get("encrypted_response_enc_values_supported", [DEFAULT_ENC])
    enc = next((e for e in offered if e in CONTENT_ENCRYPTIONS), None)
    if enc is None:
        raise CredentialError("present.no_encryption_key", reason="enc")
    header = {"alg": key["alg"], "enc": enc} | ({"kid": key["kid"]} if "kid" in key else {})
    payload = json.dumps(fields, separators=(",", ":")).encode("utf-8")
    try:
        return jwe.encrypt_compact(header, payload, JWKRegistry.import_key(key), registry=_REGISTRY)
    except (JoseError, ValueError, TypeError) as error:
        raise CredentialError("present.no_encryption_key", reason="key") from error


def send(answer: Submission, http: Poster) -> str | None:
    """POST the answer; the https ``redirect_uri`` the verifier returns, if any."""
    result = http.post(answer.url, form=answer.form, headers={"Accept": "application/json"})
    if result.status != 200:
        raise CredentialError("present.submission_refused", status=result.status)
    return next_address(result.body)


def next_address(body: bytes) -> str | None:
    """The ``redirect_uri`` of the verifier's answer to a POST, when it is an https URL; an
    empty, non-JSON or other answer sends the learner nowhere."""
    try:
        document = jose.load_json(body) if body.strip() else {}
    except CredentialError:
        return None
    address = document.get("redirect_uri") if isinstance(document, dict) else None
    return address if is_https(address) else None


def _plain(request: AuthorizationRequest, fields: dict[str, Any]) -> Submission:
    encoded = {k: v if isinstance(v, str) else json.dumps(v, separators=(",", ":")) for k, v in fields.items()}
    if request.response_mode == "fragment":
        return Submission("redirect", f"{request.redirect_uri}#{urllib.parse.urlencode(encoded)}")
    return Submission("post", request.response_uri, encoded)


def _encryption_key(jwks: Any) -> dict[str, Any]:
    """The first public key meant for encryption (``use`` absent or enc) with an ``alg`` we
    can use; the ``alg`` member is required (section 8.3)."""
    for key in jwks.get("keys", []) if isinstance(jwks, dict) else []:
        if not isinstance(key, dict) or key.get("use", "enc") != "enc" or "d" in key:
            continue
        if key.get("alg") in ENCRYPTION_ALGORITHMS:
            return key
    raise CredentialError("present.no_encryption_key", reason="jwks")


def _check_choice(request: AuthorizationRequest, chosen: Mapping[str, Sequence[Selection]]) -> None:
    """The choice must answer the query: known ids, one credential unless ``multiple``, each
    fitting its query, and every required credential query or set answered."""
    query = request.query
    known = {q.id: q for q in query.credentials}
    for query_id, selections in chosen.items():
        credential_query = known.get(query_id)
        if credential_query is None:
            raise CredentialError("present.choice_invalid", reason="unknown_query")
        if len(selections) > 1 and not credential_query.multiple:
            raise CredentialError("present.choice_invalid", reason="multiple")
        for selection in selections:
            if selection_for(credential_query, selection.candidate) != selection:
                raise CredentialError("present.choice_invalid", reason="selection")
    if not satisfied_by(query, {query_id for query_id, s in chosen.items() if s}):
        raise CredentialError("present.choice_invalid", reason="unanswered")
