"""Locale choice (explicit choice, then the browser, then Swedish), dates, text direction.

The language switch itself is the accounts package's: it also saves a signed-in learner's choice.
"""

from __future__ import annotations

import datetime

from babel import Locale
from babel import dates
from flask import Flask
from flask import request
from flask_babel import format_date
from flask_babel import format_datetime
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from wallet.platform.extensions import babel
from wallet.platform.numerals import local_digits
from wallet.platform.numerals import template_gettext
from wallet.platform.numerals import template_ngettext

# The one list of languages (code -> endonym, as the switch shows it), Swedish first.
LANGUAGES = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "so": "Soomaali",
    "uk": "Українська",
    "fa": "فارسی",
    "ti": "ትግርኛ",
}
RTL_LANGUAGES = {"ar", "fa"}
# Readers are in Sweden and Europe: English dates the British way, not the American.
WRITTEN_AS = {"en": "en_GB"}
COOKIE = "lang"


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/../translations"),
    )
    # Counts in messages, and Flask-Babel's date filters, in the digits of the page's language.
    app.jinja_env.globals.update(gettext=template_gettext, ngettext=template_ngettext)
    app.add_template_filter(
        lambda day, width=None: local_digits(format_date(day, width)), "dateformat"
    )
    app.add_template_filter(
        lambda moment, width=None: local_digits(format_datetime(moment, width)), "datetimeformat"
    )
    app.add_template_filter(format_moment, "moment")
    app.add_template_filter(format_country, "country")
    app.add_template_filter(format_day, "day")
    app.context_processor(
        lambda: {
            "current_locale": current_locale,
            "text_direction": text_direction,
            "languages": LANGUAGES,
        }
    )


def current_locale() -> str:
    return str(get_locale())


def text_direction(locale: str | None = None) -> str:
    """``rtl`` for a right-to-left language (the page's own by default), else ``ltr``."""
    return "rtl" if (locale or current_locale()) in RTL_LANGUAGES else "ltr"


def format_country(code: str) -> str:
    """A country's name in the page's language ("Sverige", "Sweden") from its ISO 3166 alpha-2
    code, so a credential and the issuer register name it alike; anything else as it is."""
    return Locale.parse(current_locale()).territories.get(code.upper(), code)


def format_day(day: datetime.date | datetime.datetime, width: str = "long") -> str:
    """A calendar date as the reader writes it, e.g. "14 maj 2026" or "14 May 2026"."""
    if isinstance(day, datetime.datetime):
        day = to_user_timezone(day)
    return local_digits(dates.format_date(day, width, locale=writing_locale()))


def format_moment(moment: datetime.datetime) -> str:
    """A date and a time of day in the reader's locale, e.g. "14 maj 2026 kl. 09:12"."""
    time = dates.format_time(to_user_timezone(moment), "short", locale=writing_locale())
    time = local_digits(time)
    return _("%(date)s at %(time)s", date=format_day(moment), time=time)


def writing_locale() -> str:
    """How the page's language writes dates: English as read in Europe ("3 December 2026")."""
    return WRITTEN_AS.get(current_locale(), current_locale())


def select_locale() -> str:
    """The learner's saved choice, then the cookie, then Accept-Language, then Swedish."""
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    if request.cookies.get(COOKIE) in LANGUAGES:
        return request.cookies[COOKIE]
    return browser_locale()


def browser_locale() -> str:
    """The browser's best match among our languages (Accept-Language), else Swedish."""
    return request.accept_languages.best_match(list(LANGUAGES)) or "sv"
