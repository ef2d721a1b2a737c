"""The portal's own signing key and the verification receipts it signs for employers.

The key is generated once into ``PORTAL_KEY_PATH`` (default ``instance/portal-key.pem``) and its
public half is published at ``/.well-known/jwks.json``, so a receipt filed by HR today can still
be checked later.
"""

from __future__ import annotations

import os
import pathlib
import secrets
from typing import Any

from flask import current_app

from wallet.credentials import generate_private_key
from wallet.credentials import portal_jwks
from wallet.credentials import private_key_from_pem
from wallet.credentials import private_key_to_pem
from wallet.credentials import receipt_body
from wallet.credentials import sign_receipt
from wallet.credentials.jose import thumbprint
from wallet.platform.addresses import base_url
from wallet.portal.share_view import ShareView


def portal_key() -> tuple[Any, str]:
    """The portal's receipt-signing key and its kid (the key's RFC 7638 thumbprint, so stable)."""
    cached = current_app.extensions.get("portal.key")
    path = pathlib.Path(current_app.config["PORTAL_KEY_PATH"])
    if cached is None or cached[0] != path:
        key = private_key_from_pem(_read_or_create_key(path))
        cached = (path, key, thumbprint(key))
        current_app.extensions["portal.key"] = cached
    return cached[1], cached[2]


def _read_or_create_key(path: pathlib.Path) -> bytes:
    """The PEM at ``path``, generated the first time; a hard link makes the creation atomic."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_key_to_pem(generate_private_key("P-256")))
        try:
            os.link(draft, path)  # fails if another process won the race: theirs is kept
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_bytes()


def signed_receipt(view: ShareView) -> tuple[dict[str, Any], str]:
    """The receipt of what was checked for ``view``, and the same signed by the portal key."""
    results = [(credential.raw, credential.result) for credential in view.credentials]
    body = receipt_body(view.reference, results, view.checked_at)
    body |= {
        "iss": base_url(),
        "verdict": view.verdict.value,
        "presentation": {"valid": view.presentation.valid, "code": view.presentation.code},
    }
    key, kid = portal_key()
    return body, sign_receipt(body, key, kid=kid, now=view.checked_at)


def jwks() -> dict[str, Any]:
    """The JWK Set with the portal's public key."""
    key, kid = portal_key()
    return portal_jwks(key, kid)
