"""Honest words for what we cannot check yet: named, never "unsafe", never "forged", and with
something the learner or the employer can do; a key a credential brings along confirms no one."""

from __future__ import annotations

import dataclasses

import pytest
from flask_babel import force_locale
from support.issuers import did_key_issuer
from support.registry import trust_in_file

from wallet.credentials import Check
from wallet.credentials import CheckStatus
from wallet.credentials import Concern
from wallet.credentials import Verdict
from wallet.credentials import VerificationResult
from wallet.verification.messages import describe_check
from wallet.verification.next_steps import describe_next_step
from wallet.verification.states import state_of

UNSUPPORTED = [
    ("format", "format.unsupported_cose", {}),
    ("format", "format.unsupported_europass", {}),
    ("format", "format.unsupported_json_jws", {"jades": True}),
    ("signature", "signature.unsupported_algorithm", {"alg": "PS384"}),
    ("signature", "signature.unknown_did_method", {"method": "did:velocity"}),
]


@pytest.mark.parametrize("concern, code, params", UNSUPPORTED)
def test_what_we_cannot_check_is_named_with_what_to_ask_for(app, concern, code, params):
    with app.test_request_context(), force_locale("en"):
        sentence = describe_check(code, params)
        step = describe_next_step(code, params)
    assert "unsafe" not in sentence and "no credential" not in sentence
    assert "Open Badges 3.0" in sentence and "Open Badges 3.0" in step
    assert all(str(value) in sentence for value in params.values() if isinstance(value, str))


@pytest.mark.parametrize("concern, code, params", UNSUPPORTED)
def test_what_we_cannot_check_is_unchecked_never_forged(concern, code, params):
    checks = (
        [Check(Concern.FORMAT, CheckStatus.PASSED, "format.ok")] if concern == "signature" else []
    )
    checks.append(Check(Concern(concern), CheckStatus.FAILED, code, params))
    assert state_of(VerificationResult(Verdict.FAILED, tuple(checks), None)) == "unchecked"


def test_a_malformed_credential_is_still_forged():
    checks = (Check(Concern.FORMAT, CheckStatus.FAILED, "format.malformed"),)
    assert state_of(VerificationResult(Verdict.FAILED, checks, None)) == "forged"


def test_a_key_the_credential_brings_along_does_not_borrow_a_listed_issuers_name(
    app, client, csrf_token
):
    # The issuer is on the trust list, but anyone could sign with a key in the header.
    issuer = dataclasses.replace(did_key_issuer(), did="https://kompetens.skelleftea.se/issuer")
    trust_in_file(app, issuer.did, "Skellefteå kommun (registret)")
    token = issuer.issue(kid=None, header_jwk=True)
    form = {"credential": token, "csrf_token": csrf_token(client, "/verify")}
    page = client.post("/verify", data=form).get_data(as_text=True)
    assert "Signed, issuer not confirmed" in page
    assert "nothing shows that the key belongs to the issuer" in page
    assert "Skellefteå kommun (registret)" not in page
