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


def seal_private_key(private_key: Any, secret: bytes) -> str:
    """Encrypt a private key as ASCII ``kpk1.<nonce>.<ciphertext>`` (AES-256-GCM, random nonce)."""
    plaintext = private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(_derive_key(secret)).encrypt(nonce, plaintext, VERSION.encode("ascii"))
    return ".".join((VERSION, jose.b64url_encode(nonce), jose.b64url_encode(ciphertext)))


def open_private_key(sealed: str, secret: bytes) -> Any:
    """Decrypt a sealed key; a wrong secret or any tampering gives keystore.invalid."""
    try:
        version, nonce, ciphertext = sealed.split(".")
        if version != VERSION:
            raise ValueError("unknown keystore version")
        plaintext = AESGCM(_derive_key(secret)).decrypt(
            jose.b64url_decode(nonce), jose.b64url_decode(ciphertext), VERSION.encode("ascii")
        )
        return serialization.load_der_private_key(plaintext, password=None)
    except (AttributeError, ValueError, InvalidTag, CredentialError) as error:
        raise CredentialError("keystore.invalid") from error


def _derive_key(secret: bytes | str) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode("utf-8")  # Flask's SECRET_KEY is often a str
    if not secret:
        raise ValueError("an empty secret protects nothing")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret)
