"""Production hardening: the secret rule, trusted hosts, proxies, limits from configuration."""

from __future__ import annotations

import secrets

import pytest
import redis
from flask import request
from support.issuers import did_key_issuer
from support.registry import trust_in_file

from wallet import create_app
from wallet.platform import config
from wallet.platform.extensions import db

TRUSTED = did_key_issuer("Ed25519", slot=10)
LOCAL_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("SECRET_KEY", "WALLET_DEMO", "FLASK_DEBUG", "TRUSTED_HOSTS", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def production_app(tmp_path, hosts: tuple[str, ...] | None = ("localhost",), **settings):
    """An app configured like a server: not testing, not debug, not the demo; answering to
    ``hosts`` (the test client's by default; None: as the environment says)."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wallet.db'}",
            "TRUST_LIST": str(tmp_path / "trust-list.json"),
            "MAIL_ENABLED": False,  # a server without e-mail must say so (tests/platform/test_mail.py)
            **({"TRUSTED_HOSTS": list(hosts)} if hosts else {}),
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
    return app


def wrong_login(client, csrf_token):
    form = {"email": "a@example.se", "password": "wrong"}
    return client.post("/login", data={**form, "csrf_token": csrf_token(client, "/login")})


# The secret


@pytest.mark.parametrize("secret", [None, "", "too-short-for-a-server"])
def test_a_server_refuses_to_start_without_a_long_secret(tmp_path, secret):
    settings = {} if secret is None else {"SECRET_KEY": secret}
    with pytest.raises(config.ConfigurationError, match="SECRET_KEY"):
        production_app(tmp_path, **settings)


def test_a_server_starts_with_a_long_secret_from_the_environment(tmp_path, monkeypatch):
    secret = secrets.token_urlsafe(48)
    monkeypatch.setenv("SECRET_KEY", secret)
    assert production_app(tmp_path).config["SECRET_KEY"] == secret


def test_a_server_refuses_to_start_without_its_host_names(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    with pytest.raises(config.ConfigurationError, match="TRUSTED_HOSTS"):
        production_app(tmp_path, hosts=None)
    monkeypatch.setenv("TRUSTED_HOSTS", "kompetenspass.se, www.kompetenspass.se")
    hosts = production_app(tmp_path, hosts=None).config["TRUSTED_HOSTS"]
    assert hosts == ["kompetenspass.se", "www.kompetenspass.se"]


def test_the_demo_may_generate_its_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("WALLET_DEMO", "1")
    assert len(production_app(tmp_path).config["SECRET_KEY"]) >= 32


# Hosts, proxies, HSTS


def test_an_unknown_host_is_refused_when_hosts_are_configured(make_app, monkeypatch):
    monkeypatch.setenv("TRUSTED_HOSTS", "wallet.example, .kompetenspass.se")
    client = make_app().test_client()
    refused = client.get("/login", headers={"Host": "evil.test"})
    assert refused.status_code == 400
    assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
    assert client.get("/login", base_url="https://wallet.example").status_code == 200
    assert client.get("/login", base_url="https://www.kompetenspass.se").status_code == 200


def whoami_client(app):
    app.add_url_rule("/whoami", "whoami", lambda: f"{request.remote_addr} {request.url_root}")
    return app.test_client()


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "wallet.example"}


def test_forwarded_headers_count_only_behind_the_configured_proxy(make_app):
    behind_proxy = whoami_client(make_app(WALLET_PROXY_FIX=True))
    direct = whoami_client(make_app())
    seen = behind_proxy.get("/whoami", headers=FORWARDED).text
    assert seen == "203.0.113.9 https://wallet.example/"
    assert direct.get("/whoami", headers=FORWARDED).text == "127.0.0.1 http://localhost/"


def test_hsts_outside_debug_even_on_plain_http(client):
    response = client.get("/no-such-page")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["Permissions-Policy"].startswith("camera=()")


# Rate limits from the environment and their storage


def test_limit_settings_are_read_from_the_environment(make_app, monkeypatch, csrf_token):
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "2 per minute")
    monkeypatch.setenv("RATELIMIT_HEADERS_ENABLED", "false")
    app = make_app()
    assert app.config["RATELIMIT_HEADERS_ENABLED"] is False
    client = app.test_client()
    assert [wrong_login(client, csrf_token).status_code for _ in range(3)] == [422, 422, 429]


def test_rate_limiting_can_be_turned_off_for_a_load_test(tmp_path, monkeypatch, csrf_token):
    monkeypatch.setenv("RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "1 per minute")
    app = production_app(tmp_path, SECRET_KEY=secrets.token_urlsafe(48), TESTING=True)
    client = app.test_client()
    assert {wrong_login(client, csrf_token).status_code for _ in range(3)} == {422}


def test_redis_url_becomes_the_limit_storage(make_app, monkeypatch):
    monkeypatch.setenv("REDIS_URL", LOCAL_REDIS)
    assert make_app().config["RATELIMIT_STORAGE_URI"] == LOCAL_REDIS


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(LOCAL_REDIS, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.mark.parametrize("storage", [LOCAL_REDIS, "redis://127.0.0.1:1/15"])
def test_limits_hold_with_redis_and_fall_back_to_memory_without_it(make_app, csrf_token, storage):
    prefix = "test-" + secrets.token_hex(8)
    app = make_app(RATELIMIT_STORAGE_URI=storage, RATELIMIT_KEY_PREFIX=prefix,
                   LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    assert [wrong_login(client, csrf_token).status_code for _ in range(3)] == [422, 422, 429]
    # Where Redis answers the counts are shared by every app server; where it does not they
    # are kept in this process (the limit above still held, and no request failed).
    shared = redis_answers() and bool(redis.Redis.from_url(LOCAL_REDIS).keys(f"*{prefix}*"))
    assert shared == (storage == LOCAL_REDIS and redis_answers())


# Limits on what one learner or one client may do


def import_credential(client, csrf_token, title: str):
    document = TRUSTED.credential(name=title)
    document["credentialSubject"]["achievement"]["name"] = title
    signed = TRUSTED.issue(document)
    form = {"credential": signed, "csrf_token": csrf_token(client, "/wallet/import")}
    return client.post("/wallet/import", data=form)


@pytest.fixture
def trusted(app):
    trust_in_file(app, TRUSTED.did)


@pytest.mark.app_config(MAX_CREDENTIALS_PER_WALLET=2)
def test_a_full_wallet_refuses_more_credentials_with_a_reason(trusted, user, csrf_token):
    assert import_credential(user.client, csrf_token, "Svetsning 1").status_code == 303
    assert import_credential(user.client, csrf_token, "Svetsning 2").status_code == 303
    refused = import_credential(user.client, csrf_token, "Svetsning 3")
    assert refused.status_code == 413
    assert "Your wallet is full: it holds at most 2 credentials" in refused.text


@pytest.mark.app_config(SHARE_CREATE_RATE_LIMIT="2 per minute")
def test_share_creation_is_rate_limited(trusted, user, csrf_token):
    credential_id = import_credential(user.client, csrf_token, "Truck A").headers["Location"]
    credential_id = credential_id.rsplit("/", 1)[1]
    page = f"/shares/new?credential_ids={credential_id}"
    form = {"credential_ids": [credential_id], "expires_in_days": "7"}
    answers = [
        user.client.post("/shares", data={**form, "csrf_token": csrf_token(user.client, page)})
        for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [303, 303, 429]
    assert "Too many attempts" in answers[2].text


@pytest.mark.app_config(SHARE_VIEW_RATE_LIMIT="3 per minute", SHARE_LOOKUP_RATE_LIMIT="99/minute")
def test_share_pages_are_rate_limited_per_client(app):
    client, other_client = app.test_client(), app.test_client()
    answers = [client.get(f"/v/{secrets.token_urlsafe(16)}").status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]
    other = other_client.get("/v/x", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 404


def test_only_the_import_page_may_open_the_camera_and_only_for_itself(user):
    """The "Scan a QR code" button needs the camera there; every other page keeps it shut."""
    assert user.client.get("/wallet/import").headers["Permissions-Policy"].startswith(
        "camera=(self), microphone=()"
    )
    for path in ("/wallet", "/wallet/offer", "/no-such-page"):
        assert user.client.get(path).headers["Permissions-Policy"].startswith("camera=()")
