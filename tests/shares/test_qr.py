"""QR codes for share links: a real decoder reads the URL back from the PNG and the SVG."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from defusedxml import ElementTree
from PIL import Image
from PIL import ImageDraw
from qrcode.constants import ERROR_CORRECT_M

from wallet.shares.qr import qr_code
from wallet.shares.qr import qr_png
from wallet.shares.qr import qr_svg
from wallet.shares.tokens import new_share_token

SVG = "{http://www.w3.org/2000/svg}"
LOCAL_LINK = "http://127.0.0.1:5000/v/" + "1rYJDUKtE6eUC-jLlpU80Q"
LINKS = [
    LOCAL_LINK,
    "https://kompetenspass.skelleftea.se/v/" + "Qm9_nN-2x4ZtVYw8a0LkRg",
    "https://a.se/v/x",  # version 2: 33 modules of 12 px would be under 400 px
]
# A run in the path: an absolute move to a row, or a relative move along it, then its length.
PATH_RUN = re.compile(r"(?:M(\d+) (\d+)\.5|m(\d+) 0)h(\d+)")


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def svg_to_image(svg: str, scale: int = 10) -> Image.Image:
    """Paint the SVG's runs of dark modules, as a browser would, for the decoder to read."""
    root = ElementTree.fromstring(svg)
    size = int(root.get("viewBox").split()[2])
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0
    for absolute_x, row, relative_x, run in PATH_RUN.findall(root.find(f"{SVG}path").get("d")):
        x, y = (int(absolute_x), int(row)) if absolute_x else (x + int(relative_x), y)
        end = x + int(run)
        draw.rectangle([x * scale, y * scale, end * scale - 1, (y + 1) * scale - 1], fill=0)
        x = end
    return image


@pytest.mark.parametrize("url", LINKS)
def test_png_decodes_to_the_url(url):
    assert decode(Image.open(io.BytesIO(qr_png(url)))) == [url]


@pytest.mark.parametrize("url", LINKS)
def test_png_is_large_enough_to_print(url):
    width, height = Image.open(io.BytesIO(qr_png(url))).size
    assert width == height >= 400


def test_png_keeps_a_larger_box_size():
    small, large = (Image.open(io.BytesIO(qr_png(LOCAL_LINK, b))).size[0] for b in (12, 20))
    assert large > small


def test_png_has_a_four_module_white_quiet_zone():
    image = Image.open(io.BytesIO(qr_png(LOCAL_LINK))).convert("L")
    modules = len(qr_code(LOCAL_LINK).get_matrix())
    margin = 4 * image.size[0] // modules
    border = image.crop((0, 0, image.size[0], margin))
    assert border.getextrema() == (255, 255)
    assert image.crop((margin, margin, margin + 1, margin + 1)).getextrema() == (0, 0)


@pytest.mark.parametrize("url", LINKS)
def test_svg_decodes_to_the_url(url):
    assert decode(svg_to_image(qr_svg(url))) == [url]


def test_svg_is_well_formed_accessible_and_free_of_style_and_script():
    svg = qr_svg(LOCAL_LINK, aria_label="QR-kod för länken")
    root = ElementTree.fromstring(svg)
    assert not svg.startswith("<?xml")
    assert root.tag == f"{SVG}svg"
    assert (root.get("role"), root.get("aria-label")) == ("img", "QR-kod för länken")
    size = len(qr_code(LOCAL_LINK).get_matrix())
    assert root.get("viewBox") == f"0 0 {size} {size}"
    assert "style" not in svg.lower() and "script" not in svg.lower()
    assert all(not name.startswith("on") for element in root.iter() for name in element.attrib)


def test_svg_label_is_escaped():
    svg = qr_svg(LOCAL_LINK, aria_label='"><script>alert(1)</script>')
    root = ElementTree.fromstring(svg)
    assert root.get("aria-label") == '"><script>alert(1)</script>'
    assert [element.tag for element in root] == [f"{SVG}rect", f"{SVG}path"]


def test_svg_is_small():
    assert len(qr_svg(LOCAL_LINK).encode()) < 3_000


def test_a_typical_link_gives_a_small_symbol_at_level_m():
    for _ in range(20):
        code = qr_code(f"http://127.0.0.1:5000/v/{new_share_token()}")
        assert code.version <= 4
        assert code.error_correction == ERROR_CORRECT_M
        assert code.border == 4
