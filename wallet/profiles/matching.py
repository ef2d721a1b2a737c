"""What a learner's credentials, or a share's, meet of the occupational profiles.

The matching itself is the domain core's (wallet/credentials/profiles.py); this turns what the
app knows of a credential into what the matcher needs: on the wallet, the state the wallet last
checked; on the employer's page, the state checked at this very view.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any

from wallet.credentials import CredentialError
from wallet.credentials import parse_credential
from wallet.credentials.profiles import HeldCredential
from wallet.credentials.profiles import Profile
from wallet.credentials.profiles import ProfileMatch
from wallet.credentials.profiles import achievement_id_of
from wallet.credentials.profiles import match_profile
from wallet.models import OccupationalProfile
from wallet.models import StoredCredential
from wallet.profiles import store
from wallet.registry.trust import registry_version
from wallet.verification.explained import CheckedCredential
from wallet.verification.states import state_of_stored


def wallet_matches(
    credentials: Iterable[StoredCredential], now: datetime.datetime
) -> list[ProfileMatch]:
    """The profiles the learner's credentials meet or come close to (any requirement met)."""
    profiles = [store.read(row) for row in store.active_profiles()]
    issuers = _accepted_issuers(profiles)
    # Only a credential from an issuer some profile accepts can count: read no other.
    return _matches(profiles, [c for c in credentials if c.issuer_id in issuers], now)


def learner_matches(owner_id: int, now: datetime.datetime) -> list[ProfileMatch]:
    """``wallet_matches`` of a whole wallet, loading only the credentials that can count: the
    wallet page of 500 credentials reads none of those no profile accepts."""
    profiles = [store.read(row) for row in store.active_profiles()]
    issuers = _accepted_issuers(profiles)
    return _matches(profiles, store.credentials_from(owner_id, issuers) if issuers else [], now)


def _accepted_issuers(profiles: list[Profile]) -> set[str]:
    return {issuer for p in profiles for level in p.levels for r in level.requires
            for issuer in r.issuers}


def _matches(
    profiles: list[Profile], credentials: Iterable[StoredCredential], now: datetime.datetime
) -> list[ProfileMatch]:
    held = [held_in_wallet(c) for c in credentials]
    matches = [match_profile(profile, held, now) for profile in profiles]
    return [match for match in matches if match.touches]


def held_in_wallet(stored: StoredCredential) -> HeldCredential:
    return HeldCredential(
        reference=stored.id,
        title=stored.title,
        issuer_id=stored.issuer_id,
        state=state_of_stored(stored.checks),
        achievement_id=achievement_id_of(_document(stored.raw)),
        issued_on=stored.valid_from,
        valid_until=stored.valid_until,
    )


@dataclasses.dataclass(frozen=True)
class SharedProfile:
    """What the employer's page says of the profile a link was shared for."""

    slug: str
    in_use: bool  # False once removed: the link still shows it
    match: ProfileMatch
    # The registry's version: a changed profile, or a renamed issuer it names, changes it.
    version: int


def shared_profile(
    row: OccupationalProfile | None,
    credentials: Iterable[CheckedCredential],
    now: datetime.datetime,
) -> SharedProfile | None:
    """What the share's credentials, as checked for this view, meet of its profile, if any."""
    if row is None:
        return None
    held = [held_in_share(item) for item in credentials]
    match = match_profile(store.read(row), held, now)
    return SharedProfile(row.slug, row.status == "active", match, registry_version())


def meeting_ids(owner_id: int, row: OccupationalProfile, now: datetime.datetime) -> list[int]:
    """The learner's credentials that meet the profile's requirements, in the profile's order:
    what the share form picks for "share for a profile". Only the credentials from issuers the
    profile accepts are read, as for the wallet (``learner_matches``)."""
    profile = store.read(row)
    issuers = _accepted_issuers([profile])
    credentials = store.credentials_from(owner_id, issuers) if issuers else []
    match = match_profile(profile, [held_in_wallet(c) for c in credentials], now)
    met = [o.met_by.reference for level in match.levels for o in level.outcomes if o.met_by]
    return list(dict.fromkeys(met))


def held_in_share(item: CheckedCredential) -> HeldCredential:
    credential = item.result.credential
    return HeldCredential(
        reference=item.position,
        title=item.facts.title,
        issuer_id=credential.issuer_id if credential else "",
        state=item.state,
        achievement_id=achievement_id_of(credential.document) if credential else None,
        issued_on=credential.valid_from if credential else None,
        valid_until=credential.valid_until if credential else None,
    )


def _document(raw: str) -> dict[str, Any] | None:
    """The credential JSON of a stored credential (it was verified when it was imported)."""
    try:
        return parse_credential(raw).document
    except CredentialError:
        return None
