"""Verify credentials with this app's trust list, key resolver, status lists and clock.

Shared credentials are verified again on every view, without redoing signatures over the same
bytes: the signature over given bytes cannot change, but the trust list, the clock and the
issuer's key document can. So only genuine results are kept, for as long as the key resolver
trusts a fetched key document, and every view re-runs the issuer, validity and status checks
(the domain core's ``recheck_credential``). A learner's presentation is kept the same way: its
signature once, its audience, nonce and expiry at every view.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import typing

from flask import Flask
from flask import current_app

from wallet.credentials import CredentialError
from wallet.credentials import Fetcher
from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import PresentationCheck
from wallet.credentials import StatusListChecker
from wallet.credentials import VerificationResult
from wallet.credentials import check_presentation_claims
from wallet.credentials import describe_credential
from wallet.credentials import load_trust_anchors
from wallet.credentials import network_budget
from wallet.credentials import open_presentation
from wallet.credentials import recheck_credential
from wallet.credentials import verify_credential
from wallet.credentials.token_status_list import ACCEPT as TOKEN_STATUS_LIST_ACCEPT
from wallet.issuing import status_lists
from wallet.platform import caches
from wallet.platform import clock
from wallet.registry import trust

if typing.TYPE_CHECKING:
    from wallet.models import StoredCredential

# A status list of the minimum 131,072 entries is 16 KB before compression; real ones grow.
STATUS_LIST_DOWNLOAD_LIMIT = 1_000_000
KEPT_SECONDS = 300.0  # the key resolver's own cache time: no key binding is trusted longer
KEPT_ENTRIES = 1024
GENUINE_RESULTS = "verification.genuine"
SIGNED_PRESENTATIONS = "verification.presentations"


def init_app(app: Flask) -> None:
    """The key resolver, the status checker (own lists read in-process) and the kept results."""
    config = app.config
    fetching = {
        "allow_insecure_localhost": config["WALLET_INSECURE_LOCALHOST"],
        "timeout": config["FETCH_TIMEOUT"],
        "failure_memory": config["FETCH_FAILURE_MEMORY"],
    }
    # A file named but unreadable stops the start: x5c issuers would silently go unconfirmed.
    anchors = load_trust_anchors(config["TRUST_ANCHORS"])
    resolver = KeyResolver(HttpFetcher(**fetching), x509_anchors=anchors)
    status_fetcher = HttpFetcher(**fetching, max_bytes=STATUS_LIST_DOWNLOAD_LIMIT)
    token_list_fetcher = HttpFetcher(
        **fetching, max_bytes=STATUS_LIST_DOWNLOAD_LIMIT, accept=TOKEN_STATUS_LIST_ACCEPT
    )
    own_lists = OwnListsInProcess(status_fetcher)
    # The demo issuers' Token Status Lists too: one record of what was read serves both.
    own_token_lists = OwnListsInProcess(token_list_fetcher, own_lists.versions_read)
    app.extensions["wallet.resolver"] = resolver
    app.extensions["wallet.status"] = StatusListChecker(
        own_lists,
        resolver,
        trust_list_provider=trust.current_trust_list,
        # Remote lists are kept as long as their ttl says; our own we read again as soon as
        # they changed (on any app server), so a revocation shows at the very next view.
        max_age=config["STATUS_LIST_MAX_AGE"],
        always_fetch=own_lists.changed_since_read,
        token_fetcher=own_token_lists,
    )
    kept = caches.of(app)
    kept.add(GENUINE_RESULTS, KEPT_SECONDS, KEPT_ENTRIES)
    kept.add(SIGNED_PRESENTATIONS, KEPT_SECONDS, KEPT_ENTRIES)


def guarded_fetcher(config, **options) -> HttpFetcher:
    """A fetcher with this app's settings: loopback in tests only, one deadline per fetch, a
    rest for hosts that failed; ``options`` set its size cap and Accept header."""
    return HttpFetcher(
        allow_insecure_localhost=config["WALLET_INSECURE_LOCALHOST"],
        timeout=config["FETCH_TIMEOUT"],
        failure_memory=config["FETCH_FAILURE_MEMORY"],
        **options,
    )


class OwnListsInProcess:
    """The status checker's fetcher: this app's own lists read in-process, others over HTTP.

    Fetching our own URL would deadlock a single-worker server (the request waits on itself)
    and is slow anyway. The bytes are the ones ``GET /status/<issuer>/<purpose>`` serves.
    """

    def __init__(self, remote: Fetcher, versions_read: dict | None = None) -> None:
        self.remote = remote
        # url -> the list's version when read; ``versions_read`` shares another fetcher's.
        self.versions_read: dict[str, tuple | None] = {} if versions_read is None else versions_read

    def __call__(self, url: str) -> bytes:
        own = status_lists.own_list_of(url)
        if own is None:
            return self.remote(url)
        # Noted before reading: a change in between costs one more read, never a stale answer.
        self.versions_read[url] = status_lists.list_versions().get(own)
        body = status_lists.published_list(*own)
        if body is None:
            raise CredentialError("resolution.fetch_failed", url=url, status=404)
        return body

    def changed_since_read(self, url: str) -> bool:
        """Whether ``url`` is one of our own lists and changed since we last read it."""
        own = status_lists.own_list_of(url)
        if own is None:
            return False
        return self.versions_read.get(url, ()) != status_lists.list_versions().get(own)


def token_digest(token: str) -> str:
    """The SHA-256 of a credential's bytes exactly as received: what stays the same about it."""
    return hashlib.sha256(token.encode()).hexdigest()


def network_limits():
    """One verification's share of the network: a few seconds and a few hosts, all fetches
    together (key documents and status lists), so no credential can hold a worker for long."""
    config = current_app.config
    return network_budget(config["VERIFICATION_NETWORK_BUDGET"], config["VERIFICATION_MAX_HOSTS"])


def verify(raw: str) -> VerificationResult:
    """Verify a token now: signature, current trust list, validity and revocation status."""
    extensions = current_app.extensions
    trust_list = trust.current_trust_list()
    with network_limits():
        return verify_credential(
            raw, clock.now(), trust_list, extensions["wallet.resolver"], extensions["wallet.status"]
        )


def verify_again(raw: str) -> VerificationResult:
    """``verify(raw)``, but a genuine signature checked in the last minutes is not checked again."""
    genuine = caches.cache(GENUINE_RESULTS)
    digest = token_digest(raw)
    kept = genuine.get(digest)
    if kept is not None:
        trust_list = trust.current_trust_list()
        with network_limits():
            return recheck_credential(
                kept, clock.now(), trust_list, current_app.extensions["wallet.status"]
            )
    result = verify(raw)
    if result.is_genuine:
        genuine.put(digest, result)
    return result


def verify_presentation_again(
    raw: str, audience: str, nonce: str, now: datetime.datetime
) -> PresentationCheck:
    """The domain core's ``verify_presentation``; a recently checked signature is not redone."""
    signed = caches.cache(SIGNED_PRESENTATIONS)
    digest = token_digest(raw)
    opened = signed.get(digest)
    if opened is None:
        with network_limits():
            opened = open_presentation(raw, current_app.extensions["wallet.resolver"])
        if isinstance(opened, PresentationCheck):
            return opened
        signed.put(digest, opened)
    return check_presentation_claims(opened, audience=audience, nonce=nonce, now=now)


def apply_result(stored: StoredCredential, result: VerificationResult) -> None:
    """Copy a fresh verification result onto a stored credential (for cards and sorting)."""
    credential = result.credential
    facts = describe_credential(credential.document)
    stored.shape = str(credential.shape)
    stored.title = (facts.title or credential.id or credential.issuer_id)[:300]
    stored.issuer_id = credential.issuer_id[:500]
    stored.issuer_name = (credential.issuer_name or "")[:300] or None
    stored.credential_id = (credential.id or "")[:500] or None
    stored.valid_from = credential.valid_from
    stored.valid_until = credential.valid_until
    stored.verdict = str(result.verdict)
    stored.checks = [
        {
            "concern": str(c.concern),
            "status": str(c.status),
            "code": c.code,
            "params": json.loads(json.dumps(c.params, default=str)),
        }
        for c in result.checks
    ]
    stored.verified_at = result.checked_at or clock.now()
