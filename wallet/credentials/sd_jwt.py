"""SD-JWT VC (IETF SD-JWT VC draft on RFC 9901): ``<issuer JWT>~<disclosure>~…~[<KB-JWT>]``.

``parse_sd_jwt`` reads the issuer's JWT and puts every disclosed claim in place (the digest rules
are ``disclosures``'), ``verify_sd_jwt`` checks the issuer's signature with a key bound to the
issuer (``sd_jwt_keys``: a DID in ``kid``, JWT VC Issuer Metadata, or an ``x5c`` chain) and a
key-binding JWT when one is attached (``key_binding``). Also read: a plain RFC 9901 SD-JWT
without ``typ``, and the W3C ``vc+sd-jwt`` of 2024 whose payload is a VCDM 2.0 credential.
"""

from __future__ import annotations

import datetime
from typing import Any

from . import disclosures
from . import jose
from . import key_binding
from .errors import CredentialError
from .keys import KeyResolver
from .model import Credential
from .model import KeyDetails
from .model import Shape
from .parse import VCDM_V2
from .parse import numeric_date
from .parse import parse_datetime
from .parse import subject_ids_of
from .parse import types_of

VC_TYPS = frozenset({"dc+sd-jwt", "vc+sd-jwt"})
# SD-JWT VC: claims the issuer must sign in the clear, never in a disclosure.
NEVER_DISCLOSED = ("iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status")
_VCDM_DATES = ("validFrom", "validUntil")


def parse_sd_jwt(token: str) -> Credential:
    """A normalised Credential whose ``document`` has every disclosed claim in place."""
    parts = disclosures.split_sd_jwt(token)
    header, claims = jose.decode_compact(parts.issuer_jwt)
    typ = _typ(header)
    algorithm = disclosures.hash_name(claims)
    document = disclosures.reveal(claims, disclosures.by_digest(parts.disclosures, algorithm))
    if typ is not None:
        _refuse_disclosed(claims, document)
    if parts.key_binding is not None:
        jose.decode_compact(parts.key_binding)  # read now, checked with the signature
    issuer_id = claims.get("iss")
    if not isinstance(issuer_id, str) or not issuer_id:
        raise CredentialError("format.not_a_credential", field="iss")
    if "@context" in document:
        return _w3c_credential(token, header, claims, document, issuer_id)
    vct = document.get("vct")
    if typ is not None and not isinstance(vct, str):
        raise CredentialError("format.not_a_credential", field="vct")
    valid_from = _moment(document, "nbf") or _moment(document, "iat")
    return _credential(
        token, header, claims, document, issuer_id,
        id=_string(document, "jti"),
        types=(vct,) if isinstance(vct, str) else (),
        issuer_name=_string(document, "issuing_authority"),
        subject_id=_string(document, "sub"),
        valid_from=valid_from,
        valid_until=_moment(document, "exp"),
        status_entries=_status_claim(document),
    )


def verify_sd_jwt(credential: Credential, resolver: KeyResolver) -> KeyDetails:
    """Check the issuer's signature with a key bound to ``iss``, and an attached KB-JWT.

    The algorithm comes from the key, never `none` or HMAC (``jose``'s rules); the key from
    the resolver, which applies the SD-JWT VC key sources to ``dc+sd-jwt`` tokens.
    """
    parts = disclosures.split_sd_jwt(credential.raw)
    jose.require_signature_algorithm(credential.header)
    key, details = resolver.resolve_issuer_key(credential.issuer_id, credential.header)
    jose.verify_signature(parts.issuer_jwt, key, details.algorithm)
    if parts.key_binding is not None:
        key_binding.read_key_binding(credential.claims, parts)
    return details


def _typ(header: dict[str, Any]) -> str | None:
    """``dc+sd-jwt``/``vc+sd-jwt``, or None for a plain SD-JWT; any other type is refused."""
    typ = header.get("typ")
    if typ is None:
        return None
    normalised = typ.lower().removeprefix("application/") if isinstance(typ, str) else ""
    if normalised not in VC_TYPS:
        raise CredentialError("format.unsupported_type", feature=str(typ)[:100])
    return normalised


def _refuse_disclosed(claims: dict[str, Any], document: dict[str, Any]) -> None:
    for name in NEVER_DISCLOSED:
        if name in document and name not in claims:
            raise disclosures.bad_disclosure("must_be_signed_in_clear")


def _w3c_credential(
    token: str, header: dict, claims: dict, document: dict, issuer_id: str
) -> Credential:
    """The 2024 W3C variant: a VCDM 2.0 credential as the SD-JWT's payload."""
    contexts = document["@context"]
    if not isinstance(contexts, list) or not contexts or contexts[0] != VCDM_V2:
        raise CredentialError("format.not_a_credential", field="@context")
    types = types_of(document)
    if "VerifiableCredential" not in types:
        raise CredentialError("format.not_a_credential", field="type")
    issuer = document.get("issuer")
    if (issuer.get("id") if isinstance(issuer, dict) else issuer) not in (None, issuer_id):
        raise CredentialError("format.claims_mismatch", claim="iss")
    dates = [parse_datetime(document[f], f) if f in document else None for f in _VCDM_DATES]
    valid_from = max(filter(None, (dates[0], _moment(document, "nbf"))), default=None)
    valid_until = min(filter(None, (dates[1], _moment(document, "exp"))), default=None)
    status = document.get("credentialStatus")
    entries = status if isinstance(status, list) else [] if status is None else [status]
    return _credential(
        token, header, claims, document, issuer_id,
        id=_string(document, "id"),
        types=types,
        issuer_name=_string(issuer, "name") if isinstance(issuer, dict) else None,
        subject_id=next(iter(subject_ids_of(document)), None),
        valid_from=valid_from,
        valid_until=valid_until,
        status_entries=tuple(e for e in entries if isinstance(e, dict)),
    )


def _credential(
    token: str, header: dict, claims: dict, document: dict, issuer_id: str, **fields: Any
) -> Credential:
    start, end = fields["valid_from"], fields["valid_until"]
    if start and end and start > end:
        raise CredentialError("format.bad_date", field="exp")
    return Credential(
        raw=token, shape=Shape.SD_JWT_VC, header=header, claims=claims, document=document,
        issuer_id=issuer_id, **fields,
    )


def _moment(document: dict[str, Any], claim: str) -> datetime.datetime | None:
    return numeric_date(document[claim], claim) if claim in document else None


def _string(document: dict[str, Any], name: str) -> str | None:
    value = document.get(name)
    return value if isinstance(value, str) and value else None


def _status_claim(document: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """The ``status`` claim, as the one entry the status check reads (Token Status List)."""
    status = document.get("status")
    if status is None:
        return ()
    if not isinstance(status, dict):
        raise CredentialError("format.not_a_credential", field="status")
    return (status,)
