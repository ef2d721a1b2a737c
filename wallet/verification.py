"""Glue between the app and the domain core: which trust list, resolver, status lists and clock."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from flask import Flask
from flask import current_app

from wallet import status_lists
from wallet import trust_source
from wallet.credentials import CredentialError
from wallet.credentials import Fetcher
from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import StatusListChecker
from wallet.credentials import TrustList
from wallet.credentials import VerificationResult
from wallet.credentials import recheck_credential
from wallet.credentials import verify_credential

# A status list of the minimum 131,072 entries is 16 KB before compression; real ones grow.
STATUS_LIST_DOWNLOAD_LIMIT = 1_000_000


def init_app(app: Flask, read_own_status_list: Callable[[str, str], bytes | None]) -> None:
    """The key resolver, and the status checker reading own lists with ``read_own_status_list``."""
    insecure = app.config["WALLET_INSECURE_LOCALHOST"]
    resolver = KeyResolver(HttpFetcher(allow_insecure_localhost=insecure))
    status_fetcher = HttpFetcher(
        allow_insecure_localhost=insecure, max_bytes=STATUS_LIST_DOWNLOAD_LIMIT
    )
    own_lists = OwnListsInProcess(read_own_status_list, status_fetcher)
    app.extensions["wallet.resolver"] = resolver
    app.extensions["wallet.status"] = StatusListChecker(
        own_lists,
        resolver,
        trust_list_provider=current_trust_list,
        # Remote lists are kept as long as their ttl says; our own we read again as soon as
        # they changed (on any app server), so a revocation shows at the very next view.
        max_age=app.config.get("STATUS_LIST_MAX_AGE", 300.0),
        always_fetch=own_lists.changed_since_read,
    )


class OwnListsInProcess:
    """The status checker's fetcher: this app's own lists read in-process, others over HTTP.

    Fetching our own URL would deadlock a single-worker server (the request waits on itself)
    and is slow anyway. The bytes are the ones ``GET /status/<issuer>/<purpose>`` serves.
    """

    def __init__(self, read_own: Callable[[str, str], bytes | None], remote: Fetcher) -> None:
        self.read_own = read_own
        self.remote = remote
        self.versions_read: dict[str, tuple | None] = {}  # url -> the list's version when read

    def __call__(self, url: str) -> bytes:
        own = status_lists.own_list_of(url)
        if own is None:
            return self.remote(url)
        # Noted before reading: a change in between costs one more read, never a stale answer.
        self.versions_read[url] = status_lists.list_versions().get(own)
        body = self.read_own(*own)
        if body is None:
            raise CredentialError("resolution.fetch_failed", url=url, status=404)
        return body

    def changed_since_read(self, url: str) -> bool:
        """Whether ``url`` is one of our own lists and changed since we last read it."""
        own = status_lists.own_list_of(url)
        if own is None:
            return False
        return self.versions_read.get(url, ()) != status_lists.list_versions().get(own)


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def current_trust_list() -> TrustList:
    """The issuer registry's active issuers (and the trust list file's others) as they are now."""
    return trust_source.current_trust_list()


def verify(raw: str) -> VerificationResult:
    """Verify a token now: signature, current trust list, validity and revocation status."""
    extensions = current_app.extensions
    return verify_credential(
        raw, now(), current_trust_list(), extensions["wallet.resolver"], extensions["wallet.status"]
    )


def recheck(genuine: VerificationResult) -> VerificationResult:
    """Refresh trust, validity and status of a genuine result; its signature cannot change."""
    return recheck_credential(
        genuine, now(), current_trust_list(), current_app.extensions["wallet.status"]
    )
