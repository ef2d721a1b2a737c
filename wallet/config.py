"""One configuration path: safe defaults, then the environment, then the test mapping."""

from __future__ import annotations

import os
import pathlib
import secrets

from flask import Flask

MEGABYTE = 1024 * 1024


def configure(app: Flask, test_config: dict | None) -> None:
    """Fill ``app.config`` from defaults, environment variables and ``test_config``."""
    instance = pathlib.Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'wallet.db'}",
        WALLET_BASE_URL="http://127.0.0.1:5000",
        TRUST_LIST=str(instance / "trust-list.json"),
        DEMO_KEYS_DIR=str(instance / "demo-issuers"),
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
        RATELIMIT_HEADERS_ENABLED=True,
        LOGIN_RATE_LIMIT="10 per minute;100 per day",
        LOGIN_ACCOUNT_RATE_LIMIT="10 per minute;100 per day",
    )
    _read_environment(app)
    if test_config:
        app.config.from_mapping(test_config)
    if app.debug:
        app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")


def _read_environment(app: Flask) -> None:
    env = os.environ
    for name in ("SECRET_KEY", "WALLET_BASE_URL", "TRUST_LIST"):
        if env.get(name):
            app.config[name] = env[name]
    if env.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if env.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
    app.config["WALLET_INSECURE_LOCALHOST"] = env.get("WALLET_INSECURE_LOCALHOST") == "1"
    if env.get("WALLET_COOKIE_INSECURE") == "1":
        # Only for serving plain http on a laptop (make run); never in production.
        app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    app.config.from_prefixed_env()


def _instance_secret(path: pathlib.Path) -> str:
    """Generate the demo's secret once and keep it, so sessions survive a restart."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
