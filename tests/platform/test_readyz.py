"""/readyz: ready only when the database answers and carries the newest migration."""

from __future__ import annotations

import secrets

import flask_migrate

from wallet import create_app
from wallet.platform.extensions import db


def app_on(database: str, tmp_path):
    """An app whose tables come only from migrations (or from nothing at all)."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "TRUST_LIST": str(tmp_path / "trust-list.json"),
        }
    )


def migrated_app(tmp_path):
    app = app_on(tmp_path / "wallet.db", tmp_path)
    with app.app_context():
        flask_migrate.upgrade()
    return app


def dispose(app) -> None:
    with app.app_context():
        db.engine.dispose()


def test_ready_when_migrations_are_current(tmp_path):
    app = migrated_app(tmp_path)
    response = app.test_client().get("/readyz")
    dispose(app)
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_not_ready_when_a_migration_is_missing(tmp_path):
    app = migrated_app(tmp_path)
    with app.app_context():
        flask_migrate.downgrade(revision="-1")
    response = app.test_client().get("/readyz")
    dispose(app)
    assert response.status_code == 503
    assert response.get_json()["database"] == "migrations not current"


def test_not_ready_when_the_database_is_not_there(tmp_path):
    app = app_on(tmp_path / "missing" / "wallet.db", tmp_path)
    response = app.test_client().get("/readyz")
    dispose(app)
    assert response.status_code == 503 and response.get_json()["status"] == "unavailable"


def test_liveness_does_not_need_the_database(tmp_path):
    app = app_on(tmp_path / "missing" / "wallet.db", tmp_path)
    assert app.test_client().get("/healthz").status_code == 200
