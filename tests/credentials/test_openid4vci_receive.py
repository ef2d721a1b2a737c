"""The pre-authorized code flow against a scripted issuer (no network): what the wallet sends,
the proof it signs, and every answer of the issuer turned into a code the learner can act on."""

from __future__ import annotations

import datetime
import json

import pytest
from support.issuers import private_key
from support.scripted_vci import ISSUER
from support.scripted_vci import SERVER_METADATA
from support.scripted_vci import ScriptedIssuer
from support.scripted_vci import configuration

from wallet.credentials import CredentialError
from wallet.credentials import did_key
from wallet.credentials import jose
from wallet.credentials.did import key_from_multikey
from wallet.credentials.openid4vci import Holder
from wallet.credentials.openid4vci import choose_configuration
from wallet.credentials.openid4vci import receive_credentials
from wallet.credentials.openid4vci.metadata import IssuerMetadata
from wallet.credentials.openid4vci.offer import offer_from_document
from wallet.credentials.openid4vci.proof import proof_algorithm

PRE = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
NOW = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


def setting(offer_tx_code: dict | None = None, with_nonce: bool = True, **config):
    grant = {"pre-authorized_code": "pre-1"} | ({"tx_code": offer_tx_code} if offer_tx_code else {})
    offer = offer_from_document({"credential_issuer": ISSUER, "credential_configuration_ids": ["c"],
                                 "grants": {PRE: grant}})
    document = {"credential_issuer": ISSUER, "credential_endpoint": f"{ISSUER}/credential",
                "credential_configurations_supported": {"c": configuration(**config)}}
    if with_nonce:
        document["nonce_endpoint"] = f"{ISSUER}/nonce"
    metadata = IssuerMetadata(document)
    return offer, metadata, choose_configuration(offer, metadata, "en")


@pytest.fixture
def holder() -> Holder:
    key = private_key("Ed25519", 7)
    return Holder(key, did_key(key.public_key()))


def receive(http, holder, code=None, **setting_options):
    offer, metadata, offered = setting(**setting_options)
    return receive_credentials(offer, metadata, offered, holder, tx_code=code, http=http, now=NOW)


def refusal(http, holder, **options) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        receive(http, holder, **options)
    return raised.value


def test_the_flow_sends_the_grant_the_nonce_and_a_proof_of_the_learners_key(holder):
    http = ScriptedIssuer()
    assert receive(http, holder) == ["eyJ.a.b"]
    [(_, form, _, _)] = http.sent_to("/token")
    assert form == {"grant_type": PRE, "pre-authorized_code": "pre-1"}
    [(_, _, body, headers)] = http.sent_to("/credential")
    assert headers == {"Authorization": "Bearer at-1"}
    assert body["credential_configuration_id"] == "c"
    [proof] = body["proofs"]["jwt"]
    header, claims = jose.decode_compact(proof)
    assert header == {"alg": "EdDSA", "typ": "openid4vci-proof+jwt", "kid": holder.kid}
    assert claims == {"aud": ISSUER, "iat": int(NOW.timestamp()), "nonce": "n-1"}
    did = header["kid"].split("#")[0]
    jose.verify_signature(proof, key_from_multikey(did.removeprefix("did:key:")), "EdDSA")


def test_the_transaction_code_is_sent_with_the_grant(holder):
    http = ScriptedIssuer()
    receive(http, holder, code=" 4821 ", offer_tx_code={"length": 4})
    assert http.sent_to("/token")[0][1]["tx_code"] == "4821"


def test_an_offer_with_a_transaction_code_needs_one_before_anything_is_sent(holder):
    http = ScriptedIssuer()
    assert refusal(http, holder, offer_tx_code={"length": 4}).code == "offer.tx_code_missing"
    assert http.posts == []


@pytest.mark.parametrize("description, offer_tx_code, expected", [
    ("Invalid 'tx_code' provided", {"length": 4}, "offer.tx_code_wrong"),
    ("Expired 'pre-authorized_code' provided", {"length": 4}, "offer.code_expired"),
    ("", {"length": 4}, "offer.tx_code_or_expired"),
    ("", None, "offer.code_expired"),
])
def test_an_invalid_grant_says_what_the_learner_can_do(holder, description, offer_tx_code, expected):
    answer = (400, {"error": "invalid_grant", "error_description": description})
    http = ScriptedIssuer(**{"/token": [answer]})
    problem = refusal(http, holder, code="1234", offer_tx_code=offer_tx_code)
    assert problem.code == expected


def test_other_token_errors_are_refusals_with_the_issuers_code(holder):
    http = ScriptedIssuer(**{"/token": [(400, {"error": "invalid_client"})]})
    problem = refusal(http, holder)
    assert (problem.code, problem.params["error"]) == ("offer.refused", "invalid_client")


def test_a_token_answer_that_is_not_json_is_a_refusal(holder):
    http = ScriptedIssuer(**{"/token": [(502, b"<html>Bad gateway</html>")]})
    assert refusal(http, holder).params["error"] == "not_json"


def test_a_token_without_an_access_token_is_a_refusal(holder):
    http = ScriptedIssuer(**{"/token": [(200, {"token_type": "Bearer"})]})
    assert refusal(http, holder).params["error"] == "no_access_token"


def test_a_dpop_bound_token_is_not_supported_yet(holder):
    http = ScriptedIssuer(**{"/token": [(200, {"access_token": "a", "token_type": "DPoP"})]})
    assert refusal(http, holder).params["reason"] == "token_type"


def test_a_nonce_refused_is_retried_once_with_a_fresh_one(holder):
    http = ScriptedIssuer(**{"/credential": [(400, {"error": "invalid_nonce"}),
                                              (200, {"credentials": [{"credential": "x.y.z"}]})]})
    assert receive(http, holder) == ["x.y.z"]
    nonces = [jose.decode_compact(body["proofs"]["jwt"][0]).claims["nonce"]
              for _, _, body, _ in http.sent_to("/credential")]
    assert nonces == ["n-1", "n-2"]


def test_a_proof_refused_twice_is_a_refusal(holder):
    http = ScriptedIssuer(**{"/credential": [(400, {"error": "invalid_proof"})]})
    problem = refusal(http, holder)
    assert (problem.code, problem.params["error"]) == ("offer.refused", "invalid_proof")
    assert len(http.sent_to("/credential")) == 2


def test_without_a_nonce_endpoint_the_tokens_nonce_or_none_is_used(holder):
    http = ScriptedIssuer(**{"/token": [(200, {"access_token": "a", "token_type": "bearer",
                                                "c_nonce": "from-token"})]})
    receive(http, holder, with_nonce=False)
    proof = http.sent_to("/credential")[0][2]["proofs"]["jwt"][0]
    assert jose.decode_compact(proof).claims["nonce"] == "from-token"
    assert http.sent_to("/nonce") == []


def test_a_nonce_endpoint_without_a_nonce_is_a_refusal(holder):
    http = ScriptedIssuer(**{"/nonce": [(200, {})]})
    assert refusal(http, holder).params["error"] == "no_nonce"


def test_an_issuer_taking_jwk_only_gets_the_key_itself(holder):
    http = ScriptedIssuer()
    receive(http, holder, cryptographic_binding_methods_supported=["jwk"])
    header = jose.decode_compact(http.sent_to("/credential")[0][2]["proofs"]["jwt"][0]).header
    assert "kid" not in header and header["jwk"]["kty"] == "OKP"


def test_a_credential_without_proof_types_is_asked_for_without_a_proof(holder):
    http = ScriptedIssuer()
    offer, metadata, offered = setting()
    offered.configuration.pop("proof_types_supported")
    receive_credentials(offer, metadata, offered, holder, tx_code=None, http=http, now=NOW)
    assert "proofs" not in http.sent_to("/credential")[0][2]


@pytest.mark.parametrize("accepted, chosen", [
    (["ES256", "EdDSA"], "EdDSA"), (["Ed25519"], "Ed25519"),
])
def test_the_proof_algorithm_is_named_as_the_issuer_names_it(accepted, chosen):
    assert proof_algorithm(private_key("Ed25519", 7), tuple(accepted)) == chosen


def test_an_issuer_taking_no_algorithm_our_key_signs_with_is_refused(holder):
    problem = refusal(ScriptedIssuer(), holder, proof_types_supported={
        "jwt": {"proof_signing_alg_values_supported": ["RS256"]}})
    assert (problem.code, problem.params["reason"]) == ("offer.unsupported", "proof_algorithm")


def test_a_proof_type_other_than_jwt_only_is_refused(holder):
    problem = refusal(ScriptedIssuer(), holder, proof_types_supported={"attestation": {}})
    assert problem.params["reason"] == "proof_type"


def test_a_batch_and_a_data_integrity_credential_are_returned_as_text(holder):
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": {"type": "x"}}
    http = ScriptedIssuer(**{"/credential": [(200, {"credentials": [
        {"credential": "a.b.c"}, {"credential": document}]})]})
    first, second = receive(http, holder)
    assert first == "a.b.c" and json.loads(second) == document


@pytest.mark.parametrize("answer, expected", [
    ((200, {"credentials": []}), ("offer.refused", "error", "no_credentials")),
    ((200, {"credentials": [{"credential": 7}]}), ("offer.refused", "error", "no_credentials")),
    ((200, {"credential": "old-draft"}), ("offer.refused", "error", "no_credentials")),
    ((401, {"error": "invalid_token"}), ("offer.refused", "error", "invalid_token")),
])
def test_credential_answers_we_cannot_use_are_refused(holder, answer, expected):
    problem = refusal(ScriptedIssuer(**{"/credential": [answer]}), holder)
    code, name, value = expected
    assert (problem.code, problem.params[name]) == (code, value)


def test_the_authorization_server_named_by_the_issuer_is_asked_for_its_token_endpoint(holder):
    http = ScriptedIssuer()
    other = "https://login.skelleftea.se"
    http.documents[f"{other}/.well-known/oauth-authorization-server"] = {
        "issuer": other, "token_endpoint": f"{other}/oauth/token"}
    http.answers["/oauth/token"] = http.answers["/token"]
    offer, metadata, offered = setting()
    metadata.document["authorization_servers"] = [other]
    receive_credentials(offer, metadata, offered, holder, tx_code=None, http=http, now=NOW)
    assert http.sent_to("/oauth/token") and not http.sent_to("/token")


def test_an_openid_configuration_is_read_when_there_is_no_oauth_metadata(holder):
    http = ScriptedIssuer()
    http.documents = {f"{ISSUER}/.well-known/openid-configuration": SERVER_METADATA}
    assert receive(http, holder) == ["eyJ.a.b"]


def test_authorization_server_metadata_for_another_server_is_refused(holder):
    http = ScriptedIssuer()
    http.documents = {f"{ISSUER}/.well-known/oauth-authorization-server":
                      SERVER_METADATA | {"issuer": "https://elsewhere.example"}}
    assert refusal(http, holder).params["reason"] == "authorization_server"


def test_no_authorization_server_metadata_at_all_is_a_fetch_failure(holder):
    http = ScriptedIssuer()
    http.documents = {}
    assert refusal(http, holder).code == "resolution.fetch_failed"


def test_without_a_nonce_endpoint_a_fresh_nonce_in_the_refusal_is_used(holder):
    http = ScriptedIssuer(**{
        "/token": [(200, {"access_token": "a", "token_type": "Bearer", "c_nonce": "old"})],
        "/credential": [(400, {"error": "invalid_nonce", "c_nonce": "fresh"}),
                        (200, {"credentials": [{"credential": "x.y.z"}]})]})
    assert receive(http, holder, with_nonce=False) == ["x.y.z"]
    proofs = [body["proofs"]["jwt"][0] for _, _, body, _ in http.sent_to("/credential")]
    assert [jose.decode_compact(p).claims["nonce"] for p in proofs] == ["old", "fresh"]


def test_a_refusal_that_is_not_a_json_object_is_not_retried(holder):
    http = ScriptedIssuer(**{"/credential": [(400, b"[1, 2]")]})
    assert refusal(http, holder).params["error"] == "not_json"
    assert len(http.sent_to("/credential")) == 1
