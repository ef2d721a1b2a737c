"""Reading a wallet's answer to the portal's OpenID4VP request: what is accepted, what refused."""

from __future__ import annotations

import datetime

import pytest
from support.issuers import NOW
from support.issuers import achievement_credential
from support.issuers import did_jwk_issuer
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.openid4vp_holder import PORTAL
from support.openid4vp_holder import REQUEST_URI
from support.openid4vp_holder import encrypted
from support.openid4vp_holder import node_holder_answer
from support.openid4vp_holder import portal_request
from support.openid4vp_holder import sd_jwt_answer
from support.sd_jwt import bound_learning_credential
from support.sd_jwt import disclosure
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import CredentialError
from wallet.credentials import KeyResolver
from wallet.credentials import Shape
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials import issue_credential
from wallet.credentials import sign_presentation
from wallet.credentials import verify_credential
from wallet.credentials.data_integrity import add_proof
from wallet.credentials.openid4vp.answer import read_answer
from wallet.credentials.openid4vp.ask import request_link
from wallet.credentials.openid4vp.ask import sign_request_object
from wallet.credentials.openid4vp.ask_queries import ask_for
from wallet.credentials.openid4vp.encrypted_answer import new_decryption_key

HOLDER = private_key("P-256", 5)
ASKED = ["given_name", "family_name"]
RESOLVER = KeyResolver(None)


def read(form, request, now=NOW, seen=lambda state: False, trusted=()):
    trust = TrustList(TrustedIssuer(id=i, name="Skolan") for i in trusted)
    return read_answer(
        form, request, now, lambda raw: verify_credential(raw, now, trust, RESOLVER),
        resolver=RESOLVER, seen=seen,
    )


def refused(form, request, **options) -> CredentialError:
    with pytest.raises(CredentialError) as error:
        read(form, request, **options)
    return error.value


@pytest.fixture(scope="module")
def issued():
    return bound_learning_credential(HOLDER)


@pytest.fixture
def request_():
    return portal_request(ask_for("eu_learning_credential", [[name] for name in ASKED]))


def answer(request, issued, **changes):
    return encrypted(request, sd_jwt_answer(request, issued.token, HOLDER, ASKED, **changes))


def test_a_good_answer_shows_only_the_claims_asked_for(request_, issued):
    result = read(answer(request_, issued), request_)
    [presented] = result.presentations["eu_learning_credential_sd_jwt"]
    document = presented.result.credential.document
    assert (document["given_name"], document["family_name"]) == ("Anna", "Andersson")
    assert not {"assessment_grade", "learning_outcomes", "expected_study_time"} & document.keys()
    assert presented.binding == "subject"  # the key-binding JWT by the issuer-bound key
    last = presented.result.checks[-1]
    assert (last.code, last.status) == ("request.matched", "passed")
    assert result.verdict == "warning"  # an issuer outside the test's trust list


def test_the_answer_is_checked_like_a_share(request_, issued):
    issuer = verify_credential(issued.token, NOW, TrustList(()), RESOLVER).credential.issuer_id
    assert read(answer(request_, issued), request_, trusted=[issuer]).verdict == "verified"


@pytest.mark.parametrize("change, code", [
    ({"nonce": "another-request"}, "present.wrong_nonce"),
    ({"audience": "decentralized_identifier:did:web:elsewhere.example"}, "present.wrong_audience"),
    ({"now": NOW - datetime.timedelta(minutes=5)}, "present.stale_proof"),
    ({"query_id": "something_else"}, "present.unknown_query"),
])
def test_a_presentation_made_for_something_else_is_refused(request_, issued, change, code):
    assert refused(answer(request_, issued, **change), request_).code == code


def test_an_answer_for_another_request_is_refused(request_, issued):
    assert refused(answer(request_, issued, state="x" * 43), request_).code == "present.wrong_state"


def test_an_sd_jwt_without_key_binding_is_refused(request_, issued):
    parameters = sd_jwt_answer(request_, issued.token, HOLDER, ASKED)
    [presented] = parameters["vp_token"]["eu_learning_credential_sd_jwt"]
    without = presented[: presented.rindex("~") + 1]
    parameters["vp_token"]["eu_learning_credential_sd_jwt"] = [without]
    assert refused(encrypted(request_, parameters), request_).code == "present.key_binding_missing"


def test_a_tampered_disclosure_is_refused(request_, issued):
    parameters = sd_jwt_answer(request_, issued.token, HOLDER, ASKED)
    [presented] = parameters["vp_token"]["eu_learning_credential_sd_jwt"]
    forged_name = disclosure("given_name", "Eve")
    tampered = presented.replace(issued.disclosure_named("given_name"), forged_name)
    parameters["vp_token"]["eu_learning_credential_sd_jwt"] = [tampered]
    error = refused(encrypted(request_, parameters), request_)
    assert error.code == "present.credential_not_genuine"


def test_a_forged_credential_is_refused(request_):
    forger = did_key_issuer("P-256", slot=6)
    payload = learning_credential(did_key_issuer("P-256").did, holder=HOLDER)  # someone else's
    forged = issue_sd_jwt(payload, forger.key, header={"kid": did_key_issuer("P-256").kid})
    error = refused(answer(request_, forged), request_)
    assert (error.code, error.params["reason"]) == (
        "present.credential_not_genuine", "signature.invalid",
    )


def test_a_replayed_answer_is_refused(request_, issued):
    form, answered = answer(request_, issued), set()

    def seen(state):
        was = state in answered
        answered.add(state)
        return was

    read(form, request_, seen=seen)
    assert refused(form, request_, seen=seen).code == "present.answer_replayed"


def test_a_late_answer_is_refused(request_, issued):
    late = request_.expires_at + datetime.timedelta(seconds=1)
    form = answer(request_, issued, now=late)
    assert refused(form, request_, now=late).code == "present.answer_late"


STRANGER = {name: value for name, value in new_decryption_key().items() if name != "d"}


@pytest.mark.parametrize("encryption, code", [
    ({"jwk": STRANGER}, "present.wrong_key"),
    ({"enc": "A192GCM"}, "present.wrong_encryption"),
    ({"zip": "DEF"}, "present.wrong_encryption"),
])
def test_an_answer_encrypted_otherwise_is_refused(request_, issued, encryption, code):
    parameters = sd_jwt_answer(request_, issued.token, HOLDER, ASKED)
    assert refused(encrypted(request_, parameters, **encryption), request_).code == code


def test_an_answer_encrypted_to_another_key_under_our_kid_does_not_decrypt(request_, issued):
    parameters = sd_jwt_answer(request_, issued.token, HOLDER, ASKED)
    form = encrypted(request_, parameters, jwk={**STRANGER, "kid": request_.decryption_key["kid"]})
    assert refused(form, request_).code == "present.undecryptable"


def test_a_plain_answer_to_an_encrypted_request_is_refused(request_, issued):
    parameters = sd_jwt_answer(request_, issued.token, HOLDER, ASKED)
    plain = {"vp_token": str(parameters["vp_token"]), "state": request_.state}
    assert refused(plain, request_).code == "present.answer_not_encrypted"


def test_a_plain_error_from_the_wallet_is_reported(request_):
    form = {"error": "access_denied", "state": request_.state}
    error = refused(form, request_)
    assert (error.code, error.params) == ("present.wallet_error", {"error": "access_denied"})


def test_a_credential_without_the_claims_asked_fails_its_request_check(request_, issued):
    form = encrypted(request_, sd_jwt_answer(request_, issued.token, HOLDER, ["given_name"]))
    [presented] = read(form, request_).credentials
    check = presented.result.checks[-1]
    assert (check.code, check.status, check.params) == (
        "request.claims_missing", "failed", {"paths": [["family_name"]]},
    )
    assert presented.result.verdict == "failed" and presented.result.is_genuine


def test_a_credential_by_an_issuer_not_named_fails_its_request_check(issued):
    request = portal_request(ask_for("eu_learning_credential"), issuers=["did:web:skola.example"])
    form = encrypted(request, sd_jwt_answer(request, issued.token, HOLDER, []))
    check = read(form, request).credentials[0].result.checks[-1]
    assert (check.code, check.status) == ("request.wrong_issuer", "failed")


def test_an_open_badge_in_a_signed_presentation_is_accepted():
    issuer, holder = did_key_issuer("Ed25519", slot=3), did_jwk_issuer("P-256", slot=5)
    badge = issue_credential(achievement_credential(issuer.did, subject_id=holder.did),
                             issuer.key, kid=issuer.kid, shape=Shape.OB3_JWT)
    request = portal_request(ask_for("open_badge"))
    vp = sign_presentation([badge], holder.key, holder_did=holder.did, audience=request.client_id,
                           nonce=request.nonce, expires_at=request.expires_at, now=NOW)
    form = encrypted(request, {"vp_token": {"open_badge_jwt": [vp]}, "state": request.state})
    [presented] = read(form, request).presentations["open_badge_jwt"]
    assert presented.binding == "subject"
    assert presented.result.checks[-1].code == "request.matched"
    other = sign_presentation([badge], holder.key, holder_did=holder.did, audience="elsewhere",
                              nonce=request.nonce, expires_at=request.expires_at, now=NOW)
    form = encrypted(request, {"vp_token": {"open_badge_jwt": [other]}, "state": request.state})
    assert refused(form, request).code == "present.wrong_audience"


def test_an_open_badge_in_a_data_integrity_presentation_is_accepted():
    issuer, holder = did_key_issuer("Ed25519", slot=3), did_key_issuer("Ed25519", slot=4)
    document = achievement_credential(issuer.did, subject_id=holder.did)
    credential = add_proof(document, issuer.key, issuer.kid, created="2025-01-15T09:00:00Z")
    request = portal_request(ask_for("open_badge"))

    def presentation(**proof):
        unsigned = {"@context": document["@context"], "type": ["VerifiablePresentation"],
                    "holder": holder.did, "verifiableCredential": [credential]}
        options = {"proofPurpose": "authentication", "challenge": request.nonce,
                   "domain": request.client_id, **proof}
        vp = add_proof(unsigned, holder.key, holder.kid, **options)
        return encrypted(request, {"vp_token": {"open_badge_ldp": [vp]}, "state": request.state})

    [presented] = read(presentation(), request).credentials
    assert (presented.binding, presented.result.checks[-1].code) == ("subject", "request.matched")
    assert refused(presentation(challenge="old"), request).code == "present.wrong_nonce"
    assert refused(presentation(domain="elsewhere"), request).code == "present.wrong_audience"


def test_an_answer_missing_what_is_required_is_refused():
    request = portal_request(ask_for("open_badge"))
    form = encrypted(request, {"vp_token": {}, "state": request.state})
    assert refused(form, request).code == "present.answer_malformed"


# Interoperability: Animo's @openid4vc/openid4vp wallet side, with @sd-jwt and dcql (npm).

def test_an_npm_holder_reads_our_signed_request_and_its_answer_is_accepted():
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    issuer = did_key_issuer("P-256", slot=2)
    request = portal_request(ask_for("eu_learning_credential", [[name] for name in ASKED]), now)
    payload = {k: v for k, v in learning_credential(issuer.did).items() if isinstance(k, str)}
    payload |= {"given_name": "Anna", "family_name": "Andersson", "assessment_grade": "Godkänd"}
    frame = {"_sd": ["given_name", "family_name", "assessment_grade"]}
    link = request_link(request.client_id, REQUEST_URI)
    request_object = sign_request_object(request, PORTAL.key, kid=PORTAL.kid)
    holder = node_holder_answer(link, request_object, issuer, payload, frame, now)
    client = {"prefix": "decentralized_identifier", "effective": request.client_id}
    assert holder["client"] == client
    assert holder["posted_to"] == request.response_uri
    assert set(holder["form"]) == {"response"}  # direct_post.jwt: all of it encrypted
    assert "assessment_grade" not in holder["disclosed"]
    [presented] = read(holder["form"], request, now=now).presentations[holder["query_id"]]
    assert presented.binding == "subject"
    assert presented.result.credential.document["given_name"] == "Anna"
    response = holder["form"]["response"]
    tampered = response[:-8] + ("B" * 8 if response.endswith("A" * 8) else "A" * 8)
    assert refused({"response": tampered}, request, now=now).code == "present.undecryptable"
