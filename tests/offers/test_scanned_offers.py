"""A photo of a QR code on the import page, decoded on the server (no script needed): an offer
opens its confirmation page, a link to a credential is imported, anything else is refused in
plain words with the form shown again and the pasted text kept."""

from __future__ import annotations

import io
import urllib.parse

import pytest
from PIL import Image
from support.issuers import LoopbackServer
from support.forms import post_large
from support.issuers import did_key_issuer
from support.offers import stored
from support.qr_photos import qr_photo
from support.qr_photos import qr_png
from support.vci_issuer import offer_link

from wallet.credentials.qr_reading import MAX_PHOTO_BYTES

PASTED = "kept while the photo is refused"


def send_photo(user, csrf_token, data: bytes, name: str = "qr.jpg"):
    """The import form as the browser sends it: the photo, the pasted text, no credential file."""
    form = {
        "csrf_token": csrf_token(user.client, "/wallet/import"),
        "credential": PASTED,
        "file": (io.BytesIO(b""), ""),
        "qr_photo": (io.BytesIO(data), name),
    }
    return post_large(user.client, "/wallet/import", form)


def test_the_import_page_offers_a_photo_field_and_a_hidden_scan_button(user):
    text = user.client.get("/wallet/import").get_data(as_text=True)
    assert 'name="qr_photo"' in text and 'accept=".jpg,.jpeg,.png,image/jpeg,image/png"' in text
    assert 'id="qr-scan-start" hidden' in text  # shown by script only where a camera API exists
    assert "/static/js/qr-scan.js" in text and "/static/vendor/jsQR.js" in text


def test_a_photographed_offer_opens_its_confirmation_page(user, csrf_token, vci_issuer):
    link = offer_link(vci_issuer.offer())
    response = send_photo(user, csrf_token, qr_photo(link))
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == "/wallet/offer?" + urllib.parse.urlsplit(link).query
    page = user.client.get(location)
    assert page.status_code == 200 and "Swedish for care work" in page.get_data(as_text=True)


def test_a_photographed_credential_link_is_imported(app, user, csrf_token):
    token = did_key_issuer("Ed25519", slot=8).issue()
    server = LoopbackServer()
    try:
        link = server.serve("/credentials/scanned.jwt", token.encode())
        response = send_photo(user, csrf_token, qr_png(link), name="qr.png")
    finally:
        server.close()
    assert response.status_code == 303
    [kept] = stored(app)
    assert kept.raw == token


def jpeg_without_code() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 90)).save(out, format="JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("photo", "status", "message"),
    [
        (jpeg_without_code(), 422, "We found no QR code in the photo."),
        (qr_png("Welcome to the course!"), 422, "This QR code is not a credential offer"),
        (b"%PDF-1.7 not an image", 422, "This file is not a photo we can read."),
        (b"\xff\xd8" + b"\0" * MAX_PHOTO_BYTES, 413, "The photo is too large."),
    ],
    ids=["no-code", "not-an-offer", "not-an-image", "too-large"],
)
def test_a_photo_we_cannot_use_is_refused_and_nothing_is_lost(
    app, user, csrf_token, photo, status, message
):
    response = send_photo(user, csrf_token, photo)
    text = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in text
    assert PASTED in text  # the pasted text is still in its field
    assert 'name="qr_photo"' in text
    assert stored(app) == []


def test_htmx_gets_the_form_alone_with_the_refusal(user, csrf_token, htmx):
    form = {"csrf_token": csrf_token(user.client, "/wallet/import"),
            "qr_photo": (io.BytesIO(jpeg_without_code()), "qr.jpg")}
    response = user.client.post("/wallet/import", data=form, headers=htmx.swap)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert text.lstrip().startswith('<form id="import-form"')
    assert "We found no QR code in the photo." in text
