"""Kompetenspass wallet: the app factory reads as a table of contents.

Every import of Flask and of the feature packages happens inside the factory, so that the domain
core (``wallet.credentials``) loads without Flask when it is used on its own.
"""

from __future__ import annotations

import pathlib
import typing

if typing.TYPE_CHECKING:
    from flask import Flask

ROOT = pathlib.Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, languages, security, verification, features, errors."""
    from flask import Flask

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure_settings(app, test_config)
    configure_extensions(app)
    configure_languages(app)
    configure_security(app)
    configure_verification(app)
    configure_blueprints(app)
    configure_errors(app)
    configure_commands(app)
    return app


def configure_settings(app: Flask, test_config: dict | None) -> None:
    from wallet.platform import config

    config.configure(app, test_config)


def configure_extensions(app: Flask) -> None:
    from wallet.platform import caches
    from wallet.platform import database
    from wallet.platform import mail
    from wallet.platform.extensions import csrf
    from wallet.platform.extensions import db
    from wallet.platform.extensions import htmx
    from wallet.platform.extensions import limiter
    from wallet.platform.extensions import login_manager
    from wallet.platform.extensions import migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)
    caches.init_app(app)
    database.init_app(app)
    mail.init_app(app)


def configure_languages(app: Flask) -> None:
    from wallet.platform import i18n

    i18n.init_app(app)


def configure_security(app: Flask) -> None:
    """Headers on every response, proxy and log settings, the site's address, who is logged in."""
    from wallet.accounts import organisation_login
    from wallet.accounts import views as accounts
    from wallet.platform import addresses
    from wallet.platform import security
    from wallet.platform import serving

    security.init_app(app)
    serving.init_app(app)
    addresses.init_app(app)
    accounts.init_app(app)
    organisation_login.init_app(app)


def configure_verification(app: Flask) -> None:
    """The key resolver, status lists, kept results, the words that explain them, and the
    fetcher of credentials' images."""
    from wallet.my_credentials import images
    from wallet.portal import page_cache
    from wallet.profiles import labels as profile_labels
    from wallet.verification import by_link
    from wallet.verification import explained
    from wallet.verification import facts
    from wallet.verification import messages
    from wallet.verification import next_steps
    from wallet.verification import states
    from wallet.verification import summaries
    from wallet.verification import verifier

    verifier.init_app(app)
    by_link.init_app(app)
    explained.init_app(app)
    messages.init_app(app)
    next_steps.init_app(app)
    facts.init_app(app)
    states.init_app(app)
    summaries.init_app(app)
    page_cache.init_app(app)
    images.init_app(app)
    profile_labels.init_app(app)


def configure_blueprints(app: Flask) -> None:
    from wallet.accounts import address_views as addresses
    from wallet.accounts import organisation_views as organisation
    from wallet.accounts import passkey_views as passkeys
    from wallet.accounts import recovery_views as recovery
    from wallet.accounts import views as accounts
    from wallet.asking import views as asking
    from wallet.desk import views as desk
    from wallet.issuing import vci_views as credential_issuers
    from wallet.issuing import views as issuing
    from wallet.my_credentials import views as my_credentials
    from wallet.offers import client_views as offer_client
    from wallet.offers import views as offers
    from wallet.platform import health
    from wallet.portal import views as portal
    from wallet.presenting import views as presenting
    from wallet.profiles import admin_views as profiles_admin
    from wallet.profiles import public_views as profiles
    from wallet.registry import admin_views as registry_admin
    from wallet.registry import public_views as registry
    from wallet.shares import views as shares

    features = (
        accounts, addresses, recovery, passkeys, organisation, my_credentials, offers, offer_client, presenting, shares, portal, registry, registry_admin, profiles,
        profiles_admin, issuing, credential_issuers, desk, asking,
    )
    for feature in features:
        app.register_blueprint(feature.bp)
    app.register_blueprint(health.bp)


def configure_errors(app: Flask) -> None:
    from wallet.platform import errors

    errors.init_app(app)


def configure_commands(app: Flask) -> None:
    """``flask demo|issuer`` (issuing), ``trust`` (registry), ``admin`` (accounts), ``backup``."""
    from wallet.accounts import cli as accounts
    from wallet.desk import cli as desk
    from wallet.issuing import cli as issuing
    from wallet.platform import cli as platform
    from wallet.profiles import cli as profiles
    from wallet.registry import cli as registry

    for commands in (issuing, registry, profiles, accounts, platform, desk):
        commands.init_app(app)
