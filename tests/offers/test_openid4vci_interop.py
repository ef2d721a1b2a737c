"""The wallet receives from an independent OpenID4VCI 1.0 issuer: Animo's @openid4vc/openid4vci
and @openid4vc/oauth2 (npm, run by node on 127.0.0.1), issuing SD-JWT VCs made by
@sd-jwt/sd-jwt-vc and bound to the learner's wallet key (``jwk`` proofs). The library makes
the offers, checks the token request, the transaction code and our proof JWT."""

from __future__ import annotations

from support.offers import confirm
from support.offers import follow
from support.offers import stored

from wallet.credentials import bound_to
from wallet.credentials import open_private_key
from wallet.models import User
from wallet.platform.extensions import db


def test_an_sd_jwt_vc_is_received_without_a_transaction_code(app, user, node_issuer):
    page = follow(user, node_issuer.offer())
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Learning credential" in text and "SD-JWT VC" in text
    response = confirm(user, page)
    assert response.status_code == 303, response.get_data(as_text=True)
    [kept] = stored(app)
    assert "Reparationssömnad" in user.client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        learner = db.session.scalar(db.select(User))
        key = open_private_key(learner.wallet_key_sealed, app.config["SECRET_KEY"])
    assert bound_to(kept.raw, key)  # the issuer bound it to the key our proof showed


def test_a_transaction_code_is_checked_by_the_issuer(app, user, node_issuer):
    page = follow(user, node_issuer.offer(tx_code="493817"))
    assert 'inputmode="numeric"' in page.get_data(as_text=True)
    wrong = confirm(user, page, tx_code="000000")
    assert wrong.status_code == 422
    assert "The transaction code is not right" in wrong.get_data(as_text=True)
    assert stored(app) == []
    assert confirm(user, wrong, tx_code="493817").status_code == 303
    assert len(stored(app)) == 1


def test_an_expired_code_is_refused_in_plain_words(app, user, node_issuer):
    response = confirm(user, follow(user, node_issuer.offer(expires_in=-60)))
    assert response.status_code == 422
    assert "already been used or is no longer valid" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_used_code_is_refused_in_plain_words(app, user, node_issuer):
    page = follow(user, node_issuer.offer())
    assert confirm(user, page).status_code == 303
    again = confirm(user, page)
    assert again.status_code == 422
    assert "already been used or is no longer valid" in again.get_data(as_text=True)
    assert len(stored(app)) == 1


def test_a_forged_credential_is_refused_and_nothing_is_kept(app, user, node_issuer):
    node_issuer.forge(True)
    try:
        response = confirm(user, follow(user, node_issuer.offer()))
    finally:
        node_issuer.forge(False)
    assert response.status_code == 422
    assert "not added" in response.get_data(as_text=True)
    assert stored(app) == []
