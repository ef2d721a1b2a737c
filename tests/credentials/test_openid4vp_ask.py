"""The portal's OpenID4VP request: DCQL asks, the signed request object and its link."""

from __future__ import annotations

import datetime
import urllib.parse

import pytest
from support.issuers import NOW
from support.issuers import did_jwk_issuer
from support.openid4vp_holder import PORTAL
from support.openid4vp_holder import REQUEST_URI
from support.openid4vp_holder import RESPONSE_URI
from support.openid4vp_holder import portal_request
from support.sd_jwt import leaf_certificate
from support.sd_jwt import self_signed_certificate
from support.sd_jwt import x5c

from wallet.credentials import CredentialError
from wallet.credentials import KeyResolver
from wallet.credentials import jose
from wallet.credentials.openid4vp.ask import REQUEST_LIFETIME
from wallet.credentials.openid4vp.ask import VerifierRequest
from wallet.credentials.openid4vp.ask import new_request
from wallet.credentials.openid4vp.ask import request_link
from wallet.credentials.openid4vp.ask import sign_request_object
from wallet.credentials.openid4vp.ask import x509_client_id
from wallet.credentials.openid4vp.ask_queries import LEARNING_CREDENTIAL
from wallet.credentials.openid4vp.ask_queries import OPEN_BADGE_IRI
from wallet.credentials.openid4vp.ask_queries import ask_for
from wallet.credentials.openid4vp.dcql import parse_query

LEARNING = ask_for("eu_learning_credential", [["given_name"], ["learning_outcomes", None]])


def signed_claims(request: VerifierRequest) -> tuple[dict, dict]:
    """The request object's header and claims, once its signature held with the DID's key."""
    token = sign_request_object(request, PORTAL.key, kid=PORTAL.kid)
    header, claims = jose.decode_compact(token)
    key, details = KeyResolver(None).resolve_issuer_key(PORTAL.did, header)
    jose.verify_signature(token, key, details.algorithm)
    return header, claims


def test_the_request_object_is_signed_by_the_portals_did_key():
    request = portal_request(LEARNING)
    header, claims = signed_claims(request)
    assert header == {"alg": "ES256", "typ": "oauth-authz-req+jwt", "kid": PORTAL.kid}
    assert claims["client_id"] == f"decentralized_identifier:{PORTAL.did}"
    assert claims["aud"] == "https://self-issued.me/v2"
    assert (claims["response_type"], claims["response_mode"]) == ("vp_token", "direct_post.jwt")
    assert claims["response_uri"] == RESPONSE_URI
    assert (claims["nonce"], claims["state"]) == (request.nonce, request.state)
    assert claims["dcql_query"] == LEARNING


def test_the_request_offers_a_public_key_of_its_own_for_the_encrypted_answer():
    metadata = signed_claims(portal_request(LEARNING))[1]["client_metadata"]
    [key] = metadata["jwks"]["keys"]
    assert (key["kty"], key["crv"], key["alg"], key["use"]) == ("EC", "P-256", "ECDH-ES", "enc")
    assert "d" not in key and key["kid"]
    assert metadata["encrypted_response_enc_values_supported"] == ["A128GCM", "A256GCM"]
    assert set(metadata["vp_formats_supported"]) == {"dc+sd-jwt"}  # only the formats asked for
    other = signed_claims(portal_request(LEARNING))[1]["client_metadata"]["jwks"]["keys"][0]
    assert other["x"] != key["x"]


def test_nonce_and_state_are_fresh_and_long_every_time():
    requests = [portal_request(LEARNING) for _ in range(20)]
    values = [r.nonce for r in requests] + [r.state for r in requests]
    assert len(set(values)) == 40
    assert all(len(jose.b64url_decode(value)) >= 16 for value in values)  # ≥ 128 bits


def test_the_request_expires_shortly():
    request = portal_request(LEARNING)
    claims = signed_claims(request)[1]
    assert request.expires_at - request.created_at == REQUEST_LIFETIME
    assert REQUEST_LIFETIME <= datetime.timedelta(minutes=10)
    assert claims["exp"] - claims["iat"] == REQUEST_LIFETIME.total_seconds()
    assert claims["iat"] == int(NOW.timestamp())


def test_a_plain_direct_post_request_offers_no_encryption_key():
    request = portal_request(LEARNING, response_mode="direct_post")
    assert "jwks" not in signed_claims(request)[1]["client_metadata"]


def test_a_did_client_signs_with_a_key_of_its_own_did():
    other = did_jwk_issuer("P-256", slot=8)
    with pytest.raises(ValueError, match="DID URL"):
        sign_request_object(portal_request(LEARNING), other.key, kid=other.kid)
    with pytest.raises(ValueError, match="DID URL"):
        sign_request_object(portal_request(LEARNING), PORTAL.key, kid=None)


def test_an_x509_client_signs_with_its_certificate_chain():
    root = did_jwk_issuer("P-256", slot=9).key
    chain = x5c(leaf_certificate(PORTAL.key, root, "Test CA", dns="portal.example"),
                self_signed_certificate(root, "Test CA"))
    request = new_request(x509_client_id("portal.example"), RESPONSE_URI, LEARNING, NOW)
    header, claims = jose.decode_compact(sign_request_object(request, PORTAL.key, x5c=chain))
    assert header["x5c"] == chain and "kid" not in header
    assert claims["client_id"] == "x509_san_dns:portal.example"
    with pytest.raises(ValueError, match="x5c"):
        sign_request_object(request, PORTAL.key)


def test_the_link_carries_the_client_id_and_request_uri():
    link = request_link(f"decentralized_identifier:{PORTAL.did}", REQUEST_URI)
    assert link.startswith("openid4vp://?")
    parameters = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert parameters == {"client_id": [f"decentralized_identifier:{PORTAL.did}"],
                          "request_uri": [REQUEST_URI]}


def test_a_request_is_kept_and_read_back_as_plain_data():
    request = portal_request(LEARNING, issuers=["did:web:skola.example"])
    assert VerifierRequest.from_record(request.as_record()) == request


def test_the_learning_credential_is_asked_as_an_sd_jwt_with_the_claims_picked():
    [query] = LEARNING["credentials"]
    assert query["format"] == "dc+sd-jwt"
    assert query["meta"] == {"vct_values": [LEARNING_CREDENTIAL]}
    assert query["claims"] == [{"path": ["given_name"]}, {"path": ["learning_outcomes", None]}]
    assert "credential_sets" not in LEARNING


def test_an_open_badge_in_either_w3c_format_satisfies_the_ask():
    query = ask_for("open_badge", [["credentialSubject", "achievement", "name"]])
    formats = [(q["id"], q["format"]) for q in query["credentials"]]
    assert formats == [("open_badge_jwt", "jwt_vc_json"), ("open_badge_ldp", "ldp_vc")]
    assert all(OPEN_BADGE_IRI in q["meta"]["type_values"][0] for q in query["credentials"])
    assert query["credential_sets"] == [
        {"options": [["open_badge_jwt"], ["open_badge_ldp"]], "required": True}
    ]
    parse_query(query)  # valid DCQL as the wallet's side reads it


def test_any_credential_is_asked_in_every_format_we_verify():
    query = ask_for("any")
    assert [q["format"] for q in query["credentials"]] == ["dc+sd-jwt", "jwt_vc_json", "ldp_vc"]
    assert all("claims" not in q for q in query["credentials"])
    assert len(query["credential_sets"][0]["options"]) == 3


def test_a_named_issuer_is_only_a_hint_for_sd_jwt_wallets():
    query = ask_for("any", issuers=["did:web:skola.example"])
    sd_jwt, jwt_vc, ldp_vc = query["credentials"]
    assert sd_jwt["claims"] == [{"path": ["iss"], "values": ["did:web:skola.example"]}]
    assert "claims" not in jwt_vc and "claims" not in ldp_vc  # DCQL has no way to say it


def test_what_cannot_be_asked_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        ask_for("diploma")
    with pytest.raises(CredentialError) as refused:
        ask_for("eu_learning_credential", [["given_name", -1]])
    assert refused.value.code == "present.query_invalid"
