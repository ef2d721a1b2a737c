"""A credential's image, made safe to show from our own host: read once, checked, redrawn.

A credential may carry an image (its achievement's, or its issuer's logo in the issuer's
profile) as a ``data:`` URL or an https address. Our pages load nothing from other hosts and
never go by what a file says it is, so the image is read once, when the credential is imported,
and only what Pillow decodes from PNG, JPEG, GIF (its first frame) or WebP bytes is kept, redrawn
as a small PNG made from the pixels alone: no EXIF (a camera's location), comments or colour
profile come along. SVG is never kept: it can carry script and Pillow cannot draw it, so such a
credential's card shows the placeholder.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import io
import urllib.parse
import warnings
from collections.abc import Callable
from typing import Any

from PIL import Image
from PIL import UnidentifiedImageError

from .display import MicroCredentialFacts
from .display.reading import first_dict
from .display.reading import image_url
from .errors import CredentialError
from .fetch import Fetcher
from .locked_cache import LockedCache

MAX_IMAGE_BYTES = 512 * 1024
# A small file can declare a huge canvas: refused before decoding. A badge is drawn for a screen,
# and 2048 × 2048 decodes in 16 MB.
MAX_PIXELS = 2048 * 2048
THUMBNAIL_SIDE = 72  # twice the card's 36 px, for sharp screens
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# Pictures drawn, by the SHA-256 of the bytes they were drawn from: at most a few KB each.
_DRAWN = LockedCache(maxsize=256)
ACCEPT = "image/png, image/jpeg, image/gif, image/webp"


@dataclasses.dataclass(frozen=True)
class ImageClaim:
    """The one image a credential offers, and whether it is its issuer's logo.

    An issuer's logo in a credential is only a claim about who issued it: shown only while that
    issuer is trusted. An achievement's image says nothing about who issued it.
    """

    url: str  # https: or data:
    of_issuer: bool


def image_claim(facts: MicroCredentialFacts, document: dict[str, Any]) -> ImageClaim | None:
    """The achievement's image (or the credential's), else the issuer profile's ``image``."""
    if facts.image:
        return ImageClaim(facts.image, of_issuer=False)
    logo = image_url(first_dict(document.get("issuer")).get("image"))
    return ImageClaim(logo, of_issuer=True) if logo else None


def read_image(url: str, fetcher: Fetcher | None) -> bytes:
    """The image at ``url`` (``data:`` decoded here, https through ``fetcher``) as a small PNG.

    Raises CredentialError: image.too_large, image.unsupported (SVG included), image.damaged, or
    the fetcher's resolution.fetch_failed.
    """
    if url[:5].lower() == "data:":
        return thumbnail_png(data_url_bytes(url))
    if fetcher is None:
        raise CredentialError("resolution.fetch_failed", url=url, reason="offline")
    return thumbnail_png(fetcher(url))


def data_url_bytes(url: str) -> bytes:
    """The bytes of a ``data:`` URL, its length checked before anything is decoded."""
    header, comma, payload = url.partition(",")
    if not comma:
        raise CredentialError("image.damaged")
    if header.lower().endswith(";base64"):
        if len(payload) > (MAX_IMAGE_BYTES // 3 + 1) * 4:
            raise CredentialError("image.too_large")
        try:
            return base64.b64decode("".join(payload.split()), validate=True)
        except binascii.Error as error:
            raise CredentialError("image.damaged") from error
    if len(payload) > MAX_IMAGE_BYTES * 3:  # at most three characters a byte: %XX
        raise CredentialError("image.too_large")
    return urllib.parse.unquote_to_bytes(payload)


def thumbnail_png(data: bytes) -> bytes:
    """``data`` decoded as PNG, JPEG, GIF or WebP, at most THUMBNAIL_SIDE px, redrawn as a PNG.

    An issuer puts the same badge or logo in every credential it signs: the picture drawn from
    the same bytes is remembered (by their SHA-256), so the next import costs no redrawing.
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise CredentialError("image.too_large")
    digest = hashlib.sha256(data).digest()
    drawn = _DRAWN.get(digest)
    if drawn is None:
        drawn = _redrawn(data)
        _DRAWN[digest] = drawn
    return drawn


def _redrawn(data: bytes) -> bytes:
    pixels = decoded_image(data, FORMATS, MAX_PIXELS, _first_frame)
    # A new image from the pixels alone: nothing else of the file can come along. 256 colours
    # are plenty at this size and halve the bytes an employer on a slow network waits for.
    clean = Image.frombytes("RGBA", pixels.size, pixels.tobytes())
    out = io.BytesIO()
    clean.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", optimize=True)
    return out.getvalue()


def decoded_image(
    data: bytes,
    formats: tuple[str, ...],
    max_pixels: int,
    draw: Callable[[Image.Image], Image.Image],
) -> Image.Image:
    """``draw(image)`` for ``data`` opened as one of ``formats``, its canvas checked against
    ``max_pixels`` before any pixel is decoded (``draw`` decodes them).

    Raises CredentialError: image.too_large, image.unsupported (none of ``formats``: SVG, HTML,
    anything else), image.damaged.
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns about metadata it cannot read (none is kept) and about bombs (refused).
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise CredentialError("image.too_large")
                return draw(image)
    except CredentialError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise CredentialError("image.too_large") from error
    except UnidentifiedImageError as error:
        raise CredentialError("image.unsupported") from error
    except Exception as error:  # Pillow raises many kinds for damaged files
        raise CredentialError("image.damaged") from error


def _first_frame(image: Image.Image) -> Image.Image:
    """The first frame, scaled down with its proportions kept, as RGBA."""
    image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return image.convert("RGBA")
