"""Registration, login, logout and the session they leave behind."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import time
import unicodedata
import urllib.parse

import pytest
from flask import Flask
from support.forms import LEARNER_NAME
from support.forms import AuthActions

from wallet.accounts.passwords import hash_password
from wallet.credentials import keystore
from wallet.credentials import signing
from wallet.models import User
from wallet.platform import config
from wallet.platform.extensions import db

PASSWORD = "en lång mening om kursintyg"
FORM_ERROR = re.compile(r'<p class="error" id="form-error">([^<]*)</p>')


def field_error(html: str, name: str) -> str | None:
    match = re.search(rf'<p class="error" id="{name}-error">([^<]*)</p>', html)
    return match[1] if match else None


def form_error(response) -> str:
    return FORM_ERROR.search(response.get_data(as_text=True))[1]


def users(app) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(db.select(User)))


def test_register_creates_a_wallet_to_confirm_by_mail(app, client, auth):
    response = auth.register(name="Ada", email="ada@example.se", password=PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"] == "/register/sent"
    assert "Check your e-mail" in client.get("/register/sent").get_data(as_text=True)
    assert client.get("/account").status_code == 303  # not logged in on the spot
    [user] = users(app)
    assert (user.name, user.email) == ("Ada", "ada@example.se")
    assert user.email_confirmed_at is None
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    # The sealed wallet key opens with the app secret and is the key behind the DID.
    key = keystore.open_private_key(user.wallet_key_sealed, app.config["SECRET_KEY"].encode())
    assert user.did.startswith("did:key:z6Mk")
    assert signing.did_key(key.public_key()) == user.did


def test_register_page_has_one_password_field_and_an_optional_toggle(client):
    page = client.get("/register").get_data(as_text=True)
    assert page.count('type="password"') == 1
    assert re.search(r"<button[^>]*\bhidden\b[^>]*data-show-password=\"password\"", page)
    assert 'src="/static/js/show-password.js"' in page
    assert "<script>" not in page and "style=" not in page
    with client.get("/static/js/show-password.js") as script:
        assert script.status_code == 200


@pytest.mark.parametrize("length", [8, 15, 64, 100, 128])
def test_long_passwords_are_accepted_whole(app, client, auth, length):
    password = ("Fjällräv sover " * 10)[:length]
    assert auth.register(password=password).status_code == 303
    auth.logout()
    assert auth.login(password=password[:-1]).status_code == 422  # no truncation
    assert auth.login(password=password).status_code == 303


@pytest.mark.parametrize("length", [0, 7, 129])
def test_password_length_outside_8_to_128_is_refused(app, client, auth, length):
    password = ("Qz7ö" * 40)[:length]
    response = auth.register(name="Ada", email="ada@example.se", password=password)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "password")
    assert 'value="Ada"' in html and 'value="ada@example.se"' in html
    assert not password or password not in html
    assert users(app) == []


@pytest.mark.parametrize("password", ["password1234567", "iloveyou", "Sunshine2024", "QWERTY123"])
def test_common_passwords_are_refused(app, auth, password):
    response = auth.register(password=password)
    assert response.status_code == 422
    assert "most common" in field_error(response.get_data(as_text=True), "password")
    assert users(app) == []


def test_no_composition_rules(auth):
    assert auth.register(password="alla mina kursintyg").status_code == 303


def test_name_and_email_are_checked(app, auth):
    response = auth.register(name="  ", email="not-an-address", password=PASSWORD)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "name") and field_error(html, "email")
    assert field_error(html, "password") is None
    assert users(app) == []


def test_email_is_trimmed_and_lower_cased(auth):
    assert auth.register(email="  Learner@Example.SE ").status_code == 303
    auth.logout()
    assert auth.login(email="learner@example.se").status_code == 303


def test_a_taken_address_gets_the_same_answer_and_no_second_account(app, auth):
    first = auth.register()
    again = auth.register(name="Someone", email="LEARNER@example.se ", password="annat lösen 99")
    assert (again.status_code, again.headers["Location"]) == (303, first.headers["Location"])
    [user] = users(app)
    assert user.name == LEARNER_NAME
    assert auth.login(password="annat lösen 99").status_code == 422  # the owner's password holds


@pytest.mark.parametrize("typed_as", ["NFC", "NFD"])
def test_composed_and_decomposed_accents_are_the_same_password(auth, typed_as):
    password = "café på söndag morgon"
    auth.register(password=unicodedata.normalize("NFC", password))
    auth.logout()
    assert auth.login(password=unicodedata.normalize(typed_as, password)).status_code == 303


def test_wrong_password_and_unknown_email_get_the_same_answer(auth):
    auth.register()
    auth.logout()
    wrong_password = auth.login(password="not the password at all")
    unknown_email = auth.login(email="nobody@example.se")
    assert wrong_password.status_code == unknown_email.status_code == 422
    first, second = (form_error(r) for r in (wrong_password, unknown_email))
    assert first == second == "Wrong email or password."


@pytest.mark.parametrize("target", ["/account", "/account/export?x=1", "/wallet?sort=title"])
def test_login_returns_to_a_same_site_path(user, auth, target):
    auth.logout()
    assert auth.login(next=target).headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    ["//evil.test", "/\\evil.test", "https://evil.test/", "javascript:alert(1)", "evil", "/\tevil"],
)
def test_login_ignores_next_pointing_elsewhere(user, auth, target):
    auth.logout()
    assert auth.login(next=target).headers["Location"] == "/wallet"


def test_a_protected_page_sends_to_login_and_back(user, client, auth):
    auth.logout()
    response = client.get("/account?tab=1")
    assert response.status_code == 303
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert urllib.parse.parse_qs(location.query) == {"next": ["/account?tab=1"]}
    assert auth.login(next="/account?tab=1").headers["Location"] == "/account?tab=1"


def test_an_htmx_request_without_session_is_redirected_by_htmx(client, htmx):
    response = client.get("/account", headers=htmx.swap)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/login")


def test_login_starts_a_new_session(user, client, auth):
    auth.logout()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login()
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


def test_logout_ends_a_copied_session_cookie(app, user, client, auth):
    copied = client.get_cookie("session").value
    replay = app.test_client()
    replay.set_cookie("session", copied)
    assert replay.get("/account").status_code == 200
    assert auth.logout().status_code == 303
    assert replay.get("/account").status_code == 303
    assert client.get("/account").status_code == 303


def test_logout_only_by_post(user, client):
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


def session_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_session_cookie_is_httponly_lax_and_secure(auth):
    auth.register()
    cookie = session_cookie(auth.login())
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


@pytest.mark.app_config(DEBUG=True)
def test_session_cookie_is_not_secure_on_a_debug_laptop(auth):
    auth.register()
    cookie = session_cookie(auth.login())
    assert "HttpOnly" in cookie and "Secure" not in cookie


@pytest.mark.parametrize("url", ["/register", "/login"])
def test_forms_without_csrf_token_are_refused(app, client, url):
    form = {"name": "Ada", "email": "ada@example.se", "password": PASSWORD}
    response = client.post(url, data=form)
    assert response.status_code == 400
    assert users(app) == []


def test_logout_without_csrf_token_is_refused(user, client):
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_logins_are_logged_without_the_password(user, auth, caplog):
    caplog.set_level("INFO")
    auth.logout()
    auth.login()
    assert "audit event=login.succeeded at=" in caplog.text
    assert f"user_id={user.id}" in caplog.text
    assert user.password not in caplog.text


# The `user` fixture's own login is the first of the four.
@pytest.mark.app_config(LOGIN_RATE_LIMIT="4 per minute", LOGIN_ACCOUNT_RATE_LIMIT="100 per minute")
def test_login_is_throttled_per_client_and_opens_again(user, auth, monkeypatch):
    auth.logout()
    for number in range(3):
        assert auth.login(email=f"guess{number}@example.se").status_code == 422
    throttled = auth.login()
    assert throttled.status_code == 429
    assert "Too many attempts" in form_error(throttled)
    advance_clock(monkeypatch, seconds=61)
    assert auth.login().status_code == 303


@pytest.mark.app_config(LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
def test_login_is_throttled_per_account_across_clients(app, user, auth, monkeypatch):
    auth.logout()
    for number in range(3):
        guesser = app.test_client()
        guesser.environ_base["REMOTE_ADDR"] = f"203.0.113.{number}"
        guess = dataclasses.replace(auth, client=guesser).login(password=f"guess {number}")
        assert guess.status_code == 422
    assert auth.login().status_code == 429  # even the owner waits, but only for the window
    assert auth.login(email="other@example.se").status_code == 422  # other accounts unaffected
    advance_clock(monkeypatch, seconds=61)
    assert auth.login().status_code == 303


def advance_clock(monkeypatch, seconds: float) -> None:
    """Move the limiter's clock forward, as if the window had passed."""
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + seconds)


def test_a_logged_in_visit_to_login_goes_on_to_next(user, client):
    assert client.get("/login?next=/account").headers["Location"] == "/account"
    assert client.get("/login?next=//evil.test").headers["Location"] == "/wallet"


def test_the_site_address_leads_a_visitor_in_and_a_learner_to_the_wallet(user, client, auth):
    assert client.get("/").headers["Location"] == "/wallet"
    auth.logout()
    visitor = client.get("/", follow_redirects=True)
    assert visitor.request.path == "/login"
    # An employer who was given a code (not a link) finds where to type it.
    assert 'href="/code"' in visitor.get_data(as_text=True)


def test_a_failed_login_is_logged_by_account_id_only(app, user, auth, caplog):
    caplog.set_level(logging.INFO)
    auth.logout()
    auth.login(user.email, "not the password")
    auth.login("nobody@example.se", "not the password")
    failed = [r.getMessage() for r in caplog.records if "event=login.failed" in r.getMessage()]
    assert len(failed) == 2
    assert f"user_id={user.id}" in failed[0] and "user_id=unknown" in failed[1]
    for email in (user.email, "nobody@example.se"):
        digest = hashlib.sha256(email.encode()).hexdigest()
        assert email not in caplog.text and digest[:8] not in caplog.text


@pytest.mark.app_config(REGISTER_RATE_LIMIT="2 per minute")
def test_sign_ups_from_one_client_are_limited(app):
    answers = []
    for n in range(3):
        visitor = AuthActions(app.test_client())
        visitor.client.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # one office, one address
        answers.append(visitor.register(email=f"learner{n}@example.se", password=PASSWORD))
    assert [answer.status_code for answer in answers] == [303, 303, 429]
    assert "Too many attempts" in answers[2].get_data(as_text=True)
    assert 'action="/register"' in answers[2].get_data(as_text=True)  # the form, to try later
    assert len(users(app)) == 2


@pytest.mark.app_config(REGISTER_ADDRESS_RATE_LIMIT="2 per hour")
def test_trying_one_address_again_and_again_is_limited(app):
    answers = []
    for n in range(3):
        visitor = AuthActions(app.test_client())
        visitor.client.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"  # from all over
        answers.append(visitor.register(email="Taken@Example.se", password=PASSWORD).status_code)
    assert answers == [303, 303, 429]  # a taken address answers as a new one would



def test_outside_the_tests_a_password_costs_werkzeugs_full_scrypt(tmp_path):
    site = Flask("site", instance_path=str(tmp_path))
    config.configure(site, {"TESTING": True})  # the defaults, as a server starts with them
    with site.app_context():
        assert hash_password("long enough password").startswith("scrypt:32768:8:1$")
