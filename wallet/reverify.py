"""Verify shared credentials again on every view, without redoing the signature over the same bytes.

The signature over given bytes cannot change, but the world around it can: the trust list, the
clock and the issuer's key document. So only genuine results are kept, for as long as the key
resolver trusts a fetched key document, and every view re-runs the issuer, validity and status
checks. (The domain core's ``verify_credential`` runs the same steps in the same order.)
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
import threading
import time
from collections.abc import Iterable

from wallet import verification
from wallet.credentials import Check
from wallet.credentials import CheckStatus
from wallet.credentials import Concern
from wallet.credentials import TrustList
from wallet.credentials import Verdict
from wallet.credentials import VerificationResult
from wallet.credentials import unchecked_status
from wallet.credentials.verify import check_validity

MAX_ENTRIES = 1024
TTL_SECONDS = 300.0  # the key resolver's own cache time: no key binding is trusted longer

_genuine: collections.OrderedDict[str, tuple[float, VerificationResult]] = collections.OrderedDict()
_lock = threading.Lock()


def verify_now(raw: str) -> VerificationResult:
    """``verification.verify(raw)``; a recently checked genuine signature is not checked again."""
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    cached = _get(digest)
    if cached is not None:
        return recheck(cached, verification.now(), verification.current_trust_list())
    result = verification.verify(raw)
    if result.is_genuine:
        _put(digest, result)
    return result


def recheck(genuine: VerificationResult, now: datetime.datetime, trust: TrustList) -> VerificationResult:
    """The format and signature checks of ``genuine`` plus fresh issuer, validity and status checks."""
    credential = genuine.credential
    kept = [c for c in genuine.checks if c.concern in (Concern.FORMAT, Concern.SIGNATURE)]
    listed = trust.get(credential.issuer_id)
    if listed is None:
        params = {"issuer": credential.issuer_id, "name": credential.issuer_name}
        issuer = Check(Concern.ISSUER, CheckStatus.WARNING, "issuer.untrusted", params)
    else:
        params = {"name": listed.name, "organisation": listed.organisation}
        issuer = Check(Concern.ISSUER, CheckStatus.PASSED, "issuer.trusted", params)
    checks = (*kept, issuer, check_validity(credential, now), unchecked_status(credential, now))
    verdict = worst(check.status for check in checks)
    return dataclasses.replace(genuine, verdict=verdict, checks=checks, checked_at=now)


def worst(outcomes: Iterable[str]) -> Verdict:
    """Failed if anything failed, else warning if anything warns, else verified."""
    seen = set(outcomes)
    if "failed" in seen:
        return Verdict.FAILED
    return Verdict.WARNING if "warning" in seen else Verdict.VERIFIED


def clear() -> None:
    """Forget every kept result (tests and benchmarks measure the cold path with it)."""
    with _lock:
        _genuine.clear()


def _get(digest: str) -> VerificationResult | None:
    with _lock:
        entry = _genuine.get(digest)
        if entry is None or entry[0] < time.monotonic():
            return None
        _genuine.move_to_end(digest)
        return entry[1]


def _put(digest: str, result: VerificationResult) -> None:
    with _lock:
        _genuine[digest] = (time.monotonic() + TTL_SECONDS, result)
        _genuine.move_to_end(digest)
        while len(_genuine) > MAX_ENTRIES:
            _genuine.popitem(last=False)
