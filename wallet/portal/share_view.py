"""What the employer's page shows for a share, verified again at that moment.

The employer's page (``portal/views.py``), its JSON and receipts, and the learner's preview of
it on their share page all render the ``ShareView`` that ``share_view`` builds.
"""

from __future__ import annotations

import dataclasses
import datetime

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload

from wallet.credentials import PresentationCheck
from wallet.credentials import Verdict
from wallet.credentials import holder_binding
from wallet.credentials import worst_verdict
from wallet.models import ShareItem
from wallet.models import ShareLink
from wallet.platform.extensions import db
from wallet.portal.admission import view_ticket
from wallet.profiles.matching import SharedProfile
from wallet.profiles.matching import shared_profile
from wallet.shares.links import ShareSecrets
from wallet.shares.links import open_secrets
from wallet.shares.links import presentation_nonce
from wallet.shares.links import share_reference
from wallet.shares.links import share_url
from wallet.shares.presented import key_bound_to_link
from wallet.shares.presented import partly_disclosed
from wallet.shares.presented import presented_raw
from wallet.verification import verifier
from wallet.verification.explained import CheckedCredential
from wallet.verification.explained import explain
from wallet.verification.explained import reading_order
from wallet.verification.states import worst_state


@dataclasses.dataclass(frozen=True)
class ShareView:
    """Everything the employer's page shows, and nothing about who is looking."""

    share_id: int
    reference: str  # what the employer's receipt names the share by (never the database id)
    token: str
    ticket: str
    verdict: Verdict
    holder_names: tuple[str, ...]  # as the issuers state them, never the account name
    message: str | None
    expires_at: datetime.datetime
    presentation: PresentationCheck
    credentials: tuple[CheckedCredential, ...]
    removed_credentials: int
    checked_at: datetime.datetime
    profile: SharedProfile | None = None  # the profile the link was shared for, if any

    @property
    def presented_by_subject(self) -> bool:
        return bool(self.credentials) and all(c.binding == "subject" for c in self.credentials)

    def count(self, verdict: str) -> int:
        return sum(1 for c in self.credentials if c.result.verdict == verdict)

    @property
    def state(self) -> str | None:
        """The worst state among the credentials (None when none is left)."""
        return worst_state(c.state for c in self.credentials)


def share_view(
    share: ShareLink,
    now: datetime.datetime,
    locale: str,
    secrets: ShareSecrets | None = None,
    token: str | None = None,
    ticket: str | None = None,
) -> ShareView:
    """What the employer sees for ``share`` now.

    ``secrets`` are opened from the share if not given; ``token`` is the one the link was opened
    with (else the sealed one); ``ticket`` the view's ticket if the request came with one, else
    a new one is issued.
    """
    secrets = secrets or open_secrets(share)
    token = token or secrets.token
    ticket = ticket or view_ticket(share.id)
    presentation = check_presentation(share, token, secrets.presentation, now)
    languages = reading_order(locale)
    # A closed link serves no image (the learner's preview of it shows the placeholder).
    serves_images = share.status(now) in ("active", "view_limit")
    link = share_url(token) if token else None
    credentials = tuple(
        shared_credential(
            item,
            presentation,
            link,
            languages,
            image_url(token, item, ticket) if serves_images else None,
            now,
        )
        for item in shared_items(share)
    )
    names = dict.fromkeys(c.facts.learner_name for c in credentials if c.facts.learner_name)
    return ShareView(
        share_id=share.id,
        reference=share_reference(share),
        token=token,
        ticket=ticket,
        verdict=worst_verdict(c.result.verdict for c in credentials)
        if credentials
        else Verdict.FAILED,
        holder_names=tuple(names),
        message=share.message,
        expires_at=share.expires_at,
        presentation=presentation,
        credentials=credentials,
        removed_credentials=share.removed_credentials,
        profile=shared_profile(share.profile, credentials, now),
        checked_at=now,
    )


def shared_items(share: ShareLink) -> list[ShareItem]:
    """The share's items in order, with their credentials, in one query however many there are
    (none when they came with the link, as the employer's page reads it: ``portal.admission``)."""
    if "items" not in sa.inspect(share).unloaded:
        return list(share.items)  # in order of position: the relationship's order
    query = (
        db.select(ShareItem)
        .filter_by(share_id=share.id)
        .options(joinedload(ShareItem.credential))
        .order_by(ShareItem.position)
    )
    return list(db.session.scalars(query))


def check_presentation(
    share: ShareLink, token: str | None, presentation: str | None, now: datetime.datetime
) -> PresentationCheck:
    """The learner's signature on the link, valid only if made by the share owner's wallet key."""
    if token is None or presentation is None:
        return PresentationCheck(False, "presentation.malformed")
    check = verifier.verify_presentation_again(
        presentation, share_url(token), presentation_nonce(share), now
    )
    if check.valid and check.holder_did != share.owner.did:
        return PresentationCheck(False, "presentation.not_the_owner", check.holder_did)
    return check


def image_url(token: str, item: ShareItem, ticket: str) -> str | None:
    """Where the view with ``ticket`` gets the image kept from the item's credential, if any."""
    if item.credential.image_id is None:
        return None
    return url_for("portal.credential_image", token=token, position=item.position, view=ticket)


def shared_credential(
    item: ShareItem,
    presentation: PresentationCheck,
    link: str | None,
    languages: list[str],
    kept_image_url: str | None,
    now: datetime.datetime,
) -> CheckedCredential:
    """One shared credential, as the learner chose to present it, verified now, with its facts,
    its holder binding and its image."""
    raw = presented_raw(item)
    result = verifier.verify_again(raw)
    binding = "unproven"
    if result.credential and presentation.valid and presentation.holds(raw):
        binding = holder_binding(result.credential, presentation.holder_did)
        # An SD-JWT names its holder by key (cnf): the key-binding JWT made for this link proves it.
        if link and key_bound_to_link(result.credential, item.share, link, now):
            binding = "subject"
    checked = explain(raw, result, languages, binding, item.position, kept_image_url)
    return dataclasses.replace(checked, partly_disclosed=partly_disclosed(item))
