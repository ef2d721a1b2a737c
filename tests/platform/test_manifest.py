"""The wallet installs on a phone's home screen: a valid manifest and its icons, from our host."""

from __future__ import annotations

import io
import json
import re
import urllib.parse

from PIL import Image

MANIFEST_LINK = re.compile(r'<link rel="manifest" href="([^"]+)">')


def fetch(client, url: str):
    """GET a static file and close it (the test client streams files)."""
    with client.get(url) as response:
        response.direct_passthrough = False
        return response.status_code, response.mimetype, response.get_data()


def manifest_url(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    assert re.search(r'<meta name="theme-color" content="#[0-9a-f]{6}">', page)
    return MANIFEST_LINK.search(page)[1]


def test_learner_pages_link_a_manifest_with_what_installing_needs(client):
    url = manifest_url(client)
    status, mimetype, body = fetch(client, url)
    assert status == 200
    assert mimetype == "application/manifest+json"
    manifest = json.loads(body)
    assert manifest["name"] and manifest["short_name"]
    assert len(manifest["short_name"]) <= 15  # fits under an icon on the home screen
    assert manifest["start_url"] == "/wallet"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    purposes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_every_icon_is_served_by_us_as_a_png_of_its_stated_size(client):
    url = manifest_url(client)
    for icon in json.loads(fetch(client, url)[2])["icons"]:
        address = urllib.parse.urljoin(url, icon["src"])
        assert urllib.parse.urlsplit(address).netloc == ""  # our host, not another
        status, mimetype, body = fetch(client, address)
        assert status == 200 and mimetype == "image/png"
        assert len(body) < 20_000  # small: phones on slow networks fetch them
        with Image.open(io.BytesIO(body)) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_employers_page_stays_without_manifest_or_icons(client):
    page = client.get("/verify").get_data(as_text=True)
    assert 'rel="manifest"' not in page and "icons/" not in page
