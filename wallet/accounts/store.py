"""Learner accounts: created with a wallet key, checked by password, ended everywhere at once."""

from __future__ import annotations

import dataclasses
import datetime
import re

from flask import current_app
from flask import session
from flask_login import login_user
from flask_login import logout_user
from sqlalchemy.exc import IntegrityError

from wallet.accounts.passwords import password_matches
from wallet.credentials import keystore
from wallet.credentials import signing
from wallet.models import User
from wallet.my_credentials.images import drop_unused_images
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db

SESSION_ID_PATTERN = re.compile(r"(\d+):(\d+)", re.ASCII)


@dataclasses.dataclass(frozen=True)
class Registration:
    name: str
    email: str
    password: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    """The learner a session names (``User.get_id()``), only while that version is current."""
    match = SESSION_ID_PATTERN.fullmatch(session_id)
    if match is None:
        return None
    user = db.session.get(User, int(match[1]))
    if user is None or user.session_version != int(match[2]):
        return None
    return user


@writes
def create_learner(
    registration: Registration,
    password_hash: str | None,
    confirmed_at: datetime.datetime | None = None,
    passkey_user_handle: str | None = None,
    ways_in: tuple = (),
) -> User | None:
    """Store a new learner with a fresh wallet key, and ``ways_in`` (rows with a ``user_id``:
    the passkey or the organisation's account the wallet is made with, instead of a password);
    None when the address is taken.

    The password is hashed by the caller, before the write lock is taken: scrypt is slow on
    purpose, and the lock would make every other writer wait for it.
    """
    private_key = signing.generate_private_key("Ed25519")
    secret = current_app.config["SECRET_KEY"].encode()
    user = User(
        name=registration.name,
        email=registration.email,
        email_confirmed_at=confirmed_at,
        password_hash=password_hash,
        passkey_user_handle=passkey_user_handle,
        did=signing.did_key(private_key.public_key()),
        wallet_key_sealed=keystore.seal_private_key(private_key, secret),
    )
    db.session.add(user)
    try:
        db.session.flush()
        for way_in in ways_in:
            way_in.user_id = user.id
            db.session.add(way_in)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The learner with this address and password; unknown addresses cost the same time."""
    user = find_by_email(email)
    if not password_matches(user.password_hash if user else None, password):
        return None
    return user


def find_by_email(email: str) -> User | None:
    email = normalise_email(email)
    return db.session.scalar(db.select(User).filter_by(email=email)) if email else None


def start_session(user: User) -> None:
    """A fresh session on every login, so a session id planted beforehand is worthless."""
    session.clear()
    login_user(user)
    audit.record("login.succeeded", user_id=user.id)


@writes
def end_session(user: User) -> None:
    """Log out everywhere: bumping the version makes every copy of the cookie stale."""
    user.session_version += 1
    db.session.commit()
    audit.record("logout", user_id=user.id)
    logout_user()
    session.clear()


@writes
def delete_learner(user: User) -> None:
    """Remove the learner and end every session they have; credentials and shares cascade, and
    the images only their credentials showed go too."""
    user_id = user.id
    end_session(user)
    db.session.delete(user)
    drop_unused_images()
    db.session.commit()
    audit.record("account.deleted", user_id=user_id)


def lock_learner(user: User) -> None:
    """Hold the learner's row until the transaction ends (no-op on SQLite: it locks the file)."""
    db.session.execute(db.select(User.id).filter_by(id=user.id).with_for_update())


@writes
def save_locale(user: User, locale: str) -> None:
    """Remember the learner's language on every device they log in on."""
    user.locale = locale
    db.session.commit()


@writes
def grant_admin(user: User, granted: bool) -> None:
    """Make the account an admin (or not)."""
    user.is_admin = granted
    db.session.commit()
    audit.record("admin.granted" if granted else "admin.revoked", user_id=user.id)


@writes
def confirm_address_by_operator(email: str) -> User | None:
    """Count the address as confirmed (``flask admin confirm``); None if no account has it."""
    user = find_by_email(email)
    if user is not None:
        user.email_confirmed_at = user.email_confirmed_at or clock.now()
        db.session.commit()
        audit.record("address.confirmed", user_id=user.id, by="operator")
    return user
