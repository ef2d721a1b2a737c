"""Bringing credentials into a wallet: verified, de-duplicated, and all-or-nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from flask import current_app
from sqlalchemy.exc import IntegrityError

from wallet import verification
from wallet.credentials import VerificationResult
from wallet.credentials import describe_credential
from wallet.extensions import db
from wallet.learners import lock_learner
from wallet.models import StoredCredential
from wallet.models import User


@dataclasses.dataclass(frozen=True)
class ImportRefused(Exception):
    """The input was not stored; ``code`` is the domain's reason (a check or input code)."""

    code: str
    params: dict = dataclasses.field(default_factory=dict)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def import_token(user: User, token: str) -> tuple[StoredCredential, bool]:
    """Verify and store one token; returns the row and whether it is new."""
    try:
        stored, created = _add(user, token)
        db.session.commit()
    except IntegrityError:
        # Another request stored the same bytes a moment ago (a client retrying): that row is
        # the answer. The learner's row lock makes this rare; the unique constraint decides.
        db.session.rollback()
        return _find(user, token_digest(token)), False
    return stored, created


def import_tokens(user: User, tokens: list[str]) -> int:
    """Store several tokens in one transaction: any refusal stores none. Returns new count."""
    try:
        return _add_all(user, tokens)
    except IntegrityError:
        # A concurrent import stored one of them first: once more, now finding that row.
        return _add_all(user, tokens)


def _add_all(user: User, tokens: list[str]) -> int:
    try:
        created = sum(_add(user, token)[1] for token in tokens)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created


def _add(user: User, token: str) -> tuple[StoredCredential, bool]:
    # Until commit, so racing imports of this learner see each other's rows (limit, duplicates).
    lock_learner(user)
    existing = _find(user, token_digest(token))
    if existing is not None:
        return existing, False
    limit = current_app.config["MAX_CREDENTIALS_PER_WALLET"]
    if _count(user) >= limit:
        raise ImportRefused("wallet.full", {"limit": limit})
    result = verification.verify(token)
    if not result.is_genuine:
        failed = next(check for check in result.checks if check.status == "failed")
        raise ImportRefused(failed.code, failed.params)
    stored = StoredCredential(owner=user, raw=token, raw_sha256=token_digest(token))
    apply_result(stored, result)
    db.session.add(stored)
    db.session.flush()
    return stored, True


def _count(user: User) -> int:
    query = db.select(db.func.count(StoredCredential.id)).filter_by(owner_id=user.id)
    return db.session.scalar(query)


def _find(user: User, digest: str) -> StoredCredential | None:
    return db.session.scalar(
        db.select(StoredCredential).filter_by(owner_id=user.id, raw_sha256=digest)
    )


def apply_result(stored: StoredCredential, result: VerificationResult) -> None:
    """Copy a fresh verification result onto a stored credential (for cards and sorting)."""
    credential = result.credential
    facts = describe_credential(credential.document)
    stored.shape = str(credential.shape)
    stored.title = (facts.title or credential.id or credential.issuer_id)[:300]
    stored.issuer_id = credential.issuer_id[:500]
    stored.issuer_name = (credential.issuer_name or "")[:300] or None
    stored.credential_id = (credential.id or "")[:500] or None
    stored.valid_from = credential.valid_from
    stored.valid_until = credential.valid_until
    stored.verdict = str(result.verdict)
    stored.checks = [
        {
            "concern": str(c.concern),
            "status": str(c.status),
            "code": c.code,
            "params": json.loads(json.dumps(c.params, default=str)),
        }
        for c in result.checks
    ]
    stored.verified_at = result.checked_at or verification.now()

