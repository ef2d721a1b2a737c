"""Recovery codes: ten codes, each good for one login instead of the password, for a learner
who lost the password and cannot get mail (a new phone, an address that no longer works).

A code is 12 characters from Crockford's base32 (60 bits; no i, l, o or u, which are read as
other characters), written in three groups of four. Online guessing meets the login limits;
the database keeps only the SHA-256 of the account id and the code, so a copy of it opens
nothing and the same code in two accounts hashes differently.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets

from wallet.accounts import store
from wallet.models import RecoveryCode
from wallet.models import User
from wallet.platform import audit
from wallet.platform.database import writes
from wallet.platform.extensions import db

COUNT = 10
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
GROUPS = 3
GROUP_LENGTH = 4
# What people type for the letters left out: Crockford's own reading of them.
READ_AS = str.maketrans({"o": "0", "i": "1", "l": "1"})


@dataclasses.dataclass(frozen=True)
class CodeLogin:
    user: User
    left: int


def codes_left(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count(RecoveryCode.id)).filter_by(user_id=user.id)
    )


@writes
def make_codes(user: User) -> list[str]:
    """Ten new codes to show once; the ones made before stop working."""
    codes = [_new_code() for _ in range(COUNT)]
    db.session.execute(db.delete(RecoveryCode).filter_by(user_id=user.id))
    db.session.add_all(RecoveryCode(user_id=user.id, code_sha256=_digest(user, code))
                       for code in codes)
    db.session.commit()
    audit.record("recovery_codes.made", user_id=user.id)
    return codes


@writes
def use_code(email: str, typed: str) -> CodeLogin | None:
    """Log in with a code: the account and how many codes are left, or None. A used code is
    deleted in the same transaction, so two requests with one code cannot both get in."""
    user = store.find_by_email(email)
    code = normalise(typed)
    if user is None or code is None:
        return None
    used = db.session.execute(
        db.delete(RecoveryCode).filter_by(user_id=user.id, code_sha256=_digest(user, code))
    )
    if used.rowcount != 1:
        db.session.rollback()
        return None
    db.session.commit()
    audit.record("recovery_code.used", user_id=user.id)
    return CodeLogin(user, codes_left(user))


def normalise(typed: str) -> str | None:
    """The code as made, from what was typed (any case, spaces or hyphens), or None."""
    characters = "".join(typed.lower().translate(READ_AS).split()).replace("-", "")
    if len(characters) != GROUPS * GROUP_LENGTH or set(characters) - set(ALPHABET):
        return None
    return "-".join(characters[i:i + GROUP_LENGTH] for i in range(0, len(characters), GROUP_LENGTH))


def _new_code() -> str:
    characters = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return normalise(characters)


def _digest(user: User, code: str) -> str:
    return hashlib.sha256(f"{user.id}:{code}".encode()).hexdigest()
