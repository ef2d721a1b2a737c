"""Which format a credential is in, and the reader and signature check of each.

The input decides: a JSON object is a Data Integrity credential (it carries a ``proof``) or a
hosted Open Badges 2.0 assertion; a token with ``~`` separators is an SD-JWT; any other token is
a compact JWS, an Open Badges 2.0 signed assertion when its payload is one. Each format's module
turns it into the same ``Credential`` and checks its issuer's signature its own way.
"""

from __future__ import annotations

from typing import Any

from . import data_integrity
from . import jose
from . import open_badges_2
from . import sd_jwt
from .errors import CredentialError
from .keys import KeyResolver
from .keys import has_self_asserted_key
from .keys import self_asserted_key
from .model import Credential
from .model import KeyDetails
from .model import Shape
from .parse import parse_jwt_credential


def parse_credential(raw: str) -> Credential:
    """Read a credential in any format we know; CredentialError says why not."""
    token = raw.strip() if isinstance(raw, str) else ""
    if not token:
        raise CredentialError("format.empty")
    if token.startswith("{"):
        return _parse_json(token)
    if "~" in token:
        return sd_jwt.parse_sd_jwt(token)
    header, claims = jose.decode_compact(token)
    if open_badges_2.is_assertion(claims):
        return open_badges_2.parse_signed(token, header, claims)
    return parse_jwt_credential(token, header, claims)


def check_signature(credential: Credential, resolver: KeyResolver) -> KeyDetails:
    """Verify the issuer's signature with a key bound to the issuer, or raise CredentialError."""
    if credential.shape is Shape.DATA_INTEGRITY:
        return data_integrity.verify_proofs(credential, resolver)
    if credential.shape is Shape.SD_JWT_VC:
        return sd_jwt.verify_sd_jwt(credential, resolver)
    if credential.shape is Shape.OB2:
        return open_badges_2.verify_assertion(credential, resolver)[1]
    jose.require_signature_algorithm(credential.header)
    if has_self_asserted_key(credential.issuer_id, credential.header):
        key, details = self_asserted_key(credential.issuer_id, credential.header)
    else:
        key, details = resolver.resolve_issuer_key(credential.issuer_id, credential.header)
    jose.verify_signature(credential.raw, key, details.algorithm)
    return details


def verify_issuer_signature(
    credential: Credential, resolver: KeyResolver
) -> tuple[Credential, KeyDetails]:
    """``check_signature``, and the credential as verified: an Open Badges 2.0 assertion with
    its badge class and issuer profile as the issuer serves them."""
    if credential.shape is Shape.OB2:
        return open_badges_2.verify_assertion(credential, resolver)
    return credential, check_signature(credential, resolver)


def _parse_json(token: str) -> Credential:
    document: Any = jose.load_json(token.encode())
    if not isinstance(document, dict):
        raise CredentialError("format.not_a_credential", field="@context")
    if open_badges_2.is_assertion(document):
        return open_badges_2.parse_hosted(token, document)
    if "proof" in document:
        return data_integrity.parse_secured(token, document)
    raise CredentialError("input.unsigned_json")
