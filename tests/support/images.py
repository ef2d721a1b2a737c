"""Images for the tests of credentials' images: good ones with metadata, hostile ones, and
credentials that carry them.

- ``png_bytes(size, colour)``: a PNG with a text chunk and a colour profile (metadata to strip);
  ``jpeg_bytes(size)``: a JPEG with EXIF (a camera's GPS position) and a comment.
- ``bomb_png(side)``: a few hundred bytes declaring a ``side`` × ``side`` canvas; ``wide_png``: a
  real PNG of more pixels than we decode, small once compressed.
- ``data_url(data, kind)``: ``data:image/<kind>;base64,…``.
- ``SVG``: an SVG with a script.
- ``with_image(issuer, url, title=…, of_issuer=False)``: a token of ``issuer`` whose achievement
  (or, with ``of_issuer``, whose issuer profile) names the image at ``url``.
- ``chunk_types(png)``: the chunk types of a PNG, in order, to compare with ``PIXELS_ONLY``;
  ``decoded(png)``: it opened by Pillow.
"""

from __future__ import annotations

import base64
import io
import struct
import uuid
import zlib

from PIL import Image
from PIL import ImageCms
from PIL.PngImagePlugin import PngInfo

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SECRET = "Anna Andersson, Storgatan 1"
# A kept image holds its pixels and their palette only: no text, no colour profile, nothing
# else of the file it came from.
PIXELS_ONLY = [b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"]


def png_bytes(size: tuple[int, int] = (300, 150), colour: str = "#2a7a3b") -> bytes:
    info = PngInfo()
    info.add_text("Comment", SECRET)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG", pnginfo=info, icc_profile=profile)
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (200, 200)) -> bytes:
    image = Image.new("RGB", size, "#c04020")
    exif = image.getexif()
    exif[0x8825] = {2: (59.0, 19.0, 0.0)}  # GPSInfo: latitude
    exif[0x010E] = SECRET  # ImageDescription
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=SECRET.encode())
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side: int = 30_000) -> bytes:
    """A PNG header declaring ``side`` × ``side`` pixels, with almost no data behind it."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def wide_png() -> bytes:
    """3,000 × 3,000 pixels of one grey: under 100 KB, but more pixels than we decode."""
    out = io.BytesIO()
    Image.new("L", (3000, 3000), 128).save(out, format="PNG")
    return out.getvalue()


def data_url(data: bytes, kind: str = "png") -> str:
    return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii")


def with_image(issuer, url: str, title: str = "Bildbärande merit", of_issuer: bool = False) -> str:
    document = issuer.credential(id=f"urn:uuid:{uuid.uuid4()}", name=title)
    document["credentialSubject"]["achievement"]["name"] = title
    if of_issuer:
        document["issuer"]["image"] = {"id": url, "type": "Image"}
    else:
        document["credentialSubject"]["achievement"]["image"] = {"id": url, "type": "Image"}
    return issuer.issue(document)


def chunk_types(png: bytes) -> list[bytes]:
    types, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        types.append(png[offset + 4 : offset + 8])
        offset += 12 + length
    return types


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image
