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
from wallet.platform.extensions import db


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


# A learner's rows as revision 0002 knows them: later revisions only add columns and tables.
SEED = {
    "users": "(id, name, email, password_hash, session_version, did, wallet_key_sealed,"
    " created_at) VALUES (1, 'Lina', 'lina@example.se', 'h', 1, 'did:key:z6Mk', 'sealed',"
    " '2025-01-01 10:00:00+00')",
    "credentials": "(id, owner_id, raw, raw_sha256, shape, title, issuer_id, verdict, checks,"
    " verified_at, imported_at) VALUES (1, 1, 'e30.e30.sig', 'ab12', 'ob3-jwt', 'Svetsning',"
    " 'did:key:z6Mi', 'verified', '[]', '2025-01-01 10:00:00+00', '2025-01-01 10:00:00+00')",
    "shares": "(id, owner_id, token_hash, token_sealed, code_hash, code_sealed,"
    " presentation_sealed, created_at, expires_at, view_count, removed_credentials)"
    " VALUES (1, 1, 'th', 'ts', 'ch', 'cs', 'vp', '2025-01-01 10:00:00+00',"
    " '2030-01-01 10:00:00+00', 2, 0)",
    "share_items": "(share_id, credential_id, position) VALUES (1, 1, 0)",
}


def seeded_rows() -> dict[str, list]:
    with db.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.exec_driver_sql(select_seeded(table))]
            for table in SEED
        }


def select_seeded(table: str) -> str:
    """Only the columns the seed wrote: later revisions add others."""
    columns = SEED[table].split(")", 1)[0].strip("(")
    return f"SELECT {columns} FROM {table}"


@pytest.mark.parametrize("start", ["0002", "0003", "0004", "0005", "0006"])
def test_upgrading_and_downgrading_keep_every_learners_rows(empty_app, start):
    upgrade(revision=start)
    with db.engine.begin() as connection:
        for table, values in SEED.items():
            connection.exec_driver_sql(f"INSERT INTO {table} {values}")
    before = seeded_rows()
    assert all(len(rows) == 1 for rows in before.values())
    upgrade()
    assert seeded_rows() == before
    downgrade(revision="-1")
    upgrade()
    assert seeded_rows() == before


# A list as revision 0005 keeps it: indexes handed out in order, next_index also their number.
LIST_0005 = (
    "INSERT INTO issued_status_lists (id, issuer_slug, purpose, bits, next_index, updated_at)"
    " VALUES (1, 'rise', 'revocation', :bits, 2, '2025-01-01 10:00:00+00')"
)
ISSUED = (
    "INSERT INTO issued_credentials (list_id, credential_id, status_index, issued_at)"
    " VALUES (1, :credential_id, :index, '2025-01-01 10:00:00+00')"
)


def seed_list_at_0005() -> None:
    upgrade(revision="0005")
    with db.engine.begin() as connection:
        connection.execute(sa.text(LIST_0005), {"bits": bytes(16_384)})
        for index in (0, 1):
            issue(connection, index)


def issue(connection, index: int) -> None:
    connection.execute(sa.text(ISSUED), {"credential_id": f"urn:uuid:{index}", "index": index})


def read(sql: str) -> list:
    with db.engine.connect() as connection:
        return list(connection.scalars(sa.text(sql)))


def test_0006_carries_the_count_of_handed_out_indexes_over_and_back(empty_app):
    seed_list_at_0005()
    upgrade(revision="0006")
    assert read("SELECT issued_count FROM issued_status_lists") == [2]
    # Rebuilding the list's table (SQLite) keeps the rows that refer to it.
    assert read("SELECT status_index FROM issued_credentials ORDER BY 1") == [0, 1]
    downgrade(revision="0005")
    assert read("SELECT next_index FROM issued_status_lists") == [2]
    assert read("SELECT status_index FROM issued_credentials ORDER BY 1") == [0, 1]


def test_0006_downgrade_hands_out_next_an_index_past_the_random_ones(empty_app):
    seed_list_at_0005()
    upgrade(revision="0006")
    with db.engine.begin() as connection:
        issue(connection, 90_000)
        connection.execute(sa.text("UPDATE issued_status_lists SET issued_count = 3"))
    downgrade(revision="0005")
    assert read("SELECT next_index FROM issued_status_lists") == [90_001]
