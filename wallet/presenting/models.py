"""The presenting feature's own rows: one for every answer the learner sent a verifier.

Kept here rather than in ``wallet/models.py``, as the offers feature keeps its own: the app
factory imports the presenting blueprint, which imports this module, so the table is in
``db.metadata`` for ``create_all`` and for Alembic alike.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from wallet.models import UTCDateTime
from wallet.models import utcnow
from wallet.platform.extensions import db


class PresentationMade(db.Model):
    """What the learner disclosed to a verifier, and to whom, when: the record stays even
    when a credential it names is deleted later (its title is kept with it).

    ``disclosed`` is a JSON list, one item per credential sent:
    ``{"credential_id": 7, "title": "…", "claims": ["given_name", …]}``; ``claims`` is None
    when the whole credential was sent (its format has no parts to keep back).
    """

    __tablename__ = "presentations_made"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(sa.String(2048))  # exactly as the request gave it
    # The confirmed DNS name or DID, or (not confirmed) the host the answer went to.
    verifier_name: Mapped[str] = mapped_column(sa.String(2048))
    # What the verifier calls itself in its request (client_name): its words, shown as such.
    claimed_name: Mapped[str | None] = mapped_column(sa.String(80))
    confirmed: Mapped[bool]
    made_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    disclosed: Mapped[list] = mapped_column(sa.JSON)

    @property
    def credential_ids(self) -> list[int]:
        return [item["credential_id"] for item in self.disclosed]
