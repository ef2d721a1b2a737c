"""A forgotten password: a link mailed to the account's address sets a new one.

Asking always gets the same answer, whether the address has a wallet or not. The link works
once, for an hour, and stops working when a newer one is sent, when the password changes and
when the address changes. Setting the new password ends every session of the account (the
session version), confirms the address (the link reached it) and mails the learner about it.
"""

from __future__ import annotations

from wallet.accounts import mails
from wallet.accounts import one_time_links
from wallet.accounts import store
from wallet.accounts.passwords import hash_password
from wallet.models import OneTimeLink
from wallet.models import User
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db


def ask_for_reset(email: str) -> None:
    """Mail a reset link if the address has a wallet; otherwise do nothing, and say nothing."""
    user = store.find_by_email(email)
    if user is None:
        return
    token = _new_reset_link(user)
    mails.send_reset_link(user, token)


def find_reset_link(token: str) -> OneTimeLink | None:
    return one_time_links.find(token, one_time_links.RESET)


def reset_password(token: str, password: str) -> User | None:
    """Set the new password with the link; None when the link no longer works."""
    password_hash = hash_password(password)  # before the write lock: scrypt is slow on purpose
    user = _set_password(token, password_hash)
    if user is not None:
        mails.send_password_changed(user, clock.now())
    return user


@writes
def _new_reset_link(user: User) -> str:
    token = one_time_links.issue(user, one_time_links.RESET, user.email)
    db.session.commit()
    return token


@writes
def _set_password(token: str, password_hash: str) -> User | None:
    link = one_time_links.use(token, one_time_links.RESET)
    user = db.session.get(User, link.user_id) if link else None
    if user is None or link.address != user.email:
        db.session.rollback()
        return None
    user.password_hash = password_hash
    user.session_version += 1  # every copy of every session cookie is stale now
    user.email_confirmed_at = user.email_confirmed_at or clock.now()
    one_time_links.forget(user, one_time_links.RESET)
    db.session.commit()
    audit.record("password.reset", user_id=user.id)
    return user
