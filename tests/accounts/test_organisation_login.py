"""Signing in with an organisation's account, against an independent OpenID provider on
127.0.0.1 (oidc-provider-mock): PKCE, state and nonce, accounts linked by subject only."""

from __future__ import annotations

import urllib.parse

import pytest
import requests
from support.forms import LEARNER_EMAIL
from support.organisation import person
from support.organisation import settings

from wallet.models import OrganisationLogin
from wallet.models import User
from wallet.platform.extensions import db


@pytest.fixture
def app(make_app, oidc_issuer):
    return make_app(**settings(oidc_issuer))


def sign_in(client, subject: str):
    """Start on our site, approve as ``subject`` at the provider, come back; our answer."""
    to_provider = client.get("/login/organisation")
    assert to_provider.status_code == 302
    approved = requests.post(to_provider.headers["Location"], data={"sub": subject},
                             allow_redirects=False, timeout=5)
    back = urllib.parse.urlsplit(approved.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def accounts(app, email: str) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(db.select(User).filter_by(email=email)))


def test_the_request_carries_pkce_state_and_nonce(client):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(
        client.get("/login/organisation").headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://127.0.0.1:5000/login/organisation/return"]


def test_a_new_person_gets_a_wallet_and_comes_back_to_it(app, client, oidc_issuer):
    anna = person(oidc_issuer, "anna-1", email="anna@example.se", name="Anna", email_verified=True)
    response = sign_in(client, anna)
    assert (response.status_code, response.headers["Location"]) == (303, "/wallet")
    assert client.get("/account").status_code == 200
    [account] = accounts(app, "anna@example.se")
    assert account.name == "Anna" and account.password_hash is None
    assert account.email_confirmed_at is not None  # the provider verified it
    assert sign_in(app.test_client(), anna).status_code == 303
    assert len(accounts(app, "anna@example.se")) == 1


def test_an_address_with_a_wallet_is_never_linked_by_the_address_alone(app, user, oidc_issuer):
    someone = person(oidc_issuer, "same-address", email=LEARNER_EMAIL, email_verified=True)
    visitor = app.test_client()
    response = sign_in(visitor, someone)
    assert response.status_code == 409 and "exists already" in response.get_data(as_text=True)
    assert visitor.get("/account").status_code == 303
    with app.app_context():
        assert db.session.scalars(db.select(OrganisationLogin)).all() == []
    # The owner links it from the profile, logged in; from then on it logs in.
    assert sign_in(user.client, someone).headers["Location"] == "/account"
    assert sign_in(app.test_client(), someone).headers["Location"] == "/wallet"


def test_a_changed_or_replayed_answer_is_refused(app, client, oidc_issuer):
    subject = person(oidc_issuer, "bo-2", email="bo@example.se")
    to_provider = client.get("/login/organisation")
    approved = requests.post(to_provider.headers["Location"], data={"sub": subject},
                             allow_redirects=False, timeout=5)
    back = urllib.parse.urlsplit(approved.headers["Location"])
    changed = back.query.replace("state=", "state=x")
    assert client.get(f"{back.path}?{changed}").status_code == 400
    assert accounts(app, "bo@example.se") == []
    assert client.get(f"{back.path}?{back.query}").status_code == 303  # the real one, once
    replayed = app.test_client().get(f"{back.path}?{back.query}")  # another browser, same answer
    assert replayed.status_code == 400
    assert client.get(f"{back.path}?{back.query}").status_code == 400  # its state is spent


def test_without_a_provider_there_is_no_button_and_no_route(make_app):
    client = make_app().test_client()
    assert "/login/organisation" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/organisation").status_code == 404
