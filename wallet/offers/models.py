"""The offers feature's own rows. Kept here rather than in the long ``wallet/models.py``: only
this package reads or writes them. The app factory imports the offers blueprint, which imports
this module, so the table is in ``db.metadata`` for ``create_all`` and for Alembic alike."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from wallet.models import UTCDateTime
from wallet.models import utcnow
from wallet.platform.extensions import db


class PendingCredential(db.Model):
    """A credential an issuer will send later (OpenID4VCI deferred issuance), shown as a card
    in the learner's wallet until it arrives or the learner removes it.

    The access token that fetches it is kept sealed with the app secret, never in plain text.
    """

    __tablename__ = "pending_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(sa.String(500))  # the credential issuer identifier
    # The credential's name from the issuer's metadata, in the learner's language at the offer.
    name: Mapped[str | None] = mapped_column(sa.String(300))
    deferred_endpoint: Mapped[str] = mapped_column(sa.String(1000))
    transaction_id: Mapped[str] = mapped_column(sa.String(500))
    access_token_sealed: Mapped[str] = mapped_column(sa.Text)
    interval: Mapped[int]  # seconds the issuer asked us to wait between checks
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_checked_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    next_check_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime)
    # The offer.* code of the issuer's last refusal, shown on the card (None: no refusal).
    problem: Mapped[str | None] = mapped_column(sa.String(64))
