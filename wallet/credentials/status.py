"""Revocation and suspension from Bitstring Status Lists (and StatusList2021): fetch, verify, read.

Trust policy: a status list counts only when its signature verifies (same resolver as the
credential) and its issuer is the credential's issuer or an issuer on the trust list.
Anything that stops us reading the bit is ``status.unknown``, a warning: never a pass, and
not a failure either, because an outage is not a revocation. A suspended credential fails
like a revoked one (the issuer says it does not hold now) but keeps its own code, so the page
can show it amber (standards brief, section 6). Fetching and keeping the lists is
``status_cache``'s; the bitstrings themselves are ``bitstring``'s.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import time
from collections.abc import Callable
from typing import Any
from typing import NamedTuple

from . import open_badges_2_revocation
from . import token_status_list
from .bitstring import DEFAULT_MAX_DECOMPRESSED
from .bitstring import read_status
from .bitstring import unknown
from .errors import CredentialError
from .fetch import Fetcher
from .keys import KeyResolver
from .model import Check
from .model import CheckStatus
from .model import Concern
from .model import Credential
from .model import Shape
from .status_cache import FetchedList
from .status_cache import StatusListCache
from .trust import TrustList
from .verify import check_validity

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
_INDEX = re.compile(r"-?[0-9]+")
_MAX_STATUS_SIZE = 32
_MAX_ENTRIES = 16  # each entry may cost a fetch; a self-signed credential could list thousands

logger = logging.getLogger(__name__)


class _Entry(NamedTuple):
    kind: str
    purpose: str
    url: str
    index: int
    size: int


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
        token_fetcher: Fetcher | None = None,
    ) -> None:
        """``always_fetch(url)`` names lists (of either kind) read afresh at every check, never
        from the cache; ``token_fetcher`` fetches Token Status Lists (asking for
        ``statuslist+jwt``)."""
        self.trust_list_provider = trust_list_provider
        self.lists = StatusListCache(
            fetcher, resolver, max_age, clock, max_download, max_decompressed, always_fetch
        )
        self.token_lists = token_status_list.TokenStatusLists(
            token_fetcher or fetcher, resolver, max_age, clock, max_download, max_decompressed,
            always_fetch,
        )

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
        if credential.shape is Shape.OB2 and kind in open_badges_2_revocation.ENTRY_TYPES:
            return open_badges_2_revocation.check_revocation(entry, self.lists.resolver, now)
        if credential.shape is Shape.SD_JWT_VC and token_status_list.STATUS_LIST in entry:
            lists, may_publish = self.token_lists, self._may_publish
            return token_status_list.check_entry(lists, may_publish, credential, entry, now)
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
            status_list = self.lists.current(parsed.url, now)
            if check_validity(status_list.credential, now).status is CheckStatus.FAILED:
                raise unknown("expired_list")
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
        cached = self.lists.last_good(entry.url)
        if cached is not None:
            try:
                value = self._read(credential, entry, cached)
            except CredentialError:
                value = None  # the old copy cannot answer for this entry either
            if value is not None:
                params["last_known"] = _answer_word(entry.purpose, value)
                params["last_known_at"] = cached.fetched_at.isoformat()
        return _unknown_check(now, **params)

    def _read(self, credential: Credential, entry: _Entry, status_list: FetchedList) -> int:
        list_type, subject_type = LIST_TYPES[entry.kind]
        if list_type not in status_list.credential.types:
            raise unknown("malformed")
        if subject_type not in _strings(status_list.subject.get("type")):
            raise unknown("malformed")
        if not self._may_publish(status_list.credential.issuer_id, credential.issuer_id):
            raise unknown("wrong_issuer")
        if entry.purpose not in _strings(status_list.subject.get("statusPurpose")):
            raise unknown("wrong_purpose")
        return read_status(status_list.bits, entry.index, entry.size)

    def _may_publish(self, list_issuer: str, credential_issuer: str) -> bool:
        if list_issuer == credential_issuer:
            return True
        trust_list = self.trust_list_provider() if self.trust_list_provider else None
        return trust_list is not None and trust_list.get(list_issuer) is not None


def _parse_entry(kind: str, purpose: str, entry: dict[str, Any]) -> _Entry:
    url = entry.get("statusListCredential")
    size = entry.get("statusSize", 1)
    index = entry.get("statusListIndex")
    if not isinstance(url, str) or not url:
        raise unknown("malformed", field="statusListCredential")
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= _MAX_STATUS_SIZE:
        raise unknown("malformed", field="statusSize")
    if not isinstance(index, str) or not _INDEX.fullmatch(index):
        raise unknown("malformed", field="statusListIndex")
    if index.startswith("-") or len(index) > 18:
        raise unknown("index_out_of_range")
    return _Entry(kind, purpose, url, int(index), size)


def _answer_word(purpose: str, value: int) -> str:
    """What a list's bit says for an entry of ``purpose``: ok, revoked or suspended."""
    return SET_CODES[purpose].removeprefix("status.") if value else "ok"


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, str)]


def _check(status: CheckStatus, code: str, **params: Any) -> Check:
    return Check(Concern.STATUS, status, code, params)


def _unknown_check(now: datetime.datetime, **params: Any) -> Check:
    return _check(CheckStatus.WARNING, "status.unknown", **params, checked_at=now.isoformat())
