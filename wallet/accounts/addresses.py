"""A learner's e-mail address: signing up without telling who has an account, confirming the
address by a mailed link, changing it.

Every mail goes out after its transaction committed (``mails``, then ``platform.mail``).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from wallet.accounts import mails
from wallet.accounts import one_time_links
from wallet.accounts import store
from wallet.accounts.passwords import hash_password
from wallet.models import OneTimeLink
from wallet.models import Passkey
from wallet.models import User
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db


def sign_up(registration: store.Registration) -> None:
    """Create the account and mail its confirmation link, or, when the address has an account,
    tell that account's owner that someone tried. The person signing up gets the same answer
    either way, and the same work is done before it (the password is hashed either way), so
    the form tells nobody which addresses have an account."""
    password_hash = hash_password(registration.password)
    _welcome(registration, store.create_learner(registration, password_hash))


def sign_up_with_passkey(registration: store.Registration, passkey: Passkey, handle: str) -> None:
    """The same with a passkey instead of a password (checked before, either way)."""
    user = store.create_learner(
        registration, None, passkey_user_handle=handle, ways_in=(passkey,)
    )
    _welcome(registration, user)


def _welcome(registration: store.Registration, user: User | None) -> None:
    if user is None:
        owner = store.find_by_email(registration.email)
        if owner is not None:  # None only if deleted in between
            mails.send_address_taken(owner)
        return
    audit.record("account.created", user_id=user.id)
    send_confirmation(user, user.email)


def send_confirmation(user: User, address: str) -> None:
    """Mail a fresh link that confirms ``address``; links sent before stop working."""
    token = _new_confirmation_link(user, address)
    mails.send_confirmation(user, address, token)


def change_address(user: User, address: str) -> None:
    """Confirm ``address`` before it replaces the learner's: the link goes to the new address.

    An address that belongs to another account gets no link: its owner is told someone tried,
    and the learner sees the same answer as for a free address.
    """
    owner = store.find_by_email(address)
    if owner is None:
        send_confirmation(user, address)
    elif owner.id != user.id:
        mails.send_address_taken(owner)


@writes
def confirm_address(token: str) -> User | None:
    """Take a confirmation link: its address becomes the learner's, confirmed now. None when
    the link no longer works (or the address was taken by another account meanwhile)."""
    link = one_time_links.use(token, one_time_links.CONFIRM)
    if link is None:
        return None
    user = db.session.get(User, link.user_id)
    if link.address != user.email:
        one_time_links.forget(user, one_time_links.RESET)  # they went to the old address
    user.email = link.address
    user.email_confirmed_at = clock.now()
    one_time_links.forget(user, one_time_links.CONFIRM)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    audit.record("address.confirmed", user_id=user.id)
    return user


def pending_address(user: User) -> str | None:
    """The address a change waits to confirm, if the learner asked for one."""
    query = db.select(OneTimeLink.address).filter(
        OneTimeLink.user_id == user.id,
        OneTimeLink.purpose == one_time_links.CONFIRM,
        OneTimeLink.address != user.email,
        OneTimeLink.expires_at > clock.now(),
    )
    return db.session.scalar(query)


@writes
def _new_confirmation_link(user: User, address: str) -> str:
    token = one_time_links.issue(user, one_time_links.CONFIRM, address)
    db.session.commit()
    return token
