"""Verify shared credentials again on every view, without redoing the signature over the same bytes.

The signature over given bytes cannot change, but the world around it can: the trust list, the
clock and the issuer's key document. So only genuine results are kept, for as long as the key
resolver trusts a fetched key document, and every view re-runs the issuer, validity and status
checks (the domain core's ``recheck_credential``).
"""

from __future__ import annotations

import collections
import hashlib
import threading
import time

from wallet import verification
from wallet.credentials import VerificationResult

MAX_ENTRIES = 1024
TTL_SECONDS = 300.0  # the key resolver's own cache time: no key binding is trusted longer

_genuine: collections.OrderedDict[str, tuple[float, VerificationResult]] = collections.OrderedDict()
_lock = threading.Lock()


def verify_now(raw: str) -> VerificationResult:
    """``verification.verify(raw)``; a recently checked genuine signature is not checked again."""
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    cached = _get(digest)
    if cached is not None:
        return verification.recheck(cached)
    result = verification.verify(raw)
    if result.is_genuine:
        _put(digest, result)
    return result


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
