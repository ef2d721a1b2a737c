"""Reading a verifier's OpenID4VP request: forms, client identifier prefixes, every refusal."""

from __future__ import annotations

import datetime

import pytest
from support.issuers import NOW
from support.openid4vp import NAME_QUERY
from support.openid4vp import NONCE
from support.openid4vp import REQUEST_URI
from support.openid4vp import RESPONSE_URI
from support.openid4vp import STATE
from support.openid4vp import StubHttp
from support.openid4vp import did_verifier
from support.openid4vp import link
from support.openid4vp import unsigned_request
from support.openid4vp import x509_verifier

from wallet.credentials import CredentialError
from wallet.credentials import KeyResolver
from wallet.credentials.fetch import HttpAnswer
from wallet.credentials.openid4vp import looks_like_request
from wallet.credentials.openid4vp import read_request


def read(text, http=None, anchors=(), now=NOW):
    return read_request(text, http, KeyResolver(), anchors, now)


def refused(code, text, http=None, anchors=(), now=NOW):
    with pytest.raises(CredentialError) as caught:
        read(text, http, anchors, now)
    assert caught.value.code == code, caught.value.params
    return caught.value


def by_reference(verifier, anchors=(), method=None, **claims):
    http = StubHttp({REQUEST_URI: verifier.request_object(**claims).encode()})
    params = {"client_id": verifier.client_id, "request_uri": REQUEST_URI}
    if method:
        params["request_uri_method"] = method
    return read(link(params), http, anchors), http


@pytest.mark.parametrize("scheme", ["openid4vp://", "eudi-openid4vp://", "haip-vp://",
                                    "https://wallet.example/wallet/present", ""])
def test_unsigned_request_by_value_in_every_form(scheme):
    request = read(link(unsigned_request(), scheme))
    assert request.verifier.prefix == "redirect_uri"
    assert not request.verifier.confirmed and request.verifier.confirmed_name is None
    assert request.answer_host == "verifier.example"
    assert (request.nonce, request.state, request.response_uri) == (NONCE, STATE, RESPONSE_URI)
    assert request.query.credentials[0].id == "learning"
    assert not request.signed
    assert looks_like_request(link(unsigned_request(), scheme))


def test_redirect_uri_verifier_may_leave_out_its_response_uri():
    assert read(link(unsigned_request(response_uri=None))).response_uri == RESPONSE_URI


def test_fragment_mode_answers_to_the_redirect_uri():
    request = read(link(unsigned_request(response_mode=None, response_uri=None, redirect_uri=RESPONSE_URI)))
    assert (request.response_mode, request.redirect_uri) == ("fragment", RESPONSE_URI)


def test_signed_by_did():
    verifier = did_verifier()
    request, http = by_reference(verifier)
    assert request.signed and request.verifier.confirmed
    assert request.verifier.confirmed_name == verifier.client_id.removeprefix("decentralized_identifier:")
    assert http.sent[0][:2] == ("GET", REQUEST_URI)


def test_signed_by_did_jwk_with_ed25519():
    from support.issuers import did_jwk_issuer

    from support.openid4vp import TestVerifier
    issuer = did_jwk_issuer("Ed25519", 8)
    verifier = TestVerifier(issuer.key, f"decentralized_identifier:{issuer.did}", {"kid": issuer.kid})
    assert by_reference(verifier)[0].verifier.identifier == issuer.did


def test_signed_by_x509_chain_to_an_anchor():
    verifier = x509_verifier()
    request = by_reference(verifier, verifier.anchors)[0]
    assert request.verifier.confirmed_name == "verifier.example"


def test_request_uri_method_post_sends_wallet_nonce_and_metadata():
    verifier = did_verifier()

    def answer(form):
        return verifier.request_object(wallet_nonce=form["wallet_nonce"]).encode()

    http = StubHttp({REQUEST_URI: answer})
    params = {"client_id": verifier.client_id, "request_uri": REQUEST_URI, "request_uri_method": "post"}
    assert read(link(params), http).signed
    method, _, form, headers = http.sent[0]
    assert method == "POST" and headers["Accept"] == "application/oauth-authz-req+jwt"
    assert "dc+sd-jwt" in form["wallet_metadata"]


def test_request_object_by_value():
    verifier = did_verifier()
    params = {"client_id": verifier.client_id, "request": verifier.request_object()}
    assert read(link(params)).verifier.confirmed


@pytest.mark.parametrize(("change", "code"), [
    ({"wallet_nonce": "replayed"}, "present.wallet_nonce_mismatch"),
])
def test_wallet_nonce_must_be_repeated(change, code):
    verifier = did_verifier()
    http = StubHttp({REQUEST_URI: verifier.request_object(**change).encode()})
    params = {"client_id": verifier.client_id, "request_uri": REQUEST_URI, "request_uri_method": "post"}
    refused(code, link(params), http)


def reference_refused(code, verifier, anchors=(), header=None, outer=None, body=None, **claims):
    token = verifier.request_object(header=header, **claims)
    http = StubHttp({REQUEST_URI: body if body is not None else token.encode()})
    params = {"client_id": outer or verifier.client_id, "request_uri": REQUEST_URI}
    return refused(code, link(params), http, anchors)


def test_tampered_signature_is_refused():
    verifier = did_verifier()
    token = verifier.request_object()
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[:-4]}AAAA"
    reference_refused("present.signature_invalid", verifier, body=forged.encode())


def test_key_of_another_did_is_refused():
    verifier, other = did_verifier(), did_verifier(slot=9)
    reference_refused("present.signature_invalid", verifier, header=other.header)


def test_inner_client_id_must_equal_outer():
    verifier = did_verifier()
    reference_refused("present.client_id_mismatch", verifier, outer=did_verifier(slot=9).client_id)


@pytest.mark.parametrize(("header", "code"), [
    ({"typ": "JWT"}, "present.request_object_invalid"),
    ({"typ": None}, "present.request_object_invalid"),
    ({"kid": None}, "present.signature_invalid"),
])
def test_request_object_header_rules(header, code):
    verifier = did_verifier()
    reference_refused(code, verifier, header={k: v for k, v in header.items()})


@pytest.mark.parametrize(("claims", "code"), [
    ({"exp": int(NOW.timestamp()) - 3600}, "present.request_expired"),
    ({"iat": int(NOW.timestamp()) + 3600}, "present.request_not_yet_valid"),
    ({"exp": "tomorrow"}, "present.request_object_invalid"),
    ({"response_type": "code"}, "present.response_type_unsupported"),
    ({"response_mode": "query"}, "present.response_mode_unsupported"),
    ({"response_uri": "http://verifier.example/a"}, "present.response_uri_invalid"),
    ({"redirect_uri": RESPONSE_URI}, "present.response_uri_invalid"),
    ({"nonce": None}, "present.nonce_invalid"),
    ({"state": "not url safe!"}, "present.nonce_invalid"),
    ({"dcql_query": None, "scope": "com.example.pid"}, "present.query_unsupported"),
    ({"dcql_query": None, "presentation_definition": {}}, "present.query_unsupported"),
    ({"dcql_query": {"credentials": []}}, "present.query_invalid"),
    ({"transaction_data": ["e30"]}, "present.transaction_data_unsupported"),
    ({"client_metadata": {"jwks": []}}, "present.client_metadata_invalid"),
])
def test_request_object_claims_rules(claims, code):
    reference_refused(code, did_verifier(), **claims)


def test_x509_chain_to_no_anchor_is_refused():
    verifier = x509_verifier()
    reference_refused("present.certificate_untrusted", verifier, anchors=())


def test_x509_leaf_must_name_the_dns_name():
    verifier = x509_verifier(named="someone-else.example")
    reference_refused("present.certificate_name_mismatch", verifier, anchors=verifier.anchors)


def test_x509_answer_must_go_to_the_named_host():
    verifier = x509_verifier()
    reference_refused("present.redirect_uri_mismatch", verifier, anchors=verifier.anchors,
                      response_uri="https://elsewhere.example/answer")


def test_x509_expired_chain_is_untrusted():
    verifier = x509_verifier()
    later = NOW + datetime.timedelta(days=365 * 20)
    http = StubHttp({REQUEST_URI: verifier.request_object(exp=None).encode()})
    params = {"client_id": verifier.client_id, "request_uri": REQUEST_URI}
    refused("present.certificate_untrusted", link(params), http, verifier.anchors, later)


def test_redirect_uri_prefix_must_not_be_signed():
    verifier = did_verifier()
    client_id = f"redirect_uri:{RESPONSE_URI}"
    http = StubHttp({REQUEST_URI: verifier.request_object(client_id=client_id).encode()})
    refused("present.redirect_uri_signed", link({"client_id": client_id, "request_uri": REQUEST_URI}), http)


def test_redirect_uri_prefix_unsigned_request_object_is_accepted():
    import base64
    import json

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    params = unsigned_request()
    token = f"{part({'alg': 'none', 'typ': 'oauth-authz-req+jwt'})}.{part(params)}."
    http = StubHttp({REQUEST_URI: token.encode()})
    request = read(link({"client_id": params["client_id"], "request_uri": REQUEST_URI}), http)
    assert not request.verifier.confirmed


def test_alg_none_is_refused_for_a_signed_prefix():
    verifier = did_verifier()
    token = verifier.request_object()
    head = "eyJhbGciOiJub25lIiwidHlwIjoib2F1dGgtYXV0aHotcmVxK2p3dCJ9"  # alg none
    reference_refused("present.signature_invalid", verifier, body=f"{head}.{token.split('.')[1]}.".encode())


def test_redirect_uri_value_must_be_where_the_answer_goes():
    refused("present.redirect_uri_mismatch",
            link(unsigned_request(response_uri="https://verifier.example/other")))


@pytest.mark.parametrize("client_id", [
    "verifier_attestation:example", "x509_hash:abc", "openid_federation:https://f.example",
    "origin:https://verifier.example", "plain-registered-client", "did:key:z6Mk",
])
def test_unsupported_client_id_prefixes(client_id):
    error = refused("present.client_prefix_unsupported", link(unsigned_request(client_id=client_id)))
    assert error.params["prefix"]


@pytest.mark.parametrize("prefix", ["x509_san_dns:verifier.example", "decentralized_identifier:did:key:z6Mk"])
def test_prefixes_that_need_a_signature_refuse_unsigned_requests(prefix):
    refused("present.request_not_signed", link(unsigned_request(client_id=prefix)))


@pytest.mark.parametrize(("text", "code"), [
    ("ftp://verifier.example/?client_id=x", "present.malformed"),
    ("openid4vp://?response_type=vp_token", "present.malformed"),
    ("openid4vp://?client_id=a&client_id=b", "present.malformed"),
    ("openid4vp://?" + "x" * 20000, "present.too_large"),
    (link(unsigned_request(dcql_query="{not json")), "present.query_invalid"),
    (link(unsigned_request(client_metadata="[1]")), "present.client_metadata_invalid"),
    (link({"client_id": "decentralized_identifier:did:key:z", "request_uri": "http://v.example/r"}),
     "present.malformed"),
    (link({"client_id": "decentralized_identifier:did:key:z", "request_uri": REQUEST_URI,
           "request_uri_method": "put"}), "present.malformed"),
])
def test_malformed_requests(text, code):
    refused(code, text)


def test_oversized_request_object_is_refused():
    verifier = did_verifier()
    reference_refused("present.too_large", verifier, body=b"a" * 70000)


def test_request_uri_failures_are_present_codes():
    verifier = did_verifier()
    http = StubHttp({REQUEST_URI: HttpAnswer(500, b"")})
    params = {"client_id": verifier.client_id, "request_uri": REQUEST_URI, "request_uri_method": "post"}
    refused("present.request_uri_failed", link(params), http)
    refused("present.request_uri_failed", link(params), None)

    def offline(_):
        raise CredentialError("resolution.fetch_failed", reason="timeout")
    refused("present.request_uri_failed", link({**params, "request_uri_method": "get"}),
            StubHttp({REQUEST_URI: offline}))


def test_purposes_come_from_credential_sets():
    query = {**NAME_QUERY, "credential_sets": [{"options": [["learning"]], "purpose": "Antagning"}]}
    assert read(link(unsigned_request(dcql_query=query))).purposes == ("Antagning",)
