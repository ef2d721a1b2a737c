"""Shares: a learner's named, expiring links to chosen credentials, one per recipient.

Only hashes of the link token and the typed code are looked up; both are also kept sealed
under the app secret so the owner can see them again. Every share carries a presentation
signed with the learner's wallet key for exactly that link, re-signed whenever what it
covers changes (credentials removed, expiry extended): see ``presented``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence

from flask import abort
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from wallet.accounts.store import lock_learner
from wallet.credentials import VerificationResult
from wallet.models import ShareItem
from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform import audit
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db
from wallet.shares.links import open_secrets
from wallet.shares.links import share_url
from wallet.shares.presented import presented_for
from wallet.shares.presented import sign_for_link
from wallet.shares.tokens import code_hash
from wallet.shares.tokens import new_share_code
from wallet.shares.tokens import new_share_token
from wallet.shares.tokens import seal_token
from wallet.shares.tokens import token_hash
from wallet.verification.verifier import apply_result

MAX_LIFETIME = datetime.timedelta(days=365)


@dataclasses.dataclass(frozen=True)
class ShareSettings:
    """What the learner chose for one share, checked by the form."""

    expires_at: datetime.datetime
    label: str | None = None
    message: str | None = None  # shown to the employer
    language: str | None = None  # the employer's page language; None: their browser's
    max_views: int | None = None
    request_id: str | None = None  # the create form's id, so a double submit makes one share
    profile_id: int | None = None  # shared for this occupational profile


class ShareRefused(Exception):
    """A share was not created or changed: ``code`` is "too_many_credentials",
    "too_many_shares" or "ended" (a link the learner ended cannot work again)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@writes
def create_share(
    user: User,
    credentials: list[StoredCredential],
    settings: ShareSettings,
    now: datetime.datetime,
    disclosures: Mapping[int, Sequence[str]] | None = None,
) -> ShareLink:
    """Store a share of ``credentials`` in this order; an earlier share with the same request id wins.

    ``disclosures`` names, by credential id, the disclosures of an SD-JWT credential the
    employer may see (digests, see ``disclosure_choices``); one not named is shown whole.
    """
    # Until commit, so racing shares of this learner see each other's rows (limit, request id).
    lock_learner(user)
    existing = find_by_request(user, settings.request_id)
    if existing is not None:
        return existing
    limits = current_app.config
    if len(credentials) > limits["MAX_CREDENTIALS_PER_SHARE"]:
        raise ShareRefused("too_many_credentials")
    if count_active_shares(user, now) >= limits["MAX_ACTIVE_SHARES"]:
        raise ShareRefused("too_many_shares")
    token, code = new_share_token(), new_share_code()
    share = ShareLink(
        owner_id=user.id,
        token_hash=token_hash(token),
        token_sealed=seal_token(token, _secret()),
        code_hash=code_hash(code),
        code_sealed=seal_token(code, _secret()),
        created_at=now,
        **dataclasses.asdict(settings),
    )
    chosen = disclosures or {}
    share.items = [
        ShareItem(
            credential=stored,
            position=position,
            presented=presented_for(stored, chosen.get(stored.id)),
        )
        for position, stored in enumerate(credentials)
    ]
    sign_for_link(share, user, share_url(token), now)
    db.session.add(share)
    try:
        db.session.commit()
    except IntegrityError:
        # The same form arrived twice at once; the first one stored is the answer.
        db.session.rollback()
        existing = find_by_request(user, settings.request_id)
        if existing is None:
            raise
        return existing
    audit.record("share.created", user_id=user.id, share_id=share.id, items=len(share.items))
    return share


def find_by_request(user: User, request_id: str | None) -> ShareLink | None:
    if request_id is None:
        return None
    return db.session.scalar(
        db.select(ShareLink).filter_by(owner_id=user.id, request_id=request_id)
    )


def count_active_shares(user: User, now: datetime.datetime) -> int:
    """Links of this learner that still open: not revoked, not expired, views left."""
    return db.session.scalar(
        db.select(db.func.count(ShareLink.id)).where(
            ShareLink.owner_id == user.id,
            ShareLink.revoked_at.is_(None),
            ShareLink.expires_at > now,
            db.or_(ShareLink.max_views.is_(None), ShareLink.view_count < ShareLink.max_views),
        )
    )


def list_shares(user: User) -> list[ShareLink]:
    """The learner's shares, newest first, with their credentials loaded."""
    query = (
        db.select(ShareLink)
        .filter_by(owner_id=user.id)
        .options(selectinload(ShareLink.items).selectinload(ShareItem.credential))
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
    )
    return list(db.session.scalars(query))


def owned_share(user: User, share_id: int) -> ShareLink:
    """The learner's own share, or 404 (also for anyone else's)."""
    return db.first_or_404(db.select(ShareLink).filter_by(id=share_id, owner_id=user.id))


def owned_credentials(user: User, ids: list[int]) -> list[StoredCredential]:
    """The learner's credentials with these ids, in this order; 404 if any is not theirs."""
    rows = db.session.scalars(
        db.select(StoredCredential).where(
            StoredCredential.id.in_(ids), StoredCredential.owner_id == user.id
        )
    )
    by_id = {stored.id: stored for stored in rows}
    if len(by_id) != len(ids):
        abort(404)
    return [by_id[credential_id] for credential_id in ids]


@writes
def refresh_cards(share: ShareLink, results: Iterable[VerificationResult]) -> None:
    """Give the wallet's cards the results just checked for the share's preview (e.g. revoked)."""
    for item, result in zip(share.items, results, strict=True):
        if result.credential is not None:
            apply_result(item.credential, result)
    db.session.commit()


@writes
def revoke_share(share: ShareLink, user: User, now: datetime.datetime) -> None:
    """End the link at once; revoking twice keeps the first time."""
    if share.revoked_at is None:
        share.revoked_at = now
        db.session.commit()
        audit.record("share.revoked", user_id=user.id, share_id=share.id)


@writes
def extend_share(
    share: ShareLink, user: User, expires_at: datetime.datetime, now: datetime.datetime
) -> None:
    """Let a link work until ``expires_at``, an expired one again (the same link: a QR code
    already printed on a CV works again); the presentation is signed again for it."""
    _reopening(share, user, now)
    share.expires_at = expires_at
    _sign_again(share, user, now)
    db.session.commit()
    audit.record("share.extended", user_id=user.id, share_id=share.id)


@writes
def allow_views(share: ShareLink, user: User, max_views: int, now: datetime.datetime) -> None:
    """Let a link that was opened as often as allowed be opened up to ``max_views`` times."""
    _reopening(share, user, now)
    share.max_views = max_views
    db.session.commit()
    audit.record("share.views_allowed", user_id=user.id, share_id=share.id, max_views=max_views)


def _reopening(share: ShareLink, user: User, now: datetime.datetime) -> None:
    """A link that works again counts toward the learner's working links, as a new one would."""
    if share.revoked_at is not None:
        raise ShareRefused("ended")  # what the learner ended stays ended: it may have leaked
    if share.is_active(now):
        return
    lock_learner(user)
    if count_active_shares(user, now) >= current_app.config["MAX_ACTIVE_SHARES"]:
        raise ShareRefused("too_many_shares")


def forget_credential(stored: StoredCredential, now: datetime.datetime | None = None) -> None:
    """Take a credential out of every share before it is deleted, and say so on each share."""
    now = now or clock.now()
    items = db.session.scalars(db.select(ShareItem).filter_by(credential_id=stored.id))
    for item in list(items):
        share = item.share
        share.items.remove(item)
        share.removed_credentials += 1
        _sign_again(share, stored.owner, now)


def _sign_again(share: ShareLink, owner: User, now: datetime.datetime) -> None:
    link = open_secrets(share).link
    # None when the app secret changed since: the link cannot be rebuilt, so nothing to sign for.
    if link is not None:
        sign_for_link(share, owner, link, now)
