"""A result's state: the cases an employer must tell apart, each its own word."""

from __future__ import annotations

import pytest

from wallet.credentials import Check
from wallet.credentials import CheckStatus
from wallet.credentials import Concern
from wallet.credentials import Verdict
from wallet.credentials import VerificationResult
from wallet.verification.states import LABELS
from wallet.verification.states import ORDER
from wallet.verification.states import TONES
from wallet.verification.states import state_of
from wallet.verification.states import worst_state

PASSED = {
    Concern.FORMAT: Check(Concern.FORMAT, CheckStatus.PASSED, "format.ok"),
    Concern.SIGNATURE: Check(Concern.SIGNATURE, CheckStatus.PASSED, "signature.ok"),
    Concern.ISSUER: Check(Concern.ISSUER, CheckStatus.PASSED, "issuer.trusted"),
    Concern.VALIDITY: Check(Concern.VALIDITY, CheckStatus.PASSED, "validity.ok"),
    Concern.STATUS: Check(Concern.STATUS, CheckStatus.PASSED, "status.ok"),
}


def result_with(*changed: tuple[Concern, CheckStatus, str]) -> VerificationResult:
    checks = dict(PASSED)
    for concern, status, code in changed:
        checks[concern] = Check(concern, status, code)
    return VerificationResult(Verdict.WARNING, tuple(checks.values()), None)


FAILED, WARNING = CheckStatus.FAILED, CheckStatus.WARNING
CASES = {
    "valid": [],
    "forged": [(Concern.SIGNATURE, FAILED, "signature.invalid")],
    "unchecked": [(Concern.SIGNATURE, FAILED, "signature.key_not_found")],
    "not_asked": [(Concern.REQUEST, FAILED, "request.claims_missing")],
    "revoked": [(Concern.STATUS, FAILED, "status.revoked")],
    "suspended": [(Concern.STATUS, FAILED, "status.suspended")],
    "expired": [(Concern.VALIDITY, FAILED, "validity.expired")],
    "not_yet_valid": [(Concern.VALIDITY, FAILED, "validity.not_yet_valid")],
    "unknown_issuer": [(Concern.ISSUER, WARNING, "issuer.untrusted")],
    "status_unknown": [(Concern.STATUS, WARNING, "status.unknown")],
}


@pytest.mark.parametrize("state", CASES)
def test_each_case_has_its_own_state_and_words(state):
    assert state_of(result_with(*CASES[state])) == state
    assert set(CASES) == set(ORDER) == set(LABELS) == set(TONES)


def test_a_changed_credential_is_forged_whatever_else_it_claims():
    claimed_valid = result_with((Concern.FORMAT, FAILED, "format.claims_mismatch"))
    assert state_of(claimed_valid) == "forged"


def test_an_unknown_issuer_is_never_called_genuine_alone():
    assert "Genuine" not in str(LABELS["unknown_issuer"])


def test_withdrawn_outranks_expired_and_an_unknown_issuer():
    both = result_with(
        (Concern.VALIDITY, FAILED, "validity.expired"),
        (Concern.ISSUER, WARNING, "issuer.untrusted"),
        (Concern.STATUS, FAILED, "status.revoked"),
    )
    assert state_of(both) == "revoked"


def test_the_worst_state_leads():
    assert worst_state(["valid", "expired", "unknown_issuer"]) == "expired"
    assert worst_state(["valid", "forged"]) == "forged"
    assert worst_state([]) is None
