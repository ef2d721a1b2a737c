"""The wallet's credentials: imported verified (their images read before the write),
de-duplicated and all-or-nothing; found only for their owner; deleted from every share first.
"""

from __future__ import annotations

import dataclasses
import time

from flask import current_app
from sqlalchemy.exc import IntegrityError

from wallet.accounts.store import lock_learner
from wallet.credentials import VerificationResult
from wallet.models import StoredCredential
from wallet.models import User
from wallet.my_credentials import images
from wallet.platform.database import MAX_ID
from wallet.platform.database import writes
from wallet.platform.extensions import db
from wallet.shares.store import forget_credential
from wallet.verification import verifier
from wallet.verification.verifier import token_digest

# A token, its verification result, and its image redrawn as a PNG (None: none kept).
Verified = tuple[str, VerificationResult, bytes | None]
SORTS = {
    "newest": StoredCredential.imported_at.desc(),
    "title": StoredCredential.title,
    "issuer": StoredCredential.issuer_name,
}


@dataclasses.dataclass(frozen=True)
class ImportRefused(Exception):
    """The input was not stored; ``code`` is the domain's reason (a check or input code), and
    ``token`` the credential refused, where one was."""

    code: str
    params: dict = dataclasses.field(default_factory=dict)
    token: str | None = None


def import_token(user: User, token: str) -> tuple[StoredCredential, bool]:
    """Verify and store one token; returns the row and whether it is new."""
    existing = _find(user, token_digest(token))
    if existing is not None:
        return existing, False
    result = _verified(token)
    [image] = images.read_images([result], _image_seconds())
    # Whether the wallet is full is decided under the learner's lock only: an unlocked count
    # could see a twin request's row without seeing that it is this very credential.
    [(stored, created)] = _store(user, [(token, result, image)])
    return stored, created


def import_tokens(user: User, tokens: list[str], seconds: float | None = None) -> int:
    """Store several tokens in one transaction: any refusal stores none. Returns new count.

    Every new token is verified first, without a lock, stopping at the first refusal and when
    ``seconds`` have passed; their images are read in the time left (a credential whose image
    is not read by then is stored without one); only then are they written, in one short
    transaction.
    """
    deadline = time.monotonic() + seconds if seconds is not None else None
    checked = []
    for token in dict.fromkeys(tokens):
        if _find(user, token_digest(token)) is not None:
            continue
        if not checked:
            _refuse_when_full(user)  # early, before checking anything: the lock decides again
        if deadline is not None and time.monotonic() > deadline:
            raise ImportRefused("import.too_slow", token=token)
        checked.append((token, _verified(token)))
    left = deadline - time.monotonic() if deadline is not None else _image_seconds()
    found = images.read_images([result for _, result in checked], left)
    verified = [(token, result, image) for (token, result), image in zip(checked, found)]
    return sum(created for _, created in _store(user, verified))


def _image_seconds() -> float:
    """What reading an import's images may take where no deadline says: one fetch's time."""
    return current_app.config["FETCH_TIMEOUT"]


def _verified(token: str) -> VerificationResult:
    """The token's verification result if it is genuine, else ImportRefused saying why."""
    result = verifier.verify(token)
    if not result.is_genuine:
        failed = next(check for check in result.checks if check.status == "failed")
        raise ImportRefused(failed.code, failed.params, token)
    return result


@writes
def _store(user: User, verified: list[Verified]) -> list[tuple[StoredCredential, bool]]:
    try:
        return _add_all(user, verified)
    except IntegrityError:
        # Another request stored the same bytes a moment ago (a client retrying): once more,
        # now finding that row. The learner's row lock makes this rare; the constraint decides.
        return _add_all(user, verified)


def _add_all(user: User, verified: list[Verified]) -> list[tuple[StoredCredential, bool]]:
    try:
        # Locked until commit, so racing imports of this learner see each other's rows.
        lock_learner(user)
        rows = [_add(user, *credential) for credential in verified]
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return rows


def _add(
    user: User, token: str, result: VerificationResult, image: bytes | None
) -> tuple[StoredCredential, bool]:
    existing = _find(user, token_digest(token))
    if existing is not None:
        return existing, False
    _refuse_when_full(user)
    stored = StoredCredential(
        owner=user, raw=token, raw_sha256=token_digest(token), image=images.image_row(image)
    )
    verifier.apply_result(stored, result)
    db.session.add(stored)
    db.session.flush()
    return stored, True


def _refuse_when_full(user: User) -> None:
    limit = current_app.config["MAX_CREDENTIALS_PER_WALLET"]
    if count_credentials(user) >= limit:
        raise ImportRefused("wallet.full", {"limit": limit})


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


@dataclasses.dataclass(frozen=True)
class CredentialPage:
    """One page of the wallet's list: its credentials, its number, and whether more follow."""

    credentials: list[StoredCredential]
    number: int
    has_more: bool


def credential_page(
    user: User, issuer: str, verdict: str, sort: str, number: int, size: int
) -> CredentialPage:
    """Page ``number`` (from 1) of the learner's credentials, filtered by issuer and verdict
    when given, in ``sort`` order: ``size`` credentials, so a wallet of 500 costs what one of
    ``size`` does. One row more than the page tells whether more follow."""
    query = db.select(StoredCredential).filter_by(owner_id=user.id)
    if issuer:
        query = query.filter_by(issuer_id=issuer)
    if verdict:
        query = query.filter_by(verdict=verdict)
    query = query.order_by(SORTS[sort], StoredCredential.id.desc())
    rows = list(db.session.scalars(query.offset((number - 1) * size).limit(size + 1)))
    return CredentialPage(rows[:size], number, len(rows) > size)


def owned_ids(user: User, ids: list[str]) -> list[str]:
    """Those of ``ids`` (digits, as a form sends them) that name the learner's credentials, once
    each, in the order given."""
    wanted = [int(value) for value in dict.fromkeys(ids) if int(value) <= MAX_ID]
    if not wanted:
        return []
    query = db.select(StoredCredential.id).filter_by(owner_id=user.id)
    owned = set(db.session.scalars(query.where(StoredCredential.id.in_(wanted))))
    return [str(value) for value in wanted if value in owned]


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
    _keep_result(stored, result)
    return result


@writes
def _keep_result(stored: StoredCredential, result: VerificationResult) -> None:
    verifier.apply_result(stored, result)
    db.session.commit()


@writes
def delete_credential(stored: StoredCredential) -> None:
    """Delete a credential; every share that showed it says so and is signed again without it."""
    forget_credential(stored)
    db.session.delete(stored)
    images.drop_unused_images()
    db.session.commit()
