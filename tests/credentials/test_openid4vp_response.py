"""Answering an OpenID4VP request: presentations per format, the three response modes."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from joserfc import jwe
from joserfc.jwk import ECKey
from support.data_integrity import DATA_INTEGRITY_V1_CONTEXT
from support.data_integrity import add_proof
from support.data_integrity import di_credential
from support.data_integrity import with_suite_context
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.issuers import vcdm11_credential
from support.node_openid4vp_verifier import npm_ldp_presentation
from support.openid4vp import NONCE
from support.openid4vp import RESPONSE_URI
from support.openid4vp import STATE
from support.openid4vp import StubHttp
from support.openid4vp import link
from support.openid4vp import unsigned_request
from support.sd_jwt import LEARNING_CREDENTIAL
from support.sd_jwt import bound_learning_credential

from wallet.credentials import CredentialError
from wallet.credentials import KeyResolver
from wallet.credentials import Shape
from wallet.credentials import did_key
from wallet.credentials import parse_credential
from wallet.credentials import verify_presentation
from wallet.credentials.fetch import HttpAnswer
from wallet.credentials.openid4vp import build_response
from wallet.credentials.openid4vp import candidate_from
from wallet.credentials.openid4vp import declined
from wallet.credentials.openid4vp import match
from wallet.credentials.openid4vp import read_request
from wallet.credentials.openid4vp import send
from wallet.credentials.openid4vp import submission
from wallet.credentials.openid4vp.ldp_presentation import open_ldp_presentation
from wallet.credentials.parse import VCDM_V1
from wallet.credentials.sd_jwt_presentation import check_key_binding

CLIENT_ID = f"redirect_uri:{RESPONSE_URI}"
HOLDER = private_key("P-256", 42)
HOLDER_DID = did_key(HOLDER)


def request_for(dcql_query=None, **changes):
    params = unsigned_request(**changes) if dcql_query is None else unsigned_request(dcql_query=dcql_query, **changes)
    return read_request(link(params), None, KeyResolver(), (), NOW)


def answer(request, wallet):
    result = match(request.query, wallet)
    chosen = {q.query.id: q.selections[:1] for q in result.queries if q.selections}
    return build_response(request, chosen, HOLDER, HOLDER_DID, NOW)


def test_sd_jwt_carries_only_requested_disclosures_and_key_binding():
    request = request_for()
    vp_token = answer(request, [candidate_from("1", bound_learning_credential(HOLDER).token)])
    [presented] = vp_token["learning"]
    credential = parse_credential(presented)
    assert credential.document["given_name"] == "Anna" and credential.document["family_name"] == "Andersson"
    assert "assessment_grade" not in credential.document and "learning_outcomes" not in credential.document
    assert check_key_binding(credential, audience=CLIENT_ID, nonce=NONCE, now=NOW) is None


def test_array_elements_disclosed_by_path():
    query = {"credentials": [{"id": "q", "format": "dc+sd-jwt", "meta": {"vct_values": [LEARNING_CREDENTIAL]},
                              "claims": [{"path": ["learning_outcomes", 1]}]}]}
    vp_token = answer(request_for(query), [candidate_from("1", bound_learning_credential(HOLDER).token)])
    assert parse_credential(vp_token["q"][0]).document["learning_outcomes"] == ["Laga revor med maskin"]


def test_jwt_vc_becomes_a_vp_jwt_for_the_client_and_nonce():
    issuer = did_key_issuer("Ed25519", 3)
    query = {"credentials": [{"id": "badge", "format": "jwt_vc_json",
                              "meta": {"type_values": [["VerifiableCredential"]]}}]}
    token = issuer.issue(shape=Shape.VC_JWT_11)
    vp_token = answer(request_for(query), [candidate_from("1", token)])
    check = verify_presentation(vp_token["badge"][0], audience=CLIENT_ID, nonce=NONCE, now=NOW,
                                resolver=KeyResolver())
    assert check.valid and check.holder_did == HOLDER_DID and check.holds(token)


def test_ldp_vc_becomes_a_data_integrity_presentation():
    issuer = did_key_issuer("Ed25519", 3)
    query = {"credentials": [{"id": "badge", "format": "ldp_vc",
                              "meta": {"type_values": [["VerifiableCredential"]]}}]}
    presented = answer(request_for(query), [candidate_from("1", di_credential(issuer))])["badge"][0]
    proof = presented["proof"]
    assert presented["holder"] == HOLDER_DID and presented["type"] == ["VerifiablePresentation"]
    assert (proof["proofPurpose"], proof["challenge"], proof["domain"]) == ("authentication", NONCE, CLIENT_ID)
    assert proof["verificationMethod"].startswith(HOLDER_DID)


def test_direct_post_form_and_redirect_answer():
    request = request_for()
    vp_token = answer(request, [candidate_from("1", bound_learning_credential(HOLDER).token)])
    posted = submission(request, vp_token)
    assert (posted.method, posted.url, posted.form["state"]) == ("post", RESPONSE_URI, STATE)
    assert json.loads(posted.form["vp_token"]) == vp_token
    http = StubHttp({RESPONSE_URI: b'{"redirect_uri": "https://verifier.example/done#c=1"}'})
    assert send(posted, http) == "https://verifier.example/done#c=1"
    for body in (b'{"redirect_uri": "javascript:alert(1)"}', b"", b"not json", b"{}"):
        assert send(posted, StubHttp({RESPONSE_URI: body})) is None
    with pytest.raises(CredentialError) as caught:
        send(posted, StubHttp({RESPONSE_URI: HttpAnswer(400, b'{"error": "invalid_request"}')}))
    assert caught.value.code == "present.submission_refused"


def test_direct_post_jwt_is_encrypted_to_the_verifiers_key():
    key = ECKey.generate_key("P-256", {"alg": "ECDH-ES", "kid": "enc-1", "use": "enc"})
    metadata = {"jwks": {"keys": [key.as_dict(private=False)]},
                "encrypted_response_enc_values_supported": ["A256GCM"]}
    request = request_for(response_mode="direct_post.jwt", client_metadata=metadata)
    vp_token = answer(request, [candidate_from("1", bound_learning_credential(HOLDER).token)])
    posted = submission(request, vp_token)
    opened = jwe.decrypt_compact(posted.form["response"], key)
    assert opened.headers()["enc"] == "A256GCM" and opened.headers()["kid"] == "enc-1"
    assert json.loads(opened.plaintext) == {"vp_token": vp_token, "state": STATE}


@pytest.mark.parametrize("metadata", [
    {},
    {"jwks": {"keys": [{"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "use": "sig", "alg": "ECDH-ES"}]}},
    {"jwks": {"keys": [{"kty": "EC", "crv": "P-256", "x": "a", "y": "b"}]}},  # no alg
    {"jwks": {"keys": [{"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "alg": "ECDH-ES"}]},
     "encrypted_response_enc_values_supported": ["XC20P"]},
])
def test_no_usable_encryption_key_is_refused(metadata):
    request = request_for(response_mode="direct_post.jwt", client_metadata=metadata)
    with pytest.raises(CredentialError) as caught:
        submission(request, {"learning": ["x"]})
    assert caught.value.code == "present.no_encryption_key"


def test_fragment_answer_redirects_to_the_declared_redirect_uri():
    request = request_for(response_mode="fragment", response_uri=None, redirect_uri=RESPONSE_URI)
    sent = submission(request, {"learning": ["token~"]})
    assert sent.method == "redirect" and sent.url.startswith(RESPONSE_URI + "#")
    fields = urllib.parse.parse_qs(urllib.parse.urlsplit(sent.url).fragment)
    assert json.loads(fields["vp_token"][0]) == {"learning": ["token~"]} and fields["state"] == [STATE]


def test_declining_sends_access_denied():
    assert declined(request_for()).form == {"error": "access_denied", "state": STATE}


def test_choices_that_do_not_answer_the_query_are_refused():
    request = request_for()
    wallet = [candidate_from(str(i), bound_learning_credential(HOLDER).token) for i in range(2)]
    selections = match(request.query, wallet).for_query("learning").selections
    for chosen, reason in [({}, "unanswered"), ({"other": selections[:1]}, "unknown_query"),
                           ({"learning": selections}, "multiple")]:
        with pytest.raises(CredentialError) as caught:
            build_response(request, chosen, HOLDER, HOLDER_DID, NOW)
        assert caught.value.params["reason"] == reason


LDP_QUERY = {"credentials": [{"id": "badge", "format": "ldp_vc",
                              "meta": {"type_values": [["VerifiableCredential"]]}}]}


def test_ldp_vc_presentation_proof_verifies_with_digital_bazaar():
    """Digital Bazaar's vc.verify (npm @digitalbazaar/vc 7.3.0) checks the holder's proof with
    the request's nonce as challenge and client_id as domain, and the issuer's proof inside."""
    issuer = did_key_issuer("Ed25519", 3)
    wallet = [candidate_from("1", di_credential(issuer))]
    presented = answer(request_for(LDP_QUERY), wallet)["badge"][0]
    assert npm_ldp_presentation(presented, NONCE, CLIENT_ID) == {
        "verified": True, "presentation_verified": True, "credentials_verified": [True]}
    for challenge, domain, why in [("another-nonce", CLIENT_ID, "challenge"),
                                   (NONCE, "redirect_uri:https://elsewhere.example/", "domain")]:
        refused = npm_ldp_presentation(presented, challenge, domain)
        assert not refused["verified"] and f"The {why} is not as expected" in refused["error"]
    forged = json.loads(json.dumps(presented))
    forged["holder"] = did_key(private_key("P-256", 43))
    assert not npm_ldp_presentation(forged, NONCE, CLIENT_ID)["presentation_verified"]


def test_vcdm_1_1_ldp_vc_presentation_defines_its_proof_terms():
    """A VCDM 1.1 credential's presentation adds the Data Integrity context its holder proof
    needs (the credentials/v1 context lacks DataIntegrityProof); our own verifier accepts it."""
    issuer = did_key_issuer("Ed25519", 3)
    document = with_suite_context(vcdm11_credential(issuer.did), "eddsa-rdfc-2022")
    credential = json.dumps(add_proof(document, issuer.key, issuer.kid, "eddsa-rdfc-2022"))
    presented = answer(request_for(LDP_QUERY), [candidate_from("1", credential)])["badge"][0]
    assert presented["@context"] == [VCDM_V1, DATA_INTEGRITY_V1_CONTEXT]
    opened = open_ldp_presentation(presented, KeyResolver(), challenge=NONCE, domain=CLIENT_ID)
    assert opened.holder_did == HOLDER_DID and len(opened.credentials) == 1
