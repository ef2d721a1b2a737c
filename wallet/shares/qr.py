"""QR codes for share links: inline SVG for the page, PNG for printing on a CV.

Both encode only the share URL (never a credential), at error correction level M with the
standard quiet zone of 4 modules, which the matrix from ``qrcode`` already includes.
"""

from __future__ import annotations

import html
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

QUIET_ZONE = 4
MIN_PNG_PIXELS = 400  # about 3.4 cm at 300 dpi: scannable from paper


def qr_code(url: str) -> qrcode.QRCode:
    """The smallest QR symbol holding ``url`` at level M, with a 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_svg(url: str, aria_label: str = "QR code") -> str:
    """An inline ``<svg>`` of the code: one stroked path, no XML declaration, no style."""
    matrix = qr_code(url).get_matrix()
    size = len(matrix)
    label = html.escape(aria_label, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img"'
        f' aria-label="{label}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" d="{_dark_runs_path(matrix)}"/></svg>'
    )


def _dark_runs_path(matrix: list[list[bool]]) -> str:
    """Each horizontal run of dark modules as a 1-unit-wide line through the row's middle.

    Runs after the first in a row move relative to the previous run's end, which keeps
    the path a few kilobytes (qrcode's SvgPathImage draws every module as a square).
    """
    parts = []
    for y, row in enumerate(matrix):
        end = None
        for start, length in _runs(row):
            move = f"M{start} {y}.5" if end is None else f"m{start - end} 0"
            parts.append(f"{move}h{length}")
            end = start + length
    return "".join(parts)


def _runs(row: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of True in a row."""
    runs, start = [], None
    for x, dark in enumerate([*row, False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x - start))
            start = None
    return runs


def qr_png(url: str, box_size: int = 12) -> bytes:
    """A black-on-white PNG of the code, ``box_size`` pixels a module, at least 400 px wide."""
    code = qr_code(url)
    modules = len(code.get_matrix())
    code.box_size = max(box_size, -(-MIN_PNG_PIXELS // modules))  # ceiling division
    buffer = io.BytesIO()
    code.make_image(image_factory=PilImage).save(buffer)
    return buffer.getvalue()
