"""A wallet's answer to the portal's request (OpenID4VP 1.0, section 8), read and checked.

``read_answer(form_fields, request, now, verify, resolver=..., seen=...)`` takes the form the
wallet posted to ``response_uri`` and gives, per credential query, the presented credentials,
each verified as a share's are (``verify``) with one more check, ``request``: is it what was
asked (``answer_matching``)? Its holder binding reads as on a share page: "subject" when the
holder's key proved the presentation (an SD-JWT's key-binding JWT by the key its issuer bound;
a presentation signed by the subject's DID), else "other_subject" or "no_subject".

Only the answer mode the request asked for is read. The portal asks for ``direct_post.jwt``,
and a plain ``vp_token`` posted instead is refused: taking it would let anyone who intercepts
or replays the front-channel answer skip the encryption the request required, and it would put
the learner's claims in logs and proxies in the clear. A wallet that cannot encrypt may still
send a plain error (OpenID4VP 8.3.1), so a plain ``error`` is read and reported.

Refusals (CredentialError codes):

- ``present.answer_malformed``: not an OpenID4VP answer (no ``response``/``vp_token``, bad JSON).
- ``present.answer_not_encrypted``: a plain ``vp_token`` to a request for an encrypted answer.
- ``present.wrong_encryption``: the JWE's ``alg``/``enc`` are not the ones the request offered.
- ``present.wrong_key``: encrypted to a key other than this request's.
- ``present.undecryptable``: the JWE does not decrypt (tampered, or not for this key).
- ``present.wallet_error``: the wallet answered with an error (``error``, e.g. access_denied).
- ``present.wrong_state``: the answer's ``state`` is not this request's.
- ``present.answer_late``: the request had expired when the answer came.
- ``present.answer_replayed``: this request was answered before (``seen``).
- ``present.unknown_query``: a presentation for a credential query the request did not hold.
- ``present.incomplete``: a credential (set) the request requires is not answered.
- ``present.too_many``: more presentations for a query than it allows (``multiple``).
- ``present.credential_not_genuine``: a credential's format or signature failed (``reason``).
- ``present.key_binding_missing``: an SD-JWT without the key-binding JWT the query requires.
- ``present.wrong_audience``: a holder proof made for another verifier (``aud``/``domain``).
- ``present.wrong_nonce``: a holder proof made for another request (``nonce``/``challenge``).
- ``present.stale_proof``: a holder proof made before the request, or already expired.
- ``present.holder_proof_invalid``: a presentation's holder signature fails (``reason``).
"""

from __future__ import annotations

import dataclasses
import datetime
import hmac
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any

from .. import jose
from ..errors import CredentialError
from ..keys import KeyResolver
from ..model import VerificationResult
from ..model import Verdict
from ..presentation import PresentationCheck
from ..presentation import check_presentation_claims
from ..presentation import holder_binding
from ..presentation import open_presentation
from ..sd_jwt_presentation import check_key_binding
from ..verify import worst_verdict
from .answer_matching import request_check
from .ask import DIRECT_POST_JWT
from .ask import VerifierRequest
from .dcql import CredentialQuery
from .dcql import parse_query
from .dcql import satisfied_by
from .dcql_query import JWT_VC_FORMAT
from .dcql_query import LDP_VC_FORMAT
from .dcql_query import SD_JWT_FORMAT
from .encrypted_answer import CONTENT_ENCRYPTIONS
from .encrypted_answer import MAX_ANSWER_CHARS
from .encrypted_answer import decrypt_answer
from .ldp_presentation import open_ldp_presentation

Verify = Callable[[str], VerificationResult]  # verify_credential with the portal's trust list
# A holder proof's failure (presentation.* of check_key_binding / verify_presentation) here.
_PROOF_CODES = {
    "presentation.no_key_binding": "present.key_binding_missing",
    "presentation.wrong_audience": "present.wrong_audience",
    "presentation.wrong_nonce": "present.wrong_nonce",
    "presentation.expired": "present.stale_proof",
    "presentation.not_yet_valid": "present.stale_proof",
}


@dataclasses.dataclass(frozen=True)
class PresentedCredential:
    """One credential of the answer, as a share page shows one."""

    query_id: str
    raw: str  # as presented: an SD-JWT with the chosen disclosures and its key-binding JWT
    result: VerificationResult  # verify()'s checks and the request check
    binding: str  # "subject", "other_subject" or "no_subject" (holder_binding)


@dataclasses.dataclass(frozen=True)
class Answer:
    presentations: dict[str, tuple[PresentedCredential, ...]]  # by credential query id
    checked_at: datetime.datetime

    @property
    def credentials(self) -> tuple[PresentedCredential, ...]:
        return tuple(c for found in self.presentations.values() for c in found)

    @property
    def verdict(self) -> Verdict:
        return worst_verdict(c.result.verdict for c in self.credentials)


def read_answer(
    form_fields: Mapping[str, str],
    request: VerifierRequest,
    now: datetime.datetime,
    verify: Verify,
    *,
    resolver: KeyResolver,
    seen: Callable[[str], bool],
) -> Answer:
    """The verified answer to ``request``, or CredentialError ``present.*`` (module docstring).

    ``seen(state)`` says whether an answer to the request with this state was accepted before,
    and records this one; it is asked last, so only a genuine answer uses the request up.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    parameters = _parameters(form_fields, request)
    state = parameters.get("state")
    given = state.encode("utf-8") if isinstance(state, str) else b""
    if not hmac.compare_digest(given, request.state.encode("utf-8")):
        raise CredentialError("present.wrong_state")
    if "error" in parameters:
        raise CredentialError("present.wallet_error", error=str(parameters["error"])[:60])
    if now > request.expires_at:
        raise CredentialError("present.answer_late", expires_at=request.expires_at.isoformat())
    query = parse_query(request.dcql_query)
    presentations = _vp_token(parameters.get("vp_token"), query.credentials)
    if not satisfied_by(query, presentations.keys()):
        raise CredentialError("present.incomplete")
    answer = Answer(
        {
            query_id: tuple(
                credential
                for item in items
                for credential in _read_presentation(
                    query.credential(query_id), item, request, now, verify, resolver
                )
            )
            for query_id, items in presentations.items()
        },
        now,
    )
    if seen(request.state):
        raise CredentialError("present.answer_replayed")
    return answer


def _parameters(form_fields: Mapping[str, str], request: VerifierRequest) -> dict[str, Any]:
    """The answer's parameters: decrypted from ``response``, or as posted for a plain request or
    a plain error."""
    if request.response_mode == DIRECT_POST_JWT and "response" in form_fields:
        return decrypt_answer(form_fields["response"], request.decryption_key, CONTENT_ENCRYPTIONS)
    if "error" in form_fields:
        return dict(form_fields)
    if "vp_token" not in form_fields:
        raise CredentialError("present.answer_malformed")
    if request.response_mode == DIRECT_POST_JWT:
        raise CredentialError("present.answer_not_encrypted")
    return dict(form_fields)


def _vp_token(value: Any, queries: tuple[CredentialQuery, ...]) -> dict[str, list]:
    """The presentations by credential query id: a JSON object of non-empty arrays."""
    if isinstance(value, str) and len(value) <= MAX_ANSWER_CHARS:
        try:
            value = jose.load_json(value.encode("utf-8"))
        except CredentialError as error:
            raise CredentialError("present.answer_malformed") from error
    if not isinstance(value, dict) or not value:
        raise CredentialError("present.answer_malformed")
    known = {query.id: query for query in queries}
    for query_id, items in value.items():
        if query_id not in known:
            raise CredentialError("present.unknown_query", query=str(query_id)[:64])
        if not isinstance(items, list) or not items:
            raise CredentialError("present.answer_malformed")
        if len(items) > 1 and not known[query_id].multiple:
            raise CredentialError("present.too_many", query=query_id)
    return value


def _read_presentation(
    query: CredentialQuery,
    item: Any,
    request: VerifierRequest,
    now: datetime.datetime,
    verify: Verify,
    resolver: KeyResolver,
) -> list[PresentedCredential]:
    """The credentials of one presentation, with what shows who presented them."""
    if query.format == SD_JWT_FORMAT and isinstance(item, str):
        result = _genuine(verify(item), query.id)
        # The holder proves the presentation only now: not before the request was made.
        made_since = max(now - request.created_at, datetime.timedelta(0))
        code = check_key_binding(
            result.credential, audience=request.client_id, nonce=request.nonce, now=now,
            max_age=made_since,
        )
        if code is not None:
            raise _proof_refusal(code, query.id)
        return [_presented(query, item, result, "subject", request)]
    if query.format == JWT_VC_FORMAT and isinstance(item, str):
        holder_did, tokens = _signed_presentation(item, request, now, resolver, query.id)
    elif query.format == LDP_VC_FORMAT and isinstance(item, dict):
        opened = open_ldp_presentation(
            item, resolver, challenge=request.nonce, domain=request.client_id
        )
        holder_did, tokens = opened.holder_did, opened.credentials
    else:
        raise CredentialError("present.answer_malformed", query=query.id)
    presented = []
    for token in tokens:
        result = _genuine(verify(token), query.id)
        binding = holder_binding(result.credential, holder_did)
        presented.append(_presented(query, token, result, binding, request))
    return presented


def _signed_presentation(
    raw: str, request: VerifierRequest, now: datetime.datetime, resolver: KeyResolver,
    query_id: str,
) -> tuple[str, tuple[str, ...]]:
    """The holder and credentials of a VP-JWT made for this request (``aud``, ``nonce``)."""
    opened = open_presentation(raw, resolver)
    if isinstance(opened, PresentationCheck):
        raise CredentialError("present.holder_proof_invalid", reason=opened.code, query=query_id)
    checked = check_presentation_claims(
        opened, audience=request.client_id, nonce=request.nonce, now=now
    )
    if not checked.valid:
        raise _proof_refusal(checked.code, query_id)
    return opened.holder_did, checked.tokens


def _genuine(result: VerificationResult, query_id: str) -> VerificationResult:
    """``result`` if the credential's format and signature held; a forged one ends the answer."""
    if not result.is_genuine or result.credential is None:
        failed = next((c for c in result.checks if c.status == "failed"), None)
        reason = failed.code if failed else "signature.unchecked"
        raise CredentialError("present.credential_not_genuine", reason=reason, query=query_id)
    return result


def _proof_refusal(code: str, query_id: str) -> CredentialError:
    refusal = _PROOF_CODES.get(code)
    if refusal is None:
        return CredentialError("present.holder_proof_invalid", reason=code, query=query_id)
    return CredentialError(refusal, query=query_id)


def _presented(
    query: CredentialQuery, raw: str, result: VerificationResult, binding: str,
    request: VerifierRequest,
) -> PresentedCredential:
    checks = (*result.checks, request_check(query, raw, request.issuers))
    verdict = worst_verdict(check.status for check in checks)
    result = dataclasses.replace(result, checks=checks, verdict=verdict)
    return PresentedCredential(query.id, raw, result, binding)
