"""Error pages: the same look everywhere, a plain sentence, never a traceback."""

from __future__ import annotations

from flask import Flask
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import InternalServerError
from werkzeug.exceptions import SecurityError

from wallet.platform.htmx import render

MESSAGES = {
    400: _l("The request could not be understood. Go back and try again."),
    403: _l("You do not have access to this page."),
    404: _l("We could not find that page."),
    405: _l("That action is not possible here."),
    413: _l("The file or text is too large. The limit is shown next to the form."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Something went wrong on our side. Nothing was changed. Try again later."),
}
TITLES = {
    400: _l("Bad request"),
    403: _l("No access"),
    404: _l("Page not found"),
    405: _l("Not allowed"),
    413: _l("Too large"),
    429: _l("Slow down"),
    500: _l("Error"),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(SecurityError, refuse_untrusted_host)
    app.register_error_handler(Exception, render_unexpected_error)


def render_http_error(error: HTTPException):
    code = error.code or 500
    return render(
        "errors/error.html",
        "errors/_error.html",
        status=code,
        title=TITLES.get(code, TITLES[500]),
        message=MESSAGES.get(code, error.description),
    )


def render_csrf_error(error: CSRFError):
    return render(
        "errors/error.html",
        "errors/_error.html",
        status=400,
        title=TITLES[400],
        message=_l("This form has expired. Reload the page and try again."),
    )


def refuse_untrusted_host(error: SecurityError):
    """Plain text: for a host not in TRUSTED_HOSTS no URL can be built, so no page either."""
    return str(MESSAGES[400]), 400, {"Content-Type": "text/plain; charset=utf-8"}


def render_unexpected_error(error: Exception):
    current_app.logger.exception("Unhandled error")
    return render_http_error(InternalServerError())
