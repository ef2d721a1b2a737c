"""Locale choice (explicit choice, then the browser, then Swedish) and the language switch."""

from __future__ import annotations

from flask import Blueprint
from flask import Flask
from flask import redirect
from flask import request
from flask_babel import get_locale
from flask_login import current_user

from wallet.extensions import babel
from wallet.extensions import db
from wallet.redirects import safe_next_path

LANGUAGES = {"sv": "Svenska", "en": "English"}
COOKIE = "lang"

bp = Blueprint("i18n", __name__)


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/../translations"),
    )
    app.register_blueprint(bp)
    app.context_processor(lambda: {"current_locale": lambda: str(get_locale()), "languages": LANGUAGES})


def select_locale() -> str:
    """The learner's saved choice, then the cookie, then Accept-Language, then Swedish."""
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    if request.cookies.get(COOKIE) in LANGUAGES:
        return request.cookies[COOKIE]
    return request.accept_languages.best_match(list(LANGUAGES)) or "sv"


@bp.post("/language")
def switch_language():
    """Remember the chosen language and go back to the page the person was on."""
    language = request.form.get("language")
    response = redirect(safe_next_path(request.form.get("next")) or "/")
    if language in LANGUAGES:
        response.set_cookie(COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return response
