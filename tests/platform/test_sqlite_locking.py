"""SQLite: a use case takes the write lock when it begins, after anything slow; reads never do."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event
from support.issuers import LoopbackServer
from support.issuers import did_key_issuer
from support.issuers import did_web_issuer
from support.registry import trust_in_file

from wallet.credentials import HttpFetcher
from wallet.platform.extensions import db

ISSUER = did_key_issuer("Ed25519", slot=16)


@pytest.fixture(scope="module")
def issuer_host():
    server = LoopbackServer()
    yield server
    server.close()


@contextlib.contextmanager
def begins(app):
    """The BEGIN statements SQLite receives while the block runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_page_views_read_without_the_write_lock(app, user):
    with begins(app) as seen:
        assert user.client.get("/wallet").status_code == 200
    expected = ["BEGIN"] if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else []
    assert seen[:1] == expected and "BEGIN IMMEDIATE" not in seen


def on_sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def test_a_post_that_only_reads_takes_no_write_lock(app, client, csrf_token):
    token = csrf_token(client, "/verify")
    with begins(app) as seen:
        form = {"credential": ISSUER.issue(), "csrf_token": token}
        assert client.post("/verify", data=form).status_code == 200
    assert "BEGIN IMMEDIATE" not in seen


def test_a_refused_import_takes_no_write_lock(app, user, csrf_token):
    token = csrf_token(user.client, "/wallet/import")
    with begins(app) as seen:
        form = {"credential": "not a credential", "csrf_token": token}
        assert user.client.post("/wallet/import", data=form).status_code == 422
    assert "BEGIN IMMEDIATE" not in seen


def test_an_import_locks_only_after_the_issuer_was_asked(
    app, user, csrf_token, monkeypatch, issuer_host
):
    """The key is fetched from the issuer's host first; the write lock comes after, briefly."""
    issuer = did_web_issuer(issuer_host, path="lasning")
    trust_in_file(app, issuer.did)
    token = csrf_token(user.client, "/wallet/import")
    with begins(app) as seen:
        real_fetch = HttpFetcher.__call__
        monkeypatch.setattr(
            HttpFetcher, "__call__", lambda self, url: seen.append("fetch") or real_fetch(self, url)
        )
        form = {"credential": issuer.issue(), "csrf_token": token}
        assert user.client.post("/wallet/import", data=form).status_code == 303
    assert "fetch" in seen
    if on_sqlite(app):
        locked = seen.index("BEGIN IMMEDIATE")
        assert "fetch" not in seen[locked:] and seen.count("BEGIN IMMEDIATE") == 1
