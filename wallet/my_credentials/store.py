"""The wallet's credentials: imported verified, de-duplicated and all-or-nothing; found only for
their owner; deleted from every share first.
"""

from __future__ import annotations

import dataclasses

from flask import current_app
from sqlalchemy.exc import IntegrityError

from wallet.accounts.store import lock_learner
from wallet.credentials import VerificationResult
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.extensions import db
from wallet.shares.store import forget_credential
from wallet.verification import verifier
from wallet.verification.verifier import token_digest

SORTS = {
    "newest": StoredCredential.imported_at.desc(),
    "title": StoredCredential.title,
    "issuer": StoredCredential.issuer_name,
}


@dataclasses.dataclass(frozen=True)
class ImportRefused(Exception):
    """The input was not stored; ``code`` is the domain's reason (a check or input code)."""

    code: str
    params: dict = dataclasses.field(default_factory=dict)


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
    if count_credentials(user) >= limit:
        raise ImportRefused("wallet.full", {"limit": limit})
    result = verifier.verify(token)
    if not result.is_genuine:
        failed = next(check for check in result.checks if check.status == "failed")
        raise ImportRefused(failed.code, failed.params)
    stored = StoredCredential(owner=user, raw=token, raw_sha256=token_digest(token))
    verifier.apply_result(stored, result)
    db.session.add(stored)
    db.session.flush()
    return stored, True


def _find(user: User, digest: str) -> StoredCredential | None:
    return db.session.scalar(
        db.select(StoredCredential).filter_by(owner_id=user.id, raw_sha256=digest)
    )


def count_credentials(user: User) -> int:
    query = db.select(db.func.count(StoredCredential.id)).filter_by(owner_id=user.id)
    return db.session.scalar(query)


def all_credentials(user: User) -> list[StoredCredential]:
    """Every credential of the learner, oldest first (the order of a backup)."""
    query = db.select(StoredCredential).filter_by(owner_id=user.id)
    return list(db.session.scalars(query.order_by(StoredCredential.id)))


def owned_credential(user: User, credential_id: int) -> StoredCredential:
    """The learner's credential, or 404 (also for anyone else's)."""
    query = db.select(StoredCredential).filter_by(id=credential_id, owner_id=user.id)
    return db.first_or_404(query)


def list_credentials(user: User, issuer: str, verdict: str, sort: str) -> list[StoredCredential]:
    """The learner's credentials, filtered by issuer and verdict when given, in ``sort`` order."""
    query = db.select(StoredCredential).filter_by(owner_id=user.id)
    if issuer:
        query = query.filter_by(issuer_id=issuer)
    if verdict:
        query = query.filter_by(verdict=verdict)
    return list(db.session.scalars(query.order_by(SORTS[sort], StoredCredential.id.desc())))


def list_issuers(user: User) -> list[tuple[str, str]]:
    """The issuers in this learner's wallet, for the filter."""
    rows = db.session.execute(
        db.select(StoredCredential.issuer_id, StoredCredential.issuer_name)
        .filter_by(owner_id=user.id)
        .distinct()
    )
    return sorted({(issuer_id, name or issuer_id) for issuer_id, name in rows}, key=lambda r: r[1])


def refresh_verdict(stored: StoredCredential) -> VerificationResult:
    """Verify a stored credential again now and keep the result on its card."""
    result = verifier.verify(stored.raw)
    verifier.apply_result(stored, result)
    db.session.commit()
    return result


def delete_credential(stored: StoredCredential) -> None:
    """Delete a credential; every share that showed it says so and is signed again without it."""
    forget_credential(stored)
    db.session.delete(stored)
    db.session.commit()
