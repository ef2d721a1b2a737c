"""A share as its link: the URL an employer opens, the nonce the learner signs it with, and the
sealed secrets (token, typed code, presentation) opened together for whoever shows the share.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import math

from flask import current_app

from wallet.models import ShareLink
from wallet.platform.addresses import base_url
from wallet.shares.tokens import open_token


class ShareSecrets:
    """What a share keeps sealed under the app secret, each opened when first asked for; None
    where it no longer opens (the secret changed since the share was made)."""

    def __init__(self, share: ShareLink, secret: str) -> None:
        self._share = share
        self._secret = secret

    @functools.cached_property
    def token(self) -> str | None:
        return open_token(self._share.token_sealed, self._secret)

    @functools.cached_property
    def code(self) -> str | None:
        return open_token(self._share.code_sealed, self._secret)

    @functools.cached_property
    def presentation(self) -> str | None:
        """The learner's signed presentation for exactly this link."""
        return open_token(self._share.presentation_sealed, self._secret)

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
    """The share's token, code and presentation, in one place; each is unsealed only if used
    (the employer's page, which has the token from its URL, opens just the presentation)."""
    return ShareSecrets(share, current_app.config["SECRET_KEY"])


def days_left(share: ShareLink, now: datetime.datetime) -> int:
    """Whole days, rounded up, until the link stops working."""
    return max(0, math.ceil((share.expires_at - now) / datetime.timedelta(days=1)))
