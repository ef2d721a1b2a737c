"""Flask extensions, created unbound here and bound to the app in ``create_app``."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from wallet.platform import database  # noqa: F401  (SQLite connections: WAL, busy timeout, foreign keys)
from wallet.platform.numerals import LocalDigitsBabel


class Base(DeclarativeBase):
    # Named constraints, so Alembic can alter them on SQLite and PostgreSQL alike.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)  # the one database
migrate = Migrate()  # Alembic migrations in migrations/
login_manager = LoginManager()  # learner sessions
csrf = CSRFProtect()  # CSRF token on every form and htmx request
babel = LocalDigitsBabel()  # Swedish by default, English complete; numbers in the page's digits
limiter = Limiter(key_func=get_remote_address, default_limits=[])  # per-client rate limits
htmx = Htmx()  # request.htmx
