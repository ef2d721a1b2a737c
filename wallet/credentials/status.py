"""Revocation and suspension from Bitstring Status Lists (and StatusList2021): fetch, verify, read.

Trust policy: a status list counts only when its signature verifies (same resolver as the
credential) and its issuer is the credential's issuer or an issuer on the trust list.
Anything that stops us reading the bit is ``status.unknown``, a warning: never a pass, and
not a failure either, because an outage is not a revocation. A suspended credential fails
like a revoked one (the issuer says it does not hold now) but keeps its own code, so the page
can show it amber (standards brief, section 6).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import gzip
import logging
import re
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any
from typing import NamedTuple

from . import jose
from .errors import CredentialError
from .fetch import Fetcher
from .keys import KeyResolver
from .model import Check
from .model import CheckStatus
from .model import Concern
from .model import Credential
from .parse import VCDM_V2
from .parse import parse_credential
from .parse import types_of
from .trust import TrustList
from .verify import check_signature
from .verify import check_validity

MIN_LIST_BYTES = 16_384  # 131,072 entries: shorter lists make holders easier to tell apart
DEFAULT_MAX_DECOMPRESSED = 16 * 1024 * 1024
# entry type -> (list credential type, list subject type)
LIST_TYPES = {
    "BitstringStatusListEntry": ("BitstringStatusListCredential", "BitstringStatusList"),
    "StatusList2021Entry": ("StatusList2021Credential", "StatusList2021"),
}
SET_CODES = {"revocation": "status.revoked", "suspension": "status.suspended"}
_INFORMATIONAL_PURPOSES = frozenset({"message", "refresh"})
_RANK = {
    "status.ok": 0,
    "status.unsupported": 1,
    "status.unknown": 2,
    "status.suspended": 3,
    "status.revoked": 4,
}
_ENVELOPE_PREFIXES = ("data:application/vc+jwt,", "data:application/vc+ld+json+jwt,")
_INDEX = re.compile(r"-?[0-9]+")
_MAX_STATUS_SIZE = 32
_MAX_ENTRIES = 16  # each entry may cost a fetch; a self-signed credential could list thousands
_MAX_CACHE_LISTS = 256
_MAX_CACHE_BYTES = 64 * 1024 * 1024
_FAILURE_MEMORY = 30.0  # seconds before a list that failed is fetched again

logger = logging.getLogger(__name__)


class _Entry(NamedTuple):
    kind: str
    purpose: str
    url: str
    index: int
    size: int


@dataclasses.dataclass(frozen=True)
class _StatusList:
    """A fetched list whose signature verified, as kept in the cache."""

    credential: Credential
    subject: dict[str, Any]
    bits: bytes
    fetched_at: datetime.datetime
    fresh_until: float  # on the checker's clock


class StatusListChecker:
    """A StatusChecker for BitstringStatusListEntry and StatusList2021Entry; thread-safe."""

    def __init__(
        self,
        fetcher: Fetcher,
        resolver: KeyResolver,
        trust_list_provider: Callable[[], TrustList] | None = None,
        max_age: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_download: int = 1_000_000,
        max_decompressed: int = DEFAULT_MAX_DECOMPRESSED,
        always_fetch: Callable[[str], bool] | None = None,
    ) -> None:
        """``always_fetch(url)`` names lists read afresh at every check, never from the cache."""
        self.fetcher = fetcher
        self.resolver = resolver
        self.trust_list_provider = trust_list_provider
        self.max_age = max_age
        self.clock = clock
        self.max_download = max_download
        self.max_decompressed = max_decompressed
        self.always_fetch = always_fetch
        self._lists: collections.OrderedDict[str, _StatusList] = collections.OrderedDict()
        self._failures: dict[str, tuple[float, str]] = {}  # url -> (retry after, reason)
        self._lock = threading.Lock()

    def __call__(self, credential: Credential, now: datetime.datetime) -> Check:
        """The worst answer over the entries: revoked > suspended > unknown > unsupported > ok."""
        entries = credential.status_entries
        if len(entries) > _MAX_ENTRIES:
            return _unknown_check(now, reason="malformed", field="credentialStatus")
        checks = [self._check_entry(credential, entry, now) for entry in entries]
        checks = [check for check in checks if check is not None]
        if not checks:
            return Check(Concern.STATUS, CheckStatus.NOT_APPLICABLE, "status.none")
        worst = max(checks, key=lambda check: _RANK[check.code])
        if worst.code == "status.ok":
            purposes = sorted({purpose for check in checks for purpose in check.params["purposes"]})
            worst = dataclasses.replace(worst, params={**worst.params, "purposes": purposes})
        return worst

    def _check_entry(
        self, credential: Credential, entry: dict[str, Any], now: datetime.datetime
    ) -> Check | None:
        kind, purpose = entry.get("type"), entry.get("statusPurpose")
        if kind not in LIST_TYPES:
            return _check(CheckStatus.WARNING, "status.unsupported", type=str(kind)[:100])
        if purpose in _INFORMATIONAL_PURPOSES:
            return None  # messages and refresh hints do not change whether the credential holds
        if purpose not in SET_CODES:
            purpose = str(purpose)[:100]
            return _check(CheckStatus.WARNING, "status.unsupported", type=kind, purpose=purpose)
        try:
            parsed = _parse_entry(kind, purpose, entry)
        except CredentialError as error:
            return _unknown_check(now, **error.params)
        try:
            status_list = self._current_list(parsed.url, now)
            if check_validity(status_list.credential, now).status is CheckStatus.FAILED:
                raise _unknown("expired_list")
            value = self._read(credential, parsed, status_list)
        except CredentialError as error:
            return self._unknown_with_last_known(credential, parsed, error.params["reason"], now)
        params = {"checked_at": now.isoformat(), "fetched_at": status_list.fetched_at.isoformat()}
        if value:
            return _check(CheckStatus.FAILED, SET_CODES[purpose], **params)
        return _check(CheckStatus.PASSED, "status.ok", **params, purposes=[purpose])

    def _unknown_with_last_known(
        self, credential: Credential, entry: _Entry, reason: str, now: datetime.datetime
    ) -> Check:
        """status.unknown, with what the last good copy of the list said if we still have one."""
        logger.warning("status list %s not usable: %s", entry.url[:200], reason)
        params = {"reason": reason}
        with self._lock:
            cached = self._lists.get(entry.url)
        if cached is not None:
            try:
                value = self._read(credential, entry, cached)
            except CredentialError:
                value = None  # the old copy cannot answer for this entry either
            if value is not None:
                params["last_known"] = _answer_word(entry.purpose, value)
                params["last_known_at"] = cached.fetched_at.isoformat()
        return _unknown_check(now, **params)

    def _current_list(self, url: str, now: datetime.datetime) -> _StatusList:
        with self._lock:
            cached, failure = self._lists.get(url), self._failures.get(url)
        if cached is not None and cached.fresh_until > self.clock() and not self._fetch_always(url):
            return cached
        if failure is not None and failure[0] > self.clock():
            # Not asked again at once: a dead host would cost a timeout per credential shown.
            raise _unknown(failure[1])
        try:
            # Fetched outside the lock: one slow list must not hold up every other check.
            status_list = self._load(url, now)
        except CredentialError as error:
            self._remember_failure(url, error.params["reason"])
            raise
        self._remember(url, status_list)
        return status_list

    def _fetch_always(self, url: str) -> bool:
        # A list the caller can read for next to nothing (its own, in-process) is never stale.
        return self.always_fetch is not None and self.always_fetch(url)

    def _remember(self, url: str, status_list: _StatusList) -> None:
        with self._lock:
            self._lists.pop(url, None)
            self._lists[url] = status_list
            while len(self._lists) > 1 and (
                len(self._lists) > _MAX_CACHE_LISTS
                or sum(_size(kept) for kept in self._lists.values()) > _MAX_CACHE_BYTES
            ):
                self._lists.popitem(last=False)

    def _remember_failure(self, url: str, reason: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= _MAX_CACHE_LISTS:
                self._failures = {k: v for k, v in self._failures.items() if v[0] > now}
            if len(self._failures) < _MAX_CACHE_LISTS:
                self._failures[url] = (now + min(self.max_age, _FAILURE_MEMORY), reason)

    def _load(self, url: str, now: datetime.datetime) -> _StatusList:
        body = self._download(url)
        try:
            list_credential = parse_credential(_unwrap(body))
        except CredentialError as error:
            reason = "too_large" if error.code == "format.too_large" else "malformed"
            raise _unknown(reason) from error
        try:
            check_signature(list_credential, self.resolver)
        except CredentialError as error:
            reason = _fetch_reason(error) if error.code.startswith("resolution.") else None
            raise _unknown(reason or "bad_signature") from error
        subject = list_credential.document.get("credentialSubject")
        if not isinstance(subject, dict):
            raise _unknown("malformed")
        bits = decode_status_list(subject.get("encodedList"), self.max_decompressed)
        lifetime = self._lifetime(list_credential, subject, now)
        return _StatusList(list_credential, subject, bits, now, self.clock() + lifetime)

    def _download(self, url: str) -> bytes:
        try:
            body = self.fetcher(url)
        except CredentialError as error:
            raise _unknown(_fetch_reason(error)) from error
        except OSError as error:
            reason = "timeout" if isinstance(error, TimeoutError) else "unreachable"
            raise _unknown(reason) from error
        if len(body) > self.max_download:
            raise _unknown("too_large")
        return body

    def _lifetime(
        self, list_credential: Credential, subject: dict[str, Any], now: datetime.datetime
    ) -> float:
        """Seconds to keep the list: its ttl (ms) and validUntil, but never beyond max_age."""
        seconds = self.max_age
        ttl = subject.get("ttl")
        if isinstance(ttl, int | float) and not isinstance(ttl, bool) and ttl >= 0:
            seconds = min(seconds, ttl / 1000)
        if list_credential.valid_until is not None:
            seconds = min(seconds, (list_credential.valid_until - now).total_seconds())
        return max(seconds, 0.0)

    def _read(self, credential: Credential, entry: _Entry, status_list: _StatusList) -> int:
        list_type, subject_type = LIST_TYPES[entry.kind]
        if list_type not in status_list.credential.types:
            raise _unknown("malformed")
        if subject_type not in _strings(status_list.subject.get("type")):
            raise _unknown("malformed")
        if not self._may_publish(status_list.credential.issuer_id, credential.issuer_id):
            raise _unknown("wrong_issuer")
        if entry.purpose not in _strings(status_list.subject.get("statusPurpose")):
            raise _unknown("wrong_purpose")
        return read_status(status_list.bits, entry.index, entry.size)

    def _may_publish(self, list_issuer: str, credential_issuer: str) -> bool:
        if list_issuer == credential_issuer:
            return True
        trust_list = self.trust_list_provider() if self.trust_list_provider else None
        return trust_list is not None and trust_list.get(list_issuer) is not None


def decode_status_list(encoded: Any, max_bytes: int = DEFAULT_MAX_DECOMPRESSED) -> bytes:
    """encodedList to bytes: optional `u` prefix, base64url, gzip inflated to at most max_bytes."""
    if not isinstance(encoded, str):
        raise _unknown("malformed")
    try:
        # gzip always starts "H4sI" in base64url, so a leading "u" can only be the multibase tag.
        compressed = jose.b64url_decode(encoded.removeprefix("u").rstrip("="))
    except CredentialError as error:
        raise _unknown("malformed") from error
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        bits = inflater.decompress(compressed, max_bytes)
    except zlib.error as error:
        raise _unknown("malformed") from error
    if inflater.unconsumed_tail:
        raise _unknown("too_large")
    if not inflater.eof or inflater.unused_data:
        raise _unknown("malformed")
    if len(bits) < MIN_LIST_BYTES:
        raise _unknown("too_short")
    return bits


def read_status(bits: bytes, index: int, size: int = 1) -> int:
    """The ``size``-bit value of entry ``index``, MSB-first: index 0 is bit 0x80 of byte 0."""
    start = index * size
    if index < 0 or start + size > len(bits) * 8:
        raise _unknown("index_out_of_range")
    value = 0
    for position in range(start, start + size):
        value = (value << 1) | ((bits[position // 8] >> (7 - position % 8)) & 1)
    return value


def new_bitstring(size: int = MIN_LIST_BYTES * 8) -> bytearray:
    """An all-clear list of ``size`` one-bit entries."""
    return bytearray(-(-size // 8))


def set_bit(bits: bytearray, index: int, value: bool) -> None:
    """Set or clear entry ``index`` (MSB-first), e.g. to revoke or reinstate a credential."""
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"status list index {index} outside 0..{len(bits) * 8 - 1}")
    mask = 0x80 >> (index % 8)
    bits[index // 8] = bits[index // 8] | mask if value else bits[index // 8] & ~mask


def encode_status_list(bits: bytes | bytearray) -> str:
    """The encodedList of ``bits``: gzip, base64url, multibase `u` prefix."""
    return "u" + jose.b64url_encode(gzip.compress(bytes(bits), mtime=0))


def status_list_credential(
    issuer_id: str,
    list_url: str,
    purpose: str | list[str],
    encoded: str,
    valid_from: str | datetime.datetime,
    valid_until: str | datetime.datetime | None = None,
    ttl_ms: int | None = None,
) -> dict[str, Any]:
    """A VCDM 2.0 BitstringStatusListCredential to sign with shape VC_JOSE_COSE."""
    subject: dict[str, Any] = {
        "id": f"{list_url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": encoded,
    }
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    document: dict[str, Any] = {
        "@context": [VCDM_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": _iso(valid_from),
        "credentialSubject": subject,
    }
    if valid_until is not None:
        document["validUntil"] = _iso(valid_until)
    return document


def _parse_entry(kind: str, purpose: str, entry: dict[str, Any]) -> _Entry:
    url = entry.get("statusListCredential")
    size = entry.get("statusSize", 1)
    index = entry.get("statusListIndex")
    if not isinstance(url, str) or not url:
        raise _unknown("malformed", field="statusListCredential")
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= _MAX_STATUS_SIZE:
        raise _unknown("malformed", field="statusSize")
    if not isinstance(index, str) or not _INDEX.fullmatch(index):
        raise _unknown("malformed", field="statusListIndex")
    if index.startswith("-") or len(index) > 18:
        raise _unknown("index_out_of_range")
    return _Entry(kind, purpose, url, int(index), size)


def _unwrap(body: bytes) -> str:
    """The compact JWS in a body: bare, as a JSON string, or in an EnvelopedVerifiableCredential."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text.startswith(("{", '"')):
        return text
    document = jose.load_json(body)
    if isinstance(document, str):
        return document
    if isinstance(document, dict) and "EnvelopedVerifiableCredential" in types_of(document):
        data_url = document.get("id")
        for prefix in _ENVELOPE_PREFIXES:
            if isinstance(data_url, str) and data_url.startswith(prefix):
                return data_url.removeprefix(prefix)
    raise CredentialError("format.unsupported_type", feature="status list encoding")


def _fetch_reason(error: CredentialError) -> str:
    """timeout, too_large or unreachable, from a fetcher's resolution.fetch_failed."""
    reason = error.params.get("reason")
    if reason in ("timeout", "too_large"):
        return reason
    return "timeout" if isinstance(error.__cause__, TimeoutError) else "unreachable"


def _size(status_list: _StatusList) -> int:
    return len(status_list.bits) + len(status_list.credential.raw)


def _answer_word(purpose: str, value: int) -> str:
    """What a list's bit says for an entry of ``purpose``: ok, revoked or suspended."""
    return SET_CODES[purpose].removeprefix("status.") if value else "ok"


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, str)]


def _iso(moment: str | datetime.datetime) -> str:
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    return moment


def _unknown(reason: str, **params: Any) -> CredentialError:
    return CredentialError("status.unknown", reason=reason, **params)


def _check(status: CheckStatus, code: str, **params: Any) -> Check:
    return Check(Concern.STATUS, status, code, params)


def _unknown_check(now: datetime.datetime, **params: Any) -> Check:
    return _check(CheckStatus.WARNING, "status.unknown", **params, checked_at=now.isoformat())
