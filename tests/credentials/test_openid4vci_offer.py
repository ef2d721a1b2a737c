"""Credential offers (OpenID4VCI 1.0): every accepted form, and every malformed one refused
with a code; the issuer's metadata and the configuration chosen from it."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher
from wallet.credentials.openid4vci import choose_configuration
from wallet.credentials.openid4vci import fetch_issuer_metadata
from wallet.credentials.openid4vci import looks_like_offer
from wallet.credentials.openid4vci import read_offer
from wallet.credentials.openid4vci.metadata import IssuerMetadata
from wallet.credentials.openid4vci.metadata import well_known_url
from wallet.credentials.openid4vci.offer import offer_from_document

PRE = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
ISSUER = "https://utbildning.skelleftea.se"


def offer_document(**changes) -> dict:
    document = {"credential_issuer": ISSUER, "credential_configuration_ids": ["omvardnad"],
                "grants": {PRE: {"pre-authorized_code": "kod-123"}}}
    return document | changes


def by_value(document, prefix="openid-credential-offer://?") -> str:
    return prefix + urllib.parse.urlencode({"credential_offer": json.dumps(document)})


def refused(text: str, fetcher=None) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        read_offer(text, fetcher)
    return raised.value


@pytest.mark.parametrize("prefix", [
    "openid-credential-offer://?", "openid-credential-offer:?", f"{ISSUER}/offer?", "haip://?",
])
def test_an_offer_by_value_is_read_in_every_form_issuers_print(prefix):
    offer = read_offer(by_value(offer_document(), prefix), None)
    assert offer.credential_issuer == ISSUER
    assert offer.configuration_ids == ("omvardnad",)
    assert offer.pre_authorized_code == "kod-123" and offer.tx_code is None


def test_the_offer_object_itself_is_read():
    assert read_offer(json.dumps(offer_document()), None).pre_authorized_code == "kod-123"


def test_a_transaction_code_is_described_as_the_issuer_says():
    grant = {"pre-authorized_code": "k", "tx_code": {"length": 6, "description": "Via SMS"}}
    offer = read_offer(by_value(offer_document(grants={PRE: grant})), None)
    assert (offer.tx_code.input_mode, offer.tx_code.length, offer.tx_code.description) == (
        "numeric", 6, "Via SMS")


def test_an_offer_by_reference_is_fetched_through_the_fetcher(loopback):
    uri = loopback.serve("/vci/offer-1", offer_document())
    link = "openid-credential-offer://?" + urllib.parse.urlencode({"credential_offer_uri": uri})
    assert read_offer(link, HttpFetcher(allow_insecure_localhost=True)).credential_issuer == ISSUER


def test_an_offer_by_reference_is_not_fetched_over_plain_http_from_the_internet():
    link = "openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fexample.org%2Fo"
    assert refused(link, HttpFetcher()).code == "resolution.fetch_failed"


def test_an_offer_by_reference_offline_is_a_fetch_failure():
    link = "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fexample.org%2Fo"
    assert refused(link).params["reason"] == "offline"


@pytest.mark.parametrize("text, reason", [
    ("mailto:someone@example.org", "scheme"),
    ("openid-credential-offer://?", "parameters"),
    ("openid-credential-offer://?credential_offer", "query"),
    ("openid-credential-offer://?other=1", "parameters"),
    ("openid-credential-offer://?credential_offer=%7B%7D&credential_offer_uri=https%3A%2F%2Fa.b", "parameters"),
    ("openid-credential-offer://?credential_offer=%7B%7D&credential_offer=%7B%7D", "parameters"),
    ("openid-credential-offer://?credential_offer=%7Bnot+json", "not_json"),
    ("openid-credential-offer://?credential_offer=%5B%5D", "not_object"),
    ("openid-credential-offer://?credential_offer_uri=ftp%3A%2F%2Fa.b%2Fo", "offer_uri"),
])
def test_a_malformed_link_is_refused_saying_why(text, reason):
    problem = refused(text)
    assert (problem.code, problem.params["reason"]) == ("offer.malformed", reason)


@pytest.mark.parametrize("changes, reason", [
    ({"credential_issuer": "ftp://a.example"}, "credential_issuer"),
    ({"credential_issuer": f"{ISSUER}?x=1"}, "credential_issuer"),
    ({"credential_issuer": 7}, "credential_issuer"),
    ({"credential_configuration_ids": []}, "credential_configuration_ids"),
    ({"credential_configuration_ids": "omvardnad"}, "credential_configuration_ids"),
    ({"grants": {PRE: {"pre-authorized_code": ""}}}, "pre-authorized_code"),
    ({"grants": {PRE: {"pre-authorized_code": "k", "tx_code": {"input_mode": "voice"}}}}, "tx_code"),
    ({"grants": {PRE: {"pre-authorized_code": "k", "tx_code": {"length": 0}}}}, "tx_code"),
    ({"grants": {PRE: {"pre-authorized_code": "k", "tx_code": "1234"}}}, "tx_code"),
    ({"grants": {PRE: {"pre-authorized_code": "k", "authorization_server": "nope"}}},
     "authorization_server"),
])
def test_a_malformed_offer_object_is_refused_saying_why(changes, reason):
    with pytest.raises(CredentialError) as raised:
        offer_from_document(offer_document(**changes))
    assert (raised.value.code, raised.value.params["reason"]) == ("offer.malformed", reason)


def test_an_offer_by_authorization_code_keeps_its_issuer_state_and_server():
    grant = {"issuer_state": "x-1", "authorization_server": "https://login.skelleftea.se"}
    offer = read_offer(json.dumps(offer_document(grants={"authorization_code": grant})), None)
    assert offer.by_authorization_code and offer.pre_authorized_code is None
    assert (offer.issuer_state, offer.authorization_server) == ("x-1", "https://login.skelleftea.se")


def test_a_pre_authorized_code_is_preferred_when_both_grants_are_offered():
    grants = {PRE: {"pre-authorized_code": "k"}, "authorization_code": {"issuer_state": "x"}}
    offer = read_offer(json.dumps(offer_document(grants=grants)), None)
    assert not offer.by_authorization_code and offer.issuer_state is None


@pytest.mark.parametrize("grants", [{}, None])
def test_an_offer_naming_no_grant_is_one_by_authorization_code(grants):
    document = offer_document(grants=grants)
    if grants is None:
        del document["grants"]
    offer = read_offer(json.dumps(document), None)
    assert offer.by_authorization_code and offer.issuer_state is None


@pytest.mark.parametrize("grants, code", [
    ({"urn:example:grant": {}}, "offer.unsupported"),
    ({"authorization_code": {"issuer_state": 7}}, "offer.malformed"),
    ({"authorization_code": {"authorization_server": "nope"}}, "offer.malformed"),
    ([], "offer.malformed"),
])
def test_an_offer_with_no_grant_we_can_use_is_refused(grants, code):
    assert refused(json.dumps(offer_document(grants=grants))).code == code


def test_an_oversized_offer_is_refused_before_it_is_read():
    assert refused("openid-credential-offer://?credential_offer=" + "a" * 9000).code == "offer.too_large"


@pytest.mark.parametrize("text, expected", [
    ("openid-credential-offer://?credential_offer=x", True),
    ("https://issuer.example/?credential_offer_uri=x", True),
    ("eyJhbGciOiJFUzI1NiJ9.e30.sig", False),
    ("https://issuer.example/credentials/1.jwt", False),
])
def test_pasted_text_is_told_apart_from_a_credential(text, expected):
    assert looks_like_offer(text) is expected


@pytest.mark.parametrize("identifier, url", [
    ("https://a.example", "https://a.example/.well-known/openid-credential-issuer"),
    ("https://a.example/", "https://a.example/.well-known/openid-credential-issuer"),
    ("https://a.example/tenant/1", "https://a.example/.well-known/openid-credential-issuer/tenant/1"),
])
def test_the_metadata_url_has_the_well_known_part_between_host_and_path(identifier, url):
    assert well_known_url(identifier, "/.well-known/openid-credential-issuer") == url


def metadata(**configurations) -> dict:
    return {"credential_issuer": ISSUER, "credential_endpoint": f"{ISSUER}/credential",
            "credential_configurations_supported": configurations}


def test_the_issuers_metadata_must_be_its_own(loopback):
    fetcher = HttpFetcher(allow_insecure_localhost=True)
    base = f"http://localhost:{loopback.port}/vci-other"
    loopback.serve("/.well-known/openid-credential-issuer/vci-other", metadata())
    offer = read_offer(json.dumps(offer_document(credential_issuer=base)), None)
    with pytest.raises(CredentialError) as raised:
        fetch_issuer_metadata(offer, fetcher)
    assert raised.value.params["reason"] == "credential_issuer"


def test_the_issuers_metadata_is_fetched_and_checked(loopback):
    fetcher = HttpFetcher(allow_insecure_localhost=True)
    base = f"http://localhost:{loopback.port}/vci-own"
    document = metadata(omvardnad={"format": "jwt_vc_json"}) | {
        "credential_issuer": base, "credential_endpoint": f"{base}/credential"}
    loopback.serve("/.well-known/openid-credential-issuer/vci-own", document)
    offer = read_offer(json.dumps(offer_document(credential_issuer=base)), None)
    assert fetch_issuer_metadata(offer, fetcher).credential_endpoint == f"{base}/credential"


def test_the_format_we_verify_best_is_chosen_with_its_name_in_the_pages_language():
    offer = offer_from_document(offer_document(credential_configuration_ids=["mdoc", "jwt", "sd"]))
    display = [{"name": "Omvårdnad", "locale": "sv-SE", "logo": {"uri": "https://a.example/l.png"}},
               {"name": "Care work", "locale": "en"}]
    chosen = choose_configuration(offer, IssuerMetadata(metadata(
        mdoc={"format": "mso_mdoc"}, jwt={"format": "jwt_vc_json"},
        sd={"format": "dc+sd-jwt", "credential_metadata": {"display": display}},
    )), "sv")
    assert (chosen.configuration_id, chosen.format, chosen.name) == ("sd", "dc+sd-jwt", "Omvårdnad")
    assert chosen.logo_uri == "https://a.example/l.png"


def test_an_offer_of_formats_we_cannot_verify_is_refused():
    offer = offer_from_document(offer_document(credential_configuration_ids=["mdoc"]))
    with pytest.raises(CredentialError) as raised:
        choose_configuration(offer, IssuerMetadata(metadata(mdoc={"format": "mso_mdoc"})), "en")
    assert (raised.value.code, raised.value.params["format"]) == ("offer.unsupported", "mso_mdoc")


def test_an_offer_of_configurations_the_issuer_does_not_describe_is_refused():
    offer = offer_from_document(offer_document(credential_configuration_ids=["ghost"]))
    with pytest.raises(CredentialError) as raised:
        choose_configuration(offer, IssuerMetadata(metadata()), "en")
    assert raised.value.code == "offer.metadata_invalid"
