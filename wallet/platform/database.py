"""SQLite as a serious single-server database: WAL, a busy timeout, foreign keys, BEGIN IMMEDIATE.

A deferred transaction that reads and then writes fails at once with "database is locked"
when another worker wrote in between, whatever the busy timeout. So a transaction that writes
takes the write lock when it begins, waiting up to the busy timeout: writers queue instead of
failing. Within a request that is exactly the transaction of a store use case marked
``@writes``, which begins after everything slow (verifying, fetching from other hosts) is
done, so the lock is held for milliseconds and never across the network. Everything else in a
request reads without the lock, so page views (and POSTs that only read, such as ``/verify``)
run in parallel in WAL mode. Outside a request (commands) every transaction takes the lock. A
GET that only bumps a counter makes that UPDATE the first statement of its own transaction
(``portal.admission.record_view``), which waits for the lock like any writer.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from flask import Flask
from flask import current_app
from flask import has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

BUSY_TIMEOUT_MS = 5000
MAX_ID = 2**31 - 1
_WRITING = "wallet.writing"  # in the session's info while a use case's transaction runs
UseCase = TypeVar("UseCase", bound=Callable)


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


def writes(use_case: UseCase) -> UseCase:
    """Run a store use case in a write transaction of its own, locked before its first read.

    Whatever the request read so far is ended first (a read holds no lock, and nothing is
    pending when a use case starts), so the use case reads and writes one state. A use case
    called by another runs in the caller's transaction.
    """

    @functools.wraps(use_case)
    def in_write_transaction(*args, **kwargs):
        session = _session()
        if session.info.get(_WRITING):
            return use_case(*args, **kwargs)
        session.commit()
        session.info[_WRITING] = True
        try:
            return use_case(*args, **kwargs)
        finally:
            session.info.pop(_WRITING, None)

    return in_write_transaction


def _may_write() -> bool:
    return not has_request_context() or bool(_session().info.get(_WRITING))


def _session():
    # Through the app, not wallet.platform.extensions: that module imports this one.
    return current_app.extensions["sqlalchemy"].session


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
