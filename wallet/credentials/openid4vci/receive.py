"""What both grants share once the learner confirmed: the token answer, nonce, credential.

``pre_authorized`` and ``authorization`` make their token requests through ``request_token``
and go on with ``receive_with_token``. Refusals from the issuer become ``offer.*`` codes the
learner can act on; anything the issuer refused without a code of ours is ``offer.refused``.
A proof refused for its nonce is made once more with a fresh nonce, since nonces expire and a
slow confirmation may outlive one.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Callable
from typing import Any
from typing import Protocol

from .. import jose
from ..errors import CredentialError
from ..fetch import HttpAnswer
from .metadata import IssuerMetadata
from .metadata import Offered
from .proof import Holder
from .proof import proof_jwt

_RETRY_WITH_FRESH_NONCE = frozenset({"invalid_proof", "invalid_nonce"})
# Seconds to wait before asking for a deferred credential when the issuer names no interval,
# and the longest wait we keep: past a day the learner may simply check again.
DEFAULT_INTERVAL = 30
MAX_INTERVAL = 24 * 60 * 60


class Poster(Protocol):
    def post(self, url: str, *, form: Any = None, json_body: Any = None,
             headers: Any = None) -> HttpAnswer: ...

    def __call__(self, url: str) -> bytes: ...


@dataclasses.dataclass(frozen=True)
class Deferred:
    """A credential the issuer sends later (section 9): asked for at ``endpoint`` with
    ``transaction_id`` and the same access token, not before ``interval`` seconds have passed.
    The token is a secret: whoever keeps this seals it, and it stays out of ``repr``."""

    transaction_id: str
    interval: int
    endpoint: str
    access_token: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class Access:
    """What a token response grants: the bearer token (a secret, out of ``repr``), the c_nonce
    an issuer may still send with it, the client it was issued to (None: anonymous
    pre-authorized access), and the authorization details it names (section 6.2)."""

    token: str = dataclasses.field(repr=False)
    nonce: str | None = None
    client_id: str | None = None
    details: tuple[dict[str, Any], ...] = ()

    def credential_identifier(self, configuration_id: str) -> str | None:
        """The server's first identifier for ``configuration_id``: a credential granted so is
        asked for by it, not by its configuration (section 8.2)."""
        for detail in self.details:
            identifiers = detail.get("credential_identifiers")
            if detail.get("credential_configuration_id") == configuration_id and isinstance(
                identifiers, list
            ) and identifiers and isinstance(identifiers[0], str):
                return identifiers[0]
        return None


def receive_with_token(
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    access: Access,
    *,
    http: Poster,
    now: datetime.datetime,
) -> list[str] | Deferred:
    """Nonce, proof and credential, with the token of either grant."""
    nonce = _nonce(metadata, http) or access.nonce
    answer = _request_credential(metadata, offered, holder, access, nonce, now, http)
    if answer.status == 400 and _error_of(answer) in _RETRY_WITH_FRESH_NONCE:
        nonce = _nonce(metadata, http) or _answer_nonce(answer)
        answer = _request_credential(metadata, offered, holder, access, nonce, now, http)
    endpoint = metadata.deferred_credential_endpoint or ""
    later = Deferred("", DEFAULT_INTERVAL, endpoint, access.token)
    return read_credential_response(answer, metadata.credential_endpoint, later)


def request_token(
    url: str, form: dict[str, Any], http: Poster, invalid_grant: Callable[[dict[str, Any]], str]
) -> Access:
    """The token for ``form``'s grant; ``invalid_grant`` names what a refused grant means."""
    answer = http.post(url, form=form)
    document = json_answer(answer, url)
    if answer.status != 200:
        if document.get("error") == "invalid_grant":
            raise CredentialError(invalid_grant(document))
        raise issuer_refusal(document, answer.status)
    access_token = document.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise CredentialError("offer.refused", error="no_access_token")
    if str(document.get("token_type", "")).lower() != "bearer":
        # DPoP-bound tokens need a proof of possession we do not send yet.
        raise CredentialError("offer.unsupported", reason="token_type")
    nonce = document.get("c_nonce")
    details = document.get("authorization_details")
    return Access(
        access_token,
        nonce if isinstance(nonce, str) else None,
        form.get("client_id"),
        tuple(d for d in details if isinstance(d, dict)) if isinstance(details, list) else (),
    )


def _nonce(metadata: IssuerMetadata, http: Poster) -> str | None:
    url = metadata.nonce_endpoint
    if url is None:
        return None  # no nonce endpoint: the credential takes no nonce in its proof
    answer = http.post(url, form={})
    document = json_answer(answer, url)
    nonce = document.get("c_nonce")
    if answer.status != 200 or not isinstance(nonce, str) or not nonce:
        raise CredentialError("offer.refused", error="no_nonce")
    return nonce


def _request_credential(
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    access: Access,
    nonce: str | None,
    now: datetime.datetime,
    http: Poster,
) -> HttpAnswer:
    identifier = access.credential_identifier(offered.configuration_id)
    body: dict[str, Any] = (
        {"credential_identifier": identifier} if identifier is not None
        else {"credential_configuration_id": offered.configuration_id}
    )
    if offered.proof_algorithms is not None:
        proof = proof_jwt(metadata, offered, holder, nonce, now, access.client_id)
        body["proofs"] = {"jwt": [proof]}
    return http.post(
        metadata.credential_endpoint,
        json_body=body,
        headers={"Authorization": f"Bearer {access.token}"},
    )


def read_credential_response(
    answer: HttpAnswer, url: str, later: Deferred
) -> list[str] | Deferred:
    """The credentials in a credential response or a deferred credential response (they have
    one shape), or ``later`` with the transaction and interval of an answer that defers."""
    document = json_answer(answer, url)
    if answer.status not in (200, 202):
        raise issuer_refusal(document, answer.status)
    if answer.status == 202 or ("transaction_id" in document and "credentials" not in document):
        return _deferred(document, later)
    entries = document.get("credentials")
    if not isinstance(entries, list) or not entries:
        raise CredentialError("offer.refused", error="no_credentials")
    credentials = []
    for entry in entries:
        credential = entry.get("credential") if isinstance(entry, dict) else None
        if isinstance(credential, dict):  # ldp_vc: a JSON-LD object, imported as its text
            credential = json.dumps(credential, ensure_ascii=False)
        if not isinstance(credential, str) or not credential:
            raise CredentialError("offer.refused", error="no_credentials")
        credentials.append(credential)
    return credentials


def _deferred(document: dict[str, Any], later: Deferred) -> Deferred:
    """A deferred answer may leave out the transaction it continues; a missing or odd interval
    is our default, an endless one a day."""
    if not later.endpoint:
        raise CredentialError("offer.metadata_invalid", reason="deferred_credential_endpoint")
    transaction_id = document.get("transaction_id", later.transaction_id)
    if not isinstance(transaction_id, str) or not 0 < len(transaction_id) <= 500:
        raise CredentialError("offer.refused", error="no_transaction_id")
    interval = document.get("interval")
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 0:
        interval = DEFAULT_INTERVAL
    return dataclasses.replace(
        later, transaction_id=transaction_id, interval=min(interval, MAX_INTERVAL)
    )


def json_answer(answer: HttpAnswer, url: str) -> dict[str, Any]:
    try:
        document = jose.load_json(answer.body)
    except CredentialError as error:
        raise CredentialError("offer.refused", error="not_json", status=answer.status) from error
    if not isinstance(document, dict):
        raise CredentialError("offer.refused", error="not_json", status=answer.status)
    return document


def _error_of(answer: HttpAnswer) -> str | None:
    return _member(answer, "error")


def _answer_nonce(answer: HttpAnswer) -> str | None:
    """An older issuer's fresh c_nonce in its error answer, when it has no nonce endpoint."""
    return _member(answer, "c_nonce")


def _member(answer: HttpAnswer, name: str) -> str | None:
    """A text member of a JSON answer, or None for anything else (a refusal explains itself
    later, through ``json_answer``)."""
    try:
        document = jose.load_json(answer.body)
    except CredentialError:
        return None
    value = document.get(name) if isinstance(document, dict) else None
    return value if isinstance(value, str) else None


def issuer_refusal(document: dict[str, Any], status: int) -> CredentialError:
    error = document.get("error")
    # Only the issuer's error code is kept: its description is the issuer's words, not ours.
    return CredentialError(
        "offer.refused", error=error if isinstance(error, str) else "", status=status
    )
