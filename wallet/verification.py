"""Glue between the app and the domain core: which trust list, resolver, status lists and clock."""

from __future__ import annotations

import datetime
import pathlib

from flask import Flask
from flask import current_app

from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import StatusListChecker
from wallet.credentials import TrustList
from wallet.credentials import VerificationResult
from wallet.credentials import recheck_credential
from wallet.credentials import verify_credential

# A status list of the minimum 131,072 entries is 16 KB before compression; real ones grow.
STATUS_LIST_DOWNLOAD_LIMIT = 1_000_000


def init_app(app: Flask) -> None:
    insecure = app.config["WALLET_INSECURE_LOCALHOST"]
    resolver = KeyResolver(HttpFetcher(allow_insecure_localhost=insecure))
    status_fetcher = HttpFetcher(
        allow_insecure_localhost=insecure, max_bytes=STATUS_LIST_DOWNLOAD_LIMIT
    )
    app.extensions["wallet.resolver"] = resolver
    app.extensions["wallet.status"] = StatusListChecker(
        status_fetcher,
        resolver,
        trust_list_provider=current_trust_list,
        max_age=app.config.get("STATUS_LIST_MAX_AGE", 300.0),
    )


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def current_trust_list() -> TrustList:
    """The trust list file as it is now; re-read when it changes, so CLI edits apply at once."""
    path = pathlib.Path(current_app.config["TRUST_LIST"])
    stamp = path.stat().st_mtime_ns if path.exists() else None
    cached = current_app.extensions.get("wallet.trust_list")
    if cached is None or cached[0] != stamp:
        cached = (stamp, TrustList.load(path))
        current_app.extensions["wallet.trust_list"] = cached
    return cached[1]


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
