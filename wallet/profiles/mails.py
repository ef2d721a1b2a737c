"""The lapse reminder a learner gets by e-mail: which credentials to renew, by when, and for
which profiles.

Written in the learner's language: the one chosen in the wallet, else Swedish (a command has no
page to take one from). Links to the wallet are made from WALLET_BASE_URL.
"""

from __future__ import annotations

from babel.lists import format_list
from flask_babel import gettext as _
from flask_babel import ngettext

from wallet.credentials.profiles import ProfileMatch
from wallet.platform import mail
from wallet.platform.addresses import absolute_url
from wallet.platform.i18n import LANGUAGES
from wallet.platform.i18n import format_day
from wallet.platform.i18n import writing_locale
from wallet.profiles.labels import in_language
from wallet.profiles.labels import issuer_names
from wallet.profiles.reminders import LapsingCredential
from wallet.profiles.reminders import Reminder

Paragraph = mail.Paragraph


def send_lapse_reminder(reminder: Reminder) -> None:
    """Tell the learner which credentials to renew before met profiles stop being met."""
    learner = reminder.learner
    locale = learner.locale if learner.locale in LANGUAGES else "sv"
    mail.send_letter(learner.email, learner.name, locale, lambda: _letter(reminder.lapsing))


def _letter(lapsing: tuple[LapsingCredential, ...]) -> tuple:
    names = issuer_names(
        {item.credential.issuer_id for item in lapsing}
        | {match.profile.owner for item in lapsing for match in item.matches}
    )
    count = len(lapsing)
    return (
        ngettext("A credential you need is valid only a little longer",
                 "%(num)d credentials you need are valid only a little longer", count),
        Paragraph(ngettext(
            "You meet an occupational profile with this credential, but it is valid only a "
            "little longer:",
            "You meet occupational profiles with these credentials, but they are valid only a "
            "little longer:",
            count,
        )),
        *(_about(item, names) for item in lapsing),
        Paragraph(ngettext(
            "Ask the issuer for a new credential before that date, and add it to your wallet.",
            "Ask each issuer for a new credential before its date, and add the new ones to your "
            "wallet.",
            count,
        )),
    )


def _about(item: LapsingCredential, names: dict[str, str]) -> Paragraph:
    """One credential: what it is, who issued it, when it lapses, what it keeps met, its link."""
    stored = item.credential
    profiles = [_profile_name(match, names) for match in item.matches]
    text = _(
        "%(title)s, from %(issuer)s, is valid until %(date)s. You need it for %(profiles)s. "
        "See it in your wallet:",
        title=stored.title,
        issuer=names.get(stored.issuer_id) or stored.issuer_name or stored.issuer_id,
        date=format_day(item.lapses_on),
        profiles=format_list(profiles, locale=writing_locale()),
    )
    return Paragraph(text, absolute_url("my_credentials.detail", credential_id=stored.id))


def _profile_name(match: ProfileMatch, names: dict[str, str]) -> str:
    """As the wallet names it: "Hydropower operator: Step 1: operator (Skellefteå Kraft)"."""
    profile = match.profile
    name = in_language(profile.name)
    if profile.stepped and match.reached is not None:
        name += ": " + in_language(match.reached.level.name)
    return f"{name} ({names.get(profile.owner, profile.owner)})"
