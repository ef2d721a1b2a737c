"""The authorization code flow with an independent OpenID4VCI 1.0 issuer: Animo's
@openid4vc/openid4vci and @openid4vc/oauth2 (npm, run by node on 127.0.0.1) make the offer by
authorization code, parse and verify our pushed authorization request, and verify our token
request with PKCE; its /authorize stands for the learner signing in there. The learner's
browser is played step by step: our 303 to the issuer, the issuer's redirect back to our
callback, which receives an SD-JWT VC made by @sd-jwt/sd-jwt-vc."""

from __future__ import annotations

import urllib.parse

import pytest
from support.offers import confirm
from support.offers import follow
from support.offers import stored

from wallet.credentials import bound_to
from wallet.credentials import open_private_key
from wallet.models import User
from wallet.platform.extensions import db


@pytest.fixture
def by_code(node_issuer):
    """The node issuer as each test leaves it: requests not pushed, the person not refusing."""
    yield node_issuer
    node_issuer.authorization(par=False, deny=False)


def sent_to_issuer(user, issuer) -> str:
    page = follow(user, issuer.offer(authorization_code=True))
    assert page.status_code == 200, page.get_data(as_text=True)
    assert "Continue at Test issuer (@openid4vc)" in page.get_data(as_text=True)
    response = confirm(user, page)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def come_back(user, address: str):
    parts = urllib.parse.urlsplit(address)
    assert parts.path == "/wallet/offer/callback"
    return user.client.get(f"{parts.path}?{parts.query}")


def learner_key(app):
    with app.app_context():
        learner = db.session.scalar(db.select(User))
        return open_private_key(learner.wallet_key_sealed, app.config["SECRET_KEY"])


def test_an_sd_jwt_vc_is_received_after_signing_in_at_the_issuer(app, user, by_code):
    response = come_back(user, by_code.sign_in(sent_to_issuer(user, by_code)))
    assert response.status_code == 303, response.get_data(as_text=True)
    [kept] = stored(app)
    card = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reparationssömnad" in card
    assert bound_to(kept.raw, learner_key(app))


def test_a_request_pushed_to_the_issuer_is_accepted_by_it(app, user, by_code):
    by_code.authorization(par=True)
    address = sent_to_issuer(user, by_code)
    assert "request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A" in address
    assert "code_challenge" not in address  # the request itself went to the issuer directly
    assert come_back(user, by_code.sign_in(address)).status_code == 303
    assert len(stored(app)) == 1


def test_a_learner_who_refuses_at_the_issuer_is_told_and_nothing_is_kept(app, user, by_code):
    by_code.authorization(deny=True)
    response = come_back(user, by_code.sign_in(sent_to_issuer(user, by_code)))
    assert response.status_code == 422
    assert "You stopped at the issuer" in response.get_data(as_text=True)
    assert stored(app) == []


def test_the_issuer_refuses_a_code_whose_challenge_was_not_ours(app, user, by_code):
    address = sent_to_issuer(user, by_code)
    challenge = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(address).query))["code_challenge"]
    # Someone swapped the challenge on the way: our verifier cannot answer the code it gets.
    response = come_back(user, by_code.sign_in(address.replace(challenge, "A" * 43)))
    assert response.status_code == 422
    assert "took too long or is no longer valid" in response.get_data(as_text=True)
    assert stored(app) == []


def test_an_old_answer_does_not_complete_a_newer_offer(app, user, by_code):
    back = by_code.sign_in(sent_to_issuer(user, by_code))
    assert come_back(user, back).status_code == 303
    sent_to_issuer(user, by_code)
    again = come_back(user, back)
    assert again.status_code == 422
    assert "does not belong to an offer you started here" in again.get_data(as_text=True)
    assert len(stored(app)) == 1
