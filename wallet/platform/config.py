"""One configuration path: safe defaults, then the environment, then the test mapping.

The server rules: outside the demo (``WALLET_DEMO=1``, set by ``make run``), debug mode and
tests, ``SECRET_KEY`` must come from the environment and be at least 32 bytes, and
``TRUSTED_HOSTS`` must name the site's host names, or the app refuses to start. Only the demo
may generate a secret into ``instance/secret_key``.
"""

from __future__ import annotations

import os
import pathlib
import secrets
from collections.abc import Callable
from collections.abc import Mapping

from flask import Flask
from flask import current_app

MEGABYTE = 1024 * 1024
MIN_SECRET_BYTES = 32
# Environment names read as configuration of the same name: Flask-Limiter's own settings
# (RATELIMIT_ENABLED=false for a load test) and each of our per-route limits.
LIMIT_PREFIX = "RATELIMIT_"
LIMIT_SUFFIX = "_RATE_LIMIT"
# Time and count limits read from the environment as numbers of their default's type.
NUMBER_SETTINGS = frozenset(
    {
        "FETCH_TIMEOUT",
        "VERIFICATION_NETWORK_BUDGET",
        "VERIFICATION_MAX_HOSTS",
        "FETCH_FAILURE_MEMORY",
        "BULK_IMPORT_SECONDS",
        "CREDENTIAL_OFFER_HOURS",
        "ASK_MINUTES",
    }
)


def _switch(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


OIDC_SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_NAME")
# The mail settings and how each is read from the environment (MAIL_USE_TLS=false).
MAIL_SETTINGS: dict[str, Callable[[str], object]] = {
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": _switch,
    "MAIL_USE_SSL": _switch,
    "MAIL_FROM": str,
    "MAIL_TIMEOUT": float,
    "MAIL_ENABLED": _switch,
}


class ConfigurationError(RuntimeError):
    """The configuration is unsafe for serving real learners; the message says what to set."""


def configure(app: Flask, test_config: dict | None) -> None:
    """Fill ``app.config`` from defaults, environment variables and ``test_config``."""
    instance = pathlib.Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'wallet.db'}",
        TRUST_LIST=str(instance / "trust-list.json"),
        TRUST_ANCHORS=None,  # a PEM file of CA certificates that confirm SD-JWT VC issuers (x5c)
        DEMO_KEYS_DIR=str(instance / "demo-issuers"),
        PORTAL_KEY_PATH=str(instance / "portal-key.pem"),  # signs the employers' receipts
        WALLET_INSECURE_LOCALHOST=False,
        # Uploads may be baked badge images; pasted tokens are capped far lower by the core.
        MAX_CONTENT_LENGTH=6 * MEGABYTE,
        MAX_FORM_MEMORY_SIZE=MEGABYTE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=True,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=True,
        BABEL_DEFAULT_LOCALE="sv",
        BABEL_DEFAULT_TIMEZONE="Europe/Stockholm",
        WTF_CSRF_TIME_LIMIT=None,
        RATELIMIT_STORAGE_URI="memory://",
        # Redis unreachable: count per process for a while rather than answer 500.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_HEADERS_ENABLED=True,
        LOGIN_RATE_LIMIT="10 per minute;100 per day",
        LOGIN_ACCOUNT_RATE_LIMIT="10 per minute;100 per day",
        REGISTER_RATE_LIMIT="10 per minute;100 per day",  # a class signing up together fits
        REGISTER_ADDRESS_RATE_LIMIT="5 per hour",
        ADDRESS_MAIL_RATE_LIMIT="5 per hour",  # per account: a confirmation link again, a change
        RESET_RATE_LIMIT="5 per minute;50 per day",
        RESET_ADDRESS_RATE_LIMIT="3 per hour",
        IMPORT_RATE_LIMIT="30 per minute",
        BACKUP_IMPORT_RATE_LIMIT="5 per minute;30 per day",
        BACKUP_IMPORT_ACCOUNT_RATE_LIMIT="5 per minute;30 per day",
        SHARE_CREATE_RATE_LIMIT="30 per minute;200 per day",
        SHARE_VIEW_RATE_LIMIT="120 per minute",
        SHARE_LOOKUP_RATE_LIMIT="30 per minute",
        CODE_RATE_LIMIT="10 per minute",
        VERIFY_RATE_LIMIT="30 per minute",
        VCI_RATE_LIMIT="60 per minute",  # each OpenID4VCI endpoint (token, nonce, credential)
        CREDENTIAL_OFFER_HOURS=24.0,  # how long an OpenID4VCI offer's code can be redeemed
        # /ask: an employer's request and its answer are deleted this many minutes after it.
        ASK_MINUTES=30,
        ASK_RATE_LIMIT="20 per minute",  # requests made (POST /ask)
        ASK_ANSWER_RATE_LIMIT="30 per minute",  # answers posted by wallets
        # A PEM chain for the portal key naming the site's host: /ask is then x509_san_dns:.
        PORTAL_CERTIFICATE_PATH=None,
        MAX_CREDENTIALS_PER_WALLET=1000,
        MAX_CREDENTIALS_PER_SHARE=20,
        MAX_ACTIVE_SHARES=50,
        WALLET_PAGE_SIZE=50,  # credentials on one page of the wallet; "Show more" brings the next
        # Seconds a remote status list is kept at most (its own ttl may say less).
        STATUS_LIST_MAX_AGE=300.0,
        # Another host's key document or status list: one fetch (connect to last byte) at most
        # FETCH_TIMEOUT s; one verification at most VERIFICATION_NETWORK_BUDGET s on the network
        # and VERIFICATION_MAX_HOSTS hosts; a host that timed out rests FETCH_FAILURE_MEMORY s.
        FETCH_TIMEOUT=3.0,
        VERIFICATION_NETWORK_BUDGET=5.0,
        VERIFICATION_MAX_HOSTS=4,
        FETCH_FAILURE_MEMORY=30.0,
        # A wallet backup's credentials are all checked within this many seconds, or none is kept.
        BULK_IMPORT_SECONDS=20.0,
        # Werkzeug's scrypt (N=2^15, r=8, p=1: about 0.1 s and 32 MB for each password checked).
        # The tests use a cheaper "scrypt:1024:8:1": the same code, without 0.1 s a login.
        PASSWORD_HASH_METHOD="scrypt",
        TRUSTED_HOSTS=None,
        WALLET_PROXY_FIX=False,
        # Outgoing mail (wallet/platform/mail.py). Outside the demo, debug mode and tests the app
        # refuses to start without MAIL_SERVER unless MAIL_ENABLED=false turns e-mail off.
        MAIL_SERVER=None,
        MAIL_PORT=None,  # 587 (STARTTLS), or 465 with MAIL_USE_SSL
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_USE_TLS=True,
        MAIL_USE_SSL=False,
        MAIL_FROM=None,  # no-reply@ the host of WALLET_BASE_URL
        MAIL_TIMEOUT=10.0,  # seconds for each step of talking to the mail server
        MAIL_ENABLED=True,
        # Sign-in with an organisation's account (wallet/accounts/organisation_login.py): on
        # when OIDC_ISSUER names the OpenID provider; OIDC_NAME is the organisation's own name.
        OIDC_ISSUER=None,
        OIDC_CLIENT_ID=None,
        OIDC_CLIENT_SECRET=None,
        OIDC_NAME=None,
    )
    _read_environment(app)
    if test_config:
        app.config.from_mapping(test_config)
    if app.debug:
        app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    app.config["SECRET_KEY"] = _secret_key(app, instance / "secret_key")
    _require_trusted_hosts(app)


def rate_limit(name: str) -> Callable[[], str]:
    """The ``<name>_RATE_LIMIT`` setting, read per request (for Flask-Limiter's decorators)."""
    return lambda: current_app.config[f"{name}{LIMIT_SUFFIX}"]


def _read_environment(app: Flask) -> None:
    env = os.environ
    for name in ("SECRET_KEY", "TRUST_LIST", "TRUST_ANCHORS", *OIDC_SETTINGS):
        if env.get(name):
            app.config[name] = env[name]
    app.config["WALLET_BASE_URL"] = env.get("WALLET_BASE_URL") or served_address(env)
    if env.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if env.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
    if env.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = [host.strip() for host in env["TRUSTED_HOSTS"].split(",")]
    app.config["WALLET_PROXY_FIX"] = env.get("WALLET_PROXY_FIX") == "1"
    app.config["WALLET_DEMO"] = env.get("WALLET_DEMO") == "1"
    for name, value in env.items():
        if name.startswith(LIMIT_PREFIX) or name.endswith(LIMIT_SUFFIX):
            app.config[name] = _limit_setting(value)
        elif name.startswith("MAX_") and name in app.config and value.strip().isdigit():
            app.config[name] = int(value)  # size and count limits, e.g. MAX_ACTIVE_SHARES=20
        elif name in NUMBER_SETTINGS:
            app.config[name] = type(app.config[name])(value)  # e.g. FETCH_TIMEOUT=2.5
    for name, read in MAIL_SETTINGS.items():
        if env.get(name):
            app.config[name] = read(env[name])
    app.config["WALLET_INSECURE_LOCALHOST"] = env.get("WALLET_INSECURE_LOCALHOST") == "1"
    if env.get("WALLET_COOKIE_INSECURE") == "1":
        # Only for serving plain http on a laptop (make run); never in production.
        app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    app.config.from_prefixed_env()


def served_address(env: Mapping[str, str]) -> str:
    """Where ``flask run`` serves: the site's address when WALLET_BASE_URL is not set.

    Read from the environment ``flask run`` itself reads its host and port from (make run sets
    FLASK_RUN_HOST and FLASK_RUN_PORT), so the server, ``flask demo seed`` and ``flask issuer
    sign`` agree on it: the demo's credentials carry their status list address from signing.
    Never from a request: a Host header is the client's to choose.
    """
    host = env.get("FLASK_RUN_HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"  # listening on every address: this machine reaches it on loopback
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{env.get('FLASK_RUN_PORT') or 5000}"


def _limit_setting(value: str) -> bool | int | str:
    """``true``/``false`` as booleans, whole numbers as ints, the rest (``5/minute``) as text."""
    if value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return int(value) if value.strip().isdigit() else value


def _secret_key(app: Flask, demo_path: pathlib.Path) -> str:
    """The configured secret; only the demo, debug mode and tests may generate one instead."""
    secret = app.config.get("SECRET_KEY") or ""
    may_generate = app.config.get("WALLET_DEMO") or app.debug or app.testing
    if may_generate:
        return secret or _instance_secret(demo_path)
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigurationError(
            "SECRET_KEY must be set to at least 32 random bytes outside the demo, e.g. "
            "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))'). "
            "For a local demo set WALLET_DEMO=1 (make run does)."
        )
    return secret


def _require_trusted_hosts(app: Flask) -> None:
    """A server answers only to its own host names (the demo, debug mode and tests to any)."""
    if app.config.get("WALLET_DEMO") or app.debug or app.testing or app.config["TRUSTED_HOSTS"]:
        return
    raise ConfigurationError(
        "TRUSTED_HOSTS must list the host names the site is served on, e.g. "
        "TRUSTED_HOSTS=kompetenspass.se: a request naming any other host is refused. "
        "For a local demo set WALLET_DEMO=1 (make run does)."
    )


def _instance_secret(path: pathlib.Path) -> str:
    """Generate the demo's secret once and keep it, so sessions survive a restart."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
