"""The words an employer reads first: a status line per credential and one sentence per share.

Each state has its own words (``states.LABELS``); these add what makes it actionable: the date
it expired, when we found it withdrawn, who the unconfirmed issuer claims to be. The sentence
for a share counts each kind ("3 credentials: 2 valid and 1 expired on 1 May 2026"), so one
expired credential among valid ones never reads like a forgery.
"""

from __future__ import annotations

import collections
import datetime
from collections.abc import Sequence

from babel.lists import format_list
from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext

from wallet.credentials import Concern
from wallet.platform.i18n import format_day
from wallet.platform.i18n import writing_locale
from wallet.verification.explained import CheckedCredential
from wallet.verification.states import ORDER


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"status_detail": status_detail, "share_verdict": share_verdict})


def status_detail(item: CheckedCredential) -> str | None:
    """What follows the state's label on the credential's status line, if anything."""
    state, day = item.state, _state_day(item)
    if state == "valid":
        return _("valid until %(date)s", date=format_day(day)) if day else None
    if state == "expired":
        return _("expired on %(date)s", date=format_day(day)) if day else None
    if state == "not_yet_valid":
        return _("valid from %(date)s", date=format_day(day)) if day else None
    if state in ("revoked", "suspended"):
        return _("as the issuer's list said on %(date)s", date=format_day(day))
    if state == "unknown_issuer":
        if item.issuer.name:
            return _("signed by someone calling themselves %(name)s; we cannot confirm who that is",
                     name=item.issuer.name)
        return _("signed by someone who gives no name; we cannot confirm who that is")
    if state == "status_unknown":
        return _("we could not read whether the issuer has withdrawn it")
    if state == "forged":
        return _("do not rely on it")
    if state == "not_asked":
        return None  # the label says it; the request check says what was not as asked
    return _("we could not find the key to check its signature")  # "unchecked"


def share_verdict(items: Sequence[CheckedCredential]) -> str:
    """One sentence for the whole share: every credential counted by its state, worst first."""
    total = len(items)
    if not total:
        return _("There are no credentials left on this link.")
    counts = collections.Counter(item.state for item in items)
    if total == 1:
        return _one_credential(items[0])
    if counts["valid"] == total:
        # Never 1 here; the singular is for the languages whose "one" form also serves 21, 31…
        return ngettext("All %(num)d credentials are genuine and valid.",
                        "All %(num)d credentials are genuine and valid.", total)
    parts = [_counted(state, [i for i in items if i.state == state]) for state in ORDER if counts[state]]
    return ngettext("%(num)d credential: %(counts)s.", "%(num)d credentials: %(counts)s.", total,
                    counts=format_list(parts, locale=writing_locale()))


def _one_credential(item: CheckedCredential) -> str:
    state, day = item.state, _state_day(item)
    if state == "expired":
        if day:
            return _("The credential is genuine, but it expired on %(date)s.", date=format_day(day))
        return _("The credential is genuine, but it has expired.")
    if state == "not_yet_valid":
        if day:
            return _("The credential is genuine, but valid only from %(date)s.", date=format_day(day))
        return _("The credential is genuine, but not valid yet.")
    sentences = {
        "valid": _("The credential is genuine and valid."),
        "forged": _("The credential was changed or forged: do not rely on it."),
        "unchecked": _("We could not check the credential's signature."),
        "not_asked": _("The credential is genuine, but it is not what you asked for."),
        "revoked": _("The issuer has withdrawn the credential."),
        "suspended": _("The issuer has paused the credential."),
        "unknown_issuer": _("The credential is signed, but we cannot confirm who issued it."),
        "status_unknown": _("The credential is genuine, but we could not check whether the issuer "
                            "has withdrawn it."),
    }
    return sentences[state]


def _counted(state: str, items: list[CheckedCredential]) -> str:
    """"2 valid", "1 expired on 1 May 2026": the date only where one credential has it."""
    count = len(items)
    day = _state_day(items[0]) if count == 1 else None
    if state == "expired" and day:
        return _("1 expired on %(date)s", date=format_day(day))
    if state == "not_yet_valid" and day:
        return _("1 valid only from %(date)s", date=format_day(day))
    phrases = {
        "forged": ngettext("%(num)d changed or forged", "%(num)d changed or forged", count),
        "unchecked": ngettext("%(num)d whose signature we could not check",
                              "%(num)d whose signatures we could not check", count),
        "not_asked": ngettext("%(num)d not what you asked for", "%(num)d not what you asked for",
                              count),
        "revoked": ngettext("%(num)d withdrawn by the issuer", "%(num)d withdrawn by the issuers", count),
        "suspended": ngettext("%(num)d paused by the issuer", "%(num)d paused by the issuers", count),
        "expired": ngettext("%(num)d expired", "%(num)d expired", count),
        "not_yet_valid": ngettext("%(num)d not valid yet", "%(num)d not valid yet", count),
        "unknown_issuer": ngettext("%(num)d from an issuer we cannot confirm",
                                   "%(num)d from issuers we cannot confirm", count),
        "status_unknown": ngettext("%(num)d whose withdrawal we could not check",
                                   "%(num)d whose withdrawal we could not check", count),
        "valid": ngettext("%(num)d valid", "%(num)d valid", count),
    }
    return phrases[state]


def _state_day(item: CheckedCredential) -> datetime.datetime | None:
    """The date that belongs to the state: when it expires or expired, starts, or was checked."""
    if item.state in ("revoked", "suspended"):
        return item.result.checked_at
    validity = item.result.check(Concern.VALIDITY)
    if validity is None:
        return None
    key = "valid_from" if item.state == "not_yet_valid" else "valid_until"
    stamp = validity.params.get(key)
    return datetime.datetime.fromisoformat(stamp) if stamp else None
