"""The learner's side of an offer in web tests: open the offer page, confirm it as the form
would (the hidden offer and the CSRF token read from the page), and list what was kept."""

from __future__ import annotations

import html
import re
import urllib.parse

from support.forms import csrf_token_in

from wallet.models import StoredCredential
from wallet.platform.extensions import db

HIDDEN_OFFER = re.compile(r'name="offer" value="([^"]*)"')
FORM_ACTION = re.compile(r'<form id="offer-form"[^>]* action="([^"]*)"')


def follow(user, link: str):
    """Open an offer link the way the wallet's offer page is opened from it."""
    return user.client.get("/wallet/offer?" + urllib.parse.urlsplit(link).query)


def hidden_offer(page) -> str:
    return html.unescape(HIDDEN_OFFER.search(page.get_data(as_text=True))[1])


def confirm(user, page, **fields):
    """Submit the confirmation form on ``page`` where it is sent (receiving, or signing in at
    the issuer for an offer by authorization code); ``fields`` add to or replace its fields."""
    text = page.get_data(as_text=True)
    form = {"offer": hidden_offer(page),
            "csrf_token": csrf_token_in(text, "the confirmation page"), **fields}
    return user.client.post(html.unescape(FORM_ACTION.search(text)[1]), data=form)


def stored(app) -> list[StoredCredential]:
    with app.app_context():
        return list(db.session.scalars(db.select(StoredCredential)))
