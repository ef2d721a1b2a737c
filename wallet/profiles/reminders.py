"""Lapse reminders by e-mail: which learners to tell that a credential a profile they meet rests
on lapses soon, and the record that tells each credential's end date once.

What lapses is the wallet page's own answer (``matching.wallet_matches``, on the state the
wallet last checked); this only picks whom to tell. The record is written before the mail
leaves, in a transaction of its own: a mail the server then loses is not sent again, and the
wallet page still shows the reminder.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError

from wallet.credentials.profiles import LAPSE_WINDOW
from wallet.credentials.profiles import ProfileMatch
from wallet.models import LapseReminder
from wallet.models import StoredCredential
from wallet.models import User
from wallet.platform.database import writes
from wallet.platform.extensions import db
from wallet.profiles.matching import wallet_matches


@dataclasses.dataclass(frozen=True)
class LapsingCredential:
    credential: StoredCredential
    lapses_on: datetime.datetime
    matches: tuple[ProfileMatch, ...]  # the profiles it keeps met, each at the step reached


@dataclasses.dataclass(frozen=True)
class Reminder:
    """One mail: a learner and the credentials to tell them of, soonest first."""

    learner: User
    lapsing: tuple[LapsingCredential, ...]


def due_reminders(now: datetime.datetime) -> list[Reminder]:
    """A reminder for every learner with a confirmed address and a credential a met profile
    rests on that lapses within the window, of the credentials not told of before."""
    due = []
    for learner in _learners_with_credentials_ending_soon(now):
        told = _told_of(learner)
        fresh = [item for item in lapsing_credentials(learner, now) if _key(item) not in told]
        if fresh:
            due.append(Reminder(learner, tuple(fresh)))
    return due


def lapsing_credentials(learner: User, now: datetime.datetime) -> list[LapsingCredential]:
    """The learner's credentials that met profiles rest on and that lapse soon, soonest first."""
    credentials = {stored.id: stored for stored in learner.credentials}
    lapses_on: dict[int, datetime.datetime] = {}
    kept_met: dict[int, list[ProfileMatch]] = {}
    for match in wallet_matches(credentials.values(), now):
        for outcome in match.lapsing:
            # Checked a while ago, and ended since: the profile is no longer met, so "renew it
            # in time" would be wrong; the wallet page says so when it checks again.
            if outcome.lapses_on <= now:
                continue
            reference = outcome.met_by.reference
            lapses_on[reference] = outcome.lapses_on
            matches = kept_met.setdefault(reference, [])
            if not any(known is match for known in matches):
                matches.append(match)
    lapsing = [LapsingCredential(credentials[reference], lapses_on[reference], tuple(matches))
               for reference, matches in kept_met.items()]
    return sorted(lapsing, key=lambda item: item.lapses_on)


@writes
def record(due: Iterable[Reminder]) -> list[Reminder]:
    """Keep that these reminders are sent now; returns what is left to mail.

    Anything another run recorded meanwhile is left out: each end date is told of once.
    """
    recorded = []
    for reminder in due:
        told = _told_of(reminder.learner)
        fresh = tuple(item for item in reminder.lapsing if _key(item) not in told)
        for item in fresh:
            db.session.add(LapseReminder(
                user_id=reminder.learner.id,
                credential_id=item.credential.id,
                valid_until=item.lapses_on,
            ))
        if fresh:
            recorded.append(dataclasses.replace(reminder, lapsing=fresh))
    try:
        db.session.commit()
    except IntegrityError:
        # Another run (PostgreSQL does not queue writers as SQLite does) recorded one first:
        # it sends them, and the next run picks up whatever it did not.
        db.session.rollback()
        return []
    return recorded


def _learners_with_credentials_ending_soon(now: datetime.datetime) -> list[User]:
    """Learners with a confirmed address and a credential that ends within the window: only
    their wallets can hold a lapsing one, so no other wallet is read and matched."""
    ends_soon = (
        db.select(StoredCredential.id)
        .where(StoredCredential.owner_id == User.id)
        .where(StoredCredential.valid_until > now)
        .where(StoredCredential.valid_until <= now + LAPSE_WINDOW)
        .exists()
    )
    query = db.select(User).where(User.email_confirmed_at.is_not(None)).where(ends_soon)
    return list(db.session.scalars(query.order_by(User.id)))


def _told_of(learner: User) -> set[tuple[int, datetime.datetime]]:
    query = db.select(LapseReminder.credential_id, LapseReminder.valid_until)
    return {tuple(row) for row in db.session.execute(query.filter_by(user_id=learner.id))}


def _key(item: LapsingCredential) -> tuple[int, datetime.datetime]:
    return item.credential.id, item.lapses_on
