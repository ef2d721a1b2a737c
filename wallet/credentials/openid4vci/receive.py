"""The pre-authorized code flow once the learner confirmed: token, nonce, credential.

Refusals from the issuer become ``offer.*`` codes the learner can act on: a wrong transaction
code (``offer.tx_code_wrong``), a code used or expired (``offer.code_expired``), anything else
the issuer refused (``offer.refused``). A proof refused for its nonce is made once more with a
fresh nonce, since nonces expire and a slow confirmation may outlive one.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any
from typing import Protocol

from .. import jose
from ..errors import CredentialError
from ..fetch import HttpAnswer
from ..signing import algorithm_for
from ..signing import public_jwk
from ..signing import sign_jws
from .metadata import IssuerMetadata
from .metadata import Offered
from .metadata import token_endpoint
from .offer import CredentialOffer

PROOF_TYPE = "openid4vci-proof+jwt"
# RFC 9864 names EdDSA over Ed25519 "Ed25519"; issuers list either.
_SAME_ALGORITHM = {"EdDSA": ("EdDSA", "Ed25519")}
_RETRY_WITH_FRESH_NONCE = frozenset({"invalid_proof", "invalid_nonce"})


class Poster(Protocol):
    def post(self, url: str, *, form: Any = None, json_body: Any = None,
             headers: Any = None) -> HttpAnswer: ...

    def __call__(self, url: str) -> bytes: ...


@dataclasses.dataclass(frozen=True)
class Holder:
    """The learner's wallet key and its did:key, which the credential will be bound to."""

    key: Any
    did: str

    @property
    def kid(self) -> str:
        return f"{self.did}#{self.did.removeprefix('did:key:')}"


def receive_credentials(
    offer: CredentialOffer,
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    *,
    tx_code: str | None,
    http: Poster,
    now: datetime.datetime,
) -> list[str]:
    """The credentials the issuer sends for ``offered``, as text ready for import."""
    if offer.tx_code is not None and not (tx_code or "").strip():
        raise CredentialError("offer.tx_code_missing")
    access_token, token_nonce = _token(offer, metadata, tx_code, http)
    nonce = _nonce(metadata, http) or token_nonce
    answer = _request_credential(metadata, offered, holder, access_token, nonce, now, http)
    if answer.status == 400 and _error_of(answer) in _RETRY_WITH_FRESH_NONCE:
        nonce = _nonce(metadata, http) or _answer_nonce(answer)
        answer = _request_credential(metadata, offered, holder, access_token, nonce, now, http)
    return _credentials_in(answer, metadata.credential_endpoint)


def _token(
    offer: CredentialOffer, metadata: IssuerMetadata, tx_code: str | None, http: Poster
) -> tuple[str, str | None]:
    url = token_endpoint(offer, metadata, http)
    form = {
        "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        "pre-authorized_code": offer.pre_authorized_code,
    }
    if offer.tx_code is not None:
        form["tx_code"] = (tx_code or "").strip()
    answer = http.post(url, form=form)
    document = _json_of(answer, url)
    if answer.status != 200:
        error = document.get("error")
        if error == "invalid_grant":
            raise CredentialError(_invalid_grant_code(offer, document))
        raise _refused(document, answer.status)
    access_token = document.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise CredentialError("offer.refused", error="no_access_token")
    if str(document.get("token_type", "")).lower() != "bearer":
        # DPoP-bound tokens need a proof of possession we do not send yet.
        raise CredentialError("offer.unsupported", reason="token_type")
    nonce = document.get("c_nonce")
    return access_token, nonce if isinstance(nonce, str) else None


def _invalid_grant_code(offer: CredentialOffer, document: dict[str, Any]) -> str:
    """What an invalid_grant means: the spec uses it for a wrong transaction code and for a
    used or expired code alike, so the description decides, and an issuer that says nothing
    clear gets the message that names both."""
    if offer.tx_code is None:
        return "offer.code_expired"
    description = str(document.get("error_description", "")).lower()
    if any(word in description for word in ("tx_code", "transaction code", "pin")):
        return "offer.tx_code_wrong"
    if any(word in description for word in ("expired", "used", "unknown", "not found")):
        return "offer.code_expired"
    return "offer.tx_code_or_expired"


def _nonce(metadata: IssuerMetadata, http: Poster) -> str | None:
    url = metadata.nonce_endpoint
    if url is None:
        return None  # no nonce endpoint: the credential takes no nonce in its proof
    answer = http.post(url, form={})
    document = _json_of(answer, url)
    nonce = document.get("c_nonce")
    if answer.status != 200 or not isinstance(nonce, str) or not nonce:
        raise CredentialError("offer.refused", error="no_nonce")
    return nonce


def _request_credential(
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    access_token: str,
    nonce: str | None,
    now: datetime.datetime,
    http: Poster,
) -> HttpAnswer:
    body: dict[str, Any] = {"credential_configuration_id": offered.configuration_id}
    if offered.proof_algorithms is not None:
        proof = proof_jwt(metadata, offered, holder, nonce, now)
        body["proofs"] = {"jwt": [proof]}
    return http.post(
        metadata.credential_endpoint,
        json_body=body,
        headers={"Authorization": f"Bearer {access_token}"},
    )


def proof_jwt(
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    nonce: str | None,
    now: datetime.datetime,
) -> str:
    """The key proof (OpenID4VCI 1.0 appendix F.1): no ``iss``, as a pre-authorized wallet
    has no client id; ``kid`` the DID URL, or ``jwk`` when the issuer binds to JWKs only."""
    algorithm = proof_algorithm(holder.key, offered.proof_algorithms or ())
    header: dict[str, Any] = {"typ": PROOF_TYPE}
    if offered.binds_by_jwk_only:
        header["jwk"] = public_jwk(holder.key)
    else:
        header["kid"] = holder.kid
    claims: dict[str, Any] = {"aud": metadata.credential_issuer, "iat": int(now.timestamp())}
    if nonce is not None:
        claims["nonce"] = nonce
    return sign_jws(claims, holder.key, header, algorithm)


def proof_algorithm(key: Any, accepted: tuple[str, ...]) -> str:
    """The name the issuer accepts for the one algorithm our key signs with."""
    ours = algorithm_for(key)
    for name in _SAME_ALGORITHM.get(ours, (ours,)):
        if name in accepted:
            return name
    raise CredentialError("offer.unsupported", reason="proof_algorithm", algorithms=list(accepted))


def _credentials_in(answer: HttpAnswer, url: str) -> list[str]:
    document = _json_of(answer, url)
    if answer.status not in (200, 202):
        raise _refused(document, answer.status)
    if "transaction_id" in document and "credentials" not in document:
        raise CredentialError("offer.unsupported", reason="deferred")
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


def _json_of(answer: HttpAnswer, url: str) -> dict[str, Any]:
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
    later, through ``_json_of``)."""
    try:
        document = jose.load_json(answer.body)
    except CredentialError:
        return None
    value = document.get(name) if isinstance(document, dict) else None
    return value if isinstance(value, str) else None


def _refused(document: dict[str, Any], status: int) -> CredentialError:
    error = document.get("error")
    # Only the issuer's error code is kept: its description is the issuer's words, not ours.
    return CredentialError(
        "offer.refused", error=error if isinstance(error, str) else "", status=status
    )
