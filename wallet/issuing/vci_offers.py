"""Stored OpenID4VCI offers: make and withdraw them, serve them by reference, trade a
pre-authorized code for an access token, find the offer an access token opens, and spend the
nonces of issued credentials.

An offer travels by reference: its link (and QR code) carries only ``credential_offer_uri``,
``<base>/vci/offers/<pre-authorized code>``, where the wallet fetches the offer while it waits.
The code is the secret the offer carried by value anyway; at 128 bits it keeps the link short
enough for a QR code of large modules (version 6 for a base address of about 24 characters).

The pre-authorized code, the access token and the transaction code are secrets the wallet
holds: only digests are stored (the short transaction code as a slow password hash, since a
fast digest of six digits is undone by trying them all).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import secrets
import urllib.parse

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from wallet.credentials.issuance_proofs import ProtocolError
from wallet.credentials.issuance_proofs import nonce_digest
from wallet.credentials.issuance_proofs import nonce_expiry
from wallet.issuing.vci_metadata import PATH_PREFIX
from wallet.issuing.vci_metadata import PRE_AUTHORIZED_GRANT
from wallet.issuing.vci_metadata import issuer_identifier
from wallet.models import CredentialOffer
from wallet.models import SpentNonce
from wallet.platform import clock
from wallet.platform.addresses import base_url
from wallet.platform.database import writes
from wallet.platform.extensions import db

ACCESS_LIFETIME = datetime.timedelta(minutes=10)
TX_CODE_DIGITS = 6
MAX_FAILED_TX_CODES = 5  # then the offer is spent: six digits are not for guessing
CODE_BYTES = 16  # 128 bits: unguessable, and short in a QR code
OFFERS_PATH = f"{PATH_PREFIX}offers/"
LINK_START = "openid-credential-offer://?"


class TokenError(ProtocolError):
    """A token request refused, with its RFC 6749 error code."""


@dataclasses.dataclass(frozen=True)
class NewOffer:
    id: int
    code: str  # the pre-authorized code, shown once in the offer
    tx_code: str | None  # shown once to staff, who tell it to the learner another way
    expires_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Access:
    token: str
    expires_in: int


def offer_link(
    slug: str, offer: NewOffer, configuration_ids: list[str], by_value: bool = False
) -> str:
    """``openid-credential-offer://?credential_offer_uri=…`` (for a QR code), or with
    ``by_value`` ``?credential_offer=…``, the whole offer in the link."""
    if not by_value:
        # ':' and '/' may stand in a query as they are: fewer characters, a smaller QR code.
        uri = urllib.parse.quote(base_url() + OFFERS_PATH + offer.code, safe=":/")
        return f"{LINK_START}credential_offer_uri={uri}"
    body = offer_document(slug, offer.code, configuration_ids, offer.tx_code is not None)
    text = json.dumps(body, separators=(",", ":"))
    return f"{LINK_START}credential_offer={urllib.parse.quote(text, safe='')}"


def offer_document(
    slug: str, code: str, configuration_ids: list[str], with_tx_code: bool
) -> dict:
    """The Credential Offer object, pre-authorized code flow."""
    grant: dict = {"pre-authorized_code": code}
    if with_tx_code:
        grant["tx_code"] = {"input_mode": "numeric", "length": TX_CODE_DIGITS}
    return {
        "credential_issuer": issuer_identifier(slug),
        "credential_configuration_ids": configuration_ids,
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }


def waiting_offer(code: str) -> dict | None:
    """The offer a ``credential_offer_uri`` names, while it can still be collected; None once
    it is unknown, collected, withdrawn, expired or spent by wrong transaction codes."""
    offer = db.session.scalar(db.select(CredentialOffer).filter_by(code_hash=digest(code)))
    if offer is None or not _collectable(offer):
        return None
    return offer_document(
        offer.issuer_slug, code, configuration_ids_of(offer), offer.tx_code_hash is not None
    )


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@writes
def create_offer(
    slug: str, document: dict, configuration_ids: list[str], with_tx_code: bool,
    desk_columns: dict | None = None,
) -> NewOffer:
    """A new offer; ``desk_columns`` are the issuing desk's (template_id, learner_name,
    issued_by_id)."""
    code = secrets.token_urlsafe(CODE_BYTES)
    tx_code = "".join(secrets.choice("0123456789") for _ in range(TX_CODE_DIGITS))
    tx_code = tx_code if with_tx_code else None
    hours = float(current_app.config["CREDENTIAL_OFFER_HOURS"])
    offer = CredentialOffer(
        issuer_slug=slug,
        configuration_ids=json.dumps(configuration_ids),
        document=json.dumps(document, ensure_ascii=False),
        code_hash=digest(code),
        tx_code_hash=_hash_tx_code(tx_code) if tx_code else None,
        expires_at=clock.now() + datetime.timedelta(hours=hours),
        **(desk_columns or {}),
    )
    db.session.add(offer)
    db.session.commit()
    return NewOffer(offer.id, code, tx_code, offer.expires_at)


@writes
def withdraw_offer(offer_id: int) -> bool:
    """Withdraw an offer: its code and any access token it gave stop working; False if unknown."""
    offer = db.session.get(CredentialOffer, offer_id, with_for_update=True)
    if offer is None:
        return False
    offer.withdrawn_at = offer.withdrawn_at or clock.now()
    db.session.commit()
    return True


def redeem(slug: str, code: str, tx_code: str | None) -> Access:
    """An access token for a valid pre-authorized code (and transaction code, if it has one)."""
    query = db.select(CredentialOffer).filter_by(code_hash=digest(code), issuer_slug=slug)
    offer = db.session.scalar(query)
    if offer is None or not _collectable(offer):
        raise TokenError("invalid_grant", "The pre-authorized code is unknown, used or expired.")
    if offer.tx_code_hash is not None:
        if not tx_code:
            raise TokenError("invalid_request", "This offer needs its transaction code (tx_code).")
        # Checked before the write transaction: a slow hash must not hold the write lock.
        if not check_password_hash(offer.tx_code_hash, tx_code):
            _count_failure(offer.id)
            raise TokenError("invalid_grant", "The transaction code is wrong.")
    return _grant(offer.id)


def access_for(slug: str, token: str) -> CredentialOffer | None:
    """The offer an access token was given for, while the token is valid."""
    query = db.select(CredentialOffer).filter_by(access_token_hash=digest(token), issuer_slug=slug)
    offer = db.session.scalar(query)
    valid = offer is not None and offer.withdrawn_at is None
    return offer if valid and offer.access_expires_at > clock.now() else None


def configuration_ids_of(offer: CredentialOffer) -> list[str]:
    return json.loads(offer.configuration_ids)


def credential_ids_of(offer: CredentialOffer) -> list[str]:
    return json.loads(offer.credential_ids or "[]")


def document_of(offer: CredentialOffer) -> dict:
    return json.loads(offer.document)


@writes
def spend_nonces(offer_id: int, nonces: list[str], credential_ids: list[str] = ()) -> bool:
    """Record the proofs' nonces as used for this offer, and the ids of the credentials about to
    be issued for them; False if a nonce was used already."""
    now = clock.now()
    db.session.execute(sa.delete(SpentNonce).where(SpentNonce.expires_at < now))
    offer = db.session.get(CredentialOffer, offer_id, with_for_update=True)
    digests = {nonce_digest(nonce): nonce for nonce in nonces}
    spent = db.select(SpentNonce.digest).where(SpentNonce.digest.in_(digests))
    if offer.withdrawn_at or len(digests) < len(nonces) or db.session.scalar(spent) is not None:
        db.session.commit()
        return False
    for hashed, nonce in digests.items():
        expiry = datetime.datetime.fromtimestamp(nonce_expiry(nonce), datetime.UTC)
        db.session.add(SpentNonce(digest=hashed, expires_at=expiry))
    offer.issued_count += len(nonces)
    offer.credential_ids = json.dumps([*credential_ids_of(offer), *credential_ids])
    db.session.commit()
    return True


@writes
def _grant(offer_id: int) -> Access:
    offer = db.session.get(CredentialOffer, offer_id, with_for_update=True)
    if not _open(offer):  # another request redeemed it first
        db.session.commit()
        raise TokenError("invalid_grant", "The pre-authorized code is unknown, used or expired.")
    token = secrets.token_urlsafe(32)
    offer.redeemed_at = clock.now()
    offer.access_token_hash = digest(token)
    offer.access_expires_at = offer.redeemed_at + ACCESS_LIFETIME
    db.session.commit()
    return Access(token, int(ACCESS_LIFETIME.total_seconds()))


@writes
def _count_failure(offer_id: int) -> None:
    offer = db.session.get(CredentialOffer, offer_id, with_for_update=True)
    offer.failed_attempts += 1
    db.session.commit()


def _open(offer: CredentialOffer) -> bool:
    return offer.redeemed_at is None and offer.withdrawn_at is None and offer.expires_at > clock.now()


def _collectable(offer: CredentialOffer) -> bool:
    return _open(offer) and offer.failed_attempts < MAX_FAILED_TX_CODES


def _hash_tx_code(tx_code: str) -> str:
    return generate_password_hash(tx_code, method=current_app.config["PASSWORD_HASH_METHOD"])
