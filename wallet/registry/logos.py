"""Issuer logos: recognised by their bytes (never by name or stated type), small, served by us.

A logo is shown on public pages that load nothing from other hosts, so it is uploaded and kept
in the database. SVG can carry script: it is parsed safely, shown only through ``<img>`` (which
never runs script), and served with a CSP that forbids everything should someone open it directly.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import typing
import warnings

import defusedxml
import defusedxml.ElementTree
from PIL import Image

LOGO_LIMIT = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# For the logo response itself: nothing may load or run, not even when opened as a document.
LOGO_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@dataclasses.dataclass
class LogoRefused(Exception):
    """Not stored; ``code`` is "too_large", "unsupported" or "damaged"."""

    code: str


@dataclasses.dataclass(frozen=True)
class Logo:
    data: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_logo(stream: typing.BinaryIO) -> Logo:
    """A PNG, JPEG or SVG logo of at most LOGO_LIMIT bytes, else LogoRefused."""
    data = stream.read(LOGO_LIMIT + 1)
    if len(data) > LOGO_LIMIT:
        raise LogoRefused("too_large")
    if data.startswith(PNG_SIGNATURE):
        return Logo(data, _checked_bitmap(data, "PNG", "image/png"))
    if data.startswith(JPEG_SIGNATURE):
        return Logo(data, _checked_bitmap(data, "JPEG", "image/jpeg"))
    if _is_svg(data):
        return Logo(data, "image/svg+xml")
    raise LogoRefused("unsupported")


def _checked_bitmap(data: bytes, expected: str, content_type: str) -> str:
    """The content type, once Pillow agrees the bytes are a whole image of that format."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                image.verify()
    except Exception as error:  # Pillow raises many kinds for damaged files
        raise LogoRefused("damaged") from error
    if found != expected:
        raise LogoRefused("damaged")
    return content_type


def _is_svg(data: bytes) -> bool:
    """Whether ``data`` is well-formed XML whose root is an SVG element (no DTD, no entities)."""
    if b"<svg" not in data[:4096]:
        return False
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except (defusedxml.DefusedXmlException, defusedxml.ElementTree.ParseError) as error:
        raise LogoRefused("damaged") from error
    return root.tag in (f"{SVG_NAMESPACE}svg", "svg")
