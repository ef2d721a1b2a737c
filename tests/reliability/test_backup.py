"""``flask backup create|restore``: a restored SQLite backup holds every credential and share
exactly as they were; a damaged backup is refused; PostgreSQL is pointed to pg_dump."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from support.stored import signed_tokens

from wallet import create_app
from wallet.platform.extensions import db


@pytest.fixture
def app(make_app, tmp_path):
    """Always SQLite, also when the rest of the suite runs on PostgreSQL."""
    return make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.db'}")


def fingerprints(app) -> dict[str, tuple[int, str]]:
    """Per table: the number of rows and a hash of their contents."""
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            rows = sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
            tables[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        db.session.remove()
    return tables


def post(client, csrf_token, url: str, form: dict) -> str:
    """Submit a form; the address it redirects to."""
    response = client.post(url, data={**form, "csrf_token": csrf_token(client, "/wallet/import")})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def fill_wallet(user, csrf_token) -> list[int]:
    tokens = signed_tokens(3, 60)
    added = [post(user.client, csrf_token, "/wallet/import", {"credential": t}) for t in tokens]
    ids = [int(location.rsplit("/", 1)[1]) for location in added]
    share = {"credential_ids": ids[:2], "expires_in_days": "7", "label": "För Vård AB"}
    post(user.client, csrf_token, "/shares", share)
    return ids


def test_a_restored_backup_has_every_credential_and_share_intact(
    app, user, runner, csrf_token, tmp_path
):
    ids = fill_wallet(user, csrf_token)
    before = fingerprints(app)
    assert before["credentials"][0] == 3 and before["share_items"][0] == 2
    target = tmp_path / "backups" / "nightly.db"
    created = runner.invoke(args=["backup", "create", str(target)])
    assert created.exit_code == 0, created.output
    assert "integrity check ok" in created.output

    post(user.client, csrf_token, f"/wallet/{ids[0]}/delete", {})  # lost after the backup
    assert fingerprints(app)["credentials"][0] == 2
    restored = runner.invoke(args=["backup", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert fingerprints(app) == before
    assert user.client.get(f"/wallet/{ids[0]}").status_code == 200  # the app reads it again


def test_backup_create_names_a_file_beside_the_database(
    app, user, runner, csrf_token, tmp_path
):
    fill_wallet(user, csrf_token)
    result = runner.invoke(args=["backup", "create"])
    assert result.exit_code == 0, result.output
    [made] = (tmp_path / "backups").glob("live-*.db")
    assert made.name in result.output


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(
    app, user, runner, csrf_token, tmp_path
):
    fill_wallet(user, csrf_token)
    before = fingerprints(app)
    damaged = tmp_path / "damaged.db"
    runner.invoke(args=["backup", "create", str(damaged)])
    data = bytearray(damaged.read_bytes())
    data[5000:9000] = secrets.token_bytes(4000)  # pages torn, as by copying a live file
    damaged.write_bytes(bytes(data))
    result = runner.invoke(args=["backup", "restore", str(damaged), "--yes"])
    assert result.exit_code == 1
    assert any(
        reason in result.output
        for reason in ("not a sound SQLite database", "failed the integrity check")
    )
    assert fingerprints(app) == before


def test_postgresql_is_pointed_to_pg_dump():
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"  # never connected to
    config = {"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": url}
    app = create_app(config)
    result = app.test_cli_runner().invoke(args=["backup", "create"])
    assert result.exit_code == 1
    assert "pg_dump" in result.output and "README" in result.output
