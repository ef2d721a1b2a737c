"""Receiving an offered credential by the authorization code flow from a test issuer on
127.0.0.1: the learner confirms, is sent to sign in at the issuer, comes back to the wallet's
redirect URI, and the credential is kept; every answer that is not right is refused in plain
words with nothing kept."""

from __future__ import annotations

import datetime
import json
import urllib.parse

import pytest
from support.issuers import did_key_issuer
from support.offers import confirm
from support.offers import follow
from support.offers import stored
from support.vci_authorization import AuthorizingVciIssuer
from support.vci_authorization import s256
from support.vci_issuer import offer_link

from wallet.platform import clock

NOT_OURS = "does not belong to an offer you started here"


@pytest.fixture
def issuer():
    issuer = AuthorizingVciIssuer(did_key_issuer("Ed25519", slot=32))
    yield issuer
    issuer.close()


def offer_page(user, issuer, **options):
    return follow(user, offer_link(issuer.offer_by_authorization(**options)))


def sent_to_issuer(user, issuer, **options):
    """Confirm the offer: the address the wallet sends the learner's browser to."""
    response = confirm(user, offer_page(user, issuer, **options))
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def come_back(user, address: str):
    """The learner's browser arrives at the wallet's redirect URI from the issuer."""
    parts = urllib.parse.urlsplit(address)
    return user.client.get(f"{parts.path}?{parts.query}")


def test_the_page_offers_to_continue_at_the_issuer_instead_of_a_code(user, issuer):
    page = offer_page(user, issuer)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Continue at Skellefteå kommun (says the issuer)" in text
    assert 'action="/wallet/offer/authorize"' in text and 'name="tx_code"' not in text
    assert "sign in on the issuer's website" in text
    # The form's answer ends on the issuer's site: the page's policy lets it go there only.
    assert f"form-action 'self' {issuer.url};" in page.headers["Content-Security-Policy"]
    assert all(method == "GET" for method, _ in issuer.requests)


def test_confirming_sends_the_learner_to_sign_in_with_pkce_and_the_issuer_state(app, user, issuer):
    address = sent_to_issuer(user, issuer)
    assert address.startswith(f"{issuer.url}/authorize?")
    request = issuer.request_in(address)
    base = app.config["WALLET_BASE_URL"]
    assert request["response_type"] == "code" and request["issuer_state"] == "issuer-state-1"
    assert request["client_id"] == f"{base}/wallet/client-metadata.json"
    assert request["redirect_uri"] == f"{base}/wallet/offer/callback"
    assert request["code_challenge_method"] == "S256" and len(request["state"]) >= 22
    assert json.loads(request["authorization_details"])[0]["credential_configuration_id"] == (
        "omvardnad_jwt_vc")
    assert not any(method == "POST" for method, _ in issuer.requests)  # nothing asked yet


def test_coming_back_with_a_code_receives_and_keeps_the_credential(app, user, issuer):
    response = come_back(user, issuer.authorize(sent_to_issuer(user, issuer)))
    assert response.status_code == 303, response.get_data(as_text=True)
    [kept] = stored(app)
    assert response.headers["Location"].endswith(f"/wallet/{kept.id}")
    card = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The credential was added to your wallet." in card
    assert f"Received from {issuer.url} by OpenID4VCI" in card


def test_a_pushed_request_is_used_when_the_server_requires_it(app, user, issuer):
    issuer.par, issuer.names_itself = True, True
    address = sent_to_issuer(user, issuer)
    assert set(urllib.parse.parse_qs(urllib.parse.urlsplit(address).query)) == {
        "client_id", "request_uri"}
    assert come_back(user, issuer.authorize(address)).status_code == 303
    assert len(stored(app)) == 1


def test_the_verifier_sent_for_the_token_is_the_one_behind_the_challenge(app, user, issuer):
    address = sent_to_issuer(user, issuer)
    challenge = issuer.request_in(address)["code_challenge"]
    back = issuer.authorize(address.replace(challenge, s256("someone else's verifier")))
    refused(app, come_back(user, back), "took too long or is no longer valid")


def refused(app, response, words: str, kept: int = 0) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code == 422, text
    assert words in text and "not added" in text
    assert len(stored(app)) == kept


def test_an_answer_with_another_state_is_refused(app, user, issuer):
    back = issuer.authorize(sent_to_issuer(user, issuer), state="forged-state-of-an-attacker")
    refused(app, come_back(user, back), NOT_OURS)
    assert not any(method == "POST" for method, _ in issuer.requests)


def test_an_answer_without_a_started_offer_is_refused(app, user, issuer):
    back = issuer.authorize(sent_to_issuer(user, issuer))
    assert come_back(user, back).status_code == 303
    # The same answer again (a reload, or a link someone sent): nothing is waiting for it.
    refused(app, come_back(user, back), NOT_OURS, kept=1)


def test_an_answer_in_another_browser_is_refused(app, user, issuer, other_user):
    back = issuer.authorize(sent_to_issuer(user, issuer))
    refused(app, come_back(other_user, back), NOT_OURS)


def test_an_answer_after_ten_minutes_is_refused(app, user, issuer, monkeypatch):
    back = issuer.authorize(sent_to_issuer(user, issuer))
    later = clock.now() + datetime.timedelta(minutes=11)
    monkeypatch.setattr(clock, "now", lambda: later)
    refused(app, come_back(user, back), "took too long")


def test_an_answer_naming_another_server_is_refused(app, user, issuer):
    issuer.names_itself = True
    back = issuer.authorize(sent_to_issuer(user, issuer), iss="https://evil.example")
    refused(app, come_back(user, back), NOT_OURS)


@pytest.mark.parametrize("error, words", [
    ("access_denied", "You stopped at the issuer, or the issuer did not let you continue."),
    ("server_error", "Something went wrong when you signed in at the issuer."),
])
def test_an_error_from_the_issuer_is_said_in_plain_words(app, user, issuer, error, words):
    back = issuer.authorize(sent_to_issuer(user, issuer), error=error)
    refused(app, come_back(user, back), words)


def test_a_code_the_issuer_refuses_is_said_in_plain_words(app, user, issuer):
    back = issuer.authorize(sent_to_issuer(user, issuer), code="made-up-code")
    refused(app, come_back(user, back), "took too long or is no longer valid")


def test_the_callback_needs_a_signed_in_learner(client, issuer):
    response = client.get("/wallet/offer/callback?code=c&state=s")
    assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_the_wallets_client_metadata_is_public(app, client):
    response = client.get("/wallet/client-metadata.json")
    base = app.config["WALLET_BASE_URL"]
    assert response.status_code == 200 and response.is_json
    assert response.json | {"client_name": "x"} == {
        "client_id": f"{base}/wallet/client-metadata.json",
        "client_name": "x",
        "redirect_uris": [f"{base}/wallet/offer/callback"],
        "credential_offer_endpoint": f"{base}/wallet/offer",
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code",
                        "urn:ietf:params:oauth:grant-type:pre-authorized_code"],
        "response_types": ["code"],
    }
    assert response.json["client_name"]
