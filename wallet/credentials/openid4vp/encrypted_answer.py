"""Encrypted answers (OpenID4VP 1.0, section 8.3): each request carries its own ephemeral P-256
key for ECDH-ES in ``client_metadata.jwks``; the wallet posts ``response``, a compact JWE whose
payload is the answer's parameters as JSON.

A key used for one request only means a leaked answer cannot be read with anything kept after
the request is done, and an answer made for one request cannot be opened for another.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from .. import jose
from ..errors import CredentialError

KEY_AGREEMENT = "ECDH-ES"
CONTENT_ENCRYPTIONS = ("A128GCM", "A256GCM")
# An answer holds a few credentials; anything much larger is not one.
MAX_ANSWER_CHARS = 4 * jose.MAX_TOKEN_CHARS
# Header members we act on; anything else that changes processing (zip, crit, jku…) is refused.
_HEADER_MEMBERS = frozenset({"alg", "enc", "kid", "epk", "apu", "apv", "typ", "cty"})


def new_decryption_key() -> dict[str, Any]:
    """A fresh private P-256 JWK for ECDH-ES, named by its thumbprint (``kid``)."""
    parameters = {"alg": KEY_AGREEMENT, "use": "enc"}
    key = ECKey.generate_key("P-256", parameters=parameters, private=True, auto_kid=True)
    return key.as_dict(private=True)


def encryption_jwks(decryption_key: dict[str, Any]) -> dict[str, Any]:
    """The JWK Set a wallet encrypts to: the public half of ``decryption_key``."""
    return {"keys": [ECKey.import_key(decryption_key).as_dict(private=False)]}


def decrypt_answer(
    response: Any, decryption_key: dict[str, Any], encryptions: Sequence[str]
) -> dict[str, Any]:
    """The answer's parameters from the JWE ``response``, encrypted to ``decryption_key`` with
    ECDH-ES and one of ``encryptions``; else CredentialError ``present.*``."""
    if not isinstance(response, str) or len(response) > MAX_ANSWER_CHARS:
        raise CredentialError("present.malformed")
    header = _header(response)
    if header.get("alg") != KEY_AGREEMENT or header.get("enc") not in encryptions:
        raise CredentialError(
            "present.wrong_encryption", alg=str(header.get("alg"))[:20],
            enc=str(header.get("enc"))[:20],
        )
    if not set(header) <= _HEADER_MEMBERS:
        raise CredentialError("present.wrong_encryption", header=sorted(header)[:8])
    if header.get("kid") != decryption_key["kid"]:
        # Encrypted to a key of another request, or of no request of ours.
        raise CredentialError("present.wrong_key")
    try:
        opened = jwe.decrypt_compact(
            response, ECKey.import_key(decryption_key), algorithms=[KEY_AGREEMENT, *encryptions]
        )
    except (JoseError, ValueError) as error:
        raise CredentialError("present.undecryptable") from error
    payload = jose.load_json(opened.plaintext or b"")
    if not isinstance(payload, dict):
        raise CredentialError("present.malformed")
    return payload


def _header(response: str) -> dict[str, Any]:
    parts = response.split(".")
    if len(parts) != 5:
        raise CredentialError("present.malformed")
    try:
        header = jose.load_json(jose.b64url_decode(parts[0]))
    except CredentialError as error:
        raise CredentialError("present.malformed") from error
    if not isinstance(header, dict):
        raise CredentialError("present.malformed")
    return header
