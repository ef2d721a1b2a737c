"""The app every benchmark measures: a temporary database, the demo issuers and learner, no limits.

``bench_config(folder, secret)`` is the configuration; ``create_bench_app()`` builds the same app
from ``BENCH_FOLDER`` and ``SECRET_KEY`` in the environment, for gunicorn
(``--pythonpath bench 'bench_app:create_bench_app()'``). With ``BENCH_DATABASE_URL`` set to
PostgreSQL the tables live there (schema ``bench``, made afresh) instead of the folder's SQLite. ``share_demo_credentials`` makes the
share the employer's page shows; ``counting_queries`` (from the tests) counts SQL statements.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import sys
from pathlib import Path

import sqlalchemy
from flask_migrate import upgrade

from wallet import create_app
from wallet.issuing import demo
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.extensions import db
from wallet.shares import store as share_store
from wallet.shares.tokens import open_token

# The tests' helpers are shared with the benchmarks (``support.queries`` counts SQL statements).
sys.path.append(str(Path(__file__).resolve().parent.parent / "tests"))
from support.queries import counting_queries  # noqa: E402,F401  (re-exported for the benchmarks)


PG_SCHEMA = "bench"


def bench_config(folder: Path, secret: str) -> dict:
    """Everything in ``folder`` (or the tables on ``BENCH_DATABASE_URL``); rate limits and
    e-mail off (a load test from one client is not an attack)."""
    return {
        "SECRET_KEY": secret,
        **_database(folder),
        "TRUST_LIST": str(folder / "trust-list.json"),
        "DEMO_KEYS_DIR": str(folder / "demo-issuers"),
        "PORTAL_KEY_PATH": str(folder / "portal-key.pem"),
        "RATELIMIT_ENABLED": False,
        "TRUSTED_HOSTS": ["127.0.0.1", "localhost"],
        "MAX_ACTIVE_SHARES": 10_000,  # the share page benchmark opens many links
        "MAIL_ENABLED": False,  # no learner signs up in a benchmark: no mail server needed
    }


def _database(folder: Path) -> dict:
    """The folder's SQLite file; with ``BENCH_DATABASE_URL`` (PostgreSQL) a schema of its own,
    ``bench``, so nothing else in that database is touched."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'wallet.db'}"}
    options = {"connect_args": {"options": f"-csearch_path={PG_SCHEMA}"}}
    return {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options}


def new_bench_app(folder: Path):
    """A fresh app with its tables and the demo learner, issuers and credentials."""
    if os.environ.get("BENCH_DATABASE_URL"):
        engine = sqlalchemy.create_engine(os.environ["BENCH_DATABASE_URL"])
        with engine.begin() as connection:  # empty, as a temporary folder is
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {PG_SCHEMA}")
        engine.dispose()
    app = create_app(bench_config(folder, secrets.token_urlsafe(48)))
    app.logger.setLevel(logging.WARNING)  # the audit log of preparing hundreds of shares
    with app.app_context():
        upgrade()  # the migrations, as in production (and /readyz then answers 200)
        demo.seed()
    return app


def create_bench_app():
    """The app gunicorn serves: the database a benchmark prepared in ``BENCH_FOLDER``."""
    return create_app(bench_config(Path(os.environ["BENCH_FOLDER"]), os.environ["SECRET_KEY"]))


def demo_learner() -> User:
    return db.session.scalar(db.select(User).filter_by(email=demo.DEMO_LOGIN[0]))


def share_demo_credentials(app, count: int, **settings) -> str:
    """The demo learner shares their first ``count`` credentials for 7 days; returns the token."""
    with app.app_context():
        learner = demo_learner()
        query = (
            db.select(StoredCredential).filter_by(owner_id=learner.id).order_by(StoredCredential.id)
        )
        chosen = list(db.session.scalars(query.limit(count)))
        now = datetime.datetime.now(datetime.UTC)
        expires_at = now + datetime.timedelta(days=7)
        share = share_store.create_share(
            learner, chosen, share_store.ShareSettings(expires_at=expires_at, **settings), now
        )
        return open_token(share.token_sealed, app.config["SECRET_KEY"])
