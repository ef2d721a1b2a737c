"""Occupational profiles as kept: imported from their JSON definition, changed, removed.

Every change goes into the issuer registry's history (the profile's owner is a registered
issuer), in the same transaction as the change itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from wallet.credentials.profile_definitions import ProfileError
from wallet.credentials.profile_definitions import profile_definition
from wallet.credentials.profile_definitions import read_profile
from wallet.credentials.profiles import Profile
from wallet.models import OccupationalProfile
from wallet.models import StoredCredential
from wallet.platform import clock
from wallet.platform.database import writes
from wallet.platform.extensions import db
from wallet.registry import store as registry
from wallet.registry.store import Actor


@dataclasses.dataclass
class ProfileRefused(Exception):
    """Not stored: ``code`` is "definition" (``where`` says where), "owner" or "removed"."""

    code: str
    where: str = ""


def active_profiles() -> list[OccupationalProfile]:
    """Every profile in use, by slug, with its owner."""
    query = db.select(OccupationalProfile).filter_by(status="active")
    return list(db.session.scalars(query.order_by(OccupationalProfile.slug)))


def credentials_from(owner_id: int, issuers: set[str]) -> list[StoredCredential]:
    """The learner's credentials from these issuers, newest first (those a profile may count)."""
    query = db.select(StoredCredential).filter_by(owner_id=owner_id)
    query = query.where(StoredCredential.issuer_id.in_(issuers))
    return list(db.session.scalars(query.order_by(StoredCredential.imported_at.desc())))


def all_profiles() -> list[OccupationalProfile]:
    """Every profile, in use or removed, by slug."""
    query = db.select(OccupationalProfile).order_by(OccupationalProfile.slug)
    return list(db.session.scalars(query))


def read_all(active_only: bool = False) -> list[tuple[OccupationalProfile, Profile]]:
    """Every profile (or every one in use) with what it defines, by slug."""
    rows = active_profiles() if active_only else all_profiles()
    return [(row, read(row)) for row in rows]


def find(slug: str) -> OccupationalProfile | None:
    return db.session.scalar(db.select(OccupationalProfile).filter_by(slug=slug))


def in_use(slug: str) -> OccupationalProfile | None:
    """The profile with this slug, unless it was removed."""
    row = find(slug) if slug else None
    return row if row is not None and row.status == "active" else None


def profile_or_404(slug: str) -> OccupationalProfile:
    return db.first_or_404(db.select(OccupationalProfile).filter_by(slug=slug))


def read(row: OccupationalProfile) -> Profile:
    """The profile a row defines (checked when it was stored)."""
    return read_profile(row.definition)


@writes
def import_profile(definition: object, actor: Actor) -> tuple[OccupationalProfile, str]:
    """Add the profile ``definition`` describes, or change the one with its slug.

    Returns the row and what happened: "added", "changed" or "unchanged". ProfileRefused when
    the definition does not follow the documented shape or its owner is not a registered issuer.
    """
    try:
        profile = read_profile(definition)
    except ProfileError as error:
        raise ProfileRefused("definition", error.where) from error
    owner = registry.find(profile.owner)
    if owner is None:
        raise ProfileRefused("owner")
    checked = profile_definition(profile)  # what we keep: only what the reader understood
    row = find(profile.slug)
    if row is None:
        row = OccupationalProfile(slug=profile.slug, owner=owner, definition=checked)
        db.session.add(row)
        return _commit(row, actor, "profile_add", None, _described(row)), "added"
    if row.definition == checked and row.owner_id == owner.id and row.status == "active":
        return row, "unchanged"
    before = _described(row) if row.status == "active" else None
    row.definition, row.owner, row.status = checked, owner, "active"
    return _commit(row, actor, "profile_edit", before, _described(row)), "changed"


@writes
def remove_profile(row: OccupationalProfile, actor: Actor) -> None:
    """Take a profile out of use; links shared for it keep naming it."""
    if row.status == "removed":
        raise ProfileRefused("removed")
    before = _described(row)
    row.status = "removed"
    _commit(row, actor, "profile_remove", before, None)


def _commit(
    row: OccupationalProfile, actor: Actor, action: str, before: str | None, after: str | None
) -> OccupationalProfile:
    row.updated_at = clock.now()
    changes = {"profile": {"before": before, "after": after}}
    registry.record_change(row.owner, actor, action, changes)
    db.session.commit()
    return row


def _described(row: OccupationalProfile) -> str:
    """How the history names a profile's definition: its slug and a digest of its content."""
    digest = hashlib.sha256(json.dumps(row.definition, sort_keys=True).encode()).hexdigest()
    return f"{row.slug} ({digest[:12]})"
