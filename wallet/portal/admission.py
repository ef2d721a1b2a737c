"""Who may see a share now: find it by its link token, count a view, and the view's ticket.

A view counts once, anonymously ("opened 3 times"); nothing about the viewer is kept. Downloads
and the receipt belong to the view that linked to them: with its ticket they do not count as
another view, so a one-view link still lets the employer save what they saw.

Each costs one statement: counting a view is one UPDATE that returns the link's id (all the 303
to the visit's page needs); reading a link reads its owner, its credentials and the registry's
version with it. On PostgreSQL neither runs in a transaction of its own, so each is a single
round trip to the database.
"""

from __future__ import annotations

import dataclasses
import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData
from itsdangerous import TimestampSigner
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import joinedload

from wallet.models import ShareItem
from wallet.models import ShareLink
from wallet.platform import clock
from wallet.platform import per_request
from wallet.platform.extensions import db
from wallet.registry import trust
from wallet.shares import tokens

TICKET_SECONDS = 3600
_TICKET_SALT = "kompetenspass share view ticket"

# Why a share link shows nothing: (heading, explanation). Never anything about the learner.
DEAD_LINKS = {
    "expired": (
        _l("This link has expired"),
        _l("The person who shared it chose how long it would work, and that time has passed. "
           "Ask them for a new link."),
    ),
    "revoked": (
        _l("This link has been switched off"),
        _l("The person who shared it has ended it. Ask them for a new link if you still need it."),
    ),
    "view_limit": (
        _l("This link has been used up"),
        _l("It has been opened as many times as the person who shared it allowed. "
           "Ask them for a new link."),
    ),
    "not_found": (
        _l("We could not find this link"),
        _l("Check that the whole link was copied. If you have a short code, type it instead."),
    ),
}


class LinkClosed(Exception):
    """The link shows nothing now; ``status`` is a key of DEAD_LINKS."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


@dataclasses.dataclass(frozen=True)
class Admission:
    share_id: int
    share: ShareLink | None  # None when only the view was counted (``loads_share`` False)
    now: datetime.datetime
    ticket: str | None  # the ticket of the view already counted, if the request brought one


def admit(
    token: str, ticket: str | None, counts_as_view: bool = True, loads_share: bool = True
) -> Admission:
    """The share behind ``token`` if it may be shown now; LinkClosed if not.

    A valid ticket means this request belongs to a view already counted (and keeps that view's
    ticket, so a view never outlives its hour); otherwise opening the link counts a new view,
    unless ``counts_as_view`` is False (a HEAD request). A counted view reads the share only
    with ``loads_share``: the 303 to the visit's page needs nothing but the count.
    """
    now = clock.now()
    ticketed = _ticketed_share_id(ticket)
    if ticketed is not None:
        share = find_share(token)
        status = share.status(now) if share else "not_found"
        if status in ("active", "view_limit") and share.id == ticketed:
            return Admission(share.id, share, now, ticket)
    if counts_as_view and (counted := record_view(token, now)) is not None:
        share = find_share(token) if loads_share else None
        if share is not None or not loads_share:  # else deleted since the count: not found
            return Admission(counted, share, now, None)
    share = find_share(token)
    status = share.status(now) if share else "not_found"
    if status == "active" and not counts_as_view:
        return Admission(share.id, share, now, None)
    if status == "active":
        db.session.commit()  # read the share again: another view took the last one, or it closed
        status = share.status(now)
        status = "view_limit" if status == "active" else status
    raise LinkClosed(status)


def find_share(token: str) -> ShareLink | None:
    """The share a link token opens, with its owner and credentials, found by the token's hash
    (the same work for any token); looked up once per request, in one statement that also reads
    the registry's version, which every check of a credential on the page needs."""
    digest = tokens.token_hash(token)
    return per_request.once(f"wallet_share_{digest}", lambda: _read_share(digest))


def _read_share(digest: str) -> ShareLink | None:
    query = (
        db.select(ShareLink, trust.version_query())
        .filter_by(token_hash=digest)
        .options(
            joinedload(ShareLink.owner),
            joinedload(ShareLink.items).joinedload(ShareItem.credential),
        )
    )
    if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
        # Reads alone need no transaction: no BEGIN before, no ROLLBACK after. A use case that
        # writes commits first and so begins one of its own (``wallet.platform.database.writes``).
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    row = db.session.execute(query).unique().first()
    if row is None:
        return None
    share, registry_version = row
    trust.read_with_others(registry_version)
    return share


def record_view(token: str, now: datetime.datetime) -> int | None:
    """Count one view if the link is still open: its id, else None; nothing about the viewer."""
    # One conditional UPDATE, so two employers opening a one-view link at once cannot both get in.
    table = ShareLink.__table__
    count = (
        table.update()
        .where(table.c.token_hash == tokens.token_hash(token))
        .where(table.c.revoked_at.is_(None), table.c.expires_at > now)
        .where((table.c.max_views.is_(None)) | (table.c.view_count < table.c.max_views))
        .values(view_count=table.c.view_count + 1, last_viewed_at=now)
        .returning(table.c.id)
    )
    with _counting_connection() as connection:
        return connection.scalar(count)


def _counting_connection():
    """A connection of its own for the count, apart from the page's session, which so keeps what
    it read. On PostgreSQL in autocommit: the UPDATE is its own transaction, one round trip. On
    SQLite in a transaction whose first statement is the UPDATE, so it waits for the write lock
    (a read-then-write transaction would fail at once if another view wrote since)."""
    if db.engine.dialect.name == "postgresql":
        return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    return db.engine.begin()


def view_ticket(share_id: int) -> str:
    """A ticket for the downloads of one view of the share ``share_id``."""
    return _ticket_signer().dumps(share_id)


def _ticketed_share_id(ticket: str | None) -> int | None:
    """The share id ``ticket`` was issued for within the last hour, if it is a valid ticket."""
    if not ticket:
        return None
    try:
        return _ticket_signer().loads(ticket, max_age=TICKET_SECONDS)
    except BadData:
        return None


class _MinuteTimestampSigner(TimestampSigner):
    """Stamps to the minute: every view of a link within one minute gets the same ticket, so
    the page those views see is the same and is rendered once (``wallet/portal/page_cache.py``)."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp()) // 60 * 60


def _ticket_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=_TICKET_SALT, signer=_MinuteTimestampSigner
    )


def token_for_code(typed: str, now: datetime.datetime) -> str | None:
    """The link token of the active share a typed code names, else None (whatever the reason)."""
    code = tokens.normalise_code(typed)
    if code is None:
        return None
    share = db.session.scalar(db.select(ShareLink).filter_by(code_hash=tokens.code_hash(code)))
    if share is None or not share.is_active(now):
        return None
    return tokens.open_token(share.token_sealed, current_app.config["SECRET_KEY"])
