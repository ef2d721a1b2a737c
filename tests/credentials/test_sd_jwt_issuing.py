"""Issuing SD-JWT VCs: what is concealed, binding to the holder, and that our own reader and the
TypeScript reference verifier (@sd-jwt/sd-jwt-vc) both accept the result."""

from __future__ import annotations

import pytest
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import private_key

from wallet.credentials import bound_to
from wallet.credentials import disclosable_claims
from wallet.credentials import parse_credential
from wallet.credentials import public_jwk
from wallet.credentials.sd_jwt_issuing import issue_sd_jwt_vc

CLAIMS = {
    "iss": "", "vct": "urn:eu.europa.ec.eudi:learning:credential:1", "iat": int(NOW.timestamp()),
    "achievement_title": "Reparationssömnad", "given_name": "Amina",
    "learning_outcomes": ["Lagar hål", "Byter blixtlås"],
}


@pytest.fixture
def issuer():
    return did_key_issuer("P-256")


@pytest.fixture
def holder():
    return private_key("P-256", 1)


def issued(issuer, holder, disclosable=("given_name", "learning_outcomes", "vct")):
    claims = {**CLAIMS, "iss": issuer.did}
    return issue_sd_jwt_vc(claims, disclosable, issuer.key, kid=issuer.kid,
                           holder_jwk=public_jwk(holder), algorithm="ES256")


def test_chosen_claims_are_disclosures_and_the_rest_is_in_clear(issuer, holder):
    token = issued(issuer, holder)
    assert token.endswith("~") and token.count("~") == 3
    credential = parse_credential(token)
    assert credential.header == {"alg": "ES256", "typ": "dc+sd-jwt", "kid": issuer.kid}
    assert "given_name" not in credential.claims and credential.document["given_name"] == "Amina"
    assert credential.claims["vct"] == CLAIMS["vct"]  # never concealed
    assert credential.claims["_sd_alg"] == "sha-256"
    assert {c.name for c in disclosable_claims(token)} == {"given_name", "learning_outcomes"}
    assert credential.document["learning_outcomes"] == ["Lagar hål", "Byter blixtlås"]


def test_the_credential_is_bound_to_the_holder(issuer, holder):
    token = issued(issuer, holder)
    assert parse_credential(token).claims["cnf"] == {"jwk": public_jwk(holder)}
    assert bound_to(token, holder) and not bound_to(token, private_key("P-256", 2))


def test_nothing_disclosable_leaves_no_sd(issuer, holder):
    credential = parse_credential(issued(issuer, holder, ()))
    assert "_sd" not in credential.claims and credential.claims["given_name"] == "Amina"


def test_the_typescript_reference_verifier_accepts_it(issuer, holder):
    from test_sd_jwt_interop import node

    answer = node({"action": "verify", "issuer_jwk": public_jwk(issuer.key),
                   "token": issued(issuer, holder), "now": int(NOW.timestamp())})
    assert answer["ok"], answer
    assert answer["payload"]["given_name"] == "Amina"
    assert answer["payload"]["cnf"]["jwk"] == public_jwk(holder)
