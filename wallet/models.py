"""Database rows. Thin: behaviour lives in the domain core and in small services."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from wallet.platform import clock
from wallet.platform.extensions import db


def utcnow() -> datetime.datetime:
    """The default of every timestamp column: the app's one clock, read at insert time."""
    return clock.now()


class UTCDateTime(sa.TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(datetime.UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    # When the learner opened a link mailed to ``email``; until then nothing trusts the address.
    email_confirmed_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    # None for an account made with a passkey alone: no password logs in to it.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # WebAuthn's user.id for this account's passkeys (base64url of 32 random bytes, never the
    # address): set with the first passkey.
    passkey_user_handle: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Bumped on logout: the login cookie names it, so a copied cookie dies with the session.
    session_version: Mapped[int] = mapped_column(default=1)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    did: Mapped[str] = mapped_column(sa.String(255))
    wallet_key_sealed: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Manages the issuer registry; granted only with `flask admin grant EMAIL`.
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    credentials: Mapped[list[StoredCredential]] = relationship(
        back_populates="owner", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class OneTimeLink(db.Model):
    """A link mailed to a learner that works once: confirm an address, or set a new password.

    The link carries the row's id and a random secret, signed; only the secret's SHA-256 is
    kept. Using a link deletes its row, and so does a newer link of the same purpose.
    """

    __tablename__ = "one_time_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))  # "confirm" or "reset"
    address: Mapped[str] = mapped_column(sa.String(254))  # where it was mailed
    secret_sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime)


class RecoveryCode(db.Model):
    """One of the ten codes a learner may log in with instead of the password, once each.

    Shown once when made; only the SHA-256 of the account id and the code is kept, and using a
    code deletes its row.
    """

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Passkey(db.Model):
    """A passkey (WebAuthn credential) the learner logs in with instead of a password."""

    __tablename__ = "passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[str] = mapped_column(sa.String(1400), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)  # COSE, as the authenticator gave it
    sign_count: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(60))  # the learner's, e.g. "My phone"
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)


class PasskeyChallenge(db.Model):
    """A WebAuthn challenge handed to one browser: answered once, within a few minutes.

    The browser's session names the row; answering deletes it, so an answer cannot be replayed.
    """

    __tablename__ = "passkey_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))  # "add", "login" or "register"
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    challenge: Mapped[str] = mapped_column(sa.String(128))  # base64url
    user_handle: Mapped[str | None] = mapped_column(sa.String(128))  # a new account's, base64url
    expires_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime)


class OrganisationLogin(db.Model):
    """An account at an organisation's OpenID provider that logs in to this wallet, linked by
    the provider's issuer and subject (never by an e-mail address)."""

    __tablename__ = "organisation_logins"
    __table_args__ = (
        sa.UniqueConstraint("issuer", "subject", name="uq_organisation_logins_issuer_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(sa.String(500))
    subject: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoredCredential(db.Model):
    """A genuine credential in a learner's wallet, with its latest verification result."""

    __tablename__ = "credentials"
    __table_args__ = (sa.UniqueConstraint("owner_id", "raw_sha256", name="uq_credential_owner_raw"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    raw: Mapped[str] = mapped_column(sa.Text)  # the JWS exactly as issued
    raw_sha256: Mapped[str] = mapped_column(sa.String(64))
    shape: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(300))
    issuer_id: Mapped[str] = mapped_column(sa.String(500))
    issuer_name: Mapped[str | None] = mapped_column(sa.String(300))
    credential_id: Mapped[str | None] = mapped_column(sa.String(500))
    valid_from: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    verdict: Mapped[str] = mapped_column(sa.String(16))
    checks: Mapped[list] = mapped_column(sa.JSON)  # [{concern, status, code, params}]
    verified_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime)
    imported_at: Mapped[datetime.datetime] = mapped_column(
        UTCDateTime, default=utcnow
    )
    # The credential's own image as read at import (None: none, or none we could keep).
    image_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("credential_images.id", ondelete="SET NULL"), index=True
    )
    # The credential issuer it was received from by OpenID4VCI (None: imported by the learner).
    received_from: Mapped[str | None] = mapped_column(sa.String(500))

    owner: Mapped[User] = relationship(back_populates="credentials")
    image: Mapped[CredentialImage | None] = relationship()


class CredentialImage(db.Model):
    """An image from a credential, redrawn as a small PNG; one row for every credential showing it.

    Kept in the database so every app server can serve it, and so pages never load it from the
    issuer's host.
    """

    __tablename__ = "credential_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)  # of ``data``
    content_type: Mapped[str] = mapped_column(sa.String(40))  # image/png: what we redraw it as
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)


class ShareLink(db.Model):
    """A link (and QR code, and typed code) that shows chosen credentials to one recipient.

    Only hashes of the link token and the typed code are looked up; the owner can see them
    again because they are also kept sealed with the app key, never in plain text.
    """

    __tablename__ = "shares"
    # A resubmitted create form (same request_id) finds the share it already made.
    __table_args__ = (sa.UniqueConstraint("owner_id", "request_id", name="uq_shares_owner_request"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_sealed: Mapped[str] = mapped_column(sa.Text)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    code_sealed: Mapped[str] = mapped_column(sa.Text)
    label: Mapped[str | None] = mapped_column(sa.String(200))  # seen only by the learner
    message: Mapped[str | None] = mapped_column(sa.String(500))  # shown to the employer
    language: Mapped[str | None] = mapped_column(sa.String(8))
    # The VP-JWT signed by the learner's key. Its audience is the link, so it is sealed too.
    presentation_sealed: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    max_views: Mapped[int | None] = mapped_column()
    view_count: Mapped[int] = mapped_column(default=0)
    last_viewed_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    removed_credentials: Mapped[int] = mapped_column(default=0)  # deleted from the wallet since
    # Shared for an occupational profile: the employer's page opens with what the credentials meet.
    profile_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("occupational_profiles.id", ondelete="SET NULL")
    )
    request_id: Mapped[str | None] = mapped_column(sa.String(36))  # from the create form

    owner: Mapped[User] = relationship()
    items: Mapped[list[ShareItem]] = relationship(
        back_populates="share",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ShareItem.position",
    )
    profile: Mapped[OccupationalProfile | None] = relationship()

    def status(self, now: datetime.datetime) -> str:
        """"revoked", "expired", "view_limit" or "active" — in that order of precedence."""
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at:
            return "expired"
        if self.max_views is not None and self.view_count >= self.max_views:
            return "view_limit"
        return "active"

    def is_active(self, now: datetime.datetime) -> bool:
        return self.status(now) == "active"


class ShareItem(db.Model):
    """One credential in a share, in the order the learner chose."""

    __tablename__ = "share_items"

    share_id: Mapped[int] = mapped_column(
        sa.ForeignKey("shares.id", ondelete="CASCADE"), primary_key=True
    )
    credential_id: Mapped[int] = mapped_column(
        sa.ForeignKey("credentials.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column()
    # What the employer receives of an SD-JWT credential: only the disclosures the learner
    # chose, and a key-binding JWT for this link. None: the credential as stored, whole.
    presented: Mapped[str | None] = mapped_column(sa.Text)

    share: Mapped[ShareLink] = relationship(back_populates="items")
    credential: Mapped[StoredCredential] = relationship()


class IssuedStatusList(db.Model):
    """A status list the app publishes for a demo issuer at ``/status/<issuer>/<purpose>``."""

    __tablename__ = "issued_status_lists"
    __table_args__ = (
        sa.UniqueConstraint("issuer_slug", "purpose", name="uq_status_list_issuer_purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_slug: Mapped[str] = mapped_column(sa.String(100))
    purpose: Mapped[str] = mapped_column(sa.String(16))  # "revocation" or "suspension"
    bits: Mapped[bytes] = mapped_column(sa.LargeBinary)  # MSB-first, at least 16 KB
    issued_count: Mapped[int] = mapped_column(default=0)  # indexes handed out
    updated_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)


class IssuedCredential(db.Model):
    """The index a credential signed by a demo issuer holds on one of that issuer's lists."""

    __tablename__ = "issued_credentials"
    __table_args__ = (
        sa.UniqueConstraint("list_id", "status_index", name="uq_issued_credential_index"),
        sa.UniqueConstraint("list_id", "credential_id", name="uq_issued_credential_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        sa.ForeignKey("issued_status_lists.id", ondelete="CASCADE")
    )
    credential_id: Mapped[str] = mapped_column(sa.String(500), index=True)
    status_index: Mapped[int] = mapped_column()
    issued_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)

    status_list: Mapped[IssuedStatusList] = relationship()


class RegisteredIssuer(db.Model):
    """An issuer the portal operator vouches for (while active), with what employers are shown.

    Never deleted: a removed issuer keeps its row (status "removed") so its history stays whole
    and the same id cannot quietly come back trusted through the trust list file.
    """

    __tablename__ = "registered_issuers"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_id: Mapped[str] = mapped_column(sa.String(500), unique=True)  # DID or https URL
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name_sv: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    organisation_number: Mapped[str | None] = mapped_column(sa.String(40))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    homepage: Mapped[str | None] = mapped_column(sa.String(500))
    sector: Mapped[str | None] = mapped_column(sa.String(120))
    status: Mapped[str] = mapped_column(sa.String(16), default="active")  # active|suspended|removed
    # The logo lives in the database so every app server can serve it; loaded only when served.
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(sa.String(40))
    logo_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)


class IssuerChange(db.Model):
    """One change to the registry: who made it, when, and each changed field before and after.

    Its id is also the registry's version number: every change adds a row, none is ever deleted.
    """

    __tablename__ = "issuer_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    registered_issuer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registered_issuers.id", ondelete="SET NULL"), index=True
    )
    issuer_id: Mapped[str] = mapped_column(sa.String(500))  # kept as written at the time
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_email: Mapped[str | None] = mapped_column(sa.String(254))  # as it was at the time
    via: Mapped[str] = mapped_column(sa.String(16))  # "admin" (web pages) or "cli"
    action: Mapped[str] = mapped_column(sa.String(16))  # add|edit|suspend|reinstate|remove
    changes: Mapped[dict] = mapped_column(sa.JSON)  # {field: {"before": …, "after": …}}
    made_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OccupationalProfile(db.Model):
    """A role or a career ladder (yrkesprofil) and the credentials it asks for.

    ``definition`` is the profile's JSON as wallet/credentials/profile_definitions.py reads it;
    the owner is a registered issuer. Never deleted: a removed profile keeps its row, so links
    shared for it and the registry's history still name it.
    """

    __tablename__ = "occupational_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("registered_issuers.id"), index=True)
    definition: Mapped[dict] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(16), default="active")  # active|removed
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[RegisteredIssuer] = relationship()


class LapseReminder(db.Model):
    """A mail that told a learner a credential a met profile rests on lapses soon.

    Kept so the daily reminder tells of a credential and its end date once; a renewed credential
    (another end date) is told of again.
    """

    __tablename__ = "lapse_reminders"
    __table_args__ = (
        sa.UniqueConstraint(
            "credential_id", "valid_until", name="uq_lapse_reminders_credential_valid_until"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[int] = mapped_column(
        sa.ForeignKey("credentials.id", ondelete="CASCADE")
    )
    valid_until: Mapped[datetime.datetime] = mapped_column(UTCDateTime)  # the date told of
    sent_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CredentialOffer(db.Model):
    """A demo issuer's OpenID4VCI offer (pre-authorized code flow) and the access it grants.

    Codes and tokens are kept only as SHA-256 digests, the transaction code as a password hash.
    """

    __tablename__ = "credential_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_slug: Mapped[str] = mapped_column(sa.String(100))
    configuration_ids: Mapped[str] = mapped_column(sa.Text)  # a JSON list
    document: Mapped[str] = mapped_column(sa.Text)  # the credential's claims, JSON
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    tx_code_hash: Mapped[str | None] = mapped_column(sa.String(255))
    failed_attempts: Mapped[int] = mapped_column(default=0)  # wrong transaction codes
    created_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime)
    redeemed_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    access_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    access_expires_at: Mapped[datetime.datetime | None] = mapped_column(UTCDateTime)
    issued_count: Mapped[int] = mapped_column(default=0)
    # The W3C credentials' ids (a JSON list), so that the issuing desk can revoke them.
    credential_ids: Mapped[str | None] = mapped_column(sa.Text)
    # Set for an offer made at the issuing desk (wallet/desk): from which template, for whom,
    # by whom, and the credential's status set there ("revoked" or "suspended").
    template_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("credential_templates.id", ondelete="SET NULL")
    )
    learner_name: Mapped[str | None] = mapped_column(sa.String(200))
    issued_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    credential_status: Mapped[str | None] = mapped_column(sa.String(16))

    template: Mapped[CredentialTemplate | None] = relationship()


class SpentNonce(db.Model):
    """A ``c_nonce`` a credential was issued for, kept until it expires so it is used once."""

    __tablename__ = "spent_nonces"

    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, index=True)


class IssuerStaff(db.Model):
    """A pilot organisation's staff member: may issue as that demo issuer at the issuing desk.

    Granted only with ``flask admin grant-issuer EMAIL --issuer SLUG``, to a confirmed address.
    """

    __tablename__ = "issuer_staff"
    __table_args__ = (sa.UniqueConstraint("user_id", "issuer_slug", name="uq_issuer_staff_grant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer_slug: Mapped[str] = mapped_column(sa.String(100))
    granted_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CredentialTemplate(db.Model):
    """What a demo issuer's credential states (EU Annex I elements, Swedish and English).

    ``content`` is the JSON wallet/desk/credential_templates.py reads; ``key`` names the
    template within its issuer, for ``flask issuer template import|export``.
    """

    __tablename__ = "credential_templates"
    __table_args__ = (
        sa.UniqueConstraint("issuer_slug", "key", name="uq_credential_templates_issuer_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer_slug: Mapped[str] = mapped_column(sa.String(100), index=True)
    key: Mapped[str] = mapped_column(sa.String(80))
    content: Mapped[dict] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime.datetime] = mapped_column(UTCDateTime, default=utcnow)
