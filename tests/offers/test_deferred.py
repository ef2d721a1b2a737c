"""Deferred issuance in the wallet: an issuer that sends the credential later leaves a card on
the wallet page; "Check again" fetches it when the issuer is ready, "Remove" stops waiting."""

from __future__ import annotations

import datetime

import pytest
from support.deferred_vci_issuer import DeferredVciIssuer
from support.forms import csrf_token_in
from support.issuers import did_key_issuer
from support.offers import confirm
from support.offers import follow
from support.offers import stored
from support.registry import trust_in_file
from support.vci_issuer import offer_link

from wallet.offers.models import PendingCredential
from wallet.platform import clock
from wallet.platform.extensions import db

PREPARING = "The issuer is preparing your credential. It will appear here when it is ready."
NOT_READY = "Not ready yet. Try again later."


@pytest.fixture
def issuer():
    issuer = DeferredVciIssuer(did_key_issuer("Ed25519", slot=32), interval=60)
    yield issuer
    issuer.close()


@pytest.fixture
def waiting(user, issuer):
    """The learner confirmed an offer the issuer answered with a transaction: the response."""
    return confirm(user, follow(user, offer_link(issuer.offer())))


def pending_rows(app) -> list[PendingCredential]:
    with app.app_context():
        return list(db.session.scalars(db.select(PendingCredential)))


def later(monkeypatch, seconds: int) -> None:
    """Move the app's clock ``seconds`` ahead."""
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(clock, "now", lambda: moment)


def press(learner, action: str, pending_id: int, **headers):
    """Press "Check again" or "Remove" on the wallet page of ``learner``."""
    token = csrf_token_in(learner.client.get("/wallet").get_data(as_text=True), "the wallet")
    url = f"/wallet/pending/{pending_id}/{action}"
    return learner.client.post(url, data={"csrf_token": token}, headers=headers)


def wallet_text(user) -> str:
    return user.client.get("/wallet").get_data(as_text=True)


def test_a_deferred_answer_leaves_a_card_on_the_wallet_page(app, user, issuer, waiting):
    assert waiting.status_code == 303 and waiting.headers["Location"].endswith("/wallet")
    text = wallet_text(user)
    assert PREPARING in text
    assert "Credentials on the way" in text and "Swedish for care work" in text
    assert issuer.url in text and "not confirmed" in text
    assert "Check again" in text and "Nothing has been received yet" in text
    assert stored(app) == []
    [row] = pending_rows(app)
    assert row.name == "Swedish for care work" and row.interval == 60


def test_a_registered_issuer_is_named_on_the_card(app, user, issuer, waiting):
    trust_in_file(app, issuer.url, "Skellefteå kommun")
    text = wallet_text(user)
    assert "Skellefteå kommun" in text and "in our register of issuers" in text


def test_checking_before_the_interval_does_not_ask_the_issuer(app, user, issuer, waiting):
    [row] = pending_rows(app)
    response = press(user, "check", row.id)
    assert response.status_code == 303
    assert NOT_READY in wallet_text(user)
    assert issuer.deferred_requests == []


def test_checking_before_the_issuer_is_ready_keeps_the_card(
        app, user, issuer, waiting, monkeypatch):
    [row] = pending_rows(app)
    later(monkeypatch, 61)
    assert press(user, "check", row.id).status_code == 303
    text = wallet_text(user)
    assert NOT_READY in text and "Swedish for care work" in text
    [(body, authorization)] = issuer.deferred_requests
    assert body == {"transaction_id": row.transaction_id}
    assert authorization.removeprefix("Bearer ") in issuer.tokens  # the same access token
    [again] = pending_rows(app)
    assert again.last_checked_at is not None and again.next_check_at > row.next_check_at
    assert stored(app) == []


def test_checking_when_ready_keeps_the_credential_and_removes_the_card(
        app, user, issuer, waiting, monkeypatch):
    [row] = pending_rows(app)
    issuer.ready = True
    later(monkeypatch, 61)
    response = press(user, "check", row.id)
    assert response.status_code == 303
    [kept] = stored(app)
    assert response.headers["Location"].endswith(f"/wallet/{kept.id}")
    page = user.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The credential was added to your wallet." in page
    assert f"Received from {issuer.url} by OpenID4VCI" in page
    assert pending_rows(app) == []
    assert "Credentials on the way" not in wallet_text(user)


def test_with_htmx_the_card_is_answered_in_place(app, user, issuer, waiting, htmx):
    [row] = pending_rows(app)
    response = press(user, "check", row.id, **htmx.swap)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in text
    assert f'id="pending-{row.id}"' in text and NOT_READY in text


def test_a_transaction_the_issuer_forgot_is_explained_and_the_card_stays(
        app, user, issuer, waiting, monkeypatch):
    [row] = pending_rows(app)
    issuer.forget()
    later(monkeypatch, 61)
    assert press(user, "check", row.id).status_code == 303
    text = wallet_text(user)
    assert "no longer has this credential waiting for you" in text
    assert "Swedish for care work" in text and "Check again" not in text  # asking cannot help
    assert len(pending_rows(app)) == 1
    assert press(user, "remove", row.id).status_code == 303
    assert pending_rows(app) == []


def test_a_forged_credential_is_refused_and_the_card_stays(app, user, issuer, monkeypatch):
    issuer.forge = True  # the credential made at the request is signed by another key
    confirm(user, follow(user, offer_link(issuer.offer())))
    [row] = pending_rows(app)
    issuer.ready = True
    later(monkeypatch, 61)
    assert press(user, "check", row.id).status_code == 303
    text = wallet_text(user)
    assert "Swedish for care work" in text and 'class="error"' in text
    assert stored(app) == [] and len(pending_rows(app)) == 1


def test_removing_stops_waiting_and_keeps_nothing(app, user, issuer, waiting):
    [row] = pending_rows(app)
    response = press(user, "remove", row.id)
    assert response.status_code == 303
    text = wallet_text(user)
    assert "The wallet no longer waits for this credential." in text
    assert "Credentials on the way" not in text
    assert pending_rows(app) == [] and stored(app) == []


@pytest.mark.parametrize("action", ["check", "remove"])
def test_another_learner_cannot_touch_the_card(app, user, other_user, issuer, waiting, action):
    [row] = pending_rows(app)
    assert press(other_user, action, row.id).status_code == 404
    assert len(pending_rows(app)) == 1 and issuer.deferred_requests == []
    assert "Swedish for care work" not in wallet_text(other_user)


def test_the_buttons_need_a_csrf_token(app, user, issuer, waiting):
    [row] = pending_rows(app)
    assert user.client.post(f"/wallet/pending/{row.id}/remove").status_code == 400
    assert len(pending_rows(app)) == 1


def test_the_access_token_is_kept_sealed(app, user, issuer, waiting):
    [token] = issuer.tokens
    with app.app_context():
        dump = "\n".join(str(value) for row in db.session.execute(
            db.text("SELECT * FROM pending_credentials")) for value in row)
    assert token not in dump
    assert pending_rows(app)[0].access_token_sealed.startswith("kpa1.")
