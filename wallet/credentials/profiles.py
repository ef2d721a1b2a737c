"""Occupational profiles (yrkesprofiler) and what a set of credentials adds up to.

A profile names the credentials a role or a step of a career ladder asks for. Each requirement
names the credential it wants (by achievement id, or by title) and the issuers whose credential
counts; it may ask for a credential that is valid now, or issued within so many months, and may
be optional. Levels are steps: a higher one includes everything the lower ones require.

``match_profile`` tells, for credentials and the states their checks gave them, which
requirements are met and by which credential, which are missing and why, and which met ones
lapse soon. Plain data in, plain data out: the caller passes the clock. Reading and writing a
profile's JSON definition is ``profile_definitions``'s.
"""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from collections.abc import Sequence
from typing import Any

LAPSE_WINDOW = datetime.timedelta(days=60)
# Whatever else a requirement asks, these never count: the issuer took it back, or it is not
# what the issuer signed.
NEVER_COUNTS = {"forged": "forged", "unchecked": "unchecked", "revoked": "revoked"}
# When a requirement asks for a valid credential, these states keep one from counting.
NOT_VALID_NOW = {
    "suspended": "suspended",
    "expired": "expired",
    "not_yet_valid": "not_yet_valid",
    "unknown_issuer": "issuer_not_confirmed",
    "status_unknown": "status_not_checked",
}
CLOSEST_FIRST = (
    "status_not_checked", "issuer_not_confirmed", "not_yet_valid", "expired", "suspended",
    "too_old", "revoked", "unchecked", "forged",
)


@dataclasses.dataclass(frozen=True)
class Requirement:
    title: dict[str, str]  # language -> the credential's title, as its issuers write it
    issuers: tuple[str, ...]  # issuer ids whose credential counts
    achievement_id: str | None = None
    must_be_valid: bool = False
    max_age_months: int | None = None
    optional: bool = False


@dataclasses.dataclass(frozen=True)
class Level:
    name: dict[str, str]
    requires: tuple[Requirement, ...]


@dataclasses.dataclass(frozen=True)
class Profile:
    slug: str
    name: dict[str, str]
    owner: str  # the issuer id of the organisation the profile belongs to
    description: dict[str, str]
    levels: tuple[Level, ...]  # one unnamed level when the profile has no steps
    stepped: bool  # whether the definition had levels


@dataclasses.dataclass(frozen=True)
class HeldCredential:
    """What the matcher needs of one credential: what it says, and the state its checks gave."""

    reference: Any  # the caller's handle: a stored credential's id, a position in a share
    title: str | None
    issuer_id: str
    state: str  # a key of wallet/verification/states.py's ORDER
    achievement_id: str | None = None
    issued_on: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None


@dataclasses.dataclass(frozen=True)
class RequirementOutcome:
    requirement: Requirement
    met_by: HeldCredential | None
    # Why no credential counts: the best candidate's reason ("expired", "too_old", …), else
    # "missing" when none names this requirement.
    reason: str | None
    lapses_on: datetime.datetime | None = None  # a met one valid only until soon


@dataclasses.dataclass(frozen=True)
class LevelOutcome:
    level: Level
    outcomes: tuple[RequirementOutcome, ...]  # this level's own and every lower level's

    @property
    def required(self) -> tuple[RequirementOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.requirement.optional)

    @property
    def required_met(self) -> int:
        return sum(o.met_by is not None for o in self.required)

    @property
    def met(self) -> bool:
        return self.required_met == len(self.required)


@dataclasses.dataclass(frozen=True)
class ProfileMatch:
    profile: Profile
    levels: tuple[LevelOutcome, ...]

    @property
    def reached(self) -> LevelOutcome | None:
        """The highest level whose every required credential is met, if any."""
        return next((level for level in reversed(self.levels) if level.met), None)

    @property
    def next_step(self) -> LevelOutcome:
        """The level to show: the first not met, else the highest."""
        return next((level for level in self.levels if not level.met), self.levels[-1])

    @property
    def lapsing(self) -> tuple[RequirementOutcome, ...]:
        """Met requirements of reached levels whose credential lapses soon, soonest first."""
        outcomes = {id(o): o for level in self.levels if level.met for o in level.outcomes}
        soon = [o for o in outcomes.values() if o.lapses_on is not None]
        return tuple(sorted(soon, key=lambda o: o.lapses_on))

    @property
    def touches(self) -> bool:
        """Whether any credential meets any requirement: the profile is worth showing."""
        return any(o.met_by is not None for level in self.levels for o in level.outcomes)


def match_profile(
    profile: Profile,
    held: Sequence[HeldCredential],
    now: datetime.datetime,
    lapse_window: datetime.timedelta = LAPSE_WINDOW,
) -> ProfileMatch:
    """Which requirements of each level ``held`` meets now, and with which credential."""
    cache: dict[int, RequirementOutcome] = {}
    levels, so_far = [], []
    for level in profile.levels:
        for requirement in level.requires:
            if id(requirement) not in cache:
                cache[id(requirement)] = _outcome(requirement, held, now, lapse_window)
            so_far.append(cache[id(requirement)])
        levels.append(LevelOutcome(level, tuple(so_far)))
    return ProfileMatch(profile, tuple(levels))


def _outcome(
    requirement: Requirement,
    held: Sequence[HeldCredential],
    now: datetime.datetime,
    window: datetime.timedelta,
) -> RequirementOutcome:
    candidates = [c for c in held if _names(requirement, c)]
    judged = [(c, _why_not(requirement, c, now)) for c in candidates]
    counting = [c for c, reason in judged if reason is None]
    if counting:
        # The one that lasts longest (no end date lasts longest of all).
        far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
        best = max(counting, key=lambda c: c.valid_until or far)
        lapses = best.valid_until if best.valid_until and best.valid_until - now <= window else None
        return RequirementOutcome(requirement, best, None, lapses)
    # Of several that do not count, say what is closest to counting (expired, not forged).
    reason = min((reason for _, reason in judged), key=CLOSEST_FIRST.index, default="missing")
    return RequirementOutcome(requirement, None, reason)


def _names(requirement: Requirement, held: HeldCredential) -> bool:
    """Whether ``held`` is the credential the requirement asks for, from an issuer it accepts.

    A credential with the right title from any other issuer never counts: anyone can write a title.
    """
    if held.issuer_id not in requirement.issuers:
        return False
    if requirement.achievement_id:
        return held.achievement_id == requirement.achievement_id
    wanted = {_folded(title) for title in requirement.title.values()}
    return held.title is not None and _folded(held.title) in wanted


def _why_not(requirement: Requirement, held: HeldCredential, now: datetime.datetime) -> str | None:
    """Why a credential the requirement names does not count now, or None when it does."""
    if held.state in NEVER_COUNTS:
        return NEVER_COUNTS[held.state]
    if requirement.must_be_valid and held.state in NOT_VALID_NOW:
        return NOT_VALID_NOW[held.state]
    months = requirement.max_age_months
    if months is not None:
        oldest = _months_before(now, months)
        if held.issued_on is None or held.issued_on < oldest:
            return "too_old"
    return None


def _months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    year, month = divmod(moment.month - 1 - months, 12)
    day = min(moment.day, 28)  # every month has a 28th
    return moment.replace(year=moment.year + year, month=month + 1, day=day)


def _folded(text: str) -> str:
    """Titles compared as people read them: case, accents' forms and spacing aside."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def achievement_id_of(document: dict[str, Any] | None) -> str | None:
    """The id of the achievement an Open Badges 3.0 credential is for, if it states one."""
    subject = (document or {}).get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    found = achievement.get("id") if isinstance(achievement, dict) else None
    return found if isinstance(found, str) else None
