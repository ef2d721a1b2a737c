"""Signing in with an organisation's account (OpenID Connect), for a pilot whose learners have
one already.

On when ``OIDC_ISSUER`` names the provider, with ``OIDC_CLIENT_ID`` and ``OIDC_CLIENT_SECRET``;
``OIDC_NAME`` is the organisation's name on the button. Authlib runs the Authorization Code
flow with PKCE (S256); the state and the nonce it keeps in the session are checked when the
provider sends the learner back, and the ID token against the provider's published keys.

An account is found by the provider's issuer and subject only, never by an e-mail address: an
address at some provider says nothing about who owns a wallet here. So a subject linked to a
wallet logs in to it; a signed-in learner who comes back with a new subject links it; anyone
else gets a new wallet with the name and address the provider gives (confirmed when the
provider says it verified the address), unless that address has a wallet already: then nothing
is linked, and the learner is told to log in and link the account from the profile.
"""

from __future__ import annotations

import dataclasses

from authlib.integrations.flask_client import OAuth
from flask import Flask
from flask import current_app

from wallet.accounts import store
from wallet.accounts.forms import valid_email
from wallet.models import OrganisationLogin
from wallet.models import User
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db

EXTENSION = "wallet.organisation_login"


@dataclasses.dataclass(frozen=True)
class SignIn:
    """What came of coming back from the provider: ``outcome`` is "logged_in", "linked",
    "created", "address_taken" (a wallet has the address; nothing linked), "linked_elsewhere"
    (the account opens another wallet) or "no_address" (the provider gave none)."""

    outcome: str
    user: User | None = None
    address: str | None = None


def init_app(app: Flask) -> None:
    """Register the provider when one is configured; pages name the organisation or nothing."""
    issuer = app.config["OIDC_ISSUER"]
    name = (app.config["OIDC_NAME"] or issuer) if issuer else None
    app.context_processor(lambda: {"organisation_name": name})
    if not issuer:
        return
    oauth = OAuth(app)
    app.extensions[EXTENSION] = oauth.register(
        "organisation",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "timeout": app.config["FETCH_TIMEOUT"],
        },
    )


def provider():
    """The provider's client, or None when no provider is configured."""
    return current_app.extensions.get(EXTENSION)


def linked_login(user: User) -> OrganisationLogin | None:
    return db.session.scalar(db.select(OrganisationLogin).filter_by(user_id=user.id))


@writes
def sign_in(claims: dict, signed_in: User | None) -> SignIn:
    """Log in, link or make a wallet for the account the ID token's ``claims`` name."""
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    query = db.select(OrganisationLogin).filter_by(issuer=issuer, subject=subject)
    login = db.session.scalar(query)
    if login is not None:
        if signed_in is not None and signed_in.id != login.user_id:
            return SignIn("linked_elsewhere")
        return SignIn("logged_in", db.session.get(User, login.user_id))
    if signed_in is not None:
        db.session.add(OrganisationLogin(user_id=signed_in.id, issuer=issuer, subject=subject))
        db.session.commit()
        audit.record("organisation_login.linked", user_id=signed_in.id)
        return SignIn("linked", signed_in)
    return _new_wallet(claims, OrganisationLogin(issuer=issuer, subject=subject))


@writes
def unlink(user: User) -> None:
    db.session.execute(db.delete(OrganisationLogin).filter_by(user_id=user.id))
    db.session.commit()


def _new_wallet(claims: dict, login: OrganisationLogin) -> SignIn:
    address = store.normalise_email(str(claims.get("email") or ""))
    if not valid_email(address):
        return SignIn("no_address")
    name = str(claims.get("name") or address.partition("@")[0])[:120]
    verified = claims.get("email_verified") is True
    registration = store.Registration(name, address, "")
    user = store.create_learner(
        registration, None, confirmed_at=clock.now() if verified else None, ways_in=(login,)
    )
    if user is None:
        return SignIn("address_taken", address=address)
    audit.record("account.created", user_id=user.id)
    return SignIn("created", user)
