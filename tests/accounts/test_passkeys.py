"""Passkeys: added with the password, listed and removed on the profile, logging in without a
password, a wallet made with one alone; every answer checked against a challenge used once."""

from __future__ import annotations

import datetime

import pytest
from support.forms import LEARNER_EMAIL
from support.forms import AuthActions
from support.forms import read_csrf_token
from support.passkeys import Authenticator
from support.passkeys import origin_of
from support.passkeys import unb64url

from wallet.models import Passkey
from wallet.models import User
from wallet.platform import clock
from wallet.platform.extensions import db


@pytest.fixture
def phone(app) -> Authenticator:
    return Authenticator(origin_of(app.config["WALLET_BASE_URL"]))


def send(client, url: str, body: dict):
    token = read_csrf_token(client, "/login" if not url.startswith("/account") else "/account")
    return client.post(url, json=body, headers={"X-CSRFToken": token})


def add_passkey(learner, phone, name="Min telefon", password=None):
    ask = {"name": name, "password": password or learner.password}
    options = send(learner.client, "/account/passkeys/options", ask)
    assert options.status_code == 200, options.get_data(as_text=True)
    return send(learner.client, "/account/passkeys",
                {"name": name, "credential": phone.create(options.get_json())})


def log_in(client, phone, **answer_options):
    options = send(client, "/login/passkey/options", {}).get_json()
    return send(client, "/login/passkey", {"credential": phone.get(options, **answer_options)})


def test_a_passkey_is_added_with_the_password_and_logs_in_without_one(app, user, phone):
    wrong = send(user.client, "/account/passkeys/options", {"name": "Telefon", "password": "fel"})
    assert wrong.status_code == 422 and "Wrong password" in wrong.get_json()["error"]
    options = send(user.client, "/account/passkeys/options",
                   {"name": "Min telefon", "password": user.password}).get_json()
    assert options["rp"]["id"] == "127.0.0.1"  # the host of WALLET_BASE_URL
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert len(unb64url(options["user"]["id"])) == 32  # random, never the address
    added = send(user.client, "/account/passkeys", {"name": "Min telefon",
                                                    "credential": phone.create(options)})
    assert added.get_json() == {"redirect": "/account/passkeys"}
    assert "Min telefon" in user.client.get("/account/passkeys").get_data(as_text=True)
    visitor = app.test_client()
    response = log_in(visitor, phone)
    assert response.get_json() == {"redirect": "/wallet"}
    assert visitor.get("/account").status_code == 200


def test_an_answer_counts_once_and_only_within_five_minutes(app, user, phone, monkeypatch):
    assert add_passkey(user, phone).status_code == 200
    visitor = app.test_client()
    options = send(visitor, "/login/passkey/options", {}).get_json()
    answer = phone.get(options)
    assert send(visitor, "/login/passkey", {"credential": answer}).status_code == 200
    assert send(visitor, "/login/passkey", {"credential": answer}).status_code == 422  # replayed
    late = app.test_client()
    options = send(late, "/login/passkey/options", {}).get_json()
    moment = clock.now() + datetime.timedelta(minutes=5, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: moment)
    assert send(late, "/login/passkey", {"credential": phone.get(options)}).status_code == 422


def test_answers_without_user_verification_or_from_elsewhere_are_refused(app, user, phone):
    unverified = Authenticator(phone.origin, user_verified=False)
    assert add_passkey(user, unverified).status_code == 422
    elsewhere = Authenticator("https://evil.example")
    assert add_passkey(user, elsewhere).status_code == 422
    assert add_passkey(user, phone).status_code == 200
    phone.user_verified = False
    refused = log_in(app.test_client(), phone)
    assert refused.status_code == 422 and "did not log you in" in refused.get_json()["error"]


def test_a_copied_passkey_shows_as_its_counter_going_back(app, user, phone):
    add_passkey(user, phone)
    assert log_in(app.test_client(), phone).status_code == 200
    [credential_id] = phone.keys
    phone.rewind(credential_id)
    assert log_in(app.test_client(), phone).status_code == 422


def test_a_removed_passkey_no_longer_logs_in_and_only_its_owner_removes_it(
    app, user, other_user, phone, csrf_token
):
    add_passkey(user, phone)
    with app.app_context():
        [passkey_id] = db.session.scalars(db.select(Passkey.id))
    url = f"/account/passkeys/{passkey_id}/remove"
    other_user.client.post(url, data={"csrf_token": csrf_token(other_user.client, "/account")})
    assert log_in(app.test_client(), phone).status_code == 200
    user.client.post(url, data={"csrf_token": csrf_token(user.client, "/account")})
    assert "no passkeys yet" in user.client.get("/account/passkeys").get_data(as_text=True)
    assert log_in(app.test_client(), phone).status_code == 422


def test_a_wallet_made_with_a_passkey_alone_has_no_password(app, phone):
    visitor = app.test_client()
    who = {"name": "Ada", "email": "ada@example.se"}
    options = send(visitor, "/register/passkey/options", who).get_json()
    made = send(visitor, "/register/passkey", {**who, "credential": phone.create(options)})
    assert made.get_json() == {"redirect": "/register/sent"}  # as the sign-up form answers
    assert visitor.get("/account").status_code == 303  # confirmed by mail, or logged in
    with app.app_context():
        account = db.session.scalar(db.select(User).filter_by(email="ada@example.se"))
        assert account.password_hash is None and account.email_confirmed_at is None
    assert AuthActions(app.test_client()).login("ada@example.se", "").status_code == 422
    assert log_in(visitor, phone).status_code == 200
    # Nothing asks it for a password it does not have: deleting takes the passkey's login.
    token = read_csrf_token(visitor, "/account/delete")
    deleted = visitor.post("/account/delete", data={"csrf_token": token})
    assert deleted.status_code == 303 and visitor.get("/account").status_code == 303


def test_a_passkey_sign_up_with_a_taken_address_answers_the_same(make_app, mail_server):
    app = make_app(**mail_server.settings)
    AuthActions(app.test_client()).register()
    phone = Authenticator(origin_of(app.config["WALLET_BASE_URL"]))
    visitor = app.test_client()
    who = {"name": "Someone", "email": LEARNER_EMAIL}
    options = send(visitor, "/register/passkey/options", who).get_json()
    made = send(visitor, "/register/passkey", {**who, "credential": phone.create(options)})
    assert made.get_json() == {"redirect": "/register/sent"}
    [_, warning] = mail_server.to(app, LEARNER_EMAIL)
    assert warning["Subject"] == "Someone tried to create an account with your e-mail address"
    assert log_in(visitor, phone).status_code == 422  # no passkey was kept


def test_without_script_the_passkey_buttons_stay_hidden(client):
    for page in ("/login", "/register"):
        html = client.get(page).get_data(as_text=True)
        assert '<div class="passkey-place" data-passkey-place hidden>' in html
        assert 'name="password"' in html  # the password works as ever
