"""Glue between the app and the domain core: which trust list, resolver and clock to use."""

from __future__ import annotations

import datetime
import pathlib

from flask import Flask
from flask import current_app

from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import TrustList
from wallet.credentials import VerificationResult
from wallet.credentials import verify_credential


def init_app(app: Flask) -> None:
    fetcher = HttpFetcher(allow_insecure_localhost=app.config["WALLET_INSECURE_LOCALHOST"])
    app.extensions["wallet.resolver"] = KeyResolver(fetcher)


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
    """Verify a token now, against the current trust list."""
    return verify_credential(
        raw, now(), current_trust_list(), current_app.extensions["wallet.resolver"]
    )
