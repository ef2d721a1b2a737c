"""Shared fixtures for every test that needs the web app.

- ``make_app(**overrides)``: a fresh app with its own database: a temporary SQLite file, or
  ``TEST_DATABASE_URL`` from the environment (all tables dropped and created again per app;
  the second and later apps of one test get a PostgreSQL schema of their own, so they never
  empty each other's tables).
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
- ``mail_server``: a real SMTP server on 127.0.0.1 (``support.mail.MailSink``); pass its
  ``settings`` to ``make_app`` and read what the app sent with ``received(app)``.
- ``oidc_issuer``: an OpenID provider on 127.0.0.1 (``support.organisation``); pass
  ``settings(oidc_issuer)`` to ``make_app``.
- ``user``: a learner registered (the sign-up form) and logged in (the login form) on
  ``client`` (``LEARNER_EMAIL`` /
  ``LEARNER_PASSWORD``): a ``Learner`` with ``id``, ``name``, ``email``, ``password``, ``client``.
- ``other_user``: a second ``Learner``, logged in on a client of their own
  (``other_user.client``), for access-control tests.
- ``htmx``: the headers of each kind of htmx request (``htmx.swap``, ``htmx.boosted``,
  ``htmx.history_restore``), to pass as ``headers=``.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import secrets

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from support.forms import LEARNER_EMAIL
from support.forms import LEARNER_NAME
from support.forms import LEARNER_PASSWORD
from support.forms import OTHER_EMAIL
from support.forms import OTHER_NAME
from support.forms import OTHER_PASSWORD
from support.forms import AuthActions
from support.forms import read_csrf_token
from support.htmx import HtmxHeaders
from support.issuers import did_key_issuer
from support.mail import SEND_TIMEOUT
from support.mail import receiving_mail
from support.organisation import running_provider
from support.vci_issuer import VciIssuer

from wallet import create_app
from wallet.models import User
from wallet.platform import mail
from wallet.platform.extensions import db


# Werkzeug's scrypt at a 32nd of the memory and time the site uses: the same code, without
# 0.1 s for every sign-up and login of every test (test_auth checks the site's own cost).
TEST_PASSWORD_HASH = "scrypt:1024:8:1"


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
            **database_config(database_url, folder, len(apps)),
            "TRUST_LIST": str(folder / "trust-list.json"),
            "RATELIMIT_ENABLED": True,
            "WALLET_INSECURE_LOCALHOST": True,
            "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
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

    build.apps = apps  # for fixtures that must end after every app's work (mail_server)
    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    for number in range(1, len(apps) if database_url else 0):
        fresh_schema(database_url, number, create=False)


def database_config(url: str | None, folder: pathlib.Path, number: int) -> dict:
    """A SQLite file per app; on PostgreSQL, the default schema or a fresh one for app ``number``."""
    if not url:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'wallet.db'}"}
    if number == 0:
        return {"SQLALCHEMY_DATABASE_URI": url}
    schema = fresh_schema(url, number, create=True)
    options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    return {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options}


def fresh_schema(url: str, number: int, create: bool) -> str:
    """Drop the PostgreSQL schema of a test's app ``number``, then create it empty if asked."""
    schema = f"test_app_{number}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        if create:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine.dispose()
    return schema


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


@pytest.fixture
def csrf_token():
    return read_csrf_token


@pytest.fixture
def htmx() -> HtmxHeaders:
    return HtmxHeaders()


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
    """Sign up through the form, log in through the other (signing up no longer logs in: the
    address is confirmed by a mailed link first) and return who it was."""
    actions = AuthActions(client)
    response = actions.register(name=name, email=email, password=password)
    assert response.status_code == 303, response.get_data(as_text=True)
    response = actions.login(email=email, password=password)
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).filter_by(email=email))
    return Learner(user_id, name, email, password, client)


@pytest.fixture
def mail_server(make_app):
    """Stops only once every app of the test handed its last mail over (or gave up on it)."""
    with receiving_mail() as sink:
        yield sink
        for app in make_app.apps:
            mail.outbox(app).wait_until_sent(SEND_TIMEOUT)


@pytest.fixture
def vci_issuer():
    """A small OpenID4VCI issuer on 127.0.0.1 (``support.vci_issuer``), Ed25519 did:key."""
    issuer = VciIssuer(did_key_issuer("Ed25519", slot=31))
    yield issuer
    issuer.close()


@pytest.fixture
def oidc_issuer():
    """An organisation's OpenID provider on 127.0.0.1 (``support.organisation``): its issuer."""
    with running_provider() as issuer:
        yield issuer


@pytest.fixture
def user(app: Flask, client: FlaskClient) -> Learner:
    return register_learner(app, client, LEARNER_NAME, LEARNER_EMAIL, LEARNER_PASSWORD)


@pytest.fixture
def other_user(app: Flask) -> Learner:
    return register_learner(app, app.test_client(), OTHER_NAME, OTHER_EMAIL, OTHER_PASSWORD)
