"""Status lists as fetched: downloaded, unwrapped, signature-checked, decoded, and kept while fresh.

A list is kept for its ttl and never past its validUntil or the checker's ``max_age``; a list
that could not be fetched is not asked for again for a short while, so a dead host costs one
timeout, not one per credential shown. Bounded in lists and bytes; thread-safe.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import threading
from collections.abc import Callable
from typing import Any

from . import jose
from .bitstring import decode_status_list
from .bitstring import unknown
from .errors import CredentialError
from .fetch import Fetcher
from .formats import check_signature
from .formats import parse_credential
from .keys import KeyResolver
from .model import Credential
from .parse import types_of

_ENVELOPE_PREFIXES = ("data:application/vc+jwt,", "data:application/vc+ld+json+jwt,")
_MAX_CACHE_LISTS = 256
_MAX_CACHE_BYTES = 64 * 1024 * 1024
_FAILURE_MEMORY = 30.0  # seconds before a list that failed is fetched again


@dataclasses.dataclass(frozen=True)
class FetchedList:
    """A fetched list whose signature verified, as kept in the cache."""

    credential: Credential
    subject: dict[str, Any]
    bits: bytes
    fetched_at: datetime.datetime
    fresh_until: float  # on the checker's clock


class StatusListCache:
    """The status lists a checker has fetched, by URL."""

    def __init__(
        self,
        fetcher: Fetcher,
        resolver: KeyResolver,
        max_age: float,
        clock: Callable[[], float],
        max_download: int,
        max_decompressed: int,
        always_fetch: Callable[[str], bool] | None,
    ) -> None:
        self.fetcher = fetcher
        self.resolver = resolver
        self.max_age = max_age
        self.clock = clock
        self.max_download = max_download
        self.max_decompressed = max_decompressed
        self.always_fetch = always_fetch
        self._lists: collections.OrderedDict[str, FetchedList] = collections.OrderedDict()
        self._failures: dict[str, tuple[float, str]] = {}  # url -> (retry after, reason)
        self._lock = threading.Lock()

    def last_good(self, url: str) -> FetchedList | None:
        """The copy kept from the last fetch that worked, however old."""
        with self._lock:
            return self._lists.get(url)

    def current(self, url: str, now: datetime.datetime, issuer: str | None = None) -> FetchedList:
        """The list at ``url``: the kept copy while it is fresh, else fetched and checked now.

        ``issuer`` is the referring credential's, for a list that does not name its own.
        """
        with self._lock:
            cached, failure = self._lists.get(url), self._failures.get(url)
        if cached is not None and cached.fresh_until > self.clock() and not self._fetch_always(url):
            return cached
        if failure is not None and failure[0] > self.clock():
            # Not asked again at once: a dead host would cost a timeout per credential shown.
            raise unknown(failure[1])
        try:
            # Fetched outside the lock: one slow list must not hold up every other check.
            status_list = self._load(url, now, issuer)
        except CredentialError as error:
            self._remember_failure(url, error.params["reason"])
            raise
        self._remember(url, status_list)
        return status_list

    def _fetch_always(self, url: str) -> bool:
        # A list the caller can read for next to nothing (its own, in-process) is never stale.
        return self.always_fetch is not None and self.always_fetch(url)

    def _remember(self, url: str, status_list: FetchedList) -> None:
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

    def _load(self, url: str, now: datetime.datetime, issuer: str | None) -> FetchedList:
        body = self._download(url)
        try:
            list_credential = parse_credential(_unwrap(body))
        except CredentialError as error:
            reason = "too_large" if error.code == "format.too_large" else "malformed"
            raise unknown(reason) from error
        try:
            check_signature(list_credential, self.resolver)
        except CredentialError as error:
            reason = fetch_reason(error) if error.code.startswith("resolution.") else None
            raise unknown(reason or "bad_signature") from error
        subject = list_credential.document.get("credentialSubject")
        if not isinstance(subject, dict):
            raise unknown("malformed")
        bits = decode_status_list(subject.get("encodedList"), self.max_decompressed)
        lifetime = self._lifetime(list_credential, subject, now)
        return FetchedList(list_credential, subject, bits, now, self.clock() + lifetime)

    def _download(self, url: str) -> bytes:
        try:
            body = self.fetcher(url)
        except CredentialError as error:
            raise unknown(fetch_reason(error)) from error
        except OSError as error:
            reason = "timeout" if isinstance(error, TimeoutError) else "unreachable"
            raise unknown(reason) from error
        if len(body) > self.max_download:
            raise unknown("too_large")
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


def _unwrap(body: bytes) -> str:
    """The list credential in a body: a compact JWS (bare, as a JSON string, or in an
    EnvelopedVerifiableCredential), or JSON-LD secured by its own Data Integrity proof."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text.startswith(("{", '"')):
        return text
    document = jose.load_json(body)
    if isinstance(document, str):
        return document
    if isinstance(document, dict) and "proof" in document:
        return text
    if isinstance(document, dict) and "EnvelopedVerifiableCredential" in types_of(document):
        data_url = document.get("id")
        for prefix in _ENVELOPE_PREFIXES:
            if isinstance(data_url, str) and data_url.startswith(prefix):
                return data_url.removeprefix(prefix)
    raise CredentialError("format.unsupported_type", feature="status list encoding")


def fetch_reason(error: CredentialError) -> str:
    """timeout, too_large, too_many_hosts or unreachable, from a fetcher's fetch_failed."""
    reason = error.params.get("reason")
    if reason in ("timeout", "too_large", "too_many_hosts"):
        return reason
    return "timeout" if isinstance(error.__cause__, TimeoutError) else "unreachable"


def _size(status_list: FetchedList) -> int:
    return len(status_list.bits) + len(status_list.credential.raw)
