"""Deferred issuance with an independent OpenID4VCI 1.0 issuer: Animo's @openid4vc/openid4vci
(npm, run by node on 127.0.0.1) answers the credential request with a transaction and makes
its deferred credential request and responses with its own functions; the wallet fetches the
SD-JWT VC (made by @sd-jwt/sd-jwt-vc) when "Check again" finds it ready."""

from __future__ import annotations

import datetime

import pytest
from support.forms import csrf_token_in
from support.offers import confirm
from support.offers import follow
from support.offers import stored

from wallet.credentials import bound_to
from wallet.credentials import open_private_key
from wallet.models import User
from wallet.offers.models import PendingCredential
from wallet.platform import clock
from wallet.platform.extensions import db

@pytest.fixture
def deferring(node_issuer):
    """The node issuer in deferred mode for one test, asking for a second between checks."""
    node_issuer.defer(on=True, ready=False, interval=1)
    yield node_issuer
    node_issuer.defer(on=False, ready=False, forget=True)


def check_again(app, user, monkeypatch):
    """Press "Check again" on the learner's one pending card, the issuer's interval later."""
    moment = clock.now() + datetime.timedelta(seconds=2)
    monkeypatch.setattr(clock, "now", lambda: moment)
    with app.app_context():
        pending_id = db.session.scalar(db.select(PendingCredential.id))
    token = csrf_token_in(user.client.get("/wallet").get_data(as_text=True), "the wallet")
    return user.client.post(f"/wallet/pending/{pending_id}/check", data={"csrf_token": token})


def test_an_sd_jwt_vc_issued_later_is_fetched_when_ready(app, user, deferring, monkeypatch):
    waiting = confirm(user, follow(user, deferring.offer()))
    assert waiting.status_code == 303 and waiting.headers["Location"].endswith("/wallet")
    text = user.client.get("/wallet").get_data(as_text=True)
    assert "The issuer is preparing your credential." in text and "Learning credential" in text
    assert stored(app) == []

    assert check_again(app, user, monkeypatch).status_code == 303
    assert "Not ready yet. Try again later." in user.client.get("/wallet").get_data(as_text=True)
    assert stored(app) == []

    deferring.defer(ready=True)
    response = check_again(app, user, monkeypatch)
    assert response.status_code == 303, response.get_data(as_text=True)
    [kept] = stored(app)
    assert response.headers["Location"].endswith(f"/wallet/{kept.id}")
    page = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reparationssömnad" in page
    with app.app_context():
        learner = db.session.scalar(db.select(User))
        key = open_private_key(learner.wallet_key_sealed, app.config["SECRET_KEY"])
        assert db.session.scalars(db.select(PendingCredential)).all() == []
    assert bound_to(kept.raw, key)  # bound to the key our proof showed at the first request


def test_a_transaction_the_issuer_dropped_is_explained(app, user, deferring, monkeypatch):
    assert confirm(user, follow(user, deferring.offer())).status_code == 303
    deferring.defer(forget=True)
    assert check_again(app, user, monkeypatch).status_code == 303
    text = user.client.get("/wallet").get_data(as_text=True)
    assert "no longer has this credential waiting for you" in text
    assert stored(app) == []
