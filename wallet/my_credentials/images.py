"""Images kept from credentials: read at import, one row per image, dropped once none shows it.

Reading an image may mean fetching it from the issuer's host, so it happens after verifying and
before the import's write transaction, which never waits on the network (README,
"Transactions"). The images of one import share a few seconds and a few hosts: a slow or dead
image host costs an import its images, never the import itself. An image that cannot be read is
not kept, and the credential's card shows the placeholder.
"""

from __future__ import annotations

import hashlib
import logging

from flask import Flask
from flask import current_app

from wallet.credentials import CredentialError
from wallet.credentials import Fetcher
from wallet.credentials import VerificationResult
from wallet.credentials import describe_credential
from wallet.credentials import network_budget
from wallet.credentials.images import ACCEPT
from wallet.credentials.images import MAX_IMAGE_BYTES
from wallet.credentials.images import image_claim
from wallet.credentials.images import read_image
from wallet.models import CredentialImage
from wallet.models import StoredCredential
from wallet.platform.extensions import db
from wallet.verification.verifier import guarded_fetcher

IMAGE_FETCHER = "wallet.images"
# A backup names a handful of issuers: a file naming many image hosts is not fetched from each.
MAX_IMAGE_HOSTS = 8
PNG = "image/png"  # what every kept image is redrawn as

logger = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """The images' own fetcher: the key resolver's guards, capped at an image's size."""
    app.extensions[IMAGE_FETCHER] = guarded_fetcher(
        app.config, max_bytes=MAX_IMAGE_BYTES, accept=ACCEPT
    )


def read_images(results: list[VerificationResult], seconds: float) -> list[bytes | None]:
    """Each genuine credential's image as a small PNG, or None; all fetches within ``seconds``."""
    read: dict[str, bytes | None] = {}  # an image named by several credentials is read once
    fetcher = current_app.extensions[IMAGE_FETCHER]
    with network_budget(max(seconds, 0.0), MAX_IMAGE_HOSTS):
        return [_image_of(result, fetcher, read) for result in results]


def _image_of(
    result: VerificationResult, fetcher: Fetcher, read: dict[str, bytes | None]
) -> bytes | None:
    if not result.is_genuine or result.credential is None:
        return None  # what a forged credential shows proves nothing: it is never kept
    document = result.credential.document
    claim = image_claim(describe_credential(document), document)
    if claim is None:
        return None
    if claim.url not in read:
        try:
            read[claim.url] = read_image(claim.url, fetcher)
        except CredentialError as refusal:
            reason = refusal.params.get("reason", "")
            logger.info("credential image not kept: %s %s", refusal.code, reason)
            read[claim.url] = None
    return read[claim.url]


def image_row(png: bytes | None) -> CredentialImage | None:
    """The row holding ``png``, added if no credential showed it yet (one row per image)."""
    if png is None:
        return None
    digest = hashlib.sha256(png).hexdigest()
    row = db.session.scalar(db.select(CredentialImage).filter_by(sha256=digest))
    if row is None:
        row = CredentialImage(sha256=digest, content_type=PNG, data=png)
        db.session.add(row)
    return row


def drop_unused_images() -> None:
    """Delete the images no credential shows any more, in the caller's transaction."""
    shown = db.select(StoredCredential.id).where(StoredCredential.image_id == CredentialImage.id)
    db.session.execute(db.delete(CredentialImage).where(~shown.exists()))
