"""Presenting an SD-JWT VC: the holder picks claims and proves, with the key the issuer bound
(``cnf``), that this presentation is for one audience and nonce, now (RFC 9901, section 4.3).

``disclosable_claims`` lists what a holder may choose, ``select_disclosures`` keeps only the
chosen disclosures and ``bind_key`` adds the key-binding JWT (``present_sd_jwt`` does both, by
claim names); ``check_key_binding`` is the verifier's side, after ``verify_credential`` found
the SD-JWT and its key-binding JWT genuine.
"""

from __future__ import annotations

import dataclasses
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


@dataclasses.dataclass(frozen=True)
class DisclosableClaim:
    """A disclosure a holder may show or keep back, with everything it holds."""

    digest: str  # what identifies it among the SD-JWT's disclosures
    name: str  # the claim's name; for an array element, the name of the claim holding the array
    element: bool  # an element of an array rather than a named claim
    value: Any


def disclosable_claims(token: str) -> list[DisclosableClaim]:
    """The disclosures a holder chooses among, in the SD-JWT's order: those that sit in no other
    disclosure (one inside another comes and goes with it)."""
    parts, claims, found = _read(token)
    layout = _layout(claims, found)
    algorithm = _algorithm(parts, claims)
    keys = (disclosures.digest(d, algorithm) for d in parts.disclosures)
    return [
        DisclosableClaim(key, layout[key][1] or "", found[key].name is None, found[key].value)
        for key in keys
        if key in layout and layout[key][0] is None
    ]


def select_disclosures(token: str, digests: Iterable[str]) -> str:
    """The SD-JWT with only the disclosures of ``digests``, without a key-binding JWT.

    A chosen disclosure comes with what it holds (its nested claims and array elements) and with
    the disclosures it sits in, without which it could not be read; nothing else comes along.
    """
    parts, claims, found = _read(token)
    layout = _layout(claims, found)
    wanted = set(digests) & layout.keys()
    kept = set(wanted)
    for key in wanted:
        kept |= _ancestors(key, layout)
    kept |= {key for key in layout if _ancestors(key, layout) & wanted}
    algorithm = _algorithm(parts, claims)
    chosen = tuple(d for d in parts.disclosures if disclosures.digest(d, algorithm) in kept)
    return disclosures.SdJwtParts(parts.issuer_jwt, chosen, None).without_key_binding


def bound_to(token: str, holder_private_key: Any) -> bool:
    """Whether the issuer bound the SD-JWT (``cnf``) to this holder key."""
    claims = jose.decode_compact(disclosures.split_sd_jwt(token).issuer_jwt).claims
    try:
        return jose.thumbprint(holder_key(claims)) == jose.thumbprint(holder_private_key)
    except CredentialError:
        return False  # no cnf, or one we cannot read: bound to no key of ours


def bind_key(
    token: str, holder_private_key: Any, *, audience: str, nonce: str, now: datetime.datetime
) -> str:
    """The SD-JWT with its disclosures as they are and a new key-binding JWT (any earlier one
    dropped) for ``audience`` and ``nonce``, made ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not bound_to(token, holder_private_key):
        raise ValueError("holder_private_key is not the key the issuer bound (cnf)")
    parts = disclosures.split_sd_jwt(token)
    presented = parts.without_key_binding
    payload = {
        "iat": int(now.timestamp()),
        "aud": audience,
        "nonce": nonce,
        "sd_hash": disclosures.digest(presented, _algorithm(parts)),
    }
    return presented + sign_jws(payload, holder_private_key, {"typ": KB_TYP})


def present_sd_jwt(
    token: str,
    claim_names: Iterable[str],
    holder_private_key: Any,
    *,
    audience: str,
    nonce: str,
    now: datetime.datetime,
) -> str:
    """The SD-JWT with only the disclosures of ``claim_names`` (wherever they sit) and a KB-JWT
    for audience and nonce."""
    names = set(claim_names)
    _, _, found = _read(token)
    chosen = select_disclosures(token, (k for k, d in found.items() if d.name in names))
    return bind_key(chosen, holder_private_key, audience=audience, nonce=nonce, now=now)


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


def _layout(claims: dict[str, Any], found: dict[str, disclosures.Disclosure]) -> dict:
    """Each disclosure's digest -> (the digest of the disclosure it sits in, None for the
    payload; its claim name, or for an array element the name of the claim holding the array)."""
    layout: dict[str, tuple[str | None, str | None]] = {}

    def visit(key: Any, parent: str | None, holding: str | None) -> None:
        if isinstance(key, str) and key in found and key not in layout:
            name = found[key].name or holding
            layout[key] = (parent, name)
            walk(found[key].value, key, name)

    def walk(value: Any, parent: str | None, holding: str | None) -> None:
        if isinstance(value, dict):
            digests = value.get(disclosures.DIGESTS)
            for key in digests if isinstance(digests, list) else []:
                visit(key, parent, None)
            for name, item in value.items():
                if name != disclosures.DIGESTS:
                    walk(item, parent, name)
        elif isinstance(value, list):
            for item in value:
                if disclosures.is_array_digest(item):
                    visit(item[disclosures.ARRAY_DIGEST], parent, holding)
                else:
                    walk(item, parent, holding)

    walk(claims, None, None)
    return layout


def _ancestors(key: str, layout: dict[str, tuple[str | None, str | None]]) -> set[str]:
    found = set()
    while (key := layout.get(key, (None, None))[0]) is not None and key not in found:
        found.add(key)
    return found
