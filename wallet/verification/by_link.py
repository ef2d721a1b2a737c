"""A credential added by its link: fetched through the core's guarded fetcher, then read like a
file.

The same guards as an issuer's key: https only (plain http only to the loopback where
``WALLET_INSECURE_LOCALHOST`` allows it), public addresses only, no redirects, at most
UPLOAD_LIMIT bytes and one deadline for the whole fetch. It runs before the import's write
transaction begins, like the verification after it. A badge image that carries a link (an
Open Badges 2.0 hosted badge) is followed once more, to the assertion itself.

Only the wallet fetches links: a learner is signed in and counted by the import's rate limit.
``/verify`` is open to anyone, and would make this server fetch any address for anybody.
"""

from __future__ import annotations

import posixpath
import urllib.parse

from flask import Flask
from flask import current_app

from wallet.credentials import CredentialError
from wallet.credentials import extract_token
from wallet.verification.submission import UPLOAD_LIMIT
from wallet.verification.verifier import guarded_fetcher

LINK_FETCHER = "wallet.link_fetcher"
MAX_LINKS = 2  # the link given, then a link a baked image holds
# What a credential is served as: JSON(-LD), a JWT, a baked image, or plain text.
ACCEPT = (
    "application/ld+json, application/json, application/jwt, image/png, image/svg+xml, "
    "text/plain;q=0.8, */*;q=0.5"
)
# Where the fetcher would not go: told as "only https:// links to public websites".
_REFUSED = frozenset({"scheme", "userinfo", "private_address"})


def init_app(app: Flask) -> None:
    """The links' own fetcher: the key resolver's guards, capped at an upload's size."""
    app.extensions[LINK_FETCHER] = guarded_fetcher(
        app.config, max_bytes=UPLOAD_LIMIT, accept=ACCEPT
    )


def read_link(url: str) -> str:
    """The credential at ``url``, read as an uploaded file would be; CredentialError if not."""
    for _ in range(MAX_LINKS):
        data = _fetch(url)
        try:
            return extract_token(data, _file_name(url))
        except CredentialError as refusal:
            if refusal.code != "input.link":
                raise
            url = refusal.params["url"]
    raise CredentialError("input.not_a_credential")


def _fetch(url: str) -> bytes:
    try:
        return current_app.extensions[LINK_FETCHER](url)
    except CredentialError as error:
        raise CredentialError(_link_refusal(error.params)) from error


def _link_refusal(params: dict) -> str:
    if params.get("reason") in _REFUSED:
        return "input.link_refused"
    if params.get("reason") == "too_large":
        return "input.link_too_large"
    if params.get("status") in (404, 410):
        return "input.link_not_found"
    return "input.link_unreachable"


def _file_name(url: str) -> str:
    """The name at the end of the link's path, which sharpens what extract says of an image."""
    return posixpath.basename(urllib.parse.urlsplit(url).path)
