"""Absolute addresses of this site, always made from ``WALLET_BASE_URL``.

Never from the request's ``Host`` header: a link an employer saves from the JSON, a QR code or a
signed document must point at the real site whatever host name a request arrived with. In the
demo and debug mode, a development server listening on another port than that address says so.
"""

from __future__ import annotations

import logging
import urllib.parse

from flask import Flask
from flask import current_app
from flask import has_request_context
from flask import request
from flask import url_for

logger = logging.getLogger(__name__)
_WARNED = "wallet.addresses.warned"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def init_app(app: Flask) -> None:
    if app.config.get("WALLET_DEMO") or app.debug:
        app.before_request(_warn_if_served_elsewhere)


def base_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://kompetenspass.se``."""
    return current_app.config["WALLET_BASE_URL"].rstrip("/")


def absolute_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` on the site's own address, also in a command."""
    if has_request_context():
        return base_url() + url_for(endpoint, **values)
    # A command (the daily lapse reminder) has no request, and url_for outside one wants
    # SERVER_NAME; the site's address is WALLET_BASE_URL, so the path comes from the URL map.
    paths = current_app.url_map.bind("", script_name=current_app.config["APPLICATION_ROOT"])
    return base_url() + paths.build(endpoint, values)


def _warn_if_served_elsewhere() -> None:
    """Say once when the development server listens on another port than the links name.

    ``flask run --port 5001`` leaves FLASK_RUN_PORT unset, so links would name port 5000. They
    are not moved to the server's port: the demo's credentials were signed for the configured
    address by commands that have no server. Werkzeug's SERVER_PORT is the port of its listening
    socket (gunicorn's comes from the Host header). Only a loopback address is compared: one
    set for a tunnel or a phone on the network may well name another port.
    """
    environ = request.environ
    if current_app.extensions.get(_WARNED):
        return
    if not environ.get("SERVER_SOFTWARE", "").startswith("Werkzeug/"):
        return
    current_app.extensions[_WARNED] = True
    configured = urllib.parse.urlsplit(base_url())
    listening = environ.get("SERVER_PORT")
    if configured.hostname in LOOPBACK and str(configured.port or 80) != listening:
        logger.warning(
            "This server listens on port %s, but links and status lists name %s: stop it and "
            "run `make run PORT=%s`, or set FLASK_RUN_PORT or WALLET_BASE_URL (README, "
            "Configuration).",
            listening, base_url(), listening,
        )
