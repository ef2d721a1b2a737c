"""Backups of a SQLite database with SQLite's online backup API, checked on every restore.

Never a copy of the live file: its write-ahead log lives beside it, so a copy can tear.
The backup API copies a consistent snapshot while other workers keep serving. PostgreSQL
databases are backed up with ``pg_dump`` instead (README, Backups).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import pathlib
import sqlite3

from sqlalchemy.engine import make_url

from wallet.platform.database import BUSY_TIMEOUT_MS


class BackupError(Exception):
    """The backup or restore was not made; the message says why and what to do."""


def sqlite_file(database_url: str) -> pathlib.Path:
    """The database file behind a ``sqlite:///`` URL; BackupError for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"The database is {url.get_backend_name()}, not SQLite: back it up with pg_dump "
            "and restore with pg_restore (README.md, Production, Backups)."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has no file to back up.")
    return pathlib.Path(url.database)


def default_target(live: pathlib.Path, now: datetime.datetime) -> pathlib.Path:
    """``backups/<name>-<UTC time>.db`` beside the live database."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return live.parent / "backups" / f"{live.stem}-{stamp}.db"


def create_backup(live: pathlib.Path, target: pathlib.Path) -> None:
    """Write a consistent snapshot of ``live`` to ``target`` (never half-written: renamed in)."""
    if not live.is_file():
        raise BackupError(f"There is no database at {live}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _copy(live, partial)
    check_integrity(partial)
    os.replace(partial, target)


def restore_backup(backup: pathlib.Path, live: pathlib.Path) -> None:
    """Replace the contents of ``live`` with ``backup``, checked before and after."""
    if not backup.is_file():
        raise BackupError(f"There is no backup at {backup}.")
    check_integrity(backup)
    # Through the backup API, so workers still holding the database wait, then see it whole.
    _copy(backup, live)
    check_integrity(live)


def check_integrity(path: pathlib.Path) -> None:
    """BackupError unless ``PRAGMA integrity_check`` finds the file a sound SQLite database."""
    try:
        with contextlib.closing(_open(path, "ro")) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a sound SQLite database: {error}.") from error
    if problems != ["ok"]:
        raise BackupError(f"{path} failed the integrity check: {'; '.join(problems[:5])}")


def _copy(source: pathlib.Path, target: pathlib.Path) -> None:
    with contextlib.closing(_open(source, "ro")) as reading:
        with contextlib.closing(_open(target, "rwc")) as writing:
            reading.backup(writing)


def _open(path: pathlib.Path, mode: str) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
