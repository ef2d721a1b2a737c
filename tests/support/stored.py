"""What reliability tests check afterwards: the rows the database holds, and SQLite's own check.

- ``signed_tokens(count, slot)``: distinct genuine credentials from a throwaway issuer.
- ``stored_rows(app)``: every learner's credentials and shares as the database has them.
- ``sqlite_integrity(app)``: ``PRAGMA integrity_check`` (``["ok"]`` on PostgreSQL).
"""

from __future__ import annotations

import dataclasses
import uuid

from flask import Flask
from sqlalchemy.orm import selectinload
from support.issuers import did_key_issuer

from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.platform.extensions import db


def signed_tokens(count: int, slot: int) -> list[str]:
    issuer = did_key_issuer("Ed25519", slot=slot)
    return [issuer.issue(issuer.credential(id=f"urn:uuid:{uuid.uuid4()}")) for _ in range(count)]


@dataclasses.dataclass(frozen=True)
class StoredRows:
    credentials: dict[int, list[tuple[int, str]]]  # owner id: [(credential id, sha256)]
    shares: dict[int, dict[str, tuple[int, list[int]]]]  # owner: {request id: (share id, items)}


def stored_rows(app: Flask) -> StoredRows:
    credentials: dict[int, list[tuple[int, str]]] = {}
    shares: dict[int, dict[str, tuple[int, list[int]]]] = {}
    with app.app_context():
        for row in db.session.scalars(db.select(StoredCredential).order_by(StoredCredential.id)):
            credentials.setdefault(row.owner_id, []).append((row.id, row.raw_sha256))
        query = db.select(ShareLink).options(selectinload(ShareLink.items))
        for share in db.session.scalars(query):
            items = [item.credential_id for item in share.items]
            shares.setdefault(share.owner_id, {})[share.request_id] = (share.id, items)
        db.session.remove()
    return StoredRows(credentials, shares)


def sqlite_integrity(app: Flask) -> list[str]:
    """``PRAGMA integrity_check`` on SQLite; PostgreSQL has no such check (``["ok"]``)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return ["ok"]
        with db.engine.connect() as connection:
            return [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
