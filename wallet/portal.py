"""The public portal's service: find a share by its token, count a view, say what the page shows.

No views here. The employer's page (``wallet/public.py``) and the learner's preview of it both
render the ``ShareView`` that ``share_view`` builds, verified again at that moment.
"""

from __future__ import annotations

import dataclasses
import datetime

from flask import current_app
from itsdangerous import BadData
from itsdangerous import TimestampSigner
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import joinedload

from wallet import checked
from wallet import reverify
from wallet import sharing_secrets
from wallet import verification
from wallet.credentials import PresentationCheck
from wallet.credentials import Verdict
from wallet.credentials import holder_binding
from wallet.credentials import worst_verdict
from wallet.extensions import db
from wallet.models import ShareItem
from wallet.models import ShareLink

# Downloads and the receipt belong to the view that linked to them: with this ticket they do not
# count as another view, so a one-view link still lets the employer save what they saw.
TICKET_SECONDS = 3600
_TICKET_SALT = "kompetenspass share view ticket"


@dataclasses.dataclass(frozen=True)
class ShareView:
    """Everything the employer's page shows, and nothing about who is looking."""

    share_id: int
    token: str
    ticket: str
    verdict: Verdict
    holder_names: tuple[str, ...]  # as the issuers state them, never the account name
    message: str | None
    expires_at: datetime.datetime
    presentation: PresentationCheck
    credentials: tuple[checked.CheckedCredential, ...]
    removed_credentials: int
    checked_at: datetime.datetime

    @property
    def presented_by_subject(self) -> bool:
        return bool(self.credentials) and all(c.binding == "subject" for c in self.credentials)

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.credentials if c.result.verdict == verdict)


def share_url(token: str) -> str:
    """The link an employer opens; also the audience the learner's presentation is signed for."""
    return f"{current_app.config['WALLET_BASE_URL'].rstrip('/')}/v/{token}"


def presentation_nonce(share: ShareLink) -> str:
    """The nonce the learner's presentation is signed with: random, and stored with the share."""
    return share.token_hash


def find_share(token: str) -> ShareLink | None:
    """The share a link token opens, with its owner, found by the token's hash (the same work
    for any token)."""
    query = db.select(ShareLink).filter_by(token_hash=sharing_secrets.token_hash(token))
    return db.session.scalar(query.options(joinedload(ShareLink.owner)))


def record_view(share: ShareLink, now: datetime.datetime) -> bool:
    """Count one view if the link is still open (False if it closed); nothing about the viewer."""
    # One conditional UPDATE, so two employers opening a one-view link at once cannot both get in.
    table = ShareLink.__table__
    count = (
        table.update()
        .where(table.c.id == share.id, table.c.revoked_at.is_(None), table.c.expires_at > now)
        .where((table.c.max_views.is_(None)) | (table.c.view_count < table.c.max_views))
        .values(view_count=table.c.view_count + 1, last_viewed_at=now)
    )
    # Its own short transaction: the UPDATE is its first statement, so on SQLite it waits for the
    # write lock (a read-then-write transaction would fail at once if another view wrote since),
    # and the page's session keeps what it read instead of loading it again after a commit.
    with db.engine.begin() as connection:
        return connection.execute(count).rowcount == 1


def view_ticket(share: ShareLink) -> str:
    """A ticket for the downloads of one view of ``share``."""
    return _ticket_signer().dumps(share.id)


def ticket_admits(share: ShareLink, ticket: str | None) -> bool:
    """Whether ``ticket`` was issued for a view of this share within the last hour."""
    if not ticket:
        return False
    try:
        return _ticket_signer().loads(ticket, max_age=TICKET_SECONDS) == share.id
    except BadData:
        return False


class _MinuteTimestampSigner(TimestampSigner):
    """Stamps to the minute: every view of a link within one minute gets the same ticket, so
    the page those views see is the same and is rendered once (``wallet/share_pages.py``)."""

    def get_timestamp(self) -> int:
        return int(verification.now().timestamp()) // 60 * 60


def _ticket_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=_TICKET_SALT, signer=_MinuteTimestampSigner
    )


def share_view(
    share: ShareLink,
    now: datetime.datetime,
    locale: str,
    token: str | None = None,
    ticket: str | None = None,
) -> ShareView:
    """What the employer sees for ``share`` now.

    ``token`` is opened from the share if not given; ``ticket`` is the view's ticket if the
    request came with one, else a new one is issued.
    """
    token = token or sharing_secrets.open_token(
        share.token_sealed, current_app.config["SECRET_KEY"]
    )
    presentation = check_presentation(share, token, now)
    languages = checked.reading_order(locale)
    credentials = tuple(
        shared_credential(item.position, item.credential.raw, presentation, languages)
        for item in shared_items(share)
    )
    names = dict.fromkeys(c.facts.learner_name for c in credentials if c.facts.learner_name)
    return ShareView(
        share_id=share.id,
        token=token,
        ticket=ticket or view_ticket(share),
        verdict=worst_verdict(c.result.verdict for c in credentials)
        if credentials
        else Verdict.FAILED,
        holder_names=tuple(names),
        message=share.message,
        expires_at=share.expires_at,
        presentation=presentation,
        credentials=credentials,
        removed_credentials=share.removed_credentials,
        checked_at=now,
    )


def shared_items(share: ShareLink) -> list[ShareItem]:
    """The share's items in order, with their credentials, in one query however many there are."""
    query = (
        db.select(ShareItem)
        .filter_by(share_id=share.id)
        .options(joinedload(ShareItem.credential))
        .order_by(ShareItem.position)
    )
    return list(db.session.scalars(query))


def presentation_of(share: ShareLink) -> str | None:
    """The learner's signed presentation; None if the app secret changed since it was sealed."""
    return sharing_secrets.open_token(share.presentation_sealed, current_app.config["SECRET_KEY"])


def check_presentation(
    share: ShareLink, token: str | None, now: datetime.datetime
) -> PresentationCheck:
    """The learner's signature on the link, valid only if made by the share owner's wallet key."""
    presentation = presentation_of(share)
    if token is None or presentation is None:
        return PresentationCheck(False, "presentation.malformed")
    check = reverify.verify_presentation_now(
        presentation, share_url(token), presentation_nonce(share), now
    )
    if check.valid and check.holder_did != share.owner.did:
        return PresentationCheck(False, "presentation.not_the_owner", check.holder_did)
    return check


def shared_credential(
    position: int, raw: str, presentation: PresentationCheck, languages: list[str]
) -> checked.CheckedCredential:
    """One shared credential verified now, with its facts and its holder binding."""
    result = reverify.verify_now(raw)
    binding = "unproven"
    if result.credential and presentation.valid and raw in presentation.tokens:
        binding = holder_binding(result.credential, presentation.holder_did)
    return checked.explain(raw, result, languages, binding, position)


def token_for_code(typed: str, now: datetime.datetime) -> str | None:
    """The link token of the active share a typed code names, else None (whatever the reason)."""
    code = sharing_secrets.normalise_code(typed)
    if code is None:
        return None
    share = db.session.scalar(
        db.select(ShareLink).filter_by(code_hash=sharing_secrets.code_hash(code))
    )
    if share is None or not share.is_active(now):
        return None
    return sharing_secrets.open_token(share.token_sealed, current_app.config["SECRET_KEY"])
