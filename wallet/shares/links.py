"""A share as its link: the URL an employer opens, the nonce the learner signs it with, and the
sealed secrets (token, typed code, presentation) opened together for whoever shows the share.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import math

from flask import current_app

from wallet.models import ShareLink
from wallet.platform.addresses import base_url
from wallet.shares.tokens import open_token


@dataclasses.dataclass(frozen=True)
class ShareSecrets:
    """What a share keeps sealed under the app secret; None where it no longer opens (the
    secret changed since the share was made)."""

    token: str | None
    code: str | None
    presentation: str | None  # the learner's signed presentation for exactly this link

    @property
    def link(self) -> str | None:
        return share_url(self.token) if self.token else None


def share_url(token: str) -> str:
    """The link an employer opens; also the audience the learner's presentation is signed for."""
    return f"{base_url()}/v/{token}"


def presentation_nonce(share: ShareLink) -> str:
    """The nonce the learner's presentation is signed with: random, and stored with the share."""
    return share.token_hash


def share_reference(share: ShareLink) -> str:
    """What a receipt names the share by: stable, opening nothing, and no database id."""
    digest = hashlib.sha256(b"kompetenspass share reference:" + share.token_hash.encode())
    return digest.hexdigest()[:20]


def open_secrets(share: ShareLink) -> ShareSecrets:
    """The share's token, code and presentation, opened in one go."""
    secret = current_app.config["SECRET_KEY"]
    return ShareSecrets(
        open_token(share.token_sealed, secret),
        open_token(share.code_sealed, secret),
        open_token(share.presentation_sealed, secret),
    )


def days_left(share: ShareLink, now: datetime.datetime) -> int:
    """Whole days, rounded up, until the link stops working."""
    return max(0, math.ceil((share.expires_at - now) / datetime.timedelta(days=1)))
