"""Key binding (RFC 9901, section 4.3): the holder's ``kb+jwt`` at the end of an SD-JWT,
signed with the key the issuer put in ``cnf`` and covering the SD-JWT it ends (``sd_hash``).

A key-binding JWT that is attached but wrong makes the whole presentation fail: someone took
the credential and the proof from different places. Whether it was made for this audience,
nonce and moment is the caller's question (``sd_jwt_presentation.check_key_binding``).
"""

from __future__ import annotations

from typing import Any

from . import disclosures
from . import jose
from .errors import CredentialError
from .parse import numeric_date

KB_TYP = "kb+jwt"


def holder_key(claims: dict[str, Any]) -> jose.PublicKey:
    """The holder's public key from the issuer-signed ``cnf.jwk``."""
    confirmation = claims.get("cnf")
    jwk = confirmation.get("jwk") if isinstance(confirmation, dict) else None
    if jwk is None:
        raise CredentialError("signature.bad_key_binding", reason="no_holder_key")
    return jose.key_from_jwk(jwk)


def read_key_binding(claims: dict[str, Any], parts: disclosures.SdJwtParts) -> dict[str, Any]:
    """The KB-JWT's claims once its type, signature by the ``cnf`` key and ``sd_hash`` hold."""
    if parts.key_binding is None:
        raise CredentialError("signature.bad_key_binding", reason="missing")
    try:
        header, kb_claims = jose.decode_compact(parts.key_binding)
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower().removeprefix("application/") != KB_TYP:
            raise CredentialError("format.unsupported_type", feature=str(typ)[:40])
        jose.require_signature_algorithm(header)
        key = holder_key(claims)
        jose.verify_signature(parts.key_binding, key, jose.algorithm_for_key(key, header["alg"]))
        numeric_date(kb_claims.get("iat"), "iat")
    except CredentialError as error:
        raise CredentialError("signature.bad_key_binding", reason=error.code) from error
    expected = disclosures.digest(parts.without_key_binding, disclosures.hash_name(claims))
    if kb_claims.get("sd_hash") != expected:
        # The proof was made for other disclosures than the ones it travels with.
        raise CredentialError("signature.bad_key_binding", reason="sd_hash")
    if not all(isinstance(kb_claims.get(name), str) for name in ("aud", "nonce")):
        raise CredentialError("signature.bad_key_binding", reason="claims")
    return kb_claims
