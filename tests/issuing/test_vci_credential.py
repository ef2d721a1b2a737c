"""OpenID4VCI 1.0 Credential Endpoint of the demo issuers: key proofs, the credentials in each
format, bound to the proof's key, and what our own verifier makes of them."""

from __future__ import annotations

import json
import time

import pytest
from support.vci import TestWallet
from support.vci import offer
from support.vci import proof

from wallet.credentials import bound_to
from wallet.credentials import did_jwk
from wallet.credentials import did_key
from wallet.credentials import disclosable_claims
from wallet.credentials import generate_private_key
from wallet.credentials import parse_credential
from wallet.credentials import public_jwk
from wallet.verification import verifier

SLUG = "nordiska-textilakademin"  # P-256
ED25519_SLUG = "skelleftea-kommun"


@pytest.fixture
def wallet(vci_app):
    return TestWallet(vci_app.test_client(), vci_app, SLUG)


@pytest.fixture
def holder():
    return generate_private_key("P-256")


def _verified(app, raw: str):
    with app.test_request_context():
        return verifier.verify(raw)


def test_open_badge_jwt_names_the_holder_and_verifies_as_trusted_with_status(
    vci_app, wallet, holder
):
    response = wallet.receive(holder, "OpenBadgeCredential_jwt")
    assert response.status_code == 200, response.json
    assert response.headers["Cache-Control"] == "no-store"
    (issued,) = response.json["credentials"]
    credential = parse_credential(issued["credential"])
    assert credential.subject_id == did_jwk(holder)  # a bare jwk: named by its did:jwk
    assert credential.document["name"] == "Reparationssömnad – fortsättning"
    assert {e["statusPurpose"] for e in credential.status_entries} == {"revocation", "suspension"}
    outcome = _verified(vci_app, issued["credential"])
    assert outcome.verdict == "verified", outcome.checks
    assert outcome.credential.issuer_name == "Nordiska Textilakademin"


def test_a_did_key_proof_binds_the_credential_to_that_did(vci_app, wallet, holder):
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    holder_did = did_key(holder.public_key())
    header = {"typ": "openid4vci-proof+jwt", "kid": f"{holder_did}#{holder_did[8:]}"}
    jwt = proof(holder, wallet.nonce(), wallet.audience, header=header)
    response = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
    assert parse_credential(response.json["credentials"][0]["credential"]).subject_id == holder_did


def test_learning_credential_sd_jwt_is_bound_by_cnf_and_verifies(vci_app, wallet, holder):
    response = wallet.receive(holder, "LearningCredential_sd_jwt")
    assert response.status_code == 200, response.json
    token = response.json["credentials"][0]["credential"]
    credential = parse_credential(token)
    assert credential.header["typ"] == "dc+sd-jwt"
    assert credential.document["vct"] == "urn:eu.europa.ec.eudi:learning:credential:1"
    assert credential.claims["cnf"] == {"jwk": public_jwk(holder)}
    assert bound_to(token, holder)
    disclosable = {claim.name for claim in disclosable_claims(token)}
    assert {"given_name", "family_name", "learning_outcomes", "expected_study_time"} <= disclosable
    assert credential.document["given_name"] == "Amina"
    assert credential.document["expected_study_time"] == "PT40H"
    assert "achievement_title" in credential.claims  # signed in clear, not disclosable
    outcome = _verified(vci_app, token)
    assert outcome.verdict == "verified", outcome.checks


def test_open_badge_data_integrity_verifies_for_an_ed25519_issuer(vci_app, holder):
    wallet = TestWallet(vci_app.test_client(), vci_app, ED25519_SLUG)
    response = wallet.receive(holder, "OpenBadgeCredential_ldp")
    assert response.status_code == 200, response.json
    document = response.json["credentials"][0]["credential"]
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["credentialSubject"]["id"] == did_jwk(holder)
    outcome = _verified(vci_app, json.dumps(document))
    assert outcome.verdict == "verified", outcome.checks


def test_open_badge_data_integrity_verifies_for_a_p256_issuer(vci_app, wallet, holder):
    document = wallet.receive(holder, "OpenBadgeCredential_ldp").json["credentials"][0]["credential"]
    assert document["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    assert _verified(vci_app, json.dumps(document)).verdict == "verified"


def test_a_batch_gives_one_credential_per_proof_each_with_its_own_status(vci_app, wallet):
    keys = [generate_private_key("P-256"), generate_private_key("Ed25519")]
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    proofs = [proof(key, wallet.nonce(), wallet.audience) for key in keys]
    response = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": proofs})
    credentials = [parse_credential(c["credential"]) for c in response.json["credentials"]]
    assert [c.subject_id for c in credentials] == [did_jwk(key) for key in keys]
    assert credentials[0].id != credentials[1].id
    assert credentials[0].status_entries != credentials[1].status_entries


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"aud": "https://elsewhere.example/vci/x"}, "invalid_proof"),
        ({"iat": int(time.time()) - 3600}, "invalid_proof"),
        ({"iat": None}, "invalid_proof"),
        ({"nonce": None}, "invalid_nonce"),
        ({"nonce": "1.made-up.nonce"}, "invalid_nonce"),
    ],
)
def test_proof_claims_that_do_not_hold_are_refused(vci_app, wallet, holder, changes, error):
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    claims = {"nonce": wallet.nonce(), **changes}
    jwt = proof(holder, claims.pop("nonce"), claims.pop("aud", wallet.audience), **claims)
    response = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
    assert response.status_code == 400 and response.json["error"] == error
    assert response.json["error_description"]


def test_a_stale_nonce_is_refused(vci_app, wallet, holder):
    from wallet.credentials import issuance_proofs

    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    stale = issuance_proofs.new_nonce(
        vci_app.config["SECRET_KEY"].encode(), time.time() - 600
    )
    jwt = proof(holder, stale, wallet.audience)
    assert wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]}).json[
        "error"
    ] == "invalid_nonce"


def test_a_nonce_is_used_once(vci_app, wallet, holder):
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    jwt = proof(holder, wallet.nonce(), wallet.audience)
    assert wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]}).status_code == 200
    again = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
    assert again.status_code == 400 and again.json["error"] == "invalid_nonce"
    twice = proof(holder, wallet.nonce(), wallet.audience)
    both = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [twice, twice]})
    assert both.json["error"] == "invalid_nonce"


def test_a_proof_signed_by_another_key_is_refused(vci_app, wallet, holder):
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    other = generate_private_key("P-256")
    header = {"typ": "openid4vci-proof+jwt", "jwk": public_jwk(other)}
    jwt = proof(holder, wallet.nonce(), wallet.audience, header=header)
    response = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
    assert response.json["error"] == "invalid_proof"
    assert "signature" in response.json["error_description"]


@pytest.mark.parametrize(
    "header",
    [
        {"typ": "JWT"},
        {"typ": "openid4vci-proof+jwt"},  # neither kid nor jwk
        {"typ": "openid4vci-proof+jwt", "kid": "did:web:example.com#key-1"},
    ],
)
def test_proof_headers_that_do_not_hold_are_refused(vci_app, wallet, holder, header):
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    fields = {"jwk": public_jwk(holder), **header} if header == {"typ": "JWT"} else header
    jwt = proof(holder, wallet.nonce(), wallet.audience, header=fields)
    response = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
    assert response.json["error"] == "invalid_proof"


@pytest.mark.parametrize("proofs", [None, {}, {"jwt": []}, {"jwt": "x"}, {"ldp_vp": [{}]},
                                    {"jwt": ["not.a.jwt"]}])
def test_missing_or_malformed_proofs_are_invalid_proof(vci_app, wallet, proofs):
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    response = wallet.credential(access, "OpenBadgeCredential_jwt", proofs)
    assert response.status_code == 400 and response.json["error"] == "invalid_proof"


def test_credential_requests_need_a_valid_token_and_an_offered_configuration(vci_app, wallet, holder):
    jwt = proof(holder, wallet.nonce(), wallet.audience)
    for token in (None, "made-up"):
        response = wallet.credential(token, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
        assert response.status_code == 401 and response.json["error"] == "invalid_token"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    _, code, _ = offer(vci_app, SLUG, "--configuration", "LearningCredential_sd_jwt")
    access = wallet.access(code)
    response = wallet.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
    assert response.json["error"] == "unknown_credential_configuration"
    response = wallet.client.post(
        f"{wallet.path}/credential", json=["x"], headers={"Authorization": f"Bearer {access}"}
    )
    assert response.json["error"] == "invalid_credential_request"


def test_a_token_works_only_at_its_own_issuer(vci_app, wallet, holder):
    _, code, _ = offer(vci_app, SLUG)
    access = wallet.access(code)
    elsewhere = TestWallet(vci_app.test_client(), vci_app, ED25519_SLUG)
    jwt = proof(holder, elsewhere.nonce(), elsewhere.audience)
    response = elsewhere.credential(access, "OpenBadgeCredential_jwt", {"jwt": [jwt]})
    assert response.status_code == 401


def test_learning_claims_come_only_from_what_the_document_states(vci_app):
    from wallet.issuing.demo_issuers import load_issuer
    from wallet.issuing.vci_credentials import learning_claims

    with vci_app.app_context():
        issuer = load_issuer(SLUG)
        claims = learning_claims(issuer, {"name": "Kurs", "credentialSubject": {
            "identifier": "Amina", "achievement": ["not", "an", "object"]}})
    assert claims["achievement_title"] == "Kurs"
    assert claims["issuing_authority"] == "Nordiska Textilakademin"
    assert not {"given_name", "learning_outcomes", "expected_study_time"} & claims.keys()
