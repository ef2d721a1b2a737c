"""A credential's image: decoded, checked and redrawn as a small PNG, or refused with a code."""

from __future__ import annotations

import io
import time
import urllib.parse

import pytest
from PIL import Image
from support.hostile import DrippingServer
from support.images import PIXELS_ONLY
from support.images import SECRET
from support.images import SVG
from support.images import bomb_png
from support.images import chunk_types
from support.images import data_url
from support.images import decoded
from support.images import jpeg_bytes
from support.images import png_bytes
from support.images import wide_png

from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher
from wallet.credentials import describe_credential
from wallet.credentials import images
from wallet.credentials.images import MAX_IMAGE_BYTES
from wallet.credentials.images import THUMBNAIL_SIDE
from wallet.credentials.images import image_claim
from wallet.credentials.images import read_image
from wallet.credentials.images import thumbnail_png


def refusal(url: str, fetcher=None) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        read_image(url, fetcher)
    return raised.value


@pytest.fixture
def fetcher() -> HttpFetcher:
    return HttpFetcher(allow_insecure_localhost=True, timeout=0.5, max_bytes=MAX_IMAGE_BYTES)


def test_a_png_is_redrawn_small_with_its_proportions_and_no_metadata():
    original = png_bytes((300, 150))
    assert SECRET.encode() in original
    png = read_image(data_url(original), None)
    assert chunk_types(png) == PIXELS_ONLY
    image = decoded(png)
    assert (image.format, image.size) == ("PNG", (THUMBNAIL_SIDE, THUMBNAIL_SIDE // 2))
    assert image.convert("RGBA").getpixel((10, 10)) == (0x2A, 0x7A, 0x3B, 255)


def test_a_jpeg_loses_its_exif_and_comment():
    original = jpeg_bytes()
    assert SECRET.encode() in original
    png = read_image(data_url(original, "jpeg"), None)
    assert chunk_types(png) == PIXELS_ONLY
    assert SECRET.encode() not in png
    assert decoded(png).size == (THUMBNAIL_SIDE, THUMBNAIL_SIDE)


def test_a_gif_keeps_its_first_frame_and_webp_is_read():
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("#ff0000", "#0000ff")]
    gif = _saved(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert decoded(thumbnail_png(gif)).convert("RGBA").getpixel((5, 5))[:3] == (255, 0, 0)
    webp = _saved(Image.new("RGB", (40, 20), "#00ff00"), "WEBP", lossless=True)
    assert decoded(thumbnail_png(webp)).size == (40, 20)  # small ones are not enlarged


def test_the_bytes_decide_not_the_declared_type():
    png = read_image(data_url(jpeg_bytes(), "png"), None)
    assert decoded(png).format == "PNG"


@pytest.mark.parametrize(
    "url",
    [
        data_url(SVG, "svg+xml"),
        "data:image/svg+xml," + urllib.parse.quote(SVG),
        data_url(b"GIF89a but not really"),
        data_url(b"<html><script>alert(1)</script></html>"),
    ],
)
def test_svg_and_anything_not_a_bitmap_is_not_kept(url):
    assert refusal(url).code == "image.unsupported"


@pytest.mark.parametrize(
    "url", [data_url(png_bytes()[:200]), "data:image/png;base64,iVBORw0KGgo=!!", "data:image/png"]
)
def test_damaged_images_are_refused(url):
    assert refusal(url).code == "image.damaged"


def test_too_many_bytes_are_refused_before_decoding():
    assert refusal(data_url(b"\x89PNG" + bytes(MAX_IMAGE_BYTES))).code == "image.too_large"
    with pytest.raises(CredentialError, match="image.too_large"):
        thumbnail_png(b"\x89PNG" + bytes(MAX_IMAGE_BYTES))


@pytest.mark.parametrize("image", [bomb_png(30_000), bomb_png(10_000), wide_png()])
def test_a_huge_canvas_is_refused_without_decoding_it(image):
    started = time.monotonic()
    assert refusal(data_url(image)).code == "image.too_large"
    assert time.monotonic() - started < 1.0


def test_an_https_image_is_fetched_through_the_fetcher(loopback, fetcher):
    loopback.serve("/images/badge.png", png_bytes())
    url = f"https://localhost:{loopback.port}/images/badge.png"
    assert chunk_types(read_image(url, fetcher)) == PIXELS_ONLY
    assert loopback.requests.count("/images/badge.png") == 1


def test_a_huge_image_host_is_cut_off_at_the_cap(loopback, fetcher):
    loopback.serve("/images/huge.png", b"\x89PNG" + bytes(MAX_IMAGE_BYTES + 1))
    error = refusal(f"https://localhost:{loopback.port}/images/huge.png", fetcher)
    assert (error.code, error.params["reason"]) == ("resolution.fetch_failed", "too_large")


def test_a_slow_image_host_costs_one_timeout():
    server = DrippingServer(interval=0.05)
    try:
        slow = HttpFetcher(allow_insecure_localhost=True, timeout=0.5)
        started = time.monotonic()
        error = refusal(server.url("/badge.png"), slow)
        assert (error.code, error.params["reason"]) == ("resolution.fetch_failed", "timeout")
        assert time.monotonic() - started < 2.0
    finally:
        server.close()


def test_no_fetcher_means_no_remote_image():
    assert refusal("https://hogskolan.example/badge.png").params["reason"] == "offline"


def claim_of(document: dict):
    return image_claim(describe_credential(document), document)


def test_the_achievements_image_comes_first_then_the_issuers_logo():
    logo = "https://issuer.example/logo.png"
    badge = "https://issuer.example/badge.png"
    document = {
        "issuer": {"id": "did:example:issuer", "image": {"id": logo, "type": "Image"}},
        "credentialSubject": {"achievement": {"name": "Svetsning", "image": badge}},
    }
    claim = claim_of(document)
    assert (claim.url, claim.of_issuer) == (badge, False)
    del document["credentialSubject"]["achievement"]["image"]
    claim = claim_of(document)
    assert (claim.url, claim.of_issuer) == (logo, True)
    document["issuer"]["image"] = "javascript:alert(1)"
    assert claim_of(document) is None


def _saved(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=kind, **options)
    return out.getvalue()


def test_the_same_picture_is_drawn_once_and_another_is_drawn_anew(monkeypatch):
    badge = png_bytes(colour="#123456")
    first = thumbnail_png(badge)
    drawn = []
    real = images._redrawn
    monkeypatch.setattr(images, "_redrawn", lambda data: drawn.append(data) or real(data))
    assert thumbnail_png(badge) == first  # the issuer's badge in its next credential
    assert drawn == []
    other = png_bytes(colour="#654321")
    pictures = (first, thumbnail_png(other))
    corner = [decoded(png).convert("RGBA").getpixel((0, 0))[:3] for png in pictures]
    assert corner == [(0x12, 0x34, 0x56), (0x65, 0x43, 0x21)]
    assert drawn == [other]
