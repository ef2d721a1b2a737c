"""Issue an SD-JWT VC (RFC 9901, SD-JWT VC draft): chosen top-level claims selectively
disclosable, the rest signed in clear, bound to the holder's key by ``cnf.jwk``.

Each disclosable claim becomes a disclosure ``[salt, name, value]`` and only its SHA-256
digest stays in the signed payload (``_sd``, sorted so their order says nothing about the
claims'); list claims are disclosed whole, since the display reads them as one list.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from . import jose
from .disclosures import digest

SD_JWT_VC_TYP = "dc+sd-jwt"
# Claims a verifier must read before it can judge anything: never concealed.
ALWAYS_CLEAR = frozenset({"iss", "vct", "iat", "nbf", "exp", "cnf", "status", "_sd", "_sd_alg"})


def issue_sd_jwt_vc(
    claims: dict[str, Any],
    disclosable: Iterable[str],
    private_key: Any,
    *,
    kid: str,
    holder_jwk: dict[str, Any],
    algorithm: str,
) -> str:
    """The SD-JWT with every disclosure: ``issuer-jwt~d1~d2~…~`` (no key binding yet)."""
    concealed = set(disclosable) - ALWAYS_CLEAR
    payload = {name: value for name, value in claims.items() if name not in concealed}
    disclosures = [_disclosure(name, claims[name]) for name in claims if name in concealed]
    if disclosures:
        payload["_sd"] = sorted(digest(encoded, "sha-256") for encoded in disclosures)
        payload["_sd_alg"] = "sha-256"
    payload["cnf"] = {"jwk": holder_jwk}
    header = {"typ": SD_JWT_VC_TYP, "kid": kid}
    issuer_jwt = jose.sign_compact(payload, private_key, algorithm, header)
    return "~".join((issuer_jwt, *disclosures, ""))


def _disclosure(name: str, value: Any) -> str:
    content = [jose.b64url_encode(secrets.token_bytes(16)), name, value]
    return jose.b64url_encode(json.dumps(content, ensure_ascii=False).encode("utf-8"))
