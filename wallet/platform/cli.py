"""``flask backup create|restore``: online backups of the SQLite database for operators."""

from __future__ import annotations

import pathlib

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup

from wallet.platform import clock
from wallet.platform import database_backup
from wallet.platform.extensions import db

backup_cli = AppGroup("backup", help="Back up or restore the SQLite database (PostgreSQL: pg_dump)")
PATH = click.Path(dir_okay=False, path_type=pathlib.Path)


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_cli)


@backup_cli.command("create")
@click.argument("target", type=PATH, required=False)
def backup_create(target):
    """Write a consistent copy of the live database to TARGET (default: backups/ beside it)."""
    live = live_database()
    target = target or database_backup.default_target(live, clock.now())
    run(database_backup.create_backup, live, target)
    click.echo(f"Backed up {live} to {target} (integrity check ok).")


@backup_cli.command("restore")
@click.argument("backup", type=PATH)
@click.confirmation_option(prompt="Replace everything in the database with this backup?")
def backup_restore(backup):
    """Replace the database's contents with BACKUP; every worker sees the restored data."""
    live = live_database()
    db.engine.dispose()  # this process holds no connection while the pages are replaced
    run(database_backup.restore_backup, backup, live)
    click.echo(f"Restored {live} from {backup} (integrity check ok).")


def live_database() -> pathlib.Path:
    return run(database_backup.sqlite_file, current_app.config["SQLALCHEMY_DATABASE_URI"])


def run(action, *args):
    """Call ``action``; a BackupError becomes the command's error message and exit status 1."""
    try:
        return action(*args)
    except database_backup.BackupError as error:
        raise click.ClickException(str(error)) from error
