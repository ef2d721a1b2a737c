"""Credentials an issuer sends later: the pending cards' rows, their sealed access tokens, and
the short transactions around each check (the check itself waits on the issuer's host, so no
transaction is open across it)."""

from __future__ import annotations

import datetime

from flask import current_app

from wallet.credentials import CredentialError
from wallet.credentials import keystore
from wallet.credentials.openid4vci import Deferred
from wallet.models import User
from wallet.offers.models import PendingCredential
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db

_SEAL_VERSION = "kpa1"
# Its own HKDF label, so the key sealing issuers' access tokens seals nothing else.
_SEAL_INFO = b"kompetenspass wallet: deferred issuance access token v1"


def pending_of(user_id: int) -> list[PendingCredential]:
    """The learner's pending cards, newest first."""
    query = db.select(PendingCredential).filter_by(owner_id=user_id)
    return list(db.session.scalars(query.order_by(PendingCredential.id.desc())))


def owned_pending(user: User, pending_id: int) -> PendingCredential:
    """The learner's pending card, or 404 (also for anyone else's)."""
    query = db.select(PendingCredential).filter_by(id=pending_id, owner_id=user.id)
    return db.first_or_404(query)


@writes
def keep_pending(user: User, deferred: Deferred, issuer: str, name: str | None) -> None:
    """A card for a credential the issuer sends later."""
    now = clock.now()
    db.session.add(PendingCredential(
        owner_id=user.id, issuer=issuer, name=name, deferred_endpoint=deferred.endpoint,
        transaction_id=deferred.transaction_id, interval=deferred.interval,
        access_token_sealed=_seal(deferred.access_token), created_at=now,
        next_check_at=_after(now, deferred.interval),
    ))
    db.session.commit()


def deferred_of(pending: PendingCredential) -> Deferred:
    """What asking the issuer again needs; the request's read transaction ends here, because
    what follows waits on the issuer's host."""
    try:
        token = _open(pending.access_token_sealed)
    except ValueError as error:  # sealed under an app secret since replaced: asking is over
        raise CredentialError("offer.refused", error="sealed_token") from error
    deferred = Deferred(pending.transaction_id, pending.interval, pending.deferred_endpoint, token)
    db.session.commit()  # nothing is pending: this only ends the read
    return deferred


@writes
def note_still_pending(pending_id: int, deferred: Deferred) -> PendingCredential | None:
    """The issuer is not ready: the transaction and interval it names now, and when to ask."""
    return _note(pending_id, transaction_id=deferred.transaction_id, interval=deferred.interval,
                 next_check_at=_after(clock.now(), deferred.interval), problem=None)


@writes
def note_refused(pending_id: int, code: str) -> PendingCredential | None:
    """The issuer refused: the card keeps the reason until the learner removes it."""
    return _note(pending_id, problem=code)


@writes
def remove_pending(pending_id: int) -> None:
    db.session.execute(db.delete(PendingCredential).filter_by(id=pending_id))
    db.session.commit()


def _note(pending_id: int, **changes) -> PendingCredential | None:
    """The card after a check, or None when it was removed while the issuer was asked."""
    pending = db.session.get(PendingCredential, pending_id)
    if pending is None:
        return None
    for name, value in (changes | {"last_checked_at": clock.now()}).items():
        setattr(pending, name, value)
    db.session.commit()
    return pending


def _after(moment: datetime.datetime, seconds: int) -> datetime.datetime:
    return moment + datetime.timedelta(seconds=seconds)


def _seal(token: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    return keystore.seal(token.encode(), secret, version=_SEAL_VERSION, info=_SEAL_INFO)


def _open(sealed: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    return keystore.unseal(sealed, secret, version=_SEAL_VERSION, info=_SEAL_INFO).decode()
