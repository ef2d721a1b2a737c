"""Shared fixtures for every test that needs the web app.

- ``make_app(**overrides)``: a fresh app with its own database: a temporary SQLite file, or
  ``TEST_DATABASE_URL`` from the environment (all tables dropped and created again per app).
  ``SECRET_KEY`` is random, ``TRUST_LIST`` is a path in a temporary folder (not created),
  CSRF protection and rate limits are ON, plain-http localhost fetches are allowed.
  Tables come from ``db.create_all()``; migrations are tested on their own.
- ``app``: ``make_app()`` with the overrides of ``@pytest.mark.app_config(KEY=value, ...)``.
- ``client``, ``runner``: Flask's test client and CLI runner for ``app``. Every client made
  by ``app.test_client()`` sends ``Accept-Language: en``, so assertions read the English
  source strings; pass ``headers={"Accept-Language": "sv"}`` (or ``""`` for the default) to
  see Swedish.
- ``csrf_token(client, url)``: GET ``url`` (following redirects) and return its CSRF token.
- ``auth``: ``register(name=, email=, password=)``, ``login(email, password, next=None)``
  and ``logout()`` through the real forms on ``client``, CSRF token included; each returns
  the response without following the redirect.
- ``user``: a learner registered and logged in on ``client`` (``LEARNER_EMAIL`` /
  ``LEARNER_PASSWORD``): a ``Learner`` with ``id``, ``name``, ``email``, ``password``, ``client``.
- ``other_user``: a second ``Learner``, logged in on a client of their own
  (``other_user.client``), for access-control tests.
"""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
import urllib.parse

import pytest
from flask import Flask
from flask.testing import FlaskClient

from wallet import create_app
from wallet.extensions import db
from wallet.models import User

LEARNER_NAME = "Lina Lärande"
LEARNER_EMAIL = "learner@example.se"
LEARNER_PASSWORD = "blåbär i november 1987"
OTHER_NAME = "Olle Annan"
OTHER_EMAIL = "other@example.se"
OTHER_PASSWORD = "lingonsylt på vinden 42"

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


class EnglishClient(FlaskClient):
    """A test client whose browser asks for English, the language of the source strings."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "app_config(**overrides): extra configuration for the `app` fixture"
    )


@pytest.fixture
def make_app(tmp_path_factory: pytest.TempPathFactory):
    """Build apps with their own database; engines are closed when the test ends."""
    apps: list[Flask] = []
    database_url = os.environ.get("TEST_DATABASE_URL")

    def build(**overrides) -> Flask:
        folder = tmp_path_factory.mktemp("app")
        config = {
            "TESTING": True,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder / 'wallet.db'}",
            "TRUST_LIST": str(folder / "trust-list.json"),
            "RATELIMIT_ENABLED": True,
            "WALLET_INSECURE_LOCALHOST": True,
            **overrides,
        }
        app = create_app(config)
        app.test_client_class = EnglishClient
        with app.app_context():
            if database_url:
                db.drop_all()
            db.create_all()
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(request: pytest.FixtureRequest, make_app) -> Flask:
    marker = request.node.get_closest_marker("app_config")
    return make_app(**(marker.kwargs if marker else {}))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def read_csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the forms on ``url``, as a browser would find it."""
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    match = CSRF_INPUT.search(page)
    assert match, f"no CSRF token on {url}"
    return match[1]


@pytest.fixture
def csrf_token():
    return read_csrf_token


@dataclasses.dataclass
class AuthActions:
    """Register, log in and log out through the real forms, CSRF token included."""

    client: FlaskClient

    def register(self, name=LEARNER_NAME, email=LEARNER_EMAIL, password=LEARNER_PASSWORD):
        form = {"name": name, "email": email, "password": password}
        return self.post("/register", form)

    def login(self, email=LEARNER_EMAIL, password=LEARNER_PASSWORD, next=None):
        query = "" if next is None else "?" + urllib.parse.urlencode({"next": next})
        return self.post("/login" + query, {"email": email, "password": password})

    def logout(self):
        return self.post("/logout", {}, token_page="/account")

    def post(self, url: str, form: dict, token_page: str | None = None):
        token = read_csrf_token(self.client, token_page or url)
        return self.client.post(url, data={**form, "csrf_token": token})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@dataclasses.dataclass
class Learner:
    id: int
    name: str
    email: str
    password: str
    client: FlaskClient


def register_learner(app: Flask, client: FlaskClient, name: str, email: str, password: str):
    """Register through the form (which logs in) and return who it was."""
    response = AuthActions(client).register(name=name, email=email, password=password)
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).filter_by(email=email))
    return Learner(user_id, name, email, password, client)


@pytest.fixture
def user(app: Flask, client: FlaskClient) -> Learner:
    return register_learner(app, client, LEARNER_NAME, LEARNER_EMAIL, LEARNER_PASSWORD)


@pytest.fixture
def other_user(app: Flask) -> Learner:
    return register_learner(app, app.test_client(), OTHER_NAME, OTHER_EMAIL, OTHER_PASSWORD)
