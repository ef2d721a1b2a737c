"""Requests kept for as long as their page needs them, and the one answer each may get.

A request has two keys, both kept only hashed: the page's key, which only the employer's
browser holds (``/ask/<key>``), and the wallet's handle, derived from it one way, which the QR
code, the request object and the wallet see (``/ask/<handle>/request.jwt``, ``…/response``).
Every row is deleted ``ASK_MINUTES`` after it was made (``purge``), answered or not; until then
a row past that age is treated as gone.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import secrets
from typing import Any

import sqlalchemy as sa
from flask import current_app

from wallet.asking.models import VerifierRequestRow
from wallet.credentials import jose
from wallet.credentials.openid4vp.ask import VerifierRequest
from wallet.platform.extensions import db

KEY_BYTES = 24  # 192 random bits: the page's key is the only thing that opens the answer
_HANDLE_PREFIX = b"kompetenspass ask wallet handle:"
_REFERENCE_PREFIX = b"kompetenspass ask reference:"


@dataclasses.dataclass(frozen=True)
class Kept:
    """A request as kept: plain data, read in a transaction already closed."""

    request: VerifierRequest
    reference: str  # what a receipt names the request by, opening nothing
    answered: bool
    answer: dict[str, Any] | None  # see ``save_answer``; None while unanswered

    @property
    def delete_at(self) -> datetime.datetime:
        return self.request.created_at + keeping_time()


def keeping_time() -> datetime.timedelta:
    """How long a request and its answer are kept (``ASK_MINUTES``)."""
    return datetime.timedelta(minutes=current_app.config["ASK_MINUTES"])


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def wallet_handle(key: str) -> str:
    """The wallet's handle for the request with page ``key``: it never leads back to ``key``."""
    return jose.b64url_encode(hashlib.sha256(_HANDLE_PREFIX + key.encode()).digest())


def _hashed(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def keep(key: str, request: VerifierRequest) -> None:
    """Keep ``request`` under the page ``key`` (and its wallet handle)."""
    db.session.add(
        VerifierRequestRow(
            key_hash=_hashed(key),
            wallet_hash=_hashed(wallet_handle(key)),
            record=json.dumps(request.as_record()),
            created_at=request.created_at,
            expires_at=request.expires_at,
        )
    )
    db.session.commit()


def by_key(key: str, now: datetime.datetime) -> Kept | None:
    """The request whose page ``key`` is, unless it is gone (or past its keeping time)."""
    return _kept(VerifierRequestRow.key_hash == _hashed(key), now)


def by_handle(handle: str, now: datetime.datetime) -> Kept | None:
    """The request behind the wallet's ``handle``, unless it is gone."""
    return _kept(VerifierRequestRow.wallet_hash == _hashed(handle), now)


def _kept(where: sa.ColumnElement[bool], now: datetime.datetime) -> Kept | None:
    cutoff = now - keeping_time()
    row = db.session.scalars(
        sa.select(VerifierRequestRow).where(where, VerifierRequestRow.created_at > cutoff)
    ).one_or_none()
    kept = None
    if row is not None:
        reference = hashlib.sha256(_REFERENCE_PREFIX + row.key_hash.encode()).hexdigest()[:20]
        answer = json.loads(row.answer) if row.answer else None
        kept = Kept(VerifierRequest.from_record(json.loads(row.record)), reference,
                    row.answered, answer)
    db.session.commit()  # no transaction stays open while the answer is verified
    return kept


def claim(handle: str) -> bool:
    """Take the request's one answer: True for the first caller only, in one UPDATE (so two
    answers posted at once cannot both be taken)."""
    done = db.session.execute(
        sa.update(VerifierRequestRow)
        .where(VerifierRequestRow.wallet_hash == _hashed(handle), ~VerifierRequestRow.answered)
        .values(answered=True)
    )
    db.session.commit()
    return done.rowcount == 1


def save_answer(handle: str, answer: dict[str, Any]) -> None:
    """The claimed request's answer: ``{"checked_at", "credentials": [{"query_id", "raw",
    "binding"}]}``, or ``{"declined": error}`` when the wallet said no."""
    db.session.execute(
        sa.update(VerifierRequestRow)
        .where(VerifierRequestRow.wallet_hash == _hashed(handle))
        .values(answer=json.dumps(answer))
    )
    db.session.commit()


def purge(now: datetime.datetime) -> int:
    """Delete every request made ``ASK_MINUTES`` or more ago; how many were deleted."""
    done = db.session.execute(
        sa.delete(VerifierRequestRow).where(
            VerifierRequestRow.created_at <= now - keeping_time()
        )
    )
    db.session.commit()
    return done.rowcount
