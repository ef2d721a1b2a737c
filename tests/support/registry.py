"""Helpers for the issuer registry tests: admins, the admin forms, and logo files.

- ``make_admin(app, learner)``: confirms the learner's address (``flask admin confirm``) and
  grants them admin (``flask admin grant``).
- ``submit(client, url, form, files=None)``: POST the form on ``url`` with its CSRF token.
- ``add_issuer(client, **fields)``: add an issuer through the admin form (``ISSUER_FORM`` plus
  ``fields``); returns its ``RegisteredIssuer`` row id from the redirect.
- ``trust_in_file(app, issuer_id, name)``: put an issuer on the app's JSON trust list file.
- ``png(width, height, noise=False)``, ``SVG_WITH_SCRIPT``, ``HTML_PAGE``: logo files.
"""

from __future__ import annotations

import io
import os
import re

from PIL import Image
from support.cli import run_cli
from support.forms import read_csrf_token

from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList

ISSUER_FORM = {
    "issuer_id": "did:web:skelleftea.se",
    "name_sv": "Skellefteå kommun",
    "name_en": "Skellefteå Municipality",
    "slug": "",
    "organisation_number": "2120002817",
    "country": "se",
    "homepage": "https://skelleftea.se",
    "sector": "Vård och omsorg",
}
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width=\"10\" height=\"10\"/></svg>"
)
HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
_DETAIL = re.compile(r"/admin/issuers/(\d+)$")


def trust_in_file(app, issuer_id: str, name: str = "Skellefteå kommun") -> None:
    """Trust an issuer the way a deployment's TRUST_LIST file does."""
    path = app.config["TRUST_LIST"]
    TrustList.load(path).with_issuer(TrustedIssuer(issuer_id, name)).save(path)


def make_admin(app, learner) -> None:
    """Only a confirmed address may be an admin's: the operator confirms it, then grants."""
    run_cli(app, "admin", "confirm", learner.email)
    run_cli(app, "admin", "grant", learner.email)


def submit(client, url: str, form: dict, files: dict | None = None, token_page: str | None = None):
    """POST ``form`` (and ``files``: name -> (bytes, filename)) as the page's form would."""
    data = {**form, "csrf_token": read_csrf_token(client, token_page or url)}
    for name, (content, filename) in (files or {}).items():
        data[name] = (io.BytesIO(content), filename)
    return client.post(url, data=data, content_type="multipart/form-data")


def add_issuer(client, files: dict | None = None, **fields) -> int:
    response = submit(client, "/admin/issuers/new", {**ISSUER_FORM, **fields}, files)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(_DETAIL.search(response.headers["Location"])[1])


def png(width: int = 8, height: int = 8, noise: bool = False) -> bytes:
    """A real PNG; with ``noise`` it cannot be compressed (about 3 bytes a pixel)."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (0, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
