"""SQLite as a serious single-server database: WAL, a busy timeout, foreign keys, BEGIN IMMEDIATE.

A deferred transaction that reads and then writes fails at once with "database is locked"
when another worker wrote in between, whatever the busy timeout. So a transaction that may
write takes the write lock when it begins, waiting up to the busy timeout: writers queue
instead of failing. That is every transaction outside a request (commands), every POST, and
GET views marked ``@writes_database``. Other GETs read without the lock, so page views run in
parallel in WAL mode; a GET that only bumps a counter makes that UPDATE the first statement of
its own transaction (``portal.admission.record_view``), which waits for the lock like any writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from flask import Flask
from flask import current_app
from flask import has_request_context
from flask import request
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

BUSY_TIMEOUT_MS = 5000
MAX_ID = 2**31 - 1


@event.listens_for(Engine, "connect")
def configure_sqlite(connection, _record) -> None:
    """Per connection: cascades need foreign keys; WAL and a timeout keep writers waiting, not failing."""
    if not isinstance(connection, sqlite3.Connection):
        return
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # pysqlite would BEGIN (deferred) on its own before the first write; we BEGIN below.
    connection.isolation_level = None


@event.listens_for(Engine, "begin")
def begin_transaction(connection: Connection) -> None:
    """Take the write lock up front when the transaction may write (the pysqlite recipe)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _may_write() else "BEGIN")


def writes_database(view: Callable) -> Callable:
    """Mark a GET view that reads and then writes, so its transactions lock up front."""
    view.writes_database = True
    return view


def _may_write() -> bool:
    if not has_request_context():
        return True
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "writes_database", False)


class DatabaseId(IntegerConverter):
    """``<int:…>`` in a URL: a whole number a database id can be (PostgreSQL's INTEGER).

    A larger number is no route at all, so it is a 404 like any unknown id, never an overflow
    in the database driver (a 500).
    """

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Every ``<int:…>`` route takes only ids the database can hold (before routes are added)."""
    app.url_map.converters["int"] = DatabaseId
