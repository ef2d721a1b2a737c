"""Reading the link in a photo of a QR code (wallet/credentials/qr_reading.py), with codes drawn
by the independent ``qrcode`` package: clean, photographed, and every kind of refusal."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from support.images import bomb_png
from support.qr_photos import qr_photo
from support.qr_photos import qr_png

from wallet.credentials import CredentialError
from wallet.credentials.qr_reading import MAX_PHOTO_BYTES
from wallet.credentials.qr_reading import link_in_qr_photo
from wallet.credentials.qr_reading import qr_text

OFFER = "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.example%2Foffers%2F7"


def refusal(data: bytes) -> str:
    with pytest.raises(CredentialError) as caught:
        link_in_qr_photo(data)
    return caught.value.code


def test_an_offer_is_read_from_a_clean_code():
    assert link_in_qr_photo(qr_png(OFFER)) == OFFER


def test_an_offer_is_read_from_a_photo_of_a_screen():
    """Small in a large frame, turned 7°, blurred, noisy and compressed as a phone's JPEG."""
    assert link_in_qr_photo(qr_photo(OFFER)) == OFFER


@pytest.mark.parametrize(
    "link",
    [
        "https://wallet.example/offer?credential_offer_uri=https%3A%2F%2Fissuer.example%2Fo%2F1",
        "https://issuer.example/credentials/42.jwt",
        "HTTPS://issuer.example/credentials/42.jwt",
        "http://127.0.0.1:5000/credentials/42.jwt",  # the fetcher's guards judge the scheme
    ],
)
def test_an_offer_or_credential_link_is_read(link):
    assert link_in_qr_photo(qr_png(link)) == link


@pytest.mark.parametrize(
    "text", ["Welcome to the course!", "ftp://issuer.example/credential.jwt", "WIFI:S:cafe;;"]
)
def test_a_code_holding_something_else_is_not_an_offer(text):
    assert qr_text(qr_png(text)) == text
    assert refusal(qr_png(text)) == "qr.not_an_offer"


def test_a_photo_without_a_code_says_so():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 160, 200)).save(out, format="JPEG")
    assert refusal(out.getvalue()) == "qr.none_found"


@pytest.mark.parametrize(
    "data",
    [b"not an image at all", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a\x01\x00"],
)
def test_what_is_not_a_png_or_jpeg_photo_is_refused(data):
    assert refusal(data) == "qr.not_an_image"


def test_a_gif_is_refused_even_when_it_holds_a_code():
    out = io.BytesIO()
    Image.open(io.BytesIO(qr_png(OFFER))).save(out, format="GIF")
    assert refusal(out.getvalue()) == "qr.not_an_image"


def test_a_damaged_photo_is_refused():
    assert refusal(qr_photo(OFFER)[:5000]) in {"qr.not_an_image", "qr.none_found"}


def test_more_bytes_than_an_upload_are_refused_before_decoding():
    assert refusal(b"\xff" * (MAX_PHOTO_BYTES + 1)) == "qr.too_large"


def test_a_huge_canvas_is_refused_before_its_pixels_are_decoded():
    assert refusal(bomb_png(20_000)) == "qr.too_large"
