"""A profile's words as people read them: its texts in the page's language, why a requirement
is not met, and the names of the issuers it accepts."""

from __future__ import annotations

from collections.abc import Iterable

from babel.lists import format_list
from flask import Flask
from flask_babel import lazy_gettext as _l

from wallet.credentials.profiles import Profile
from wallet.credentials.profiles import Requirement
from wallet.platform.i18n import current_locale
from wallet.platform.i18n import writing_locale
from wallet.registry import store as registry

# Why no credential meets a requirement (wallet/credentials/profiles.py's reasons).
REASONS = {
    "missing": _l("no credential for it yet"),
    "expired": _l("the credential has expired"),
    "suspended": _l("the issuer has paused the credential"),
    "not_yet_valid": _l("the credential is not valid yet"),
    "issuer_not_confirmed": _l("we cannot confirm who issued the credential"),
    "status_not_checked": _l("we could not check whether the issuer has withdrawn it"),
    "too_old": _l("the credential was issued too long ago"),
    "revoked": _l("the issuer has withdrawn the credential"),
    "unchecked": _l("we could not check the credential's signature"),
    "forged": _l("the credential was changed or forged"),
}


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {
        "in_language": in_language,
        "profile_reasons": REASONS,
        "accepted_issuers": accepted_issuers,
        "profile_issuer_names": lambda profile: names_in([profile]),
    })


def in_language(texts: dict[str, str]) -> str:
    """The text in the page's language, else Swedish, else English, else any."""
    for language in (current_locale(), "sv", "en"):
        if texts.get(language):
            return texts[language]
    return next(iter(texts.values()), "")


def accepted_issuers(requirement: Requirement, names: dict[str, str]) -> str:
    """"Sobona or Skellefteå Kraft": the issuers whose credential counts, by name where known."""
    shown = [names.get(issuer, issuer) for issuer in requirement.issuers]
    return format_list(shown, style="or", locale=writing_locale())


def names_in(profiles: Iterable[Profile]) -> dict[str, str]:
    """The names of every issuer the profiles mention: their owners and the issuers they accept."""
    ids = set()
    for profile in profiles:
        ids.add(profile.owner)
        ids.update(i for level in profile.levels for r in level.requires for i in r.issuers)
    return issuer_names(ids)


def issuer_names(issuer_ids: Iterable[str]) -> dict[str, str]:
    """The registry's name, in the page's language, of each issuer id it knows."""
    return registry.names_of(issuer_ids, english=current_locale() == "en")
