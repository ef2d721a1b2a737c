"""The create-share and extend forms: the chosen credentials, and typed values checked field by field."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

from flask import current_app
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from wallet.credentials import VerificationResult
from wallet.models import StoredCredential
from wallet.platform.i18n import LANGUAGES
from wallet.platform.i18n import format_day
from wallet.shares.disclosure_choices import DisclosureChoices
from wallet.shares.disclosure_choices import disclosure_choices
from wallet.shares.store import MAX_LIFETIME
from wallet.shares.store import ShareRefused
from wallet.shares.store import ShareSettings
from wallet.verification import verifier

LIFETIME_DAYS = (1, 7, 30, 90)
LABEL_MAX = 200
MESSAGE_MAX = 500
MAX_VIEWS_LIMIT = 10_000
# A link chosen "until a date" works to the end of that day where the learner lives.
END_OF_DAY = datetime.time(23, 59, 59)


@dataclasses.dataclass(frozen=True)
class ChosenCredential:
    """One credential on the create form: how it verifies now, and its place in the order."""

    stored: StoredCredential
    result: VerificationResult
    order: tuple[int, ...]  # the ids of every chosen credential, in order
    position: int
    disclosures: DisclosureChoices | None  # what the employer may see of an SD-JWT

    @property
    def concerns(self) -> list:
        """The checks the employer will see as a warning or a failure."""
        return [check for check in self.result.checks if check.status in ("warning", "failed")]

    def moved(self, step: int) -> list[int]:
        """The order with this credential ``step`` places later (negative: earlier)."""
        ids = list(self.order)
        ids[self.position], ids[self.position + step] = (
            ids[self.position + step],
            ids[self.position],
        )
        return ids

    def without(self) -> list[int]:
        return [credential_id for credential_id in self.order if credential_id != self.stored.id]


def chosen_credentials(
    credentials: list[StoredCredential], values: MultiDict
) -> list[ChosenCredential]:
    """The credentials for the create form, each verified now so the warnings are current, with
    the claims of each SD-JWT as ``values`` chose them."""
    order = tuple(stored.id for stored in credentials)
    return [
        ChosenCredential(
            stored,
            verifier.verify(stored.raw),
            order,
            position,
            disclosure_choices(stored, values),
        )
        for position, stored in enumerate(credentials)
    ]


@dataclasses.dataclass(frozen=True)
class ShareForm:
    """The create form as read: the chosen ids, and settings unless ``errors`` says why not."""

    credential_ids: list[int]
    settings: ShareSettings | None
    errors: dict[str, str]


def chosen_ids(values: MultiDict) -> list[int]:
    """The ``credential_ids`` values in the order given, without repeats or non-numbers."""
    ids = [int(v) for v in values.getlist("credential_ids") if _is_small_number(v)]
    return list(dict.fromkeys(ids))


def _is_small_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18


def read_share_form(form: MultiDict, now: datetime.datetime) -> ShareForm:
    """Check every field of the create form; errors are keyed by field name."""
    ids = chosen_ids(form)
    errors: dict[str, str] = {}
    if not ids:
        errors["credential_ids"] = _("Choose at least one credential to share.")
    expires_at, expiry_errors = read_expiry(form, now)
    errors |= expiry_errors
    label = _text(form, "label", LABEL_MAX, errors)
    message = _text(form, "message", MESSAGE_MAX, errors)
    language = form.get("language", "") or None
    if language is not None and language not in LANGUAGES:
        errors["language"] = _("Choose Swedish, English or the employer's own language.")
    max_views = _max_views(form.get("max_views", "").strip(), errors)
    if errors:
        return ShareForm(ids, None, errors)
    settings = ShareSettings(expires_at, label, message, language, max_views, _request_id(form))
    return ShareForm(ids, settings, {})


def read_expiry(
    form: MultiDict, now: datetime.datetime
) -> tuple[datetime.datetime | None, dict[str, str]]:
    """When the link stops working: an ``expires_on`` date if given, else ``expires_in_days``."""
    text = form.get("expires_on", "").strip()
    if text:
        return _read_last_day(text, now)
    days = form.get("expires_in_days", "").strip()
    if days in {str(choice) for choice in LIFETIME_DAYS}:
        return now + datetime.timedelta(days=int(days)), {}
    return None, {
        "expires_in_days": _("Choose 1, 7, 30 or 90 days, or the last day the link works.")
    }


def date_limits(now: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    """The first and last day a link may end on, in the learner's time zone."""
    today = now.astimezone(get_timezone()).date()
    return today, today + MAX_LIFETIME


def _read_last_day(
    text: str, now: datetime.datetime
) -> tuple[datetime.datetime | None, dict[str, str]]:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return None, {"expires_on": _("Write the date as year-month-day, for example 2026-05-30.")}
    first_day, last_day = date_limits(now)
    if day < first_day:
        return None, {"expires_on": _("That day has passed. Choose today or a later day.")}
    if day > last_day:
        message = _(
            "A link can work for at most one year: choose %(date)s or earlier.",
            date=format_day(last_day),
        )
        return None, {"expires_on": message}
    expires_at = get_timezone().localize(datetime.datetime.combine(day, END_OF_DAY))
    return expires_at.astimezone(datetime.UTC), {}


def _text(form: MultiDict, name: str, limit: int, errors: dict[str, str]) -> str | None:
    text = form.get(name, "").strip()
    if len(text) > limit:
        errors[name] = _("Write at most %(limit)d characters.", limit=limit)
    return text or None


def read_more_views(form: MultiDict, opened: int) -> tuple[int | None, dict[str, str]]:
    """A new most number of views for a link opened ``opened`` times: more than that, or
    empty for no limit."""
    errors: dict[str, str] = {}
    max_views = _max_views(form.get("max_views", "").strip(), errors)
    if max_views is not None and max_views <= opened:
        errors["max_views"] = ngettext(
            "It has been opened %(num)d time already: choose a larger number.",
            "It has been opened %(num)d times already: choose a larger number.",
            opened,
        )
    return max_views, errors


def _max_views(text: str, errors: dict[str, str]) -> int | None:
    if not text:
        return None
    if _is_small_number(text) and 1 <= int(text) <= MAX_VIEWS_LIMIT:
        return int(text)
    errors["max_views"] = _(
        "Write a whole number from 1 to %(limit)d, or leave it empty.", limit=MAX_VIEWS_LIMIT
    )
    return None


def _request_id(form: MultiDict) -> str | None:
    """The form's own id if it is a UUID; anything else is ignored, not refused."""
    try:
        return str(uuid.UUID(form.get("request_id", "")))
    except ValueError:
        return None


# Why the service refused: the field the message belongs to, and the message for the limit
# that was reached (a number of the app's configuration, named here).
REFUSALS = {
    "too_many_credentials": ("credential_ids", "MAX_CREDENTIALS_PER_SHARE", lambda limit: ngettext(
        "A link can show at most %(num)d credential. Remove some, or make two links.",
        "A link can show at most %(num)d credentials. Remove some, or make two links.",
        limit,
    )),
    "too_many_shares": ("form", "MAX_ACTIVE_SHARES", lambda limit: ngettext(
        "You already have %(num)d link that works. End it if you no longer need it, "
        "then try again.",
        "You already have %(num)d links that work. End one you no longer need, then try again.",
        limit,
    )),
    # What the learner ended stays ended: the link may have gone where it should not.
    "ended": ("form", None,
              lambda _limit: _("You ended this link, so it stays ended. Make a new link instead.")),
}


def refusal_message(refusal: ShareRefused) -> str:
    _field, limit, message = REFUSALS[refusal.code]
    return message(current_app.config[limit] if limit else None)
