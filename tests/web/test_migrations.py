"""Migrations build exactly the schema the models describe, up and down, on each database."""

from __future__ import annotations

import os
import secrets

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade

from wallet import create_app
from wallet.extensions import db


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database: nothing created by the models, only by migrations."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrations.db'}"
    app = create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        yield app
        db.session.remove()
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()


def schema_differences() -> list:
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def test_upgrade_from_empty_matches_the_models(empty_app):
    upgrade()
    assert schema_differences() == []


def test_every_revision_downgrades_and_upgrades_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert "credentials" not in sa.inspect(db.engine).get_table_names()
    upgrade()
    assert schema_differences() == []
