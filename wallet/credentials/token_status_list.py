"""IETF Token Status List (draft-ietf-oauth-status-list): the ``status.status_list`` of an
SD-JWT VC, ``{"idx": N, "uri": "https://…"}``, read from a signed ``statuslist+jwt``.

The list token is fetched through the fetcher (``Accept: application/statuslist+jwt``), its
signature checked with the issuer-key rules of SD-JWT VCs (``sd_jwt_keys`` through the resolver),
its ``sub`` must be the ``uri`` asked for, and it is kept for its ``ttl`` (seconds), never past
its ``exp`` or the checker's ``max_age`` (``status_cache``). ``lst`` is base64url of a zlib
stream inflated to at most ``max_decompressed`` bytes; each entry is ``bits`` (1, 2, 4 or 8) bits,
packed from the least significant bit (unlike Bitstring Status Lists). Values: 0 valid,
1 invalid (revoked), 2 suspended; any other value is not one we can read (status unknown).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from . import jose
from .bitstring import inflate_capped
from .bitstring import unknown
from .errors import CredentialError
from .model import Check
from .model import CheckStatus
from .model import Concern
from .model import Credential
from .model import Shape
from .parse import numeric_date
from .status_cache import FetchedList
from .status_cache import StatusListCache
from .status_cache import fetch_reason
from .verify import LEEWAY

ACCEPT = "application/statuslist+jwt"
TYP = "statuslist+jwt"
STATUS_LIST = "status_list"
BIT_SIZES = frozenset({1, 2, 4, 8})
# The status values the IETF registry defines, as this wallet's status codes.
VALUE_CODES = {1: "status.revoked", 2: "status.suspended"}

logger = logging.getLogger(__name__)


def reference(entry: dict[str, Any]) -> tuple[str, int]:
    """The list's URI and this credential's index in it, from a ``status`` claim."""
    status_list = entry.get(STATUS_LIST)
    uri = status_list.get("uri") if isinstance(status_list, dict) else None
    index = status_list.get("idx") if isinstance(status_list, dict) else None
    if not isinstance(uri, str) or not uri:
        raise unknown("malformed", field="status_list.uri")
    if isinstance(index, bool) or not isinstance(index, int):
        raise unknown("malformed", field="status_list.idx")
    if index < 0:
        raise unknown("index_out_of_range")
    return uri, index


def read_value(status_list: FetchedList, index: int) -> int:
    """The ``bits``-bit status of entry ``index``, least significant bits first."""
    size = status_list.subject["bits"]
    start = index * size
    if start + size > len(status_list.bits) * 8:
        raise unknown("index_out_of_range")
    return (status_list.bits[start // 8] >> (start % 8)) & ((1 << size) - 1)


class TokenStatusLists(StatusListCache):
    """Status List Tokens by URI, fetched, verified and kept like Bitstring lists."""

    def _load(self, url: str, now: datetime.datetime, issuer: str | None) -> FetchedList:
        token = self._download(url).decode("ascii", errors="replace").strip()
        try:
            header, claims = jose.decode_compact(token)
        except CredentialError as error:
            raise unknown("too_large" if error.code == "format.too_large" else "malformed") from error
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower().removeprefix("application/") != TYP:
            raise unknown("malformed")
        if claims.get("sub") != url:
            raise unknown("wrong_list")  # a list published for another address
        list_issuer = claims.get("iss", issuer)
        if not isinstance(list_issuer, str):
            raise unknown("malformed")
        self._check_signature(token, header, list_issuer)
        status_list = claims.get(STATUS_LIST)
        if not isinstance(status_list, dict) or status_list.get("bits") not in BIT_SIZES:
            raise unknown("malformed")
        try:
            valid_until = numeric_date(claims["exp"], "exp") if "exp" in claims else None
            numeric_date(claims.get("iat"), "iat")
        except CredentialError as error:
            raise unknown("malformed") from error
        bits = _inflate(status_list.get("lst"), self.max_decompressed)
        fetched = Credential(
            raw=token, shape=Shape.STATUS_LIST_TOKEN, header=header, claims=claims,
            document=claims, id=url, types=(TYP,), issuer_id=list_issuer, issuer_name=None,
            subject_id=url, valid_from=None, valid_until=valid_until, status_entries=(),
        )
        lifetime = self._token_lifetime(claims.get("ttl"), valid_until, now)
        return FetchedList(fetched, status_list, bits, now, self.clock() + lifetime)

    def _check_signature(self, token: str, header: dict[str, Any], issuer: str) -> None:
        try:
            jose.require_signature_algorithm(header)
            key, details = self.resolver.resolve_issuer_key(issuer, header)
            jose.verify_signature(token, key, details.algorithm)
        except CredentialError as error:
            reason = fetch_reason(error) if error.code.startswith("resolution.") else None
            raise unknown(reason or "bad_signature") from error
        if not details.issuer_bound:
            raise unknown("wrong_issuer")  # a key nobody vouches for is not the issuer's

    def _token_lifetime(
        self, ttl: Any, valid_until: datetime.datetime | None, now: datetime.datetime
    ) -> float:
        """Seconds to keep the list: its ttl (seconds here) and exp, never beyond max_age."""
        seconds = self.max_age
        if isinstance(ttl, int | float) and not isinstance(ttl, bool) and ttl >= 0:
            seconds = min(seconds, ttl)
        if valid_until is not None:
            seconds = min(seconds, (valid_until - now).total_seconds())
        return max(seconds, 0.0)


def _inflate(encoded: Any, max_bytes: int) -> bytes:
    """``lst``: base64url of a zlib stream, inflated to at most ``max_bytes`` (no zlib bombs)."""
    if not isinstance(encoded, str):
        raise unknown("malformed")
    try:
        compressed = jose.b64url_decode(encoded)
    except CredentialError as error:
        raise unknown("malformed") from error
    return inflate_capped(compressed, max_bytes)


def check_entry(
    lists: TokenStatusLists,
    may_publish: Callable[[str, str], bool],
    credential: Credential,
    entry: dict[str, Any],
    now: datetime.datetime,
) -> Check:
    """The status check of one ``status`` claim: ok, revoked, suspended, or unknown (a warning)."""
    checked = {"checked_at": now.isoformat()}
    try:
        uri, index = reference(entry)
        status_list = lists.current(uri, now, credential.issuer_id)
        value = _value(status_list, index, credential, may_publish, now)
    except CredentialError as error:
        logger.warning("token status list not usable: %s", error.params.get("reason"))
        return Check(Concern.STATUS, CheckStatus.WARNING, "status.unknown", {**error.params, **checked})
    params = {**checked, "fetched_at": status_list.fetched_at.isoformat()}
    if value == 0:
        purposes = ["revocation", "suspension"] if status_list.subject["bits"] > 1 else ["revocation"]
        return Check(Concern.STATUS, CheckStatus.PASSED, "status.ok", {**params, "purposes": purposes})
    if value in VALUE_CODES:
        return Check(Concern.STATUS, CheckStatus.FAILED, VALUE_CODES[value], params)
    # 3 and 12-15 are for applications to define: nothing we can tell an employer.
    params = {**checked, "reason": "unknown_value"}
    return Check(Concern.STATUS, CheckStatus.WARNING, "status.unknown", params)


def _value(
    status_list: FetchedList,
    index: int,
    credential: Credential,
    may_publish: Callable[[str, str], bool],
    now: datetime.datetime,
) -> int:
    if status_list.credential.valid_until and now > status_list.credential.valid_until + LEEWAY:
        raise unknown("expired_list")
    if not may_publish(status_list.credential.issuer_id, credential.issuer_id):
        raise unknown("wrong_issuer")
    return read_value(status_list, index)
