"""The public look: pages anyone may open (the employer's page, issuer pages, /verify, /code).

They set no cookie (no session, no flash, no CSRF token), load nothing but our own CSS (and, on
the employer's page, the small script that offers to read it aloud), need no JavaScript, and
speak the page's language (``?lang=``, then what the learner chose for a share,
then the browser), never the visitor's saved setting. Errors on them keep that look.
"""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import request
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException

from wallet.platform.errors import MESSAGES
from wallet.platform.errors import TITLES
from wallet.platform.htmx import render
from wallet.platform.i18n import LANGUAGES
from wallet.platform.i18n import browser_locale

NOT_INDEXED = {"X-Robots-Tag": "noindex, nofollow"}


def wants_json() -> bool:
    """Whether the client asked for the page's JSON answer (``Accept: application/json``)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def language_asked() -> dict[str, str]:
    """The page's ``?lang=``, to keep across a redirect."""
    return {"lang": request.args["lang"]} if "lang" in request.args else {}


def use_public_look(blueprint: Blueprint) -> None:
    """Give a public blueprint's errors the public look."""
    blueprint.register_error_handler(HTTPException, public_error)


def page_locale(preferred: str | None = None) -> str:
    """The switch (?lang=), then ``preferred`` (the learner's choice for a share), the browser."""
    for choice in (request.args.get("lang"), preferred):
        if choice in LANGUAGES:
            return choice
    return browser_locale()


def answer(template: str, status: int = 200, **context) -> Response:
    """Render a public page in the page's language (never the visitor's own setting)."""
    with force_locale(page_locale()):
        return render(template, status=status, **context)


def notice(status: int, title, message) -> Response:
    """A public page that only says why there is nothing to show, kept out of search engines."""
    response = answer("errors/notice.html", status, title=title, message=message)
    response.headers.update(NOT_INDEXED)
    return response


def public_error(error: HTTPException) -> Response:
    """Errors on public pages keep the public look, and set no cookie."""
    code = error.code or 500
    return notice(code, TITLES.get(code, TITLES[500]), MESSAGES.get(code, MESSAGES[500]))
