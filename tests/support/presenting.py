"""The learner's side of a verifier's request in web tests: open the request page from a link,
answer it as its form would (the hidden request, the choices shown, the CSRF token), and read
what a presented SD-JWT disclosed.

``add_learning_credential(app, user, csrf_token)`` puts a Learning Credential bound to the
learner's wallet key in their wallet. ``send(user, page, **fields)`` chooses "Send",
``decline(user, page)`` "Decline"; ``fields`` replace the form's own. ``disclosed(sd_jwt)`` is
the disclosures' claim names and ``key_binding(sd_jwt)`` the key-binding JWT's claims.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse

from support.forms import csrf_token_in
from support.issuers import did_key_issuer
from support.sharing import add_credential
from support.sharing import learners_sd_jwt

from wallet.credentials import jose

HIDDEN = re.compile(r'<input type="hidden" name="(request|choice_[^"]+)" value="([^"]*)"')
CHECKED = re.compile(r'<input type="radio" name="(choice_[^"]+)" value="([^"]*)"[^>]*\schecked')
LEARNING_ISSUER = did_key_issuer("P-256", slot=12)


def add_learning_credential(app, user, csrf_token) -> int:
    """The learner's Learning Credential (an SD-JWT bound to their key) added: its id."""
    token = learners_sd_jwt(app, user.id, LEARNING_ISSUER).token
    return add_credential(user.client, csrf_token, token)


def open_request(user, link: str):
    """Open a request link the way the wallet's page is opened from it."""
    return user.client.get("/wallet/present?" + urllib.parse.urlsplit(link).query)


def form_of(page) -> dict[str, str]:
    text = page.get_data(as_text=True)
    fields = {name: html.unescape(value) for name, value in HIDDEN.findall(text)}
    fields |= dict(CHECKED.findall(text))
    return fields | {"csrf_token": csrf_token_in(text, "the request page")}


def send(user, page, **fields):
    return user.client.post("/wallet/present", data={**form_of(page), "send": "1", **fields})


def decline(user, page):
    return user.client.post("/wallet/present", data={**form_of(page), "decline": "1"})


def disclosed(sd_jwt: str) -> set[str]:
    """The claim names (or, for array elements, values) of a presented SD-JWT's disclosures."""
    parts = sd_jwt.split("~")[1:-1]
    decoded = (json.loads(jose.b64url_decode(part)) for part in parts)
    return {str(item[1]) if len(item) == 3 else f"[{item[1]}]" for item in decoded}


def key_binding(sd_jwt: str) -> dict:
    return jose.decode_compact(sd_jwt.rsplit("~", 1)[1]).claims
