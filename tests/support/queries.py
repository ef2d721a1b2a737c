"""Counting SQL statements, for the no-N+1 tests and the benchmarks (``bench/bench_app.py``)."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa

from wallet.platform.extensions import db


@contextlib.contextmanager
def counting_queries(app, noted=lambda connection, statement: statement):
    """A list that collects every SQL statement the app's engine sends while the block runs
    (what ``noted`` makes of it and the connection that sends it: the statement itself)."""
    statements: list = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(noted(conn, statement))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
