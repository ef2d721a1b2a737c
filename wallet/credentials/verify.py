"""Run the ordered checks on a credential and return a verdict; bad input never raises."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Iterable

from .errors import CredentialError
from .formats import parse_credential
from .formats import verify_issuer_signature
from .keys import KeyResolver
from .model import Check
from .model import CheckStatus
from .model import Concern
from .model import Credential
from .model import KeyDetails
from .model import Verdict
from .model import VerificationResult
from .open_badges_2 import HOSTED_COPY
from .open_badges_2 import HOSTED_GONE
from .trust import TrustList

LEEWAY = datetime.timedelta(seconds=60)
# A hosted Open Badges 2.0 assertion has no signature: the issuer's website vouches for it.
_PASSED_SIGNATURES = {
    HOSTED_COPY: "signature.hosted_copy",
    HOSTED_GONE: "signature.hosted_gone",
}

StatusChecker = Callable[[Credential, datetime.datetime], Check]


def unchecked_status(credential: Credential, now: datetime.datetime) -> Check:
    """Default status step: say there is nothing to check, or that checking is not yet possible."""
    if not credential.status_entries:
        return Check(Concern.STATUS, CheckStatus.NOT_APPLICABLE, "status.none")
    types = [str(entry.get("type")) for entry in credential.status_entries]
    return Check(Concern.STATUS, CheckStatus.WARNING, "status.unchecked", {"types": types})


def verify_credential(
    raw: str,
    now: datetime.datetime,
    trust_list: TrustList,
    resolver: KeyResolver,
    status_checker: StatusChecker = unchecked_status,
) -> VerificationResult:
    """Check format, signature, issuer trust, validity window and status, in that order."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        credential = parse_credential(raw)
    except CredentialError as error:
        failed = Check(Concern.FORMAT, CheckStatus.FAILED, error.code, error.params)
        return _result([failed], None, None, now)
    checks = [
        Check(Concern.FORMAT, CheckStatus.PASSED, "format.ok", {"shape": credential.shape.value})
    ]
    try:
        credential, key_details = verify_issuer_signature(credential, resolver)
    except CredentialError as error:
        # Without a genuine signature nothing else the credential says can be believed.
        checks.append(Check(Concern.SIGNATURE, CheckStatus.FAILED, error.code, error.params))
        return _result(checks, credential, None, now)
    passed = _PASSED_SIGNATURES.get(key_details.method, "signature.ok")
    checks.append(Check(Concern.SIGNATURE, CheckStatus.PASSED, passed))
    checks.extend(_changing_checks(credential, key_details, now, trust_list, status_checker))
    return _result(checks, credential, key_details, now)


def recheck_credential(
    genuine: VerificationResult,
    now: datetime.datetime,
    trust_list: TrustList,
    status_checker: StatusChecker = unchecked_status,
) -> VerificationResult:
    """Refresh what can change (issuer trust, validity, status) of a genuine result.

    A signature over the same bytes cannot change, so a caller may keep a genuine result and
    call this instead of ``verify_credential`` on every view.
    """
    if not genuine.is_genuine:
        raise ValueError("only a genuine result can be re-checked")
    kept = [c for c in genuine.checks if c.concern in (Concern.FORMAT, Concern.SIGNATURE)]
    fresh = _changing_checks(genuine.credential, genuine.key, now, trust_list, status_checker)
    return _result([*kept, *fresh], genuine.credential, genuine.key, now)


def _changing_checks(
    credential: Credential,
    key: KeyDetails | None,
    now: datetime.datetime,
    trust_list: TrustList,
    status_checker: StatusChecker,
) -> list[Check]:
    return [
        _check_issuer(credential, key, trust_list),
        check_validity(credential, now),
        status_checker(credential, now),
    ]


def _check_issuer(credential: Credential, key: KeyDetails | None, trust_list: TrustList) -> Check:
    claimed = {"issuer": credential.issuer_id, "name": credential.issuer_name}
    if key is not None and not key.issuer_bound:
        # Anyone can sign with a key of their own: a listed issuer's name proves nothing here.
        return Check(Concern.ISSUER, CheckStatus.WARNING, "issuer.key_not_bound", claimed)
    issuer = trust_list.get(credential.issuer_id)
    if issuer is None:
        return Check(Concern.ISSUER, CheckStatus.WARNING, "issuer.untrusted", claimed)
    params = {"name": issuer.name, "organisation": issuer.organisation}
    return Check(Concern.ISSUER, CheckStatus.PASSED, "issuer.trusted", params)


def check_validity(credential: Credential, now: datetime.datetime) -> Check:
    """Is `now` inside the validity window, give or take a minute of clock skew?"""
    valid_from, valid_until = credential.valid_from, credential.valid_until
    if valid_until is not None and now > valid_until + LEEWAY:
        params = {"valid_until": valid_until.isoformat()}
        return Check(Concern.VALIDITY, CheckStatus.FAILED, "validity.expired", params)
    if valid_from is not None and now < valid_from - LEEWAY:
        params = {"valid_from": valid_from.isoformat()}
        return Check(Concern.VALIDITY, CheckStatus.FAILED, "validity.not_yet_valid", params)
    params = {
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_until": valid_until.isoformat() if valid_until else None,
    }
    return Check(Concern.VALIDITY, CheckStatus.PASSED, "validity.ok", params)


def _result(
    checks: list[Check],
    credential: Credential | None,
    key: KeyDetails | None,
    now: datetime.datetime,
) -> VerificationResult:
    verdict = worst_verdict(check.status for check in checks)
    return VerificationResult(verdict, tuple(checks), credential, key, now)


def worst_verdict(outcomes: Iterable[str]) -> Verdict:
    """Failed if anything failed, else warning if anything warns, else verified.

    Takes check statuses or verdicts alike (both say "failed" and "warning").
    """
    seen = {str(outcome) for outcome in outcomes}
    if "failed" in seen:
        return Verdict.FAILED
    return Verdict.WARNING if "warning" in seen else Verdict.VERIFIED
