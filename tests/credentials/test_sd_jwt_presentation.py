"""Presenting an SD-JWT VC: a chosen subset of disclosures and a key-binding JWT (RFC 9901, 4.3)."""

from __future__ import annotations

import datetime

import pytest
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.sd_jwt import Sd
from support.sd_jwt import bound_learning_credential
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import sign_jws
from wallet.credentials.disclosures import digest
from wallet.credentials.sd_jwt_presentation import bind_key
from wallet.credentials.sd_jwt_presentation import bound_to
from wallet.credentials.sd_jwt_presentation import check_key_binding
from wallet.credentials.sd_jwt_presentation import disclosable_claims
from wallet.credentials.sd_jwt_presentation import present_sd_jwt
from wallet.credentials.sd_jwt_presentation import select_disclosures

AUDIENCE = "https://kompetenspass.example/v/abc"
NONCE = "n-0S6_WzA2Mj"


@pytest.fixture
def holder():
    return private_key("Ed25519", 30)


@pytest.fixture
def issued(holder):
    return bound_learning_credential(holder)


def present(issued, holder, names, **options):
    options = {"audience": AUDIENCE, "nonce": NONCE, "now": NOW, **options}
    return present_sd_jwt(issued.token, names, holder, **options)


def test_a_presentation_with_some_claims_and_key_binding_verifies(issued, holder, verify):
    token = present(issued, holder, ["given_name", "learning_outcomes"])
    result = verify(token)
    assert result.is_genuine, result.checks
    document = result.credential.document
    assert document["given_name"] == "Anna"
    assert document["learning_outcomes"] == ["Byta blixtlås", "Laga revor med maskin"]
    assert "family_name" not in document and "assessment_grade" not in document
    kept = token.split("~")[1:-1]
    assert len(kept) == 4  # given_name, learning_outcomes and the two outcomes it holds
    assert check_key_binding(result.credential, audience=AUDIENCE, nonce=NONCE, now=NOW) is None


def test_the_holder_can_see_which_claims_to_choose(issued):
    # The outcomes themselves sit inside learning_outcomes: they come and go with it.
    assert [claim.name for claim in disclosable_claims(issued.token)] == [
        "given_name", "family_name", "learning_outcomes", "assessment_grade",
        "expected_study_time", "level_of_learning_experience", "types_of_quality_assurance",
        "prerequisites_to_enroll", "integration_stackability_options",
    ]


def test_the_elements_of_an_array_signed_in_the_clear_are_chosen_one_by_one(holder, verify):
    issuer = did_key_issuer("P-256")
    payload = {**learning_credential(issuer.did, holder=holder),
               "language_of_classes": [Sd("sv"), Sd("en")]}
    issued = issue_sd_jwt(payload, issuer.key, header={"kid": issuer.kid})
    languages = [c for c in disclosable_claims(issued.token) if c.name == "language_of_classes"]
    assert [(c.element, c.value) for c in languages] == [(True, "sv"), (True, "en")]
    chosen = select_disclosures(issued.token, [languages[1].digest])
    assert verify(chosen).credential.document["language_of_classes"] == ["en"]


def test_a_claim_of_the_same_name_elsewhere_does_not_come_along(holder, verify):
    issuer = did_key_issuer("P-256")
    payload = {**learning_credential(issuer.did, holder=holder),
               Sd("awarding_body"): {"legalName": "NTA", Sd("given_name"): "Britt"}}
    issued = issue_sd_jwt(payload, issuer.key, header={"kid": issuer.kid})
    [given_name] = [c for c in disclosable_claims(issued.token) if c.name == "given_name"]
    document = verify(select_disclosures(issued.token, [given_name.digest])).credential.document
    assert document["given_name"] == "Anna"
    assert "awarding_body" not in document and "family_name" not in document


def test_binding_again_replaces_the_key_binding(issued, holder, verify):
    first = present(issued, holder, ["given_name"])
    later = NOW + datetime.timedelta(days=30)
    again = bind_key(first, holder, audience=AUDIENCE, nonce=NONCE, now=later)
    assert again.rsplit("~", 1)[0] == first.rsplit("~", 1)[0]  # the same disclosures
    credential = verify(again).credential
    assert check_key_binding(credential, audience=AUDIENCE, nonce=NONCE, now=later) is None
    assert bound_to(issued.token, holder)
    assert not bound_to(issued.token, private_key("Ed25519", 31))


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"audience": "https://elsewhere.example"}, "presentation.wrong_audience"),
        ({"nonce": "another"}, "presentation.wrong_nonce"),
        ({"now": NOW - datetime.timedelta(hours=1)}, "presentation.expired"),
        ({"now": NOW + datetime.timedelta(hours=1)}, "presentation.not_yet_valid"),
    ],
)
def test_the_verifier_learns_a_wrong_audience_nonce_or_moment(issued, holder, verify, options, code):
    token = present(issued, holder, ["given_name"], **options)
    credential = verify(token).credential
    assert check_key_binding(credential, audience=AUDIENCE, nonce=NONCE, now=NOW) == code


def test_a_key_binding_over_other_disclosures_is_refused(issued, holder, verify):
    token = present(issued, holder, ["given_name"])
    issuer_jwt, *_, key_binding = token.split("~")
    swapped = "~".join((issuer_jwt, issued.disclosure_named("family_name"), key_binding))
    result = verify(swapped)
    assert not result.is_genuine
    failed = next(c for c in result.checks if c.status.value == "failed")
    assert (failed.code, failed.params) == ("signature.bad_key_binding", {"reason": "sd_hash"})


def test_a_key_binding_signed_by_another_key_is_refused(issued, verify):
    presented = issued.with_disclosures([issued.disclosure_named("given_name")])
    payload = {"iat": int(NOW.timestamp()), "aud": AUDIENCE, "nonce": NONCE,
               "sd_hash": digest(presented, "sha-256")}
    thief = sign_jws(payload, private_key("Ed25519", 31), {"typ": "kb+jwt"})
    result = verify(presented + thief)
    assert [c.code for c in result.checks if c.status.value == "failed"] == [
        "signature.bad_key_binding"
    ]


def test_no_key_binding_is_said_so(issued, verify):
    credential = verify(issued.token).credential
    assert check_key_binding(credential, audience=AUDIENCE, nonce=NONCE, now=NOW) == (
        "presentation.no_key_binding"
    )


def test_only_the_bound_holder_key_can_present(issued):
    with pytest.raises(ValueError, match="cnf"):
        present(issued, private_key("Ed25519", 31), ["given_name"])


def test_a_nested_claim_comes_with_the_claim_it_sits_in(holder, verify):
    issuer = did_key_issuer("P-256")
    payload = {**learning_credential(issuer.did, holder=holder),
               Sd("awarding_body"): {"legalName": "NTA", Sd("locality"): "Skellefteå"}}
    issued = issue_sd_jwt(payload, issuer.key, header={"kid": issuer.kid})
    token = present_sd_jwt(issued.token, ["locality"], holder, audience=AUDIENCE, nonce=NONCE,
                           now=NOW)
    document = verify(token).credential.document
    assert document["awarding_body"] == {"legalName": "NTA", "locality": "Skellefteå"}
    assert "given_name" not in document
