"""The asking feature's own rows, kept here as ``wallet/offers/models.py`` keeps its own: the
app factory imports the asking blueprint, which imports this module, so the table is in
``db.metadata`` for ``create_all`` and for Alembic alike."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from wallet.models import UTCDateTime
from wallet.platform.extensions import db


class VerifierRequestRow(db.Model):
    """One employer's request and, once it came, the wallet's answer; deleted ``ASK_MINUTES``
    after it was made. Nothing names the employer: the page's key is the only way back to it.

    Both keys are kept hashed: ``key_hash`` of the page's key (in the employer's address bar
    only), ``wallet_hash`` of the wallet's handle (in the QR code and the request), which is
    derived from the page's key one way, so a wallet learns nothing that opens the page.
    """

    __tablename__ = "verifier_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    wallet_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    record: Mapped[str] = mapped_column(sa.Text)  # VerifierRequest.as_record() as JSON
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime)  # no answer after it
    answered: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The presentations as received (raw, query, holder binding) as JSON; None until read.
    answer: Mapped[str | None] = mapped_column(sa.Text)
