"""Kompetenspass wallet: the app factory reads as a table of contents."""

from __future__ import annotations

import pathlib
import typing

if typing.TYPE_CHECKING:
    from flask import Flask

ROOT = pathlib.Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, security, blueprints, errors, commands."""
    # Imported here so that the domain core (wallet.credentials) loads without Flask.
    from flask import Flask

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from wallet import account
    from wallet import admin
    from wallet import auth
    from wallet import check_messages
    from wallet import cli
    from wallet import config
    from wallet import errors
    from wallet import extensions
    from wallet import facts
    from wallet import health
    from wallet import i18n
    from wallet import issuers
    from wallet import my_credentials
    from wallet import public
    from wallet import security
    from wallet import serving
    from wallet import shares
    from wallet import status
    from wallet import verification

    config.configure(app, test_config)
    _init_extensions(app, extensions)
    verification.init_app(app, status.published_list)
    i18n.init_app(app)
    check_messages.init_app(app)
    facts.init_app(app)
    security.init_app(app)
    serving.init_app(app)
    auth.init_app(app)
    blueprints = (auth.bp, account.bp, my_credentials.bp, shares.bp, public.bp, status.bp, health.bp)
    blueprints += (admin.bp, issuers.bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _init_extensions(app: Flask, extensions) -> None:
    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"))
    extensions.login_manager.init_app(app)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.htmx.init_app(app)
