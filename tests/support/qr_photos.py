"""QR codes for the tests of scanning an offer: drawn by the ``qrcode`` package, as a clean PNG,
as a phone's photo of a screen, and as the video of a fake camera.

- ``qr_png(text)``: the code as a plain PNG, as an issuer's page draws it.
- ``qr_photo(text)``: a JPEG as a phone takes it: the code small in a large grey frame, turned a
  little, blurred, with sensor noise, compressed hard.
- ``qr_y4m(text, path)``: a few frames of Y4M video (a text header, then raw YUV 4:2:0 frames)
  showing the code, for Chromium's ``--use-file-for-fake-video-capture``.
"""

from __future__ import annotations

import io
import pathlib
import random

import qrcode
from PIL import Image
from PIL import ImageFilter


def qr_image(text: str, box_size: int = 6) -> Image.Image:
    code = qrcode.QRCode(box_size=box_size, border=4)
    code.add_data(text)
    return code.make_image().get_image().convert("L")


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    qr_image(text).save(out, format="PNG")
    return out.getvalue()


def qr_photo(text: str, seed: int = 14) -> bytes:
    code = qr_image(text, box_size=4).rotate(7, expand=True, fillcolor=255)
    photo = Image.new("L", (2400, 1800), 150)  # the code fills about a sixth of the frame
    photo.paste(code, (900, 500))
    photo = photo.filter(ImageFilter.GaussianBlur(1.2))
    noise = random.Random(seed)
    pixels = photo.load()
    for _ in range(200_000):
        x, y = noise.randrange(photo.width), noise.randrange(photo.height)
        pixels[x, y] = max(0, min(255, pixels[x, y] + noise.randint(-40, 40)))
    out = io.BytesIO()
    photo.convert("RGB").save(out, format="JPEG", quality=60)
    return out.getvalue()


def qr_y4m(text: str, path: pathlib.Path, frames: int = 10) -> pathlib.Path:
    width, height = 640, 480
    frame = Image.new("L", (width, height), 255)
    code = qr_image(text, box_size=4)
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (width // 2 * height // 2)  # no colour: both chroma planes grey
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"".join(b"FRAME\n" + luma + chroma + chroma for _ in range(frames)))
    return path
