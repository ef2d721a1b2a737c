"""What an employer receives of a share: each credential, and the learner's signed presentation
of them for exactly that link (re-signed whenever what it covers changes).

An SD-JWT credential travels with only the disclosures the learner chose, and, when its issuer
bound it (``cnf``) to the learner's wallet key, a key-binding JWT made for the link: the link is
its audience, the share's presentation nonce its nonce. Every other credential travels whole, as
stored. A claim the learner kept back is in none of it, so it reaches no page, file or receipt.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from flask import current_app

from wallet.credentials import Credential
from wallet.credentials import Shape
from wallet.credentials import bind_key
from wallet.credentials import bound_to
from wallet.credentials import check_key_binding
from wallet.credentials import open_private_key
from wallet.credentials import select_disclosures
from wallet.credentials import sign_presentation
from wallet.credentials.disclosures import split_sd_jwt
from wallet.models import ShareItem
from wallet.models import ShareLink
from wallet.models import StoredCredential
from wallet.models import User
from wallet.shares.links import presentation_nonce
from wallet.shares.tokens import seal_token


def presented_raw(item: ShareItem) -> str:
    """The credential as the employer receives it: what the learner chose, else it whole."""
    return item.credential.raw if item.presented is None else item.presented


def presented_for(stored: StoredCredential, digests: Iterable[str] | None) -> str | None:
    """What a new share item presents: of an SD-JWT the chosen disclosures (all of them when no
    choice was made), not yet bound to the link; None for any other credential (it goes whole)."""
    if stored.shape != Shape.SD_JWT_VC:
        return None
    if digests is None:
        return split_sd_jwt(stored.raw).without_key_binding
    return select_disclosures(stored.raw, digests)


def sign_for_link(share: ShareLink, owner: User, link: str, now: datetime.datetime) -> None:
    """Sign the share's credentials, in order, as a presentation for this link and expiry; an
    SD-JWT's key binding is made again with it, so it is never older than the link's terms."""
    secret = current_app.config["SECRET_KEY"]
    key = open_private_key(owner.wallet_key_sealed, secret)
    nonce = presentation_nonce(share)
    for item in share.items:
        if item.presented is not None:
            item.presented = bound_for_link(item.presented, key, link=link, nonce=nonce, now=now)
    presentation = sign_presentation(
        [presented_raw(item) for item in share.items],
        key,
        holder_did=owner.did,
        audience=link,
        nonce=nonce,
        expires_at=share.expires_at,
        now=now,
    )
    share.presentation_sealed = seal_token(presentation, secret)


def bound_for_link(
    presented: str, wallet_key: Any, *, link: str, nonce: str, now: datetime.datetime
) -> str:
    """``presented`` with a key-binding JWT for ``link`` and ``nonce`` made ``now`` when the issuer
    bound it to the learner's wallet key; as it is when the issuer bound it to no key of theirs."""
    if not bound_to(presented, wallet_key):
        return presented
    return bind_key(presented, wallet_key, audience=link, nonce=nonce, now=now)


def partly_disclosed(item: ShareItem) -> bool:
    """Whether the learner kept back something the issuer let them hide."""
    if item.presented is None:
        return False
    shown = split_sd_jwt(item.presented).disclosures
    return len(shown) < len(split_sd_jwt(item.credential.raw).disclosures)


def key_bound_to_link(
    credential: Credential, share: ShareLink, link: str, now: datetime.datetime
) -> bool:
    """Whether the SD-JWT's key-binding JWT proves that the key its issuer bound it to made it
    for this link (its audience and nonce), and not before the link was made: it is as fresh
    as the link, whose own expiry ends it."""
    if credential.shape is not Shape.SD_JWT_VC:
        return False
    made_since = max(now - share.created_at, datetime.timedelta(0))
    code = check_key_binding(
        credential, audience=link, nonce=presentation_nonce(share), now=now, max_age=made_since
    )
    return code is None
