"""A learner's address: confirmed by a mailed link, changed only once the new one is confirmed,
and a sign-up form that tells nobody which addresses have an account."""

from __future__ import annotations

import datetime
import re

import pytest
from support.forms import LEARNER_EMAIL
from support.forms import LEARNER_PASSWORD
from support.forms import AuthActions
from support.forms import read_csrf_token
from support.mail import link_path
from support.mail import text

from wallet.accounts import addresses
from wallet.models import User
from wallet.platform import clock
from wallet.platform.extensions import db

CSRF_TOKEN = re.compile(r'"csrf_token" value="[^"]+"|"X-CSRFToken": "[^"]+"')


@pytest.fixture
def app(make_app, mail_server):
    return make_app(**mail_server.settings)


def account(app, email=LEARNER_EMAIL) -> User | None:
    with app.app_context():
        return db.session.scalar(db.select(User).filter_by(email=email))


def confirmation_path(app, mail_server, address=LEARNER_EMAIL) -> str:
    """The confirmation link of the newest mail to ``address``."""
    return link_path(mail_server.to(app, address)[-1], "/confirm/")


def confirm(client, path: str):
    return client.post(path, data={"csrf_token": read_csrf_token(client, path)})


def later(monkeypatch, **elapsed) -> None:
    moment = clock.now() + datetime.timedelta(**elapsed)
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_the_mailed_link_confirms_the_address_and_logs_in(app, client, auth, mail_server):
    auth.register()
    [mail] = mail_server.to(app, LEARNER_EMAIL)
    assert mail["Subject"] == "Confirm your e-mail address"
    assert "works once, for 24 hours" in text(mail)
    path = link_path(mail, "/confirm/")
    page = client.get(path)  # opening it (as a mail scanner would) changes nothing
    assert page.status_code == 200 and LEARNER_EMAIL in page.get_data(as_text=True)
    assert account(app).email_confirmed_at is None
    response = confirm(client, path)
    assert (response.status_code, response.headers["Location"]) == (303, "/wallet")
    assert account(app).email_confirmed_at is not None
    profile = client.get("/account").get_data(as_text=True)
    assert "(not confirmed)" not in profile and "is confirmed" in profile  # the flash
    assert client.get(path).status_code == 410  # once only
    assert confirm(app.test_client(), path).status_code == 410


def test_until_confirmed_the_account_works_and_the_profile_says_so(app, user):
    profile = user.client.get("/account").get_data(as_text=True)
    assert "(not confirmed)" in profile and "Send the link again" in profile
    assert user.client.get("/wallet").status_code == 200


def test_a_link_stops_after_24_hours_and_when_a_newer_one_is_sent(
    app, user, mail_server, csrf_token, monkeypatch
):
    first = confirmation_path(app, mail_server)
    again = {"csrf_token": csrf_token(user.client, "/account")}
    assert user.client.post("/account/address/confirm", data=again).status_code == 303
    second = confirmation_path(app, mail_server)
    assert second != first
    assert user.client.get(first).status_code == 410
    later(monkeypatch, hours=24, seconds=1)
    assert user.client.get(second).status_code == 410
    assert "works once, and only for a while" in user.client.get(second).get_data(as_text=True)


def test_a_changed_link_does_not_work(app, auth, client, mail_server):
    auth.register()
    path = confirmation_path(app, mail_server)
    assert client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB")).status_code == 410
    assert client.get("/confirm/not-a-link").status_code == 410


def test_admin_grant_refuses_an_unconfirmed_address(app, user, client, mail_server):
    refused = app.test_cli_runner().invoke(args=["admin", "grant", user.email])
    assert refused.exit_code != 0 and "not confirmed" in refused.output
    assert not account(app).is_admin
    confirm(client, confirmation_path(app, mail_server))
    granted = app.test_cli_runner().invoke(args=["admin", "grant", user.email])
    assert granted.exit_code == 0 and account(app).is_admin


def change_address(learner, csrf_token, email, password):
    form = {"email": email, "password": password,
            "csrf_token": csrf_token(learner.client, "/account/address")}
    return learner.client.post("/account/address", data=form)


def test_a_new_address_replaces_the_old_only_once_confirmed(app, user, mail_server, csrf_token):
    wrong = change_address(user, csrf_token, "ny@example.se", "not my password")
    assert wrong.status_code == 422 and "Wrong password" in wrong.get_data(as_text=True)
    assert change_address(user, csrf_token, "ny@example.se", LEARNER_PASSWORD).status_code == 303
    profile = user.client.get("/account").get_data(as_text=True)
    assert "ny@example.se" in profile and account(app).email == LEARNER_EMAIL  # not yet
    confirm(user.client, confirmation_path(app, mail_server, "ny@example.se"))
    changed = account(app, "ny@example.se")
    assert changed.id == user.id and changed.email_confirmed_at is not None
    visitor = AuthActions(app.test_client())
    assert visitor.login(LEARNER_EMAIL).status_code == 422
    assert visitor.login("ny@example.se").status_code == 303


def test_changing_to_another_accounts_address_tells_its_owner_not_the_learner(
    app, user, other_user, mail_server, csrf_token
):
    before = len(mail_server.to(app, other_user.email))
    response = change_address(user, csrf_token, other_user.email, LEARNER_PASSWORD)
    assert response.status_code == 303
    flash = user.client.get("/account").get_data(as_text=True)
    assert f"We sent a link to {other_user.email}" in flash  # as for a free address
    [warning] = mail_server.to(app, other_user.email)[before:]
    assert warning["Subject"] == "Someone tried to create an account with your e-mail address"
    assert "/confirm/" not in text(warning)


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_mail(app, mail_server):
    answers = []
    for email in ("ny@example.se", LEARNER_EMAIL):
        if email == LEARNER_EMAIL:
            AuthActions(app.test_client()).register()
        visitor = AuthActions(app.test_client())
        response = visitor.register(name="Someone", email=email, password="ett annat lösenord")
        page = visitor.client.get(response.headers["Location"])
        html = CSRF_TOKEN.sub("", page.get_data(as_text=True))  # each visitor has a token
        answers.append((response.status_code, response.headers["Location"], page.status_code, html))
    assert answers[0] == answers[1]
    [welcome, warning] = mail_server.to(app, LEARNER_EMAIL)
    assert "/confirm/" in text(welcome)
    assert warning["Subject"] == "Someone tried to create an account with your e-mail address"
    assert "/login" in text(warning) and "/reset" in text(warning)
    assert "/confirm/" not in text(warning)
    assert account(app).name != "Someone"


def test_signing_up_hashes_the_password_for_a_taken_address_too(app, auth, monkeypatch):
    hashed = []
    real_hash = addresses.hash_password
    monkeypatch.setattr(addresses, "hash_password", lambda p: hashed.append(p) or real_hash(p))
    auth.register()
    auth.register(password="ett annat lösenord")
    assert hashed == [LEARNER_PASSWORD, "ett annat lösenord"]
