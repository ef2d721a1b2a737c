"""Password policy (NIST 800-63B, ASVS V6): long enough, not common, hashed with scrypt."""

from __future__ import annotations

import functools
import pathlib
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS = pathlib.Path(__file__).parent / "data" / "common-passwords.txt"


def normalise_password(password: str) -> str:
    """NFKC, so a composed and a decomposed "é" are the same password on every device."""
    return unicodedata.normalize("NFKC", password)


def password_problem(password: str) -> str | None:
    """Why this password cannot be used, or None. No composition rules, on purpose."""
    password = normalise_password(password)
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(count)d characters.", count=MAX_LENGTH)
    if is_common_password(password):
        return _l("This password is one of the most common ones. Choose another, longer one.")
    return None


def is_common_password(password: str) -> bool:
    """A listed password, also with digits added at the end ("password1234567")."""
    lowered = normalise_password(password).lower()
    common = _common_passwords()
    return lowered in common or lowered.rstrip("0123456789") in common


def hash_password(password: str) -> str:
    """A memory-hard scrypt hash of the normalised password (bcrypt would truncate at 72 bytes)."""
    return generate_password_hash(normalise_password(password), method=_hash_method())


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password; without a hash, still spend the same time so timing reveals no account."""
    if password_hash is None:
        check_password_hash(_decoy_hash(_hash_method()), password)
        return False
    return check_password_hash(password_hash, normalise_password(password))


def password_confirms(password_hash: str | None, typed: str) -> bool:
    """The signed-in learner's password typed again before a change that matters; an account
    made with a passkey alone has none to type (its login was the passkey)."""
    return password_hash is None or password_matches(password_hash, typed)


@functools.cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("# "))


def _hash_method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]


@functools.cache
def _decoy_hash(method: str) -> str:
    """Hashed as real passwords are, so checking it takes as long."""
    return generate_password_hash("decoy password for unknown accounts", method=method)
