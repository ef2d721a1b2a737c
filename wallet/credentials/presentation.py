"""Verifiable presentations for share links: the learner's wallet key vouches for credentials.

A VP-JWT in the VCDM 1.1 JWT encoding (standards brief, section 7): the issuers' JWTs travel
byte-identical in ``vp.verifiableCredential`` (an SD-JWT, which is not a JWT, as a VCDM 2.0
``EnvelopedVerifiableCredential`` data URL; a JSON-LD credential with Data Integrity proofs as
the object itself), so each one is still verified on its own; the presentation only proves
that the holder's key chose them for this audience and nonce.
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from . import canonical
from . import did
from . import jose
from .errors import CredentialError
from .keys import KeyResolver
from .model import Credential
from .parse import VCDM_V1
from .parse import numeric_date
from .parse import types_of
from .signing import sign_jws
from .verify import LEEWAY

PRESENTATION_TYPE = "VerifiablePresentation"
ENVELOPE_TYPE = "EnvelopedVerifiableCredential"
SD_JWT_DATA_URL = "data:application/dc+sd-jwt,"
# A holder signs presentations with a key listed for authentication (DID Core), not assertion.
_HOLDER_RELATIONSHIP = "authentication"


@dataclasses.dataclass(frozen=True)
class PresentationCheck:
    """The outcome of verifying a presentation; ``holder_did`` only once its signature held."""

    valid: bool
    code: str  # "presentation.ok" or the first failure, e.g. "presentation.wrong_nonce"
    holder_did: str | None = None
    tokens: tuple[str, ...] = ()  # the credentials presented (presented_form), only when valid

    def holds(self, raw: str) -> bool:
        """Whether this presentation carries the credential ``raw``."""
        return presented_form(raw) in self.tokens


def sign_presentation(
    tokens: Sequence[str],
    holder_key: Any,
    *,
    holder_did: str,
    audience: str,
    nonce: str,
    expires_at: datetime.datetime,
    now: datetime.datetime,
) -> str:
    """A VP-JWT by ``holder_did`` carrying ``tokens`` unchanged, for one audience and nonce."""
    if now.tzinfo is None or expires_at.tzinfo is None:
        raise ValueError("now and expires_at must be timezone-aware")
    claims = {
        "iss": holder_did,
        "aud": audience,
        "nonce": nonce,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "jti": f"urn:uuid:{uuid.uuid4()}",
        "vp": {
            "@context": [VCDM_V1],
            "type": [PRESENTATION_TYPE],
            "holder": holder_did,
            "verifiableCredential": [_carried(token) for token in tokens],
        },
    }
    headers = {"typ": "JWT", "kid": _holder_kid(holder_did, holder_key)}
    return sign_jws(claims, holder_key, headers)


def _holder_kid(holder_did: str, holder_key: Any) -> str:
    """The id of the DID's only authentication method, which must be ``holder_key``."""
    try:
        document = did.resolve_did(holder_did, None)
    except CredentialError as error:
        raise ValueError(f"cannot sign for {holder_did[:60]!r}: {error.code}") from error
    methods = did.assertion_methods(document, _HOLDER_RELATIONSHIP)
    if len(methods) != 1:
        raise ValueError("the holder DID must have exactly one authentication key")
    if jose.thumbprint(did.key_from_method(methods[0])) != jose.thumbprint(holder_key):
        raise ValueError("holder_key is not the key of holder_did")
    return methods[0]["id"]


@dataclasses.dataclass(frozen=True)
class SignedPresentation:
    """A presentation whose holder signature held; its claims are still to be checked."""

    holder_did: str
    tokens: tuple[str, ...]
    claims: dict[str, Any]


def verify_presentation(
    raw: str,
    *,
    audience: str,
    nonce: str,
    now: datetime.datetime,
    resolver: KeyResolver,
) -> PresentationCheck:
    """Check the holder's signature, then audience, nonce and expiry; never raises on bad input."""
    opened = open_presentation(raw, resolver)
    if isinstance(opened, PresentationCheck):
        return opened
    return check_presentation_claims(opened, audience=audience, nonce=nonce, now=now)


def open_presentation(raw: str, resolver: KeyResolver) -> SignedPresentation | PresentationCheck:
    """The presentation if the holder's signature holds, else the failed check.

    The signature over the same bytes never changes, so a caller may keep the result for as long
    as it trusts the holder's key document; the claims depend on the moment and the link.
    """
    try:
        header, claims = jose.decode_compact(raw if isinstance(raw, str) else "")
        holder_did, tokens = _read_presentation(claims)
    except CredentialError:
        return PresentationCheck(False, "presentation.malformed")
    try:
        jose.require_signature_algorithm(header)
        key, details = resolver.resolve_issuer_key(holder_did, header, _HOLDER_RELATIONSHIP)
        jose.verify_signature(raw, key, details.algorithm)
    except CredentialError as error:
        # key_unbound: the kid names another DID's key, or a holder key not for authentication.
        unbound = error.code == "signature.key_unbound"
        return PresentationCheck(
            False, "presentation.key_unbound" if unbound else "presentation.invalid_signature"
        )
    return SignedPresentation(holder_did, tokens, claims)


def check_presentation_claims(
    signed: SignedPresentation, *, audience: str, nonce: str, now: datetime.datetime
) -> PresentationCheck:
    """Audience, nonce and time claims of a presentation whose signature held."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    code = _claims_failure(signed.claims, audience, nonce, now)
    if code:
        return PresentationCheck(False, code, signed.holder_did)
    return PresentationCheck(True, "presentation.ok", signed.holder_did, signed.tokens)


def _read_presentation(claims: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The holder DID and credential tokens, refusing items that are not credentials we carry."""
    holder_did, vp = claims.get("iss"), claims.get("vp")
    if not isinstance(holder_did, str) or not holder_did.startswith("did:"):
        raise CredentialError("format.malformed")
    if not isinstance(vp, dict) or PRESENTATION_TYPE not in types_of(vp):
        raise CredentialError("format.malformed")
    if vp.get("holder", holder_did) != holder_did:
        # The signer would be vouching for someone else's wallet.
        raise CredentialError("format.malformed")
    tokens = vp.get("verifiableCredential", [])
    tokens = [tokens] if isinstance(tokens, str) else tokens
    tokens = [_uncarried(t) for t in tokens] if isinstance(tokens, list) else None
    if tokens is None or not all(isinstance(t, str) for t in tokens):
        raise CredentialError("format.malformed")  # e.g. an embedded object without a proof
    numeric_date(claims.get("exp"), "exp")  # every share expires, so exp is required
    for claim in ("iat", "nbf"):
        if claim in claims:
            numeric_date(claims[claim], claim)
    return holder_did, tuple(tokens)


def _carried(token: str) -> str | dict[str, Any]:
    """A JWT as it is; an SD-JWT (which is no JWT) in an EnvelopedVerifiableCredential; a
    JSON-LD credential secured by its own proofs as the object itself (VCDM allows both)."""
    if token.lstrip().startswith("{"):
        return jose.load_json(token.encode("utf-8"))
    if "~" not in token:
        return token
    return {"type": ENVELOPE_TYPE, "id": SD_JWT_DATA_URL + token}


def _uncarried(item: Any) -> Any:
    """The token in an item of ``verifiableCredential``: a JWT, or an enveloped SD-JWT; an
    embedded credential in its ``presented_form``."""
    if isinstance(item, dict) and item.get("type") == ENVELOPE_TYPE:
        data_url = item.get("id")
        if isinstance(data_url, str) and data_url.startswith(SD_JWT_DATA_URL):
            return data_url.removeprefix(SD_JWT_DATA_URL)
    if isinstance(item, dict) and "proof" in item:
        return canonical.jcs(item).decode("utf-8")
    return item


def presented_form(raw: str) -> str:
    """How a credential stands among a presentation's ``tokens``: a token as it is, a JSON
    credential as canonical JSON (RFC 8785), since inside the presentation it is an object
    whose spacing and member order nobody keeps."""
    if not raw.lstrip().startswith("{"):
        return raw
    try:
        return canonical.jcs(jose.load_json(raw.encode("utf-8"))).decode("utf-8")
    except CredentialError:
        return raw


def _claims_failure(
    claims: dict[str, Any], audience: str, nonce: str, now: datetime.datetime
) -> str | None:
    """The code of the first audience, nonce or time claim that does not fit, else None."""
    audiences = claims.get("aud")
    audiences = audiences if isinstance(audiences, list) else [audiences]
    if audience not in audiences:
        return "presentation.wrong_audience"
    if claims.get("nonce") != nonce:
        return "presentation.wrong_nonce"
    if now > numeric_date(claims["exp"], "exp") + LEEWAY:
        return "presentation.expired"
    if "nbf" in claims and now < numeric_date(claims["nbf"], "nbf") - LEEWAY:
        return "presentation.not_yet_valid"
    return None


def holder_binding(credential: Credential, holder_did: str | None) -> str:
    """Is the presenter the credential's subject? "subject", "other_subject" or "no_subject"."""
    if not credential.subject_id:
        return "no_subject"
    if holder_did and credential.subject_id == holder_did:
        return "subject"
    return "other_subject"
