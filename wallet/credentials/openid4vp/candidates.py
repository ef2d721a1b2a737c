"""A stored credential as DCQL sees it: its format's identifier, type, issuer and claims.

``candidate_from(credential_id, raw)`` reads what the wallet stores; formats OpenID4VP cannot
present (Open Badges 2.0, status lists) give None. The claims are the credential with every
disclosure in place, as a verifier would see them if the learner showed everything: DCQL paths
point into that (for W3C credentials, into the credential object, not a presentation).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from typing import Any

from cryptography import x509
from pyld import jsonld

from ..errors import CredentialError
from ..formats import parse_credential
from ..jose import b64url_encode
from ..jsonld_contexts import shipped_contexts
from ..model import Shape
from .dcql_query import JWT_VC_FORMAT
from .dcql_query import LDP_VC_FORMAT
from .dcql_query import SD_JWT_FORMAT

_FORMATS = {
    Shape.SD_JWT_VC: SD_JWT_FORMAT,
    Shape.VC_JWT_11: JWT_VC_FORMAT,
    Shape.VC_JOSE_COSE: JWT_VC_FORMAT,
    Shape.OB3_JWT: JWT_VC_FORMAT,
    Shape.DATA_INTEGRITY: LDP_VC_FORMAT,
}


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One credential the wallet could present."""

    id: str  # the wallet's own id for it, carried back in the match
    raw: str  # the credential as stored (an SD-JWT with all its disclosures)
    format: str  # DCQL's format identifier: dc+sd-jwt, jwt_vc_json or ldp_vc
    vct: str | None  # SD-JWT VC type
    types: frozenset[str]  # W3C types, as written and fully expanded (IRIs)
    issuer: str
    claims: dict[str, Any]
    holder_bound: bool  # a presentation can prove the holder's key (SD-JWT: cnf)
    authority_keys: frozenset[str] = frozenset()  # base64url AKIs of an x5c chain ("aki")


def candidate_from(credential_id: str, raw: str) -> Candidate | None:
    """The candidate for a stored credential, or None when OpenID4VP cannot carry its format."""
    credential = parse_credential(raw)
    credential_format = _FORMATS.get(credential.shape)
    if credential_format is None or (
        credential_format == SD_JWT_FORMAT and "vct" not in credential.document
    ):
        return None  # OB 2.0, status lists, and the W3C vc+sd-jwt of 2024
    sd_jwt = credential_format == SD_JWT_FORMAT
    return Candidate(
        id=credential_id,
        raw=raw,
        format=credential_format,
        vct=credential.document["vct"] if sd_jwt else None,
        types=frozenset() if sd_jwt else _types(credential.document, credential_format),
        issuer=credential.issuer_id,
        claims=credential.document,
        holder_bound="cnf" in credential.claims if sd_jwt else True,
        authority_keys=_authority_keys(credential.header.get("x5c")) if sd_jwt else frozenset(),
    )


def _types(document: dict[str, Any], credential_format: str) -> frozenset[str]:
    """The types as written, and as IRIs once the contexts are applied (what ``type_values``
    names, OpenID4VP B.1); a credential whose contexts we do not ship keeps its written types."""
    written = {t for t in _as_list(document.get("type")) if isinstance(t, str)}
    try:
        expanded = jsonld.expand(
            {"@context": document.get("@context"), "type": sorted(written)},
            shipped_contexts().options(),
        )
    except (jsonld.JsonLdError, CredentialError, TypeError):
        return frozenset(written)
    iris = [t for node in expanded for t in node.get("@type", [])]
    return frozenset(written | set(iris))


def _authority_keys(chain: Any) -> frozenset[str]:
    """The Authority Key Identifiers in an SD-JWT's ``x5c`` chain, base64url (DCQL "aki")."""
    keys = set()
    for encoded in chain if isinstance(chain, list) else []:
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode(encoded, validate=True))
            extension = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
        except (TypeError, ValueError, binascii.Error, x509.ExtensionNotFound):
            continue  # an unreadable or root certificate names no authority
        if extension.value.key_identifier:
            keys.add(b64url_encode(extension.value.key_identifier))
    return frozenset(keys)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
