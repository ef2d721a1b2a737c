"""The one way to answer: a full page, or for an htmx request the fragment the page includes."""

from __future__ import annotations

from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask.typing import ResponseReturnValue


def is_partial_request() -> bool:
    """An htmx swap wants a fragment; boosted navigation and history restores want the page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str | None = None, status: int = 200, **context) -> ResponseReturnValue:
    """Render ``page``, or ``fragment`` for an htmx swap; always ``Vary: HX-Request``."""
    template = fragment if fragment and is_partial_request() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def see_other(url: str) -> ResponseReturnValue:
    """Redirect after a POST; an htmx swap gets ``HX-Redirect`` so the whole page changes."""
    if is_partial_request():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, 303)
