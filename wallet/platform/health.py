"""Liveness and readiness for load balancers and monitors."""

from __future__ import annotations

import functools

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Blueprint
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from wallet.platform.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up and answering."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers and carries the newest migration."""
    try:
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable or not migrated"}, 503
    if applied != migration_heads(current_app.extensions["migrate"].directory):
        return {"status": "unavailable", "database": "migrations not current"}, 503
    return {"status": "ok"}


@functools.cache
def migration_heads(directory: str) -> set[str]:
    """The head revisions in ``migrations/``, read once per process."""
    config = Config()
    config.set_main_option("script_location", directory)
    return set(ScriptDirectory.from_config(config).get_heads())
