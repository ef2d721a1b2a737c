"""Links mailed to a learner that work once: confirm an address (24 hours), choose a new
password (1 hour).

A link holds its row's id and a random secret, signed with the app's secret (itsdangerous), so
a changed or made-up link is refused before the database is asked; the row keeps only the
secret's SHA-256, so a copy of the database opens no account. Using a link deletes its row in
the transaction that does what the link is for, a newer link deletes the older ones of the same
purpose, and a new password deletes every reset link (``forget``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from flask import current_app
from itsdangerous import BadData
from itsdangerous import URLSafeSerializer

from wallet.models import OneTimeLink
from wallet.models import User
from wallet.platform import clock
from wallet.platform.database import MAX_ID
from wallet.platform.extensions import db

CONFIRM = "confirm"
RESET = "reset"
LIFETIMES = {CONFIRM: datetime.timedelta(hours=24), RESET: datetime.timedelta(hours=1)}


def issue(user: User, purpose: str, address: str) -> str:
    """A new link for ``purpose``, sent to ``address``; older ones stop working. Call it inside
    a write transaction: the link works once that transaction commits."""
    forget(user, purpose)
    secret = secrets.token_urlsafe(32)
    link = OneTimeLink(
        user_id=user.id,
        purpose=purpose,
        address=address,
        secret_sha256=_digest(secret),
        expires_at=clock.now() + LIFETIMES[purpose],
    )
    db.session.add(link)
    db.session.flush()
    return _serializer(purpose).dumps([link.id, secret])


def find(token: str, purpose: str) -> OneTimeLink | None:
    """The link ``token`` names while it still works, else None (changed, used, replaced,
    expired, or for another purpose)."""
    try:
        link_id, secret = _serializer(purpose).loads(token)
    except (BadData, TypeError, ValueError):
        return None
    if not isinstance(link_id, int) or not 0 < link_id <= MAX_ID or not isinstance(secret, str):
        return None
    link = db.session.get(OneTimeLink, link_id)
    if link is None or link.purpose != purpose or link.expires_at <= clock.now():
        return None
    return link if hmac.compare_digest(link.secret_sha256, _digest(secret)) else None


def use(token: str, purpose: str) -> OneTimeLink | None:
    """Take the link for good (inside the write transaction that acts on it); None when it no
    longer works, also when another request took it a moment ago."""
    link = find(token, purpose)
    if link is None:
        return None
    taken = db.session.execute(db.delete(OneTimeLink).filter_by(id=link.id))
    return link if taken.rowcount == 1 else None


def forget(user: User, purpose: str) -> None:
    """End every link of ``purpose`` the learner was sent."""
    db.session.execute(db.delete(OneTimeLink).filter_by(user_id=user.id, purpose=purpose))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"one-time-link.{purpose}")
