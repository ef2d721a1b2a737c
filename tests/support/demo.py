"""The demo (``flask demo seed``) in tests: its learner, credentials and a share of one of them."""

from __future__ import annotations

import dataclasses
import datetime
import pathlib

from flask import Flask

from wallet.issuing import demo
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.extensions import db
from wallet.shares import store as share_store
from wallet.shares.tokens import open_token

ISSUER = "skelleftea-kommun"
TITLE = "Omvårdnadssvenska – kommunikation i vården"  # Skellefteå kommun's demo credential
MESSAGE = "Hej! Här är mina intyg."


@dataclasses.dataclass(frozen=True)
class DemoShare:
    token: str  # the employer's link is /v/<token>
    share_id: int
    credential_id: str


def seeded_app(make_app, folder: pathlib.Path, **settings) -> Flask:
    """An app (from the ``make_app`` fixture, with ``settings``) seeded with the demo, issuer
    keys in ``folder``."""
    app = make_app(DEMO_KEYS_DIR=str(folder / "demo-keys"), **settings)
    with app.app_context():
        demo.seed()
    return app


def demo_credential(app: Flask) -> StoredCredential:
    """Skellefteå kommun's credential in the demo wallet (detached: read its columns only)."""
    with app.app_context():
        stored = db.session.scalar(db.select(StoredCredential).filter_by(title=TITLE))
        db.session.expunge(stored)
        return stored


def share_demo_credential(app: Flask) -> DemoShare:
    """The demo learner shares Skellefteå kommun's credential with an employer."""
    now = datetime.datetime.now(datetime.UTC)
    with app.app_context():
        learner = db.session.scalar(db.select(User).filter_by(email=demo.DEMO_LOGIN[0]))
        stored = db.session.scalar(db.select(StoredCredential).filter_by(title=TITLE))
        settings = share_store.ShareSettings(expires_at=now + datetime.timedelta(days=7))
        share = share_store.create_share(learner, [stored], settings, now)
        token = open_token(share.token_sealed, app.config["SECRET_KEY"])
        return DemoShare(token, share.id, stored.credential_id)


def share_demo_credentials(app: Flask, count: int, **settings) -> str:
    """The demo learner's first ``count`` credentials (8 in all), shared for 7 days with a
    message; returns the employer's link token."""
    now = datetime.datetime.now(datetime.UTC)
    with app.app_context():
        learner = db.session.scalar(db.select(User).filter_by(email=demo.DEMO_LOGIN[0]))
        query = db.select(StoredCredential).filter_by(owner_id=learner.id)
        chosen = list(db.session.scalars(query.order_by(StoredCredential.id).limit(count)))
        settings = share_store.ShareSettings(
            expires_at=now + datetime.timedelta(days=7), message=MESSAGE, **settings
        )
        share = share_store.create_share(learner, chosen, settings, now)
        return open_token(share.token_sealed, app.config["SECRET_KEY"])
