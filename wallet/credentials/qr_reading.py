"""The link in a photo of a QR code: an issuer's credential offer, a verifier's request for
credentials, or a link to a credential.

Where the learner's browser runs no script, the wallet cannot use the phone's camera: the
learner takes a photo of the QR code and uploads it, and it is decoded here. A photo is a
stranger's file, so it is read as ``images`` reads a badge: only PNG or JPEG, its size and
canvas checked before its pixels are decoded, and nothing but the text in the code is kept.
The QR code is read by zxing-cpp, a well-kept decoder that finds codes that are small, tilted
or blurred in a large photo.
"""

from __future__ import annotations

import zxingcpp
from PIL import Image

from .errors import CredentialError
from .images import decoded_image
from .openid4vci import looks_like_offer
from .openid4vp import looks_like_request

MAX_PHOTO_BYTES = 5 * 1024 * 1024  # as much as any upload to the wallet
# A phone's camera takes up to 50 megapixels; a canvas larger than that is not a photo.
MAX_PHOTO_PIXELS = 50_000_000
# The photo is scaled down to this many pixels a side before decoding: a QR code the learner
# aimed at still has a few pixels a module, and decoding stays well under a second.
DECODE_SIDE = 1600
FORMATS = ("PNG", "JPEG")
# An http link is passed on too: the guards that fetch it refuse it (except on loopback in
# tests) with their own plain words, as they do for a pasted one.
LINK_SCHEMES = ("https://", "http://")
# The image's problems, said of a photo.
PHOTO_PROBLEMS = {
    "image.too_large": "qr.too_large",
    "image.unsupported": "qr.not_an_image",
    "image.damaged": "qr.not_an_image",
}


def link_in_qr_photo(data: bytes) -> str:
    """The offer, request or web link in the QR code photographed in ``data`` (PNG or JPEG bytes).

    Raises CredentialError: qr.too_large, qr.not_an_image, qr.none_found (no readable QR code),
    qr.not_an_offer (a code holding something else, such as a web page's plain text).
    """
    text = qr_text(data)
    if looks_like_offer(text) or looks_like_request(text) or text.lower().startswith(LINK_SCHEMES):
        return text
    raise CredentialError("qr.not_an_offer")


def qr_text(data: bytes) -> str:
    """The text of the first QR code found in the photo ``data``."""
    if len(data) > MAX_PHOTO_BYTES:
        raise CredentialError("qr.too_large")
    pixels = _grey_pixels(data)
    found = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    for barcode in found:
        if barcode.valid and barcode.text.strip():
            return barcode.text.strip()
    raise CredentialError("qr.none_found")


def _grey_pixels(data: bytes) -> Image.Image:
    """The photo in shades of grey, at most DECODE_SIDE pixels a side."""
    try:
        return decoded_image(data, FORMATS, MAX_PHOTO_PIXELS, _grey)
    except CredentialError as problem:
        raise CredentialError(PHOTO_PROBLEMS.get(problem.code, problem.code)) from problem


def _grey(image: Image.Image) -> Image.Image:
    # A JPEG is decoded straight at a smaller scale: a fraction of the memory and time.
    image.draft("L", (DECODE_SIDE, DECODE_SIDE))
    grey = image.convert("L")
    grey.thumbnail((DECODE_SIDE, DECODE_SIDE))
    return grey
