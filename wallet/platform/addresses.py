"""Absolute addresses of this site, always made from ``WALLET_BASE_URL``.

Never from the request's ``Host`` header: a link an employer saves from the JSON, a QR code or a
signed document must point at the real site whatever host name a request arrived with.
"""

from __future__ import annotations

from flask import current_app
from flask import url_for


def base_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://kompetenspass.se``."""
    return current_app.config["WALLET_BASE_URL"].rstrip("/")


def absolute_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` on the site's own address."""
    return base_url() + url_for(endpoint, **values)
