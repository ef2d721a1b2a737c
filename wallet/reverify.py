"""Verify shared credentials again on every view, without redoing signatures over the same bytes.

The signature over given bytes cannot change, but the world around it can: the trust list, the
clock and the issuer's key document. So only genuine results are kept, for as long as the key
resolver trusts a fetched key document, and every view re-runs the issuer, validity and status
checks (the domain core's ``recheck_credential``). The learner's presentation on a share link is
kept the same way: its signature once, its audience, nonce and expiry at every view.
"""

from __future__ import annotations

import datetime

from flask import current_app

from wallet import verification
from wallet.credentials import PresentationCheck
from wallet.credentials import SignedPresentation
from wallet.credentials import VerificationResult
from wallet.credentials import check_presentation_claims
from wallet.credentials import open_presentation
from wallet.importing import token_digest
from wallet.ttl_cache import TtlCache

MAX_ENTRIES = 1024
TTL_SECONDS = 300.0  # the key resolver's own cache time: no key binding is trusted longer

_genuine: TtlCache[VerificationResult] = TtlCache(TTL_SECONDS, MAX_ENTRIES)
_signed_presentations: TtlCache[SignedPresentation] = TtlCache(TTL_SECONDS, MAX_ENTRIES)


def verify_now(raw: str) -> VerificationResult:
    """``verification.verify(raw)``; a recently checked genuine signature is not checked again."""
    digest = token_digest(raw)
    cached = _genuine.get(digest)
    if cached is not None:
        return verification.recheck(cached)
    result = verification.verify(raw)
    if result.is_genuine:
        _genuine.put(digest, result)
    return result


def verify_presentation_now(
    raw: str, audience: str, nonce: str, now: datetime.datetime
) -> PresentationCheck:
    """The domain core's ``verify_presentation``; a recently checked signature is not redone."""
    digest = token_digest(raw)
    opened = _signed_presentations.get(digest)
    if opened is None:
        opened = open_presentation(raw, current_app.extensions["wallet.resolver"])
        if isinstance(opened, PresentationCheck):
            return opened
        _signed_presentations.put(digest, opened)
    return check_presentation_claims(opened, audience=audience, nonce=nonce, now=now)


def clear() -> None:
    """Forget every kept result (tests and benchmarks measure the cold path with it)."""
    _genuine.clear()
    _signed_presentations.clear()
