"""The issuer registry: the issuers the portal operator vouches for, and every change to it.

Every write goes through here and adds an ``IssuerChange`` row in the same transaction, so the
history is complete and its highest id is the registry's version (see ``wallet/registry/trust.py``).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError

from wallet.models import IssuerChange
from wallet.models import RegisteredIssuer
from wallet.models import User
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db
from wallet.registry import trust
from wallet.registry.logos import Logo

# The fields an operator describes an issuer with (the issuer id itself never changes).
DESCRIPTION = ("slug", "name_sv", "name_en", "organisation_number", "country", "homepage", "sector")
# action -> (the statuses it applies to, the status it leaves)
STATUS_ACTIONS = {
    "suspend": (("active",), "suspended"),
    "reinstate": (("suspended", "removed"), "active"),
    "remove": (("active", "suspended"), "removed"),
}
SLUG_MAX_LENGTH = 80


@dataclasses.dataclass
class RegistryConflict(Exception):
    """The change would break a rule of the registry; ``field`` says which value is at fault."""

    field: str  # "issuer_id" or "slug" (taken by another issuer), or "status"


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who makes a change: an admin on the web pages, or an operator on the command line."""

    via: str  # "admin" or "cli"
    user_id: int | None = None
    email: str | None = None

    @classmethod
    def admin(cls, user: User) -> Actor:
        return cls("admin", user.id, user.email)


COMMAND_LINE = Actor("cli")


@dataclasses.dataclass(frozen=True)
class IssuerDetails:
    """What an operator says about an issuer: from the admin form, the CLI or a trust list file."""

    issuer_id: str
    name_sv: str
    name_en: str
    slug: str = ""  # empty: made from the Swedish name
    organisation_number: str | None = None
    country: str | None = None
    homepage: str | None = None
    sector: str | None = None


def find(issuer_id: str) -> RegisteredIssuer | None:
    return db.session.scalar(db.select(RegisteredIssuer).filter_by(issuer_id=issuer_id))


def find_by_slug(slug: str) -> RegisteredIssuer | None:
    return db.session.scalar(db.select(RegisteredIssuer).filter_by(slug=slug))


def names_of(issuer_ids: Iterable[str], english: bool = False) -> dict[str, str]:
    """The registered name (English where asked and known) of each issuer id the registry has."""
    query = db.select(RegisteredIssuer).where(RegisteredIssuer.issuer_id.in_(set(issuer_ids)))
    return {
        row.issuer_id: row.name_en if english and row.name_en else row.name_sv
        for row in db.session.scalars(query)
    }


def issuer_or_404(slug: str) -> RegisteredIssuer:
    """The registered issuer whose public page is ``/issuers/<slug>``, or 404."""
    return db.first_or_404(db.select(RegisteredIssuer).filter_by(slug=slug))


def all_issuers() -> list[RegisteredIssuer]:
    """Every registered issuer, active first, then suspended, then removed; by name within."""
    order = db.case({"active": 0, "suspended": 1}, value=RegisteredIssuer.status, else_=2)
    query = db.select(RegisteredIssuer).order_by(order, RegisteredIssuer.name_sv)
    return list(db.session.scalars(query))


def history(issuer: RegisteredIssuer | None = None, limit: int = 200) -> list[IssuerChange]:
    """The latest changes, newest first: to one issuer, or to the whole registry."""
    query = db.select(IssuerChange).order_by(IssuerChange.id.desc()).limit(limit)
    if issuer is not None:
        query = query.filter_by(registered_issuer_id=issuer.id)
    return list(db.session.scalars(query))


@writes
def add(details: IssuerDetails, actor: Actor, logo: Logo | None = None) -> RegisteredIssuer:
    """Register and trust a new issuer; RegistryConflict if its id or slug is taken."""
    if find(details.issuer_id) is not None:
        raise RegistryConflict("issuer_id")
    issuer = RegisteredIssuer(issuer_id=details.issuer_id, status="active")
    changes = _describe(issuer, dataclasses.replace(details, slug=_slug_for(details, None)), logo)
    db.session.add(issuer)
    _commit(issuer, actor, "add", changes)
    return issuer


@writes
def edit(
    issuer: RegisteredIssuer, details: IssuerDetails, actor: Actor, logo: Logo | None = None,
    drop_logo: bool = False,
) -> bool:
    """Change what the registry says about ``issuer``; False when nothing changed."""
    details = dataclasses.replace(details, slug=_slug_for(details, issuer))
    changes = _describe(issuer, details, logo)
    if drop_logo and logo is None and issuer.logo_sha256:
        changes["logo"] = {"before": issuer.logo_sha256, "after": None}
        issuer.logo, issuer.logo_type, issuer.logo_sha256 = None, None, None
    if not changes:
        return False
    _commit(issuer, actor, "edit", changes)
    return True


@writes
def change_status(issuer: RegisteredIssuer, action: str, actor: Actor) -> None:
    """Suspend, reinstate or remove: trust follows at the next view; no credential is touched."""
    applies_to, after = STATUS_ACTIONS[action]
    if issuer.status not in applies_to:
        raise RegistryConflict("status")
    changes = {"status": {"before": issuer.status, "after": after}}
    issuer.status = after
    _commit(issuer, actor, action, changes)


def make_slug(text: str) -> str:
    """A URL-safe slug: "Skellefteå kommun" -> "skelleftea-kommun"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:SLUG_MAX_LENGTH].strip("-")


def free_slug(wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``…: the first slug no issuer uses yet."""
    base = wanted or "issuer"
    candidate, number = base, 1
    while find_by_slug(candidate) is not None:
        number += 1
        candidate = f"{base[: SLUG_MAX_LENGTH - 1 - len(str(number))]}-{number}"
    return candidate


def _slug_for(details: IssuerDetails, issuer: RegisteredIssuer | None) -> str:
    """The slug asked for (RegistryConflict if another issuer has it), else one made up."""
    if not details.slug:
        return issuer.slug if issuer is not None else free_slug(make_slug(details.name_sv))
    holder = find_by_slug(details.slug)
    if holder is not None and holder is not issuer:
        raise RegistryConflict("slug")
    return details.slug


def _describe(issuer: RegisteredIssuer, details: IssuerDetails, logo: Logo | None) -> dict:
    """Set the described fields (and the logo) on ``issuer``; returns what changed."""
    changes = {}
    for field in DESCRIPTION:
        before, after = getattr(issuer, field), getattr(details, field) or None
        if before != after:
            changes[field] = {"before": before, "after": after}
            setattr(issuer, field, after)
    if logo is not None and logo.sha256 != issuer.logo_sha256:
        changes["logo"] = {"before": issuer.logo_sha256, "after": logo.sha256}
        issuer.logo, issuer.logo_type = logo.data, logo.content_type
        issuer.logo_sha256 = logo.sha256
    return changes


def record_change(issuer: RegisteredIssuer, actor: Actor, action: str, changes: dict) -> None:
    """Add a change about ``issuer`` (or what it owns, such as a profile) to the history, in
    the caller's transaction: the change and the history are written together or not at all."""
    db.session.flush()  # a new issuer gets its id, for the change to point at
    db.session.add(
        IssuerChange(
            registered_issuer_id=issuer.id,
            issuer_id=issuer.issuer_id,
            actor_id=actor.user_id,
            actor_email=actor.email,
            via=actor.via,
            action=action,
            changes=changes,
        )
    )


def _commit(issuer: RegisteredIssuer, actor: Actor, action: str, changes: dict) -> None:
    issuer.updated_at = clock.now()
    issuer_id = issuer.issuer_id
    try:
        record_change(issuer, actor, action, changes)
        db.session.commit()
        trust.forget_version()
    except IntegrityError as error:
        # Another change took the same id or slug a moment ago.
        db.session.rollback()
        raise RegistryConflict("slug" if find(issuer_id) is None else "issuer_id") from error
