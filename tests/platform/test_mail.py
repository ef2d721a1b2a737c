"""Outgoing mail: through a real SMTP server, printed by the demo, required of a server, and
never able to hold up or undo what a learner asked for."""

from __future__ import annotations

import logging
import re
import secrets
import socket
import threading
import time

import pytest
from flask_babel import force_locale
from flask_babel import gettext
from support.forms import LEARNER_EMAIL
from support.forms import AuthActions
from support.gunicorn import free_port
from support.mail import html
from support.mail import links
from support.mail import text

from wallet import create_app
from wallet.models import User
from wallet.platform import config
from wallet.platform import mail
from wallet.platform.extensions import db

SERVER_SETTINGS = (
    "SECRET_KEY", "WALLET_DEMO", "FLASK_DEBUG", "TRUSTED_HOSTS", *config.MAIL_SETTINGS
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in SERVER_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def server_app(tmp_path, **settings):
    """An app configured as a server: not testing, not debug, not the demo."""
    return create_app({
        "SECRET_KEY": secrets.token_urlsafe(48),
        "TRUSTED_HOSTS": ["localhost"],
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wallet.db'}",
        **settings,
    })


def test_a_server_refuses_to_start_without_a_mail_server_unless_mail_is_off(tmp_path):
    with pytest.raises(config.ConfigurationError, match="MAIL_SERVER"):
        server_app(tmp_path)
    assert mail.outbox(server_app(tmp_path, MAIL_ENABLED=False)).mode == "off"
    assert mail.outbox(server_app(tmp_path, MAIL_SERVER="smtp.example.se")).mode == "smtp"


def test_mail_settings_come_from_the_environment(tmp_path, monkeypatch):
    for name, value in {"MAIL_SERVER": "smtp.example.se", "MAIL_USE_SSL": "true",
                        "MAIL_USERNAME": "wallet", "MAIL_PASSWORD": "hemligt",
                        "MAIL_FROM": "Kompetenspass <no-reply@example.se>",
                        "MAIL_TIMEOUT": "2.5"}.items():
        monkeypatch.setenv(name, value)
    outbox = mail.outbox(server_app(tmp_path))
    assert outbox.smtp == mail.SmtpSettings(
        "smtp.example.se", 465, "wallet", "hemligt", use_tls=False, use_ssl=True, timeout=2.5
    )
    assert outbox.sender == "Kompetenspass <no-reply@example.se>"
    monkeypatch.setenv("MAIL_ENABLED", "false")
    monkeypatch.delenv("MAIL_SERVER")
    assert mail.outbox(server_app(tmp_path)).mode == "off"


def test_the_demo_prints_each_mail_labelled_instead_of_sending_it(make_app, monkeypatch, capsys):
    monkeypatch.setenv("WALLET_DEMO", "1")
    app = make_app(TESTING=False)
    assert AuthActions(app.test_client()).register().status_code == 303
    printed = capsys.readouterr().out
    assert "----- E-mail (not sent: printed because no MAIL_SERVER is set) -----" in printed
    assert f"To: {LEARNER_EMAIL}" in printed and "/confirm/" in printed


def test_a_mail_is_plain_text_and_simple_html_in_the_readers_language(make_app, mail_server):
    app = make_app(**mail_server.settings, WALLET_BASE_URL="https://kompetenspass.example")
    visitor = AuthActions(app.test_client())
    visitor.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    visitor.register()
    [message] = mail_server.to(app, LEARNER_EMAIL)
    assert message["From"] == "Kompetenspass <no-reply@kompetenspass.test>"
    assert message["Content-Language"] == "ar" and message["Auto-Submitted"] == "auto-generated"
    body = html(message)
    assert '<html lang="ar" dir="rtl">' in body
    # Nothing that loads from anywhere, nothing that tracks: links to the site, written out.
    assert not re.search(r"<img|src=|<script|<style|url\(", body, re.IGNORECASE)
    assert all(link.startswith("https://kompetenspass.example/") for link in links(message))
    assert re.findall(r'href="([^"]+)"', body) == links(message)
    with app.test_request_context(), force_locale("ar"):
        greeting = gettext("Hello %(name)s,", name="Lina Lärande")
    assert greeting != "Hello Lina Lärande," and greeting in text(message)


def accounts(app) -> int:
    with app.app_context():
        return len(db.session.scalars(db.select(User)).all())


def test_a_mail_server_that_is_down_costs_the_mail_only(make_app, caplog):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    caplog.set_level(logging.WARNING)
    response = AuthActions(app.test_client()).register()
    assert (response.status_code, response.headers["Location"]) == (303, "/register/sent")
    mail.outbox(app).wait_until_sent(10)
    assert "mail.failed reason=ConnectionRefusedError" in caplog.text
    assert LEARNER_EMAIL not in caplog.text
    assert accounts(app) == 1
    assert AuthActions(app.test_client()).login().status_code == 303


def test_a_silent_mail_server_is_cut_off_and_never_holds_the_request(make_app, caplog):
    accepted = []
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never greets
        waiting = threading.Thread(target=lambda: accepted.append(silent.accept()[0]))
        waiting.start()
        app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.getsockname()[1],
                       MAIL_USE_TLS=False, MAIL_TIMEOUT=1.0)
        started = time.monotonic()
        response = AuthActions(app.test_client()).register()
        answered = time.monotonic() - started
        mail.outbox(app).wait_until_sent(10)
        given_up = time.monotonic() - started
        waiting.join(timeout=5)
        for connection in accepted:
            connection.close()
    assert response.status_code == 303 and answered < 1.0  # the request never waited
    assert 1.0 <= given_up < 4  # MAIL_TIMEOUT, not forever
    assert "mail.failed reason=SMTPServerDisconnected" in caplog.text  # smtplib's word for it
    assert accounts(app) == 1
