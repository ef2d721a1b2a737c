"""Presenting an SD-JWT VC: the holder picks claims and proves, with the key the issuer bound
(``cnf``), that this presentation is for one audience and nonce, now (RFC 9901, section 4.3).

``present_sd_jwt`` builds the presentation from a stored SD-JWT; ``check_key_binding`` is the
verifier's side, after ``verify_credential`` found the SD-JWT and its key-binding JWT genuine.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from . import disclosures
from . import jose
from .errors import CredentialError
from .key_binding import KB_TYP
from .key_binding import holder_key
from .key_binding import read_key_binding
from .model import Credential
from .parse import numeric_date
from .signing import sign_jws
from .verify import LEEWAY

MAX_KEY_BINDING_AGE = datetime.timedelta(minutes=5)


def disclosable_claims(token: str) -> list[str]:
    """The names of the claims a holder may choose to disclose, in the SD-JWT's order."""
    parts, _, found = _read(token)
    names = (found[disclosures.digest(d, _algorithm(parts))].name for d in parts.disclosures)
    return list(dict.fromkeys(name for name in names if name is not None))


def present_sd_jwt(
    token: str,
    claim_names: Iterable[str],
    holder_private_key: Any,
    *,
    audience: str,
    nonce: str,
    now: datetime.datetime,
) -> str:
    """The SD-JWT with only the disclosures of ``claim_names`` and a KB-JWT for audience and nonce.

    A named claim comes with what it holds (its nested claims and array elements) and with the
    claims it sits in, without which it could not be read.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    parts, claims, found = _read(token)
    if jose.thumbprint(holder_key(claims)) != jose.thumbprint(holder_private_key):
        raise ValueError("holder_private_key is not the key the issuer bound (cnf)")
    parents = _parents(claims, found)
    wanted = {key for key, disclosure in found.items() if disclosure.name in set(claim_names)}
    kept = set(wanted)
    for key in wanted:
        kept |= _ancestors(key, parents)
    kept |= {key for key in parents if _ancestors(key, parents) & wanted}
    algorithm = _algorithm(parts)
    chosen = tuple(d for d in parts.disclosures if disclosures.digest(d, algorithm) in kept)
    presented = disclosures.SdJwtParts(parts.issuer_jwt, chosen, None).without_key_binding
    payload = {
        "iat": int(now.timestamp()),
        "aud": audience,
        "nonce": nonce,
        "sd_hash": disclosures.digest(presented, algorithm),
    }
    return presented + sign_jws(payload, holder_private_key, {"typ": KB_TYP})


def check_key_binding(
    credential: Credential,
    *,
    audience: str,
    nonce: str,
    now: datetime.datetime,
    max_age: datetime.timedelta = MAX_KEY_BINDING_AGE,
) -> str | None:
    """None when the holder proved this presentation for ``audience`` and ``nonce`` lately;
    else the code of what is wrong (the ``presentation.*`` codes of VP checks)."""
    parts = disclosures.split_sd_jwt(credential.raw)
    if parts.key_binding is None:
        return "presentation.no_key_binding"
    try:
        claims = read_key_binding(credential.claims, parts)
    except CredentialError:
        return "presentation.invalid_signature"
    if claims["aud"] != audience:
        return "presentation.wrong_audience"
    if claims["nonce"] != nonce:
        return "presentation.wrong_nonce"
    made = numeric_date(claims["iat"], "iat")
    if made > now + LEEWAY:
        return "presentation.not_yet_valid"
    if now - made > max_age + LEEWAY:
        return "presentation.expired"
    return None


def _read(token: str) -> tuple[disclosures.SdJwtParts, dict[str, Any], dict]:
    parts = disclosures.split_sd_jwt(token)
    claims = jose.decode_compact(parts.issuer_jwt).claims
    return parts, claims, disclosures.by_digest(parts.disclosures, _algorithm(parts, claims))


def _algorithm(parts: disclosures.SdJwtParts, claims: dict[str, Any] | None = None) -> str:
    claims = claims if claims is not None else jose.decode_compact(parts.issuer_jwt).claims
    return disclosures.hash_name(claims)


def _parents(claims: dict[str, Any], found: dict[str, disclosures.Disclosure]) -> dict:
    """Each disclosure's digest -> the digest of the disclosure it sits in (None: the payload)."""
    parents: dict[str, str | None] = {}

    def visit(key: Any, parent: str | None) -> None:
        if isinstance(key, str) and key in found and key not in parents:
            parents[key] = parent
            walk(found[key].value, key)

    def walk(value: Any, parent: str | None) -> None:
        if isinstance(value, dict):
            digests = value.get(disclosures.DIGESTS)
            for key in digests if isinstance(digests, list) else []:
                visit(key, parent)
            for name, item in value.items():
                if name != disclosures.DIGESTS:
                    walk(item, parent)
        elif isinstance(value, list):
            for item in value:
                if disclosures.is_array_digest(item):
                    visit(item[disclosures.ARRAY_DIGEST], parent)
                else:
                    walk(item, parent)

    walk(claims, None)
    return parents


def _ancestors(key: str, parents: dict[str, str | None]) -> set[str]:
    found = set()
    while (key := parents.get(key)) is not None and key not in found:
        found.add(key)
    return found
