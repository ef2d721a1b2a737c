"""The documents an Open Badges 2.0 assertion points at, as their hosts serve them.

Every fetch goes through the key resolver's fetcher (https only, public hosts, a size cap, one
deadline per fetch, the verification's network budget) and is kept as long as the resolver
keeps key documents: the signature step and the status step of one verification read the same
copy, fetched once. Which host may speak for an issuer is decided here too.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from typing import Any

from cryptography.hazmat.primitives import serialization

from . import jose
from .errors import CredentialError
from .fetch import fetch_json
from .keys import KeyResolver

GONE = (404, 410)  # what a host answers for an assertion its issuer withdrew
MAX_LISTED_KEYS = 4  # keys tried when an assertion does not name its own


@dataclasses.dataclass(frozen=True)
class HostedCopy:
    """A hosted assertion as its URL answered: the document, or None when it is gone."""

    document: dict[str, Any] | None
    status: int


def hosted_copy(resolver: KeyResolver, url: str) -> HostedCopy:
    """The assertion at ``url`` now (as kept for this verification)."""
    return resolver.remembered(f"ob2-hosted {url}", lambda: _fetch_hosted(resolver, url))


def _fetch_hosted(resolver: KeyResolver, url: str) -> HostedCopy:
    try:
        return HostedCopy(_json_object(resolver, url), 200)
    except CredentialError as error:
        if error.params.get("status") in GONE:
            return HostedCopy(None, error.params["status"])
        raise


def document_at(resolver: KeyResolver, url: str) -> dict[str, Any]:
    """The JSON object served at ``url``, which must name itself by that URL."""
    document = resolver.remembered(f"ob2 {url}", lambda: _json_object(resolver, url))
    if document.get("id") != url:
        raise CredentialError("resolution.fetch_failed", url=url[:200], reason="not_json")
    return document


def _json_object(resolver: KeyResolver, url: str) -> dict[str, Any]:
    if not is_web_address(url):
        raise CredentialError("resolution.fetch_failed", url=str(url)[:200], reason="scheme")
    document = fetch_json(resolver.fetcher, url)
    if not isinstance(document, dict):
        raise CredentialError("resolution.fetch_failed", url=url[:200], reason="not_json")
    return document


def linked(resolver: KeyResolver, value: Any, field: str) -> dict[str, Any]:
    """A member given either as its URL (fetched) or as the object itself."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        return document_at(resolver, value)
    raise CredentialError("format.not_a_credential", field=field)


def issuer_profile(resolver: KeyResolver, badge: dict[str, Any]) -> dict[str, Any]:
    """The badge class's issuer as served at its own id, never as another document embeds it:
    an embedded profile could list any key or allow any host."""
    issuer = badge.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str) or not is_web_address(issuer_id):
        raise CredentialError("format.not_a_credential", field="issuer")
    return document_at(resolver, issuer_id)


def issuer_key(resolver: KeyResolver, url: str, issuer: dict[str, Any]) -> jose.PublicKey:
    """The public key at ``url``: a CryptographicKey the issuer's profile lists as its own and
    its host may speak for."""
    if url not in listed_keys(issuer) or not speaks_for(issuer, url, hosted=False):
        raise CredentialError("signature.key_unbound", kid=url[:200])
    document = document_at(resolver, url)
    if document.get("owner", issuer["id"]) != issuer["id"]:
        raise CredentialError("signature.key_unbound", kid=url[:200])
    pem = document.get("publicKeyPem")
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (AttributeError, ValueError, UnicodeEncodeError) as error:
        raise CredentialError("signature.key_not_found", kid=url[:200]) from error
    if not isinstance(key, jose.PublicKey):
        raise CredentialError("signature.key_not_found", kid=url[:200])
    return key


def listed_keys(issuer: dict[str, Any]) -> list[str]:
    """The ids of the keys the issuer's profile lists under ``publicKey`` (ids or objects)."""
    value = issuer.get("publicKey")
    entries = value if isinstance(value, list) else [value]
    ids = [entry.get("id") if isinstance(entry, dict) else entry for entry in entries]
    return [key_id for key_id in ids if isinstance(key_id, str)]


def speaks_for(issuer: dict[str, Any], url: str, hosted: bool) -> bool:
    """Whether ``url`` may hold the issuer's documents: on the issuer's host, or where the
    issuer's ``verification`` allows (``startsWith`` prefixes for hosted assertions, else the
    ``allowedOrigins`` hosts)."""
    verification = issuer.get("verification")
    verification = verification if isinstance(verification, dict) else {}
    prefixes = _strings(verification.get("startsWith"))
    if hosted and prefixes:
        return any(url.startswith(prefix) for prefix in prefixes)
    allowed = {host.lower() for host in _strings(verification.get("allowedOrigins"))}
    return _host(url) in (allowed or {_host(str(issuer.get("id")))})


def is_web_address(value: Any) -> bool:
    """An http(s) URL with a host (the fetcher still refuses plain http off the loopback)."""
    if not isinstance(value, str):
        return False
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("https", "http") and bool(parts.hostname)


def _host(url: str) -> str | None:
    try:
        return (urllib.parse.urlsplit(url).hostname or "").lower() or None
    except ValueError:
        return None


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, str) and item]
