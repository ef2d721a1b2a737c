"""The secrets behind a share: the link token, the typed code, and the token sealed for its owner.

Only hashes of tokens and codes are stored, so a database dump opens no share. The owner can
still see their link again because the token is also kept sealed under the app secret.
"""

from __future__ import annotations

import hashlib
import secrets

from wallet.credentials import keystore

# Crockford base32: no I, L, O or U, so nothing read aloud or typed is ambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 13  # 13 × 5 = 65 random bits
_CODE_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_SEPARATORS = str.maketrans("", "", " -\t\n\r")
_MAX_TYPED_CHARS = 64  # nothing longer is a mistyped code; spare the work
_SEAL_VERSION = "kst1"
# Its own HKDF label, so the key sealing share tokens is not the one sealing wallet keys.
_SEAL_INFO = b"kompetenspass wallet: share token sealing v1"


def new_share_token() -> str:
    """A fresh link token: 128 random bits as 22 URL-safe characters."""
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    """What is stored to find a share by its token: SHA-256 in hex."""
    # A plain fast hash suffices: a 128-bit random token cannot be guessed from its hash.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_share_code() -> str:
    """A fresh code to type or read aloud, e.g. ``7K3Q-M9XA-2RTPB`` (65 random bits)."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalise_code(typed: str) -> str | None:
    """The 13-character canonical form of a typed code, or None if it cannot be one.

    Case, spaces and hyphens do not matter; O reads as 0, and I or L as 1 (Crockford).
    """
    if not isinstance(typed, str) or len(typed) > _MAX_TYPED_CHARS:
        return None
    code = typed.upper().translate(_CODE_SEPARATORS).translate(_CODE_CONFUSIONS)
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def code_hash(code: str) -> str:
    """What is stored to find a share by its code: SHA-256 in hex of the canonical form."""
    # A fast hash, not a password hash: a stolen database already holds the credentials the
    # codes protect, so slowing an offline search buys nothing. The live threat is guessing
    # online, and against 2**65 codes the per-client rate limit on the lookup is the defence.
    normal = normalise_code(code)
    if normal is None:
        raise ValueError("not a share code")
    return hashlib.sha256(normal.encode("ascii")).hexdigest()


def seal_token(token: str, secret: bytes | str) -> str:
    """Encrypt a token under the app secret so its owner can be shown the link again."""
    return keystore.seal(token.encode("utf-8"), secret, version=_SEAL_VERSION, info=_SEAL_INFO)


def open_token(sealed: str, secret: bytes | str) -> str | None:
    """The token inside ``sealed``; None for a wrong (e.g. rotated) secret or tampering."""
    try:
        plaintext = keystore.unseal(sealed, secret, version=_SEAL_VERSION, info=_SEAL_INFO)
        return plaintext.decode("utf-8")
    except ValueError:
        return None
