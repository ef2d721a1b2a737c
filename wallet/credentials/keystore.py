"""Learner wallet keys encrypted at rest with a key derived from the application secret."""

from __future__ import annotations

import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import jose
from .errors import CredentialError

VERSION = "kpk1"
# A fixed label keeps this derived key apart from anything else derived from the same secret.
_INFO = b"kompetenspass wallet: learner key encryption v1"
_NONCE_BYTES = 12


def seal_private_key(private_key: Any, secret: bytes | str) -> str:
    """Encrypt a private key as ASCII ``kpk1.<nonce>.<ciphertext>`` (AES-256-GCM, random nonce)."""
    plaintext = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return seal(plaintext, secret, version=VERSION, info=_INFO)


def open_private_key(sealed: str, secret: bytes | str) -> Any:
    """Decrypt a sealed key; a wrong secret or any tampering gives keystore.invalid."""
    try:
        plaintext = unseal(sealed, secret, version=VERSION, info=_INFO)
        return serialization.load_der_private_key(plaintext, password=None)
    except ValueError as error:
        raise CredentialError("keystore.invalid") from error


def seal(plaintext: bytes, secret: bytes | str, *, version: str, info: bytes) -> str:
    """AES-256-GCM under a key derived from ``secret`` for ``info``: ``<version>.<nonce>.<ct>``.

    Each use passes its own ``info`` label, so one app secret yields unrelated keys, and its
    own ``version``, which is also the associated data: a text sealed for one use never opens
    as another's.
    """
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(_derive_key(secret, info)).encrypt(nonce, plaintext, version.encode())
    return ".".join((version, jose.b64url_encode(nonce), jose.b64url_encode(ciphertext)))


def unseal(sealed: str, secret: bytes | str, *, version: str, info: bytes) -> bytes:
    """The plaintext of ``seal``; ValueError for a wrong secret, version or any tampering."""
    try:
        label, nonce, ciphertext = sealed.split(".")
        if label != version:
            raise ValueError("unknown sealed-text version")
        return AESGCM(_derive_key(secret, info)).decrypt(
            jose.b64url_decode(nonce), jose.b64url_decode(ciphertext), version.encode()
        )
    except (AttributeError, InvalidTag, CredentialError) as error:
        raise ValueError("cannot open sealed text") from error


def _derive_key(secret: bytes | str, info: bytes) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode("utf-8")  # Flask's SECRET_KEY is often a str
    if not secret:
        raise ValueError("an empty secret protects nothing")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)
