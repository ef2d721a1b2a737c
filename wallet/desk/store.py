"""The issuing desk's queries and write use cases: templates, and the offers made from them."""

from __future__ import annotations

import dataclasses
import datetime

from wallet.desk import credential_templates
from wallet.issuing import status_lists
from wallet.issuing import vci_metadata
from wallet.issuing import vci_offers
from wallet.issuing.demo_issuers import load_issuer
from wallet.models import CredentialOffer
from wallet.models import CredentialTemplate
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db

# Both on the issuer's status lists, so the desk can revoke or suspend either; a wallet takes the
# format it prefers (ours the EU Learning Credential, others often the first).
DESK_CONFIGURATIONS = [vci_metadata.OPEN_BADGE_JWT, vci_metadata.LEARNING_CREDENTIAL_SD_JWT]
STATUS_CHANGES = {  # action -> (purposes, value, the credential's status afterwards)
    "revoke": (("revocation",), True, "revoked"),
    "suspend": (("suspension",), True, "suspended"),
    "reinstate": (status_lists.PURPOSES, False, None),
}


@dataclasses.dataclass(frozen=True)
class IssueRequest:
    learner_name: str
    completed: datetime.date
    result: str | None


def templates_of(slug: str) -> list[CredentialTemplate]:
    query = db.select(CredentialTemplate).filter_by(issuer_slug=slug)
    return list(db.session.scalars(query.order_by(CredentialTemplate.key)))


def template_of(slug: str, template_id: int) -> CredentialTemplate | None:
    template = db.session.get(CredentialTemplate, template_id)
    return template if template is not None and template.issuer_slug == slug else None


@writes
def save_templates(slug: str, templates: list[dict]) -> int:
    """Add the templates, replacing those with the same key; how many were replaced."""
    replaced = 0
    for content in templates:
        query = db.select(CredentialTemplate).filter_by(issuer_slug=slug, key=content["key"])
        row = db.session.scalar(query)
        if row is None:
            row = CredentialTemplate(issuer_slug=slug, key=content["key"], content=content)
            db.session.add(row)
        else:
            row.content, row.updated_at = content, clock.now()
            replaced += 1
    db.session.commit()
    return replaced


def issue(template: CredentialTemplate, request: IssueRequest, staff_id: int):
    """A one-time offer of the template's credential for the learner, with a transaction code:
    (the offer, its ``openid-credential-offer://`` link)."""
    issuer = load_issuer(template.issuer_slug)
    achievement_id = f"{issuer.info.homepage}/mikromeriter/{template.key}"
    document = credential_templates.credential_document(
        template.content, achievement_id, request.learner_name, request.completed, request.result
    )
    columns = {"template_id": template.id, "learner_name": request.learner_name,
               "issued_by_id": staff_id}
    offer = vci_offers.create_offer(
        template.issuer_slug, document, DESK_CONFIGURATIONS, True, columns
    )
    return offer, vci_offers.offer_link(template.issuer_slug, offer, DESK_CONFIGURATIONS)


def offers_of(slug: str) -> list[CredentialOffer]:
    """What the desk issued for the organisation, newest first."""
    query = (
        db.select(CredentialOffer)
        .filter(CredentialOffer.issuer_slug == slug, CredentialOffer.template_id.is_not(None))
        .order_by(CredentialOffer.id.desc())
    )
    return list(db.session.scalars(query))


def offer_of(slug: str, offer_id: int) -> CredentialOffer | None:
    offer = db.session.get(CredentialOffer, offer_id)
    made_here = offer is not None and offer.issuer_slug == slug and offer.template_id is not None
    return offer if made_here else None


def state(offer: CredentialOffer) -> str:
    """waiting, redeemed, expired or withdrawn."""
    if offer.withdrawn_at is not None:
        return "withdrawn"
    if offer.redeemed_at is not None:
        return "redeemed"
    return "expired" if offer.expires_at <= clock.now() else "waiting"


def actions(offer: CredentialOffer) -> list[str]:
    """What staff may do with the offer now."""
    current = state(offer)
    if current == "waiting":
        return ["withdraw"]
    if current != "redeemed" or not vci_offers.credential_ids_of(offer):
        return []
    return {None: ["suspend", "revoke"], "suspended": ["reinstate", "revoke"],
            "revoked": ["reinstate"]}[offer.credential_status]


def withdraw(offer: CredentialOffer) -> None:
    vci_offers.withdraw_offer(offer.id)


@writes
def change_status(offer: CredentialOffer, action: str) -> None:
    """Revoke, suspend or reinstate every credential the offer gave, on the issuer's lists."""
    purposes, value, status = STATUS_CHANGES[action]
    for credential_id in vci_offers.credential_ids_of(offer):
        for purpose in purposes:
            status_lists.change_status(
                offer.issuer_slug, purpose, value, credential_id=credential_id
            )
    offer.credential_status = status
    db.session.commit()
