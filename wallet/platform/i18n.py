"""Locale choice (explicit choice, then the browser, then Swedish), dates, text direction.

The language switch itself is the accounts package's: it also saves a signed-in learner's choice.
"""

from __future__ import annotations

import datetime

from flask import Flask
from flask import request
from flask_babel import format_date
from flask_babel import format_time
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from wallet.platform.extensions import babel

# The one list of languages (code -> endonym, as the switch shows it), Swedish first.
LANGUAGES = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "so": "Soomaali",
    "uk": "Українська",
}
RTL_LANGUAGES = {"ar"}
COOKIE = "lang"


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/../translations"),
    )
    app.add_template_filter(format_moment, "moment")
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


def format_moment(moment: datetime.datetime) -> str:
    """A date and a time of day in the reader's locale, e.g. "14 maj 2026 kl. 09:12"."""
    return _("%(date)s at %(time)s", date=format_date(moment, "long"), time=format_time(moment, "short"))


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
