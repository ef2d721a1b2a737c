"""SQLite: writers take the lock up front, plain page views read without it."""

from __future__ import annotations

import contextlib

from sqlalchemy import event

from wallet.platform.extensions import db


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


def test_posts_take_the_write_lock_first(app, user, csrf_token):
    token = csrf_token(user.client, "/wallet/import")
    with begins(app) as seen:
        user.client.post("/wallet/import", data={"credential": "not a credential", "csrf_token": token})
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert seen and set(seen) == {"BEGIN IMMEDIATE"}
    else:
        assert seen == []  # PostgreSQL: the driver begins transactions itself
