"""A forgotten password: the same answer for any address, a mailed link that works once for an
hour, a new password that ends every session, and a mail saying it changed."""

from __future__ import annotations

import datetime

import pytest
from support.forms import LEARNER_EMAIL
from support.forms import LEARNER_PASSWORD
from support.forms import AuthActions
from support.forms import read_csrf_token
from support.mail import link_path
from support.mail import text

from wallet.models import User
from wallet.platform import clock
from wallet.platform.extensions import db

NEW_PASSWORD = "hjortron i augusti 2027"


@pytest.fixture
def app(make_app, mail_server):
    return make_app(**mail_server.settings)


def ask_for_reset(client, email=LEARNER_EMAIL):
    token = read_csrf_token(client, "/reset")
    return client.post("/reset", data={"email": email, "csrf_token": token})


def reset_path(app, mail_server) -> str:
    mails = mail_server.to(app, LEARNER_EMAIL)
    [*_, newest] = [mail for mail in mails if mail["Subject"] == "Choose a new password"]
    return link_path(newest, "/reset/")


def choose(client, path: str, password: str = NEW_PASSWORD):
    token = read_csrf_token(client, path)
    return client.post(path, data={"password": password, "csrf_token": token})


def test_any_address_gets_the_same_answer_and_only_an_account_a_link(app, user, mail_server):
    visitor = app.test_client()
    known, unknown = ask_for_reset(visitor), ask_for_reset(visitor, "nobody@example.se")
    assert (known.status_code, known.headers["Location"]) == (303, "/reset/sent")
    assert (unknown.status_code, unknown.headers["Location"]) == (303, "/reset/sent")
    assert mail_server.to(app, "nobody@example.se") == []
    mail = mail_server.to(app, LEARNER_EMAIL)[-1]
    assert mail["Subject"] == "Choose a new password" and "works once, for 1 hour" in text(mail)
    assert "we have sent it a link" in visitor.get("/reset/sent").get_data(as_text=True)


def test_the_link_sets_a_new_password_and_ends_every_session(app, user, mail_server):
    visitor = app.test_client()
    ask_for_reset(visitor)
    path = reset_path(app, mail_server)
    assert visitor.get(path).status_code == 200
    response = choose(visitor, path)
    assert (response.status_code, response.headers["Location"]) == (303, "/wallet")
    assert visitor.get("/account").status_code == 200  # logged in here
    assert user.client.get("/account").status_code == 303  # and out everywhere else
    login = AuthActions(app.test_client())
    assert login.login(password=LEARNER_PASSWORD).status_code == 422
    assert login.login(password=NEW_PASSWORD).status_code == 303
    changed = mail_server.to(app, LEARNER_EMAIL)[-1]
    assert changed["Subject"] == "Your password was changed"
    assert "/reset" in text(changed) and "logged out" in text(changed)
    assert visitor.get(path).status_code == 410  # once only
    assert choose(app.test_client(), path, "ännu ett nytt lösenord").status_code == 410


def test_the_new_password_follows_the_sign_up_rules(app, user, mail_server):
    ask_for_reset(user.client)
    path = reset_path(app, mail_server)
    for weak, said in (("kort", "at least 8"), ("password1234567", "most common")):
        response = choose(user.client, path, weak)
        assert response.status_code == 422 and said in response.get_data(as_text=True)
    assert choose(user.client, path).status_code == 303  # still usable after a refusal


def test_a_link_stops_after_an_hour_and_when_a_newer_one_is_sent(
    app, user, mail_server, monkeypatch
):
    ask_for_reset(user.client)
    first = reset_path(app, mail_server)
    ask_for_reset(user.client)
    second = reset_path(app, mail_server)
    assert user.client.get(first).status_code == 410
    assert user.client.get(second).status_code == 200
    moment = clock.now() + datetime.timedelta(hours=1, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: moment)
    assert user.client.get(second).status_code == 410
    assert choose(user.client, second).status_code == 410


def test_a_reset_confirms_the_address_it_reached(app, user, mail_server):
    ask_for_reset(user.client)
    choose(user.client, reset_path(app, mail_server))
    with app.app_context():
        assert db.session.get(User, user.id).email_confirmed_at is not None


def test_asking_is_limited_per_client_and_per_address(make_app, mail_server):
    app = make_app(**mail_server.settings, RESET_RATE_LIMIT="2 per minute",
                   RESET_ADDRESS_RATE_LIMIT="3 per hour")
    one_office = app.test_client()
    answers = [ask_for_reset(one_office, f"n{n}@example.se").status_code for n in range(3)]
    assert answers == [303, 303, 429]
    everywhere = []
    for number in range(4):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number}"
        everywhere.append(ask_for_reset(client, "Samma@example.se").status_code)
    assert everywhere == [303, 303, 303, 429]
