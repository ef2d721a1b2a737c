"""Receiving an offered credential (OpenID4VCI, pre-authorized code) from a test issuer on
127.0.0.1: the confirmation page, the transaction code, and every refusal in plain words."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from support.offers import confirm
from support.offers import follow
from support.offers import hidden_offer
from support.offers import stored
from support.registry import png
from support.registry import trust_in_file
from support.vci_issuer import offer_link

from wallet.models import User
from wallet.platform.extensions import db


def offer_page(user, offer: dict):
    return follow(user, offer_link(offer))


def learner_did(app) -> str:
    with app.app_context():
        return db.session.scalar(db.select(User.did))


def test_the_page_says_who_offers_what_and_only_metadata_is_fetched(user, vci_issuer):
    page = offer_page(user, vci_issuer.offer())
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Swedish for care work" in text  # the credential's name in the page's language
    assert "not confirmed" in text  # the issuer is not in the register
    assert "W3C Verifiable Credential, signed as a JWT" in text
    assert 'name="tx_code"' not in text
    assert vci_issuer.requests == [("GET", "/.well-known/openid-credential-issuer")]


def test_a_registered_issuer_is_named_from_the_register(app, user, vci_issuer):
    trust_in_file(app, vci_issuer.url, "Skellefteå kommun")
    text = offer_page(user, vci_issuer.offer()).get_data(as_text=True)
    assert "Skellefteå kommun" in text and "in our register of issuers" in text
    assert "not confirmed" not in text


def test_confirming_receives_verifies_and_keeps_the_credential(app, user, vci_issuer):
    response = confirm(user, offer_page(user, vci_issuer.offer()))
    assert response.status_code == 303
    [kept] = stored(app)
    assert response.headers["Location"].endswith(f"/wallet/{kept.id}")
    header = vci_issuer.proof_headers[0]
    assert header["kid"].startswith(learner_did(app) + "#") and header["alg"] == "EdDSA"
    card = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Omvårdnadssvenska" in card
    assert f"Received from {vci_issuer.url} by OpenID4VCI" in card


def test_a_transaction_code_is_asked_for_numeric_with_its_length(app, user, vci_issuer):
    offer = vci_issuer.offer(tx_code="4821", description="Sent to you by text message.")
    text = offer_page(user, offer).get_data(as_text=True)
    assert 'inputmode="numeric"' in text and 'maxlength="4"' in text
    assert "Sent to you by text message." in text and "It has 4 characters." in text
    page = offer_page(user, offer)
    assert confirm(user, page, tx_code="4821").status_code == 303
    assert len(stored(app)) == 1


def test_a_wrong_transaction_code_keeps_the_offer_to_try_again(app, user, vci_issuer):
    page = offer_page(user, vci_issuer.offer(tx_code="4821"))
    wrong = confirm(user, page, tx_code="1111")
    text = wrong.get_data(as_text=True)
    assert wrong.status_code == 422
    assert "The transaction code is not right" in text and 'aria-invalid="true"' in text
    assert stored(app) == []
    assert confirm(user, wrong, tx_code="4821").status_code == 303  # the offer was kept
    assert len(stored(app)) == 1


def test_a_missing_transaction_code_is_asked_for_again(app, user, vci_issuer):
    page = offer_page(user, vci_issuer.offer(tx_code="4821"))
    response = confirm(user, page, tx_code="  ")
    assert response.status_code == 422
    assert "Enter the transaction code" in response.get_data(as_text=True)
    assert not any(path == "/token" for _, path in vci_issuer.requests)


def test_a_used_offer_is_refused_in_plain_words(app, user, vci_issuer):
    page = offer_page(user, vci_issuer.offer())
    assert confirm(user, page).status_code == 303
    again = confirm(user, page)
    assert again.status_code == 422
    assert "already been used or is no longer valid" in again.get_data(as_text=True)
    assert len(stored(app)) == 1


def test_a_forged_credential_is_refused_and_nothing_is_kept(app, user, vci_issuer):
    vci_issuer.forge = True
    response = confirm(user, offer_page(user, vci_issuer.offer()))
    assert response.status_code == 422
    assert "not added" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_stale_nonce_is_retried_once_with_a_fresh_one(app, user, vci_issuer):
    vci_issuer.stale_nonces = 1
    assert confirm(user, offer_page(user, vci_issuer.offer())).status_code == 303
    assert len(vci_issuer.credential_requests) == 2 and len(stored(app)) == 1


def test_a_nonce_refused_twice_is_not_retried_forever(app, user, vci_issuer):
    vci_issuer.stale_nonces = 5
    response = confirm(user, offer_page(user, vci_issuer.offer()))
    assert response.status_code == 422
    assert "did not send the credential" in response.get_data(as_text=True)
    assert len(vci_issuer.credential_requests) == 2 and stored(app) == []


def test_a_batch_is_kept_all_together(app, user, vci_issuer):
    vci_issuer.batch = 3
    response = confirm(user, offer_page(user, vci_issuer.offer()))
    assert response.status_code == 303 and response.headers["Location"].endswith("/wallet")
    assert len(stored(app)) == 3


def test_a_credential_without_proof_is_asked_for_without_one(app, user, vci_issuer):
    vci_issuer.proof_types = None
    assert confirm(user, offer_page(user, vci_issuer.offer())).status_code == 303
    assert "proofs" not in vci_issuer.credential_requests[0]


def test_an_offer_by_reference_is_fetched(app, user, vci_issuer, files):
    uri = files.serve("/offers/1", vci_issuer.offer())
    page = user.client.get("/wallet/offer?" + urllib.parse.urlencode({"credential_offer_uri": uri}))
    assert page.status_code == 200 and "Swedish for care work" in page.get_data(as_text=True)
    assert confirm(user, page).status_code == 303


@pytest.mark.parametrize("query, words", [
    ("", "not a credential offer we can read"),
    ("credential_offer=%7B%22x%22", "not a credential offer we can read"),
    ("credential_offer=" + "a" * 9000, "too long to be real"),
    ("credential_offer_uri=http://localhost:1/nothing", "could not reach the issuer"),
])
def test_a_broken_offer_is_refused_in_plain_words(user, query, words):
    response = user.client.get(f"/wallet/offer?{query}")
    assert response.status_code in (422, 502)
    assert words in response.get_data(as_text=True)


def test_an_unreachable_issuer_is_said_so(user, vci_issuer):
    offer = vci_issuer.offer()
    vci_issuer.close()
    response = offer_page(user, offer)
    assert response.status_code == 502
    assert "could not reach the issuer" in response.get_data(as_text=True)


def test_an_offer_pasted_into_the_import_form_goes_to_the_confirmation(user, vci_issuer, csrf_token):
    link = offer_link(vci_issuer.offer())
    token = csrf_token(user.client, "/wallet/import")
    response = user.client.post("/wallet/import", data={"credential": link, "csrf_token": token})
    assert response.status_code == 303
    assert "/wallet/offer?credential_offer=" in response.headers["Location"]
    page = user.client.get(response.headers["Location"])
    assert "Swedish for care work" in page.get_data(as_text=True)


def test_the_offer_page_needs_a_signed_in_learner(client, vci_issuer):
    query = urllib.parse.urlencode({"credential_offer": json.dumps(vci_issuer.offer())})
    response = client.get(f"/wallet/offer?{query}")
    assert response.status_code == 303
    # After signing in the learner comes back to the very offer.
    assert "next=" in response.headers["Location"] and "credential_offer" in response.headers["Location"]
    assert vci_issuer.requests == []


def test_an_offer_pasted_in_the_htmx_form_sends_the_whole_page_there(user, vci_issuer, csrf_token, htmx):
    token = csrf_token(user.client, "/wallet/import")
    response = user.client.post("/wallet/import", headers=htmx.swap,
                                data={"credential": offer_link(vci_issuer.offer()), "csrf_token": token})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/wallet/offer?credential_offer=")


def test_the_confirmation_needs_a_csrf_token(user, vci_issuer):
    page = offer_page(user, vci_issuer.offer())
    form = {"offer": hidden_offer(page)}
    assert user.client.post("/wallet/offer", data=form).status_code == 400
    assert not any(path == "/token" for _, path in vci_issuer.requests)


def test_a_tampered_offer_in_the_form_is_refused_in_plain_words(app, user, vci_issuer):
    page = offer_page(user, vci_issuer.offer())
    response = confirm(user, page, offer='{"credential_issuer": "nope"}')
    assert response.status_code == 422
    assert "not a credential offer we can read" in response.get_data(as_text=True)
    assert stored(app) == []



def test_the_credentials_logo_is_shown_inline_never_from_the_issuers_host(user, vci_issuer, files):
    vci_issuer.logo_uri = files.serve("/logo.png", png(16, 16))
    text = offer_page(user, vci_issuer.offer()).get_data(as_text=True)
    assert 'src="data:image/png;base64,' in text and 'alt="Care badge"' in text
    assert vci_issuer.logo_uri not in text


def test_a_logo_that_cannot_be_read_is_left_out(user, vci_issuer, files):
    vci_issuer.logo_uri = files.serve("/logo.png", b"<html>not an image</html>")
    page = offer_page(user, vci_issuer.offer())
    assert page.status_code == 200 and "data:image/png" not in page.get_data(as_text=True)


def test_an_offer_by_authorization_code_without_a_sign_in_page_is_unsupported(user, vci_issuer):
    offer = vci_issuer.offer() | {"grants": {"authorization_code": {"issuer_state": "s-1"}}}
    response = offer_page(user, offer)
    assert response.status_code == 422
    assert "cannot do yet" in response.get_data(as_text=True)
    assert all(method == "GET" for method, _ in vci_issuer.requests)  # only metadata was read
